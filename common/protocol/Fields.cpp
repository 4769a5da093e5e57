#include "Fields.h"

#include <QJsonArray>

#include <cmath>

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

Result<QString, ProtocolError> requiredId(const QJsonObject &data, QLatin1StringView name)
{
    auto id = requiredString(data, name, 64);
    if (id && id.value().isEmpty())
        return ProtocolError::badRequest(QStringLiteral("%1 must not be empty").arg(name), name);
    return id;
}

Result<std::optional<QString>, ProtocolError> optionalId(const QJsonObject &data, QLatin1StringView name)
{
    auto id = optionalString(data, name, 64);
    if (id && id.value() && id.value()->isEmpty())
        return ProtocolError::badRequest(QStringLiteral("%1 must not be empty").arg(name), name);
    return id;
}

Result<QStringList, ProtocolError> idList(const QJsonObject &data, QLatin1StringView name, int maxCount)
{
    const QJsonValue value = data.value(name);
    if (value.isUndefined() || value.isNull())
        return QStringList();
    if (!value.isArray())
        return ProtocolError::badRequest(QStringLiteral("%1 must be an array of ids").arg(name), name);
    const QJsonArray array = value.toArray();
    if (array.size() > maxCount) {
        return ProtocolError::make(ErrorCode::TooLarge,
                                   QStringLiteral("%1 has more than %2 entries").arg(name).arg(maxCount), name);
    }
    QStringList ids;
    for (const QJsonValue &entry : array) {
        if (!entry.isString() || entry.toString().isEmpty() || entry.toString().size() > 64)
            return ProtocolError::badRequest(QStringLiteral("%1 must be an array of ids").arg(name), name);
        if (!ids.contains(entry.toString()))
            ids.append(entry.toString());
    }
    return ids;
}

std::optional<qint64> wholeNumber(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!std::isfinite(number) || number != std::floor(number) || std::fabs(number) > double(kMaxSafeInteger))
        return std::nullopt;
    return qint64(number);
}

Result<std::optional<qint64>, ProtocolError> optionalInteger(const QJsonObject &data, QLatin1StringView name,
                                                             qint64 min, qint64 max)
{
    const QJsonValue value = data.value(name);
    if (value.isUndefined() || value.isNull())
        return std::optional<qint64>();
    const auto number = wholeNumber(value);
    if (!number || *number < min || *number > max) {
        return ProtocolError::badRequest(
            QStringLiteral("%1 must be a whole number from %2 to %3").arg(name).arg(min).arg(max), name);
    }
    return number;
}

Result<qint64, ProtocolError> requiredInteger(const QJsonObject &data, QLatin1StringView name, qint64 min, qint64 max)
{
    auto number = optionalInteger(data, name, min, max);
    if (!number)
        return std::move(number).error();
    if (!number.value())
        return ProtocolError::badRequest(QStringLiteral("%1 is required").arg(name), name);
    return *number.value();
}

Result<std::optional<bool>, ProtocolError> optionalBool(const QJsonObject &data, QLatin1StringView name)
{
    const QJsonValue value = data.value(name);
    if (value.isUndefined() || value.isNull())
        return std::optional<bool>();
    if (!value.isBool())
        return ProtocolError::badRequest(QStringLiteral("%1 must be true or false").arg(name), name);
    return std::optional<bool>(value.toBool());
}

Result<bool, ProtocolError> requiredBool(const QJsonObject &data, QLatin1StringView name)
{
    auto flag = optionalBool(data, name);
    if (!flag)
        return std::move(flag).error();
    if (!flag.value())
        return ProtocolError::badRequest(QStringLiteral("%1 is required").arg(name), name);
    return *flag.value();
}

qint64 integerOrZero(const QJsonObject &object, QLatin1StringView name)
{
    return wholeNumber(object.value(name)).value_or(0);
}

int clampLimit(std::optional<qint64> requested, int fallback, int maximum)
{
    return int(std::min<qint64>(requested.value_or(fallback), maximum));
}

} // namespace parley::fields
