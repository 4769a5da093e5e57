#include "PostgresCluster.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <unistd.h>

namespace parley::test {
namespace {

QString findPostgresBinDir()
{
    const QDir root(QStringLiteral("/usr/lib/postgresql"));
    QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (auto it = versions.crbegin(); it != versions.crend(); ++it) {
        const QString bin = root.filePath(*it + QStringLiteral("/bin"));
        if (QFileInfo::exists(bin + QStringLiteral("/initdb")))
            return bin;
    }
    return {};
}

} // namespace

PostgresCluster::PostgresCluster() = default;

PostgresCluster::~PostgresCluster()
{
    if (m_running) {
        runAsOwner(m_binDir + QStringLiteral("/pg_ctl"),
                   {QStringLiteral("-D"), m_dir->filePath(QStringLiteral("data")), QStringLiteral("-m"),
                    QStringLiteral("immediate"), QStringLiteral("-w"), QStringLiteral("stop")});
    }
}

QString PostgresCluster::socketDir() const
{
    return m_dir ? m_dir->path() : QString();
}

QString PostgresCluster::runAsOwner(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (m_asPostgresUser)
        process.start(QStringLiteral("runuser"),
                      QStringList{QStringLiteral("-u"), QStringLiteral("postgres"), QStringLiteral("--"), program} +
                          arguments);
    else
        process.start(program, arguments);
    if (!process.waitForStarted(10000))
        return QStringLiteral("cannot start %1").arg(program);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return QStringLiteral("%1 timed out").arg(program);
    }
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QStringLiteral("%1 failed: %2").arg(program, QString::fromLocal8Bit(process.readAll()));
    return {};
}

QString PostgresCluster::start()
{
    m_binDir = findPostgresBinDir();
    if (m_binDir.isEmpty())
        return QStringLiteral(
            "PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)");
    // A short path: the socket path must stay under ~100 characters.
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/pgt-XXXXXX"));
    if (!m_dir->isValid())
        return QStringLiteral("cannot create a temporary directory");
    m_asPostgresUser = ::geteuid() == 0;
    if (m_asPostgresUser) {
        QProcess::execute(QStringLiteral("chown"), {QStringLiteral("postgres:"), m_dir->path()});
    }
    const QString data = m_dir->filePath(QStringLiteral("data"));
    if (QString error = runAsOwner(m_binDir + QStringLiteral("/initdb"),
                                   {QStringLiteral("-D"), data, QStringLiteral("-A"), QStringLiteral("trust"),
                                    QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-E"),
                                    QStringLiteral("UTF8"), QStringLiteral("--no-sync")});
        !error.isEmpty())
        return error;
    if (QString error = runAsOwner(
            m_binDir + QStringLiteral("/pg_ctl"),
            {QStringLiteral("-D"), data, QStringLiteral("-l"), m_dir->filePath(QStringLiteral("server.log")),
             QStringLiteral("-w"), QStringLiteral("start"), QStringLiteral("-o"),
             QStringLiteral("-k %1 -c listen_addresses='' -c fsync=off -c max_connections=200").arg(m_dir->path())});
        !error.isEmpty())
        return error;
    m_running = true;
    return {};
}

QString PostgresCluster::createDatabase(const QString &name, QString *error)
{
    const QString connection = QStringLiteral("pg-admin-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(m_dir->path());
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("postgres"));
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(QStringLiteral("CREATE DATABASE \"%1\"").arg(name));
            if (!ok && error)
                *error = query.lastError().text();
        } else if (error) {
            *error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    if (!ok)
        return {};
    return QStringLiteral("postgresql://postgres@/%1?host=%2").arg(name, m_dir->path());
}

} // namespace parley::test
