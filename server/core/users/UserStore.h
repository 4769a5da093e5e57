#pragma once

#include "storage/Storage.h"

#include <protocol/UserPayloads.h>

#include <QSet>
#include <QSqlDatabase>

namespace parley::server {

struct UserLookup
{
    QList<User> users;
    QSet<QString> contacts; ///< of the found users, those who share a conversation with the caller
};

/// SQL for finding users and who shares conversations with whom. Runs on the storage thread.
namespace directory {

/// Prefix match on username or display name (case-insensitive), ordered by username.
StorageResult<UserLookup> search(QSqlDatabase &db, const QString &callerId, const QString &prefix, int limit);
/// The users with these ids, in the order asked; unknown ids are left out.
StorageResult<UserLookup> get(QSqlDatabase &db, const QString &callerId, const QStringList &ids);
/// Everyone who shares at least one conversation with `userId` (not `userId` itself).
StorageResult<QStringList> contactsOf(QSqlDatabase &db, const QString &userId);
StorageResult<std::monostate> setLastSeen(QSqlDatabase &db, const QString &userId, qint64 when);

} // namespace directory
} // namespace parley::server
