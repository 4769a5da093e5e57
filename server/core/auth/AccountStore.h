#pragma once

#include "storage/Storage.h"

#include <protocol/UserPayloads.h>

#include <QSqlDatabase>

#include <optional>

namespace parley::server {

struct StoredAccount
{
    User user;
    QString passwordHash;
    bool disabled = false;
};

struct NewAccount
{
    QString id;
    QString username;
    QString displayName;
    QString passwordHash;
    qint64 createdAt = 0;
};

struct NewSession
{
    QString tokenHash;
    QString userId;
    QString device;
    qint64 createdAt = 0;
};

/// SQL for users and their sessions (tokens). Runs on the storage thread only; every
/// function takes that thread's connection. The same SQL serves SQLite and PostgreSQL.
namespace accounts {

/// Conflict when the username is taken.
StorageResult<User> create(QSqlDatabase &db, const NewAccount &account);
StorageResult<std::optional<StoredAccount>> findByUsername(QSqlDatabase &db, const QString &username);
StorageResult<std::monostate> setPasswordHash(QSqlDatabase &db, const QString &userId, const QString &hash);

StorageResult<std::monostate> createSession(QSqlDatabase &db, const NewSession &session);
/// The account a token hash belongs to; nullopt for an unknown or revoked token.
StorageResult<std::optional<StoredAccount>> findBySession(QSqlDatabase &db, const QString &tokenHash);
/// True when a session was removed.
StorageResult<bool> deleteSession(QSqlDatabase &db, const QString &tokenHash);

} // namespace accounts
} // namespace parley::server
