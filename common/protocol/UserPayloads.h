#pragma once

#include "ErrorCode.h"
#include "Limits.h"
#include "Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace parley {

/// The `user` object (PROTOCOL.md, "Objects").
struct User
{
    QString id;
    QString username;
    QString displayName;
    bool online = false;
    std::optional<qint64> lastSeenMsecs; ///< null while never seen or online

    QJsonObject toJson() const;
    static std::optional<User> fromJson(const QJsonObject &object);
};

/// `users.search` data.
struct UsersSearchRequest
{
    QString query; ///< trimmed, lower-cased
    int limit = rules::kSearchLimitDefault;

    QJsonObject toJson() const;
    static Result<UsersSearchRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `users.get` data.
struct UsersGetRequest
{
    QStringList ids;

    QJsonObject toJson() const;
    static Result<UsersGetRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// Reply of `users.search` and `users.get`: `{users}`.
struct UsersReply
{
    QList<User> users;

    QJsonObject toJson() const;
    static std::optional<UsersReply> fromJson(const QJsonObject &data);
};

/// The `presence` event: `{user_id, online, last_seen}`, `last_seen` null while online.
struct PresenceEvent
{
    QString userId;
    bool online = false;
    std::optional<qint64> lastSeenMsecs;

    QJsonObject toJson() const;
    static std::optional<PresenceEvent> fromJson(const QJsonObject &data);
};

} // namespace parley
