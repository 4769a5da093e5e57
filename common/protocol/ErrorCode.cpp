#include "ErrorCode.h"

#include "Fields.h"

#include <array>
#include <utility>

namespace parley {
namespace {

constexpr std::array<std::pair<ErrorCode, QLatin1StringView>, 9> kErrorNames{{
    {ErrorCode::BadRequest, QLatin1StringView("bad_request")},
    {ErrorCode::Unauthorized, QLatin1StringView("unauthorized")},
    {ErrorCode::Forbidden, QLatin1StringView("forbidden")},
    {ErrorCode::NotFound, QLatin1StringView("not_found")},
    {ErrorCode::Conflict, QLatin1StringView("conflict")},
    {ErrorCode::TooLarge, QLatin1StringView("too_large")},
    {ErrorCode::RateLimited, QLatin1StringView("rate_limited")},
    {ErrorCode::Unavailable, QLatin1StringView("unavailable")},
    {ErrorCode::Internal, QLatin1StringView("internal")},
}};

} // namespace

QString errorCodeName(ErrorCode code)
{
    for (const auto &[value, name] : kErrorNames) {
        if (value == code)
            return name;
    }
    return QStringLiteral("internal");
}

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (const auto &[value, text] : kErrorNames) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

ProtocolError ProtocolError::badRequest(const QString &message, const QString &field)
{
    return make(ErrorCode::BadRequest, message, field);
}

ProtocolError ProtocolError::make(ErrorCode code, const QString &message, const QString &field)
{
    ProtocolError error;
    error.code = code;
    error.message = message;
    error.field = field;
    return error;
}

QJsonObject ProtocolError::toJson() const
{
    QJsonObject object{{QStringLiteral("code"), errorCodeName(code)}, {QStringLiteral("message"), message}};
    if (!field.isEmpty())
        object.insert(QStringLiteral("field"), field);
    if (retryAfterMs)
        object.insert(QStringLiteral("retry_after_ms"), *retryAfterMs);
    return object;
}

std::optional<ProtocolError> ProtocolError::fromJson(const QJsonObject &object)
{
    const auto code = errorCodeFromName(object.value(QLatin1StringView("code")).toString());
    if (!code)
        return std::nullopt;
    ProtocolError error;
    error.code = *code;
    error.message = object.value(QLatin1StringView("message")).toString();
    error.field = object.value(QLatin1StringView("field")).toString();
    const QJsonValue retry = object.value(QLatin1StringView("retry_after_ms"));
    error.retryAfterMs = fields::wholeNumber(retry);
    return error;
}

} // namespace parley
