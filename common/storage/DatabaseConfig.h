#pragma once

#include <protocol/Result.h>

#include <QString>

namespace parley::storage {

/// Where the data lives: an SQLite file (the embedded default) or a PostgreSQL database.
struct DatabaseConfig
{
    enum class Backend { Sqlite, Postgresql };

    Backend backend = Backend::Sqlite;
    QString sqlitePath;
    /// SQLite `synchronous` setting. FULL fsyncs every commit: an acknowledged message survives
    /// a power cut. Group commit keeps that affordable.
    QString sqliteSynchronous = QStringLiteral("FULL");
    int busyTimeoutMs = 5000;

    QString host; ///< a host name, or a directory holding the PostgreSQL Unix socket
    int port = 5432;
    QString user;
    QString password;
    QString databaseName;

    static DatabaseConfig sqlite(const QString &path);
    /// Parses `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB`. A Unix socket directory is given
    /// percent-encoded as the host (`postgresql://me@%2Frun%2Fpostgresql/parley`) or as
    /// `postgresql://me@/parley?host=/run/postgresql`.
    static Result<DatabaseConfig, QString> fromUrl(const QString &url);

    QString qtDriverName() const;
    /// For logs and error messages: never contains the password.
    QString describe() const;
    /// Identifies the database (not the thread) in connection names.
    QString connectionKey() const;
};

} // namespace parley::storage
