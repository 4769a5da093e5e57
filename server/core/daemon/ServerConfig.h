#pragma once

#include "auth/PasswordHasher.h"

#include <protocol/Limits.h>
#include <protocol/Result.h>
#include <storage/DatabaseConfig.h>

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace parley::server {

/// Everything parleyd is configured with. Keys are the same in the ini file (`--config`)
/// and on the command line (`--KEY VALUE`); the command line wins.
struct ServerConfig
{
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 7600;
    QString dataDir;     ///< holds parley.db when no database URL is given
    QString databaseUrl; ///< postgresql://… instead of SQLite
    QString tlsCertFile;
    QString tlsKeyFile;
    QString metricsHost; ///< empty: no metrics endpoint
    quint16 metricsPort = 0;

    Argon2Cost argon2;
    int hashThreads = 2;
    int maxQueuedHashes = 256;

    Limits limits;
    int maxHandshakesPerIp = 32;
    int handshakeTimeoutMs = 10000;
    int authTimeoutMs = 30000; ///< an unauthenticated connection is closed after this long
    int rateLimit = 100;       ///< requests per second one connection may sustain
    int rateBurst = 200;       ///< requests one connection may send at once
    QString sqliteSynchronous = QStringLiteral("FULL");
    QString logLevel = QStringLiteral("info");

    bool usesTls() const { return !tlsCertFile.isEmpty(); }
    QString sqlitePath() const;
    Result<storage::DatabaseConfig, QString> database() const;
};

/// What the command line asked for: run with a configuration, or print and exit.
struct CommandLineOutcome
{
    std::optional<ServerConfig> config; ///< set: run the daemon
    QString output;                     ///< --help / --version text, or a one-line error
    int exitCode = 0;
};

/// Parses parleyd's arguments (argv[0] included) and the `--config` file they name. parleyctl
/// reads the same options; `program` names the tool in messages.
CommandLineOutcome parseServerCommandLine(const QStringList &arguments,
                                          const QString &program = QStringLiteral("parleyd"));

} // namespace parley::server
