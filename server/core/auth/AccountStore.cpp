#include "auth/AccountStore.h"

#include "storage/Sql.h"

namespace parley::server::accounts {
namespace {

const QString kAccountColumns =
    QStringLiteral("u.id, u.username, u.display_name, u.last_seen, u.password_hash, u.disabled");

StoredAccount accountFromRow(const sql::Statement &row)
{
    StoredAccount account;
    account.user.id = row.value(0).toString();
    account.user.username = row.value(1).toString();
    account.user.displayName = row.value(2).toString();
    if (!row.value(3).isNull())
        account.user.lastSeenMsecs = row.value(3).toLongLong();
    account.passwordHash = row.value(4).toString();
    account.disabled = row.value(5).toLongLong() != 0;
    return account;
}

StorageResult<std::optional<StoredAccount>> findOne(QSqlDatabase &db, const QString &statement, const QString &key)
{
    PARLEY_TRY(rows, sql::run(db, statement, {key}));
    if (!rows.next())
        return std::optional<StoredAccount>();
    return std::optional<StoredAccount>(accountFromRow(rows));
}

} // namespace

StorageResult<User> create(QSqlDatabase &db, const NewAccount &account)
{
    PARLEY_TRY(inserted,
               sql::run(db,
                        QStringLiteral("INSERT INTO users (id, username, display_name, password_hash, "
                                       "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING"),
                        {account.id, account.username, account.displayName, account.passwordHash, account.createdAt}));
    if (inserted.numRowsAffected() != 1)
        return StorageError{StorageError::Kind::Conflict, QStringLiteral("username is taken"), {}};
    User user;
    user.id = account.id;
    user.username = account.username;
    user.displayName = account.displayName;
    return user;
}

StorageResult<std::optional<StoredAccount>> findByUsername(QSqlDatabase &db, const QString &username)
{
    return findOne(db, QStringLiteral("SELECT %1 FROM users u WHERE u.username = ?").arg(kAccountColumns), username);
}

StorageResult<std::monostate> setPasswordHash(QSqlDatabase &db, const QString &userId, const QString &hash)
{
    PARLEY_CHECK(sql::run(db, QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"), {hash, userId}));
    return kSuccess;
}

StorageResult<std::monostate> createSession(QSqlDatabase &db, const NewSession &session)
{
    // "No device" is stored as the empty string, not NULL.
    PARLEY_CHECK(
        sql::run(db,
                 QStringLiteral("INSERT INTO sessions (token_hash, user_id, device, created_at, "
                                "last_used_at) VALUES (?, ?, ?, ?, ?)"),
                 {session.tokenHash, session.userId, sql::text(session.device), session.createdAt, session.createdAt}));
    return kSuccess;
}

StorageResult<std::optional<StoredAccount>> findBySession(QSqlDatabase &db, const QString &tokenHash)
{
    return findOne(db,
                   QStringLiteral("SELECT %1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?")
                       .arg(kAccountColumns),
                   tokenHash);
}

StorageResult<bool> deleteSession(QSqlDatabase &db, const QString &tokenHash)
{
    PARLEY_TRY(deleted, sql::run(db, QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"), {tokenHash}));
    return deleted.numRowsAffected() > 0;
}

} // namespace parley::server::accounts
