#include "Fields.h"

namespace parley::fields {
namespace {

Result<std::optional<QString>, ProtocolError> readString(const QJsonObject &data, QLatin1StringView name, int maxChars)
{
    const QJsonValue value = data.value(name);
    if (value.isUndefined() || value.isNull())
        return std::optional<QString>();
    if (!value.isString())
        return ProtocolError::badRequest(QStringLiteral("%1 must be a string").arg(name), name);
    QString text = value.toString();
    if (text.size() > maxChars) {
        return ProtocolError::badRequest(QStringLiteral("%1 is longer than %2 characters").arg(name).arg(maxChars),
                                         name);
    }
    return std::optional<QString>(std::move(text));
}

} // namespace

Result<QString, ProtocolError> requiredString(const QJsonObject &data, QLatin1StringView name, int maxChars)
{
    auto read = readString(data, name, maxChars);
    if (!read)
        return std::move(read).error();
    if (!read.value())
        return ProtocolError::badRequest(QStringLiteral("%1 is required").arg(name), name);
    return std::move(*read.value());
}

Result<std::optional<QString>, ProtocolError> optionalString(const QJsonObject &data, QLatin1StringView name,
                                                             int maxChars)
{
    return readString(data, name, maxChars);
}

} // namespace parley::fields
