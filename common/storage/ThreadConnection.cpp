#include "ThreadConnection.h"

#include "SqlDialect.h"

#include <QSqlError>
#include <QThread>

namespace parley::storage {
namespace {

QString connectionName(const DatabaseConfig &config)
{
    return QStringLiteral("%1#%2").arg(config.connectionKey()).arg(quintptr(QThread::currentThread()), 0, 16);
}

} // namespace

Result<QSqlDatabase, QString> threadConnection(const DatabaseConfig &config)
{
    const QString name = connectionName(config);
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase existing = QSqlDatabase::database(name, false);
        if (existing.isOpen())
            return existing;
    }
    if (!QSqlDatabase::isDriverAvailable(config.qtDriverName()))
        return QStringLiteral("the Qt SQL driver %1 is not installed").arg(config.qtDriverName());

    QSqlDatabase db = QSqlDatabase::addDatabase(config.qtDriverName(), name);
    if (config.backend == DatabaseConfig::Backend::Sqlite) {
        db.setDatabaseName(config.sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(config.busyTimeoutMs));
    } else {
        db.setHostName(config.host);
        db.setPort(config.port);
        db.setUserName(config.user);
        db.setPassword(config.password);
        db.setDatabaseName(config.databaseName);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open()) {
        const QString error = db.lastError().text().simplified();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return QStringLiteral("cannot open %1: %2").arg(config.describe(), error);
    }
    if (auto configured = SqlDialect(config).configureConnection(db); !configured) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return QStringLiteral("cannot configure %1: %2").arg(config.describe(), configured.error());
    }
    return db;
}

void closeThreadConnection(const DatabaseConfig &config)
{
    const QString name = connectionName(config);
    if (!QSqlDatabase::contains(name))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace parley::storage
