#include "AccountRepository.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace parley::server::accounts {
namespace {

const QString kAccountColumns =
    QStringLiteral("u.id, u.username, u.display_name, u.last_seen, u.password_hash, u.disabled");

StorageError queryFailed(const QSqlQuery &query)
{
    // The details go to the log; the caller only learns that storage failed.
    qCWarning(lcStorage, "query failed: %s", qPrintable(query.lastError().text()));
    return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
}

StoredAccount accountFromRow(const QSqlQuery &query)
{
    StoredAccount account;
    account.user.id = query.value(0).toString();
    account.user.username = query.value(1).toString();
    account.user.displayName = query.value(2).toString();
    if (!query.value(3).isNull())
        account.user.lastSeenMsecs = query.value(3).toLongLong();
    account.passwordHash = query.value(4).toString();
    account.disabled = query.value(5).toLongLong() != 0;
    return account;
}

StorageResult<std::optional<StoredAccount>> findOne(QSqlQuery &query)
{
    if (!query.exec())
        return queryFailed(query);
    if (!query.next())
        return std::optional<StoredAccount>();
    return std::optional<StoredAccount>(accountFromRow(query));
}

} // namespace

StorageResult<User> create(QSqlDatabase &db, const NewAccount &account)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO users (id, username, display_name, password_hash, created_at) "
                                 "VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING"));
    query.addBindValue(account.id);
    query.addBindValue(account.username);
    query.addBindValue(account.displayName);
    query.addBindValue(account.passwordHash);
    query.addBindValue(account.createdAt);
    if (!query.exec())
        return queryFailed(query);
    if (query.numRowsAffected() != 1)
        return StorageError{StorageError::Kind::Conflict, QStringLiteral("username is taken"), {}};
    User user;
    user.id = account.id;
    user.username = account.username;
    user.displayName = account.displayName;
    return user;
}

StorageResult<std::optional<StoredAccount>> findByUsername(QSqlDatabase &db, const QString &username)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT %1 FROM users u WHERE u.username = ?").arg(kAccountColumns));
    query.addBindValue(username);
    return findOne(query);
}

StorageResult<std::monostate> setPasswordHash(QSqlDatabase &db, const QString &userId, const QString &hash)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"));
    query.addBindValue(hash);
    query.addBindValue(userId);
    if (!query.exec())
        return queryFailed(query);
    return kSuccess;
}

StorageResult<std::monostate> createSession(QSqlDatabase &db, const NewSession &session)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO sessions (token_hash, user_id, device, created_at, last_used_at) "
                                 "VALUES (?, ?, ?, ?, ?)"));
    query.addBindValue(session.tokenHash);
    query.addBindValue(session.userId);
    // A null QString binds as SQL NULL; "no device" is stored as the empty string.
    query.addBindValue(session.device.isEmpty() ? QStringLiteral("") : session.device);
    query.addBindValue(session.createdAt);
    query.addBindValue(session.createdAt);
    if (!query.exec())
        return queryFailed(query);
    return kSuccess;
}

StorageResult<std::optional<StoredAccount>> findBySession(QSqlDatabase &db, const QString &tokenHash)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT %1 FROM sessions s JOIN users u ON u.id = s.user_id "
                                 "WHERE s.token_hash = ?")
                      .arg(kAccountColumns));
    query.addBindValue(tokenHash);
    return findOne(query);
}

StorageResult<bool> deleteSession(QSqlDatabase &db, const QString &tokenHash)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"));
    query.addBindValue(tokenHash);
    if (!query.exec())
        return queryFailed(query);
    return query.numRowsAffected() > 0;
}

} // namespace parley::server::accounts
