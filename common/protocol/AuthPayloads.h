#pragma once

#include "ErrorCode.h"
#include "Limits.h"
#include "Result.h"
#include "UserPayloads.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace parley {

/// `auth.register` data. fromJson applies the contract's rules: the username is lower-cased
/// and must then be 3-32 of [a-z0-9_.]; the password is 8-1024 UTF-8 bytes.
struct RegisterRequest
{
    QString username;
    QString password;
    QString displayName; ///< trimmed; the username when absent or blank

    QJsonObject toJson() const;
    static Result<RegisterRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `auth.login` data. Only shapes are checked: a malformed username still gets the same
/// `unauthorized` as a wrong one, so nothing is learned about which accounts exist.
struct LoginRequest
{
    QString username; ///< lower-cased
    QString password;
    QString device;

    QJsonObject toJson() const;
    static Result<LoginRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `auth.resume` data.
struct ResumeRequest
{
    QString token;

    QJsonObject toJson() const;
    static Result<ResumeRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// Reply of `auth.register` and `auth.login`: `{user, token}`; of `auth.resume`: `{user}`.
struct AuthReply
{
    User user;
    QString token; ///< empty for auth.resume

    QJsonObject toJson() const;
    static std::optional<AuthReply> fromJson(const QJsonObject &data);
};

inline constexpr int kProtocolVersion = 1;

/// The `hello` event the server sends right after the WebSocket upgrade.
struct Hello
{
    int protocol = kProtocolVersion;
    QString server; ///< "parleyd/<version>"
    Limits limits;
    std::optional<User> user; ///< present when the upgrade carried a valid bearer token

    QJsonObject toJson() const;
    static std::optional<Hello> fromJson(const QJsonObject &object);
};

/// True when `username` (already lower-cased) follows the contract's rules.
bool isValidUsername(const QString &username);

} // namespace parley
