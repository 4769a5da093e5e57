#include "DatabaseConfig.h"

#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

namespace parley::storage {

DatabaseConfig DatabaseConfig::sqlite(const QString &path)
{
    DatabaseConfig config;
    config.backend = Backend::Sqlite;
    config.sqlitePath = path;
    return config;
}

Result<DatabaseConfig, QString> DatabaseConfig::fromUrl(const QString &text)
{
    // QUrl refuses '/' in a host, so a percent-encoded socket directory
    // (postgresql://me@%2Frun%2Fpostgresql/db) is taken out before parsing.
    QString socketDir;
    QString parseable = text;
    static const QRegularExpression encodedHost(QStringLiteral("^(postgres(?:ql)?://(?:[^@/]*@)?)(%2[Ff][^:/?]*)"));
    if (const auto match = encodedHost.match(text); match.hasMatch()) {
        socketDir = QUrl::fromPercentEncoding(match.captured(2).toUtf8());
        parseable = match.captured(1) + QStringLiteral("localhost") + text.mid(match.capturedEnd(2));
    }
    const QUrl url(parseable, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("invalid database URL: %1").arg(url.errorString());
    const QString scheme = url.scheme();
    if (scheme != QLatin1StringView("postgresql") && scheme != QLatin1StringView("postgres"))
        return QStringLiteral("database URL must start with postgresql://");

    DatabaseConfig config;
    config.backend = Backend::Postgresql;
    config.user = url.userName(QUrl::FullyDecoded);
    config.password = url.password(QUrl::FullyDecoded);
    config.host = socketDir.isEmpty() ? url.host(QUrl::FullyDecoded) : socketDir;
    const QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("host")))
        config.host = query.queryItemValue(QStringLiteral("host"), QUrl::FullyDecoded);
    if (config.host.isEmpty())
        config.host = QStringLiteral("/var/run/postgresql");
    config.port = url.port(5432);
    config.databaseName = url.path(QUrl::FullyDecoded).mid(1);
    if (config.databaseName.isEmpty() || config.databaseName.contains(QLatin1Char('/')))
        return QStringLiteral("database URL must name one database: postgresql://USER@HOST[:PORT]/DB");
    return config;
}

QString DatabaseConfig::qtDriverName() const
{
    return backend == Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QString DatabaseConfig::describe() const
{
    if (backend == Backend::Sqlite)
        return QStringLiteral("sqlite:%1").arg(sqlitePath);
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(databaseName);
}

QString DatabaseConfig::connectionKey() const
{
    return describe();
}

} // namespace parley::storage
