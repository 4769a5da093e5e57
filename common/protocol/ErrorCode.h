#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace parley {

/// Error codes of the wire protocol (PROTOCOL.md, "Error codes"). Append only.
enum class ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    TooLarge,
    RateLimited,
    Unavailable,
    Internal,
};

QString errorCodeName(ErrorCode code);
std::optional<ErrorCode> errorCodeFromName(const QString &name);

/// The `error` object of a failed reply.
struct ProtocolError
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field;                      ///< empty when no single field is at fault
    std::optional<qint64> retryAfterMs; ///< only with RateLimited

    static ProtocolError badRequest(const QString &message, const QString &field = {});
    static ProtocolError make(ErrorCode code, const QString &message, const QString &field = {});

    QJsonObject toJson() const;
    static std::optional<ProtocolError> fromJson(const QJsonObject &object);
};

} // namespace parley
