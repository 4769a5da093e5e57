#include "TestBackend.h"

#include <QDir>

namespace parley::test {

TestBackend::TestBackend()
{
    if (qEnvironmentVariable("PARLEY_TEST_BACKEND") == QLatin1StringView("postgresql"))
        m_postgres = std::make_unique<PostgresCluster>();
}

TestBackend::~TestBackend() = default;

QString TestBackend::start()
{
    if (!m_scratch.isValid())
        return QStringLiteral("cannot create a temporary directory");
    return m_postgres ? m_postgres->start() : QString();
}

QString TestBackend::newPostgresUrl()
{
    QString error;
    const QString url = m_postgres->createDatabase(QStringLiteral("parley_test_%1").arg(++m_counter), &error);
    if (url.isEmpty())
        qFatal("cannot create a PostgreSQL test database: %s", qPrintable(error));
    return url;
}

storage::DatabaseConfig TestBackend::newDatabase()
{
    if (m_postgres)
        return storage::DatabaseConfig::fromUrl(newPostgresUrl()).value();
    return storage::DatabaseConfig::sqlite(m_scratch.filePath(QStringLiteral("db-%1.sqlite").arg(++m_counter)));
}

TestBackend::DaemonDatabase TestBackend::newDaemonDatabase(const QString &dataDir)
{
    DaemonDatabase database{{QStringLiteral("--data"), dataDir},
                            storage::DatabaseConfig::sqlite(QDir(dataDir).filePath(QStringLiteral("parley.db")))};
    if (m_postgres) {
        const QString url = newPostgresUrl();
        database.args << QStringLiteral("--database") << url;
        database.config = storage::DatabaseConfig::fromUrl(url).value();
    }
    return database;
}

} // namespace parley::test
