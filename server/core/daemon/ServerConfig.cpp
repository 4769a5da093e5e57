#include "daemon/ServerConfig.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QThread>

#include <functional>

namespace parley::server {
namespace {

using Setter = std::function<QString(ServerConfig &, const QString &)>; // returns an error or empty

struct Key
{
    QString name;
    QString valueName;
    QString description;
    Setter set;
};

QString setInt(int &target, const QString &value, const QString &key, int min, int max)
{
    bool ok = false;
    const int parsed = value.toInt(&ok);
    if (!ok || parsed < min || parsed > max)
        return QStringLiteral("%1 must be a whole number from %2 to %3, not '%4'")
            .arg(key)
            .arg(min)
            .arg(max)
            .arg(value);
    target = parsed;
    return {};
}

// HOST:PORT into host and port; a bare PORT means loopback.
QString parseHostPort(const QString &key, const QString &value, QString *host, quint16 *port)
{
    QString text = value;
    if (!text.contains(QLatin1Char(':')))
        text.prepend(QStringLiteral("127.0.0.1:"));
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    QString parsedHost = text.left(colon);
    if (parsedHost.startsWith(QLatin1Char('[')) && parsedHost.endsWith(QLatin1Char(']')))
        parsedHost = parsedHost.mid(1, parsedHost.size() - 2);
    bool ok = false;
    const uint parsedPort = text.mid(colon + 1).toUInt(&ok);
    if (!ok || parsedPort > 65535)
        return QStringLiteral("%1 port must be 0-65535, not '%2'").arg(key, text.mid(colon + 1));
    if (parsedHost.isEmpty() || (parsedHost != QLatin1StringView("localhost") && QHostAddress(parsedHost).isNull()))
        return QStringLiteral("%1 host must be an IP address or localhost, not '%2'").arg(key, parsedHost);
    *host = parsedHost;
    *port = quint16(parsedPort);
    return {};
}

QString setListen(ServerConfig &config, const QString &value)
{
    if (value.lastIndexOf(QLatin1Char(':')) <= 0)
        return QStringLiteral("listen must be HOST:PORT, not '%1'").arg(value);
    return parseHostPort(QStringLiteral("listen"), value, &config.listenHost, &config.listenPort);
}

const QList<Key> &keys()
{
    static const QList<Key> table{
        {QStringLiteral("listen"), QStringLiteral("HOST:PORT"),
         QStringLiteral("Address to listen on (default 127.0.0.1:7600; port 0 picks a free one)."), setListen},
        {QStringLiteral("metrics"), QStringLiteral("HOST:PORT"),
         QStringLiteral("Serve /health and /metrics (Prometheus) over HTTP; a bare PORT means 127.0.0.1."),
         [](ServerConfig &c, const QString &v) {
             return parseHostPort(QStringLiteral("metrics"), v, &c.metricsHost, &c.metricsPort);
         }},
        {QStringLiteral("data"), QStringLiteral("DIR"),
         QStringLiteral("Data directory; the SQLite database is DIR/parley.db."),
         [](ServerConfig &c, const QString &v) {
             c.dataDir = v;
             return QString();
         }},
        {QStringLiteral("database"), QStringLiteral("URL"),
         QStringLiteral("Use PostgreSQL instead of SQLite: postgresql://USER@HOST[:PORT]/DB."),
         [](ServerConfig &c, const QString &v) {
             c.databaseUrl = v;
             return QString();
         }},
        {QStringLiteral("tls-cert"), QStringLiteral("FILE"), QStringLiteral("PEM certificate: serve wss://."),
         [](ServerConfig &c, const QString &v) {
             c.tlsCertFile = v;
             return QString();
         }},
        {QStringLiteral("tls-key"), QStringLiteral("FILE"), QStringLiteral("PEM private key for --tls-cert."),
         [](ServerConfig &c, const QString &v) {
             c.tlsKeyFile = v;
             return QString();
         }},
        {QStringLiteral("argon2-ops"), QStringLiteral("N"), QStringLiteral("Argon2id passes (default 2)."),
         [](ServerConfig &c, const QString &v) {
             int ops = 0;
             QString error = setInt(ops, v, QStringLiteral("argon2-ops"), 1, 64);
             c.argon2.opsLimit = quint64(ops);
             return error;
         }},
        {QStringLiteral("argon2-memory-kib"), QStringLiteral("KIB"),
         QStringLiteral("Argon2id memory in KiB (default 19456)."),
         [](ServerConfig &c, const QString &v) {
             int kib = 0;
             QString error = setInt(kib, v, QStringLiteral("argon2-memory-kib"), 8, 4 * 1024 * 1024);
             c.argon2.memoryKib = quint64(kib);
             return error;
         }},
        {QStringLiteral("hash-threads"), QStringLiteral("N"),
         QStringLiteral("Threads hashing passwords (default: the number of cores)."),
         [](ServerConfig &c, const QString &v) {
             return setInt(c.hashThreads, v, QStringLiteral("hash-threads"), 1, 256);
         }},
        {QStringLiteral("max-handshakes-per-ip"), QStringLiteral("N"),
         QStringLiteral("Connections one IP may have in the handshake at once (default 32)."),
         [](ServerConfig &c, const QString &v) {
             return setInt(c.maxHandshakesPerIp, v, QStringLiteral("max-handshakes-per-ip"), 1, 100000);
         }},
        {QStringLiteral("handshake-timeout-ms"), QStringLiteral("MS"),
         QStringLiteral("Time allowed for the TLS and WebSocket handshakes (default 10000)."),
         [](ServerConfig &c, const QString &v) {
             return setInt(c.handshakeTimeoutMs, v, QStringLiteral("handshake-timeout-ms"), 100, 600000);
         }},
        {QStringLiteral("auth-timeout-ms"), QStringLiteral("MS"),
         QStringLiteral("An unauthenticated connection is closed after this long (default 30000)."),
         [](ServerConfig &c, const QString &v) {
             return setInt(c.authTimeoutMs, v, QStringLiteral("auth-timeout-ms"), 100, 3600000);
         }},
        {QStringLiteral("rate-limit"), QStringLiteral("N"),
         QStringLiteral("Requests per second one connection may sustain (default 100)."),
         [](ServerConfig &c, const QString &v) {
             return setInt(c.rateLimit, v, QStringLiteral("rate-limit"), 1, 1000000);
         }},
        {QStringLiteral("rate-burst"), QStringLiteral("N"),
         QStringLiteral("Requests one connection may send in a burst (default 200)."),
         [](ServerConfig &c, const QString &v) {
             return setInt(c.rateBurst, v, QStringLiteral("rate-burst"), 1, 1000000);
         }},
        {QStringLiteral("sqlite-synchronous"), QStringLiteral("MODE"),
         QStringLiteral("SQLite synchronous mode: FULL (default, survives power loss), EXTRA or NORMAL."),
         [](ServerConfig &c, const QString &v) {
             const QString mode = v.toUpper();
             if (mode != QLatin1StringView("FULL") && mode != QLatin1StringView("NORMAL") &&
                 mode != QLatin1StringView("EXTRA"))
                 return QStringLiteral("sqlite-synchronous must be FULL, NORMAL or EXTRA, not '%1'").arg(v);
             c.sqliteSynchronous = mode;
             return QString();
         }},
        {QStringLiteral("log-level"), QStringLiteral("LEVEL"), QStringLiteral("debug, info (default) or warning."),
         [](ServerConfig &c, const QString &v) {
             if (v != QLatin1StringView("debug") && v != QLatin1StringView("info") && v != QLatin1StringView("warning"))
                 return QStringLiteral("log-level must be debug, info or warning, not '%1'").arg(v);
             c.logLevel = v;
             return QString();
         }},
    };
    return table;
}

CommandLineOutcome failure(const QString &program, const QString &message)
{
    return CommandLineOutcome{std::nullopt, QStringLiteral("%1: %2").arg(program, message), 2};
}

} // namespace

QString ServerConfig::sqlitePath() const
{
    return QDir(dataDir).filePath(QStringLiteral("parley.db"));
}

Result<storage::DatabaseConfig, QString> ServerConfig::database() const
{
    if (!databaseUrl.isEmpty())
        return storage::DatabaseConfig::fromUrl(databaseUrl);
    storage::DatabaseConfig config = storage::DatabaseConfig::sqlite(sqlitePath());
    config.sqliteSynchronous = sqliteSynchronous;
    return config;
}

CommandLineOutcome parseServerCommandLine(const QStringList &arguments, const QString &program)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Parley messaging server daemon."));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help and exit."));
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")},
                                     QStringLiteral("Show the version and exit."));
    const QCommandLineOption configFile(QStringLiteral("config"),
                                        QStringLiteral("Read settings from an ini FILE (same keys as these options)."),
                                        QStringLiteral("FILE"));
    parser.addOption(help);
    parser.addOption(version);
    parser.addOption(configFile);
    for (const Key &key : keys())
        parser.addOption(QCommandLineOption(key.name, key.description, key.valueName));

    if (!parser.parse(arguments))
        return failure(program, parser.errorText() + QStringLiteral(" (see --help)"));
    if (parser.isSet(help))
        return CommandLineOutcome{std::nullopt, parser.helpText(), 0};
    if (parser.isSet(version))
        return CommandLineOutcome{std::nullopt, program + QStringLiteral(" " PARLEY_VERSION), 0};
    if (!parser.positionalArguments().isEmpty())
        return failure(
            program, QStringLiteral("unexpected argument '%1' (see --help)").arg(parser.positionalArguments().first()));

    ServerConfig config;
    config.hashThreads = std::max(1, QThread::idealThreadCount());
    config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);

    if (parser.isSet(configFile)) {
        const QString path = parser.value(configFile);
        if (!QFileInfo(path).isReadable())
            return failure(program, QStringLiteral("cannot read the configuration file %1").arg(path));
        QSettings ini(path, QSettings::IniFormat);
        if (ini.status() != QSettings::NoError)
            return failure(program, QStringLiteral("%1 is not a valid ini file").arg(path));
        const QStringList known = [] {
            QStringList names;
            for (const Key &key : keys())
                names.append(key.name);
            return names;
        }();
        for (const QString &name : ini.allKeys()) {
            if (!known.contains(name))
                return failure(program, QStringLiteral("%1: unknown key '%2'").arg(path, name));
        }
        for (const Key &key : keys()) {
            if (!ini.contains(key.name))
                continue;
            if (const QString error = key.set(config, ini.value(key.name).toString()); !error.isEmpty())
                return failure(program, QStringLiteral("%1: %2").arg(path, error));
        }
    }
    for (const Key &key : keys()) {
        if (!parser.isSet(key.name))
            continue;
        if (const QString error = key.set(config, parser.value(key.name)); !error.isEmpty())
            return failure(program, error);
    }
    if (config.tlsCertFile.isEmpty() != config.tlsKeyFile.isEmpty())
        return failure(program, QStringLiteral("--tls-cert and --tls-key go together"));
    if (config.dataDir.isEmpty() && config.databaseUrl.isEmpty())
        return failure(program, QStringLiteral("no data directory: pass --data DIR"));
    if (auto db = config.database(); !db)
        return failure(program, db.error());
    return CommandLineOutcome{config, {}, 0};
}

} // namespace parley::server
