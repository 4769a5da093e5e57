#pragma once

#include <QJsonObject>
#include <QString>

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

} // namespace parley
