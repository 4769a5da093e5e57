#pragma once

#include "PostgresCluster.h"

#include <storage/DatabaseConfig.h>

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace parley::test {

/// The database a test run uses, chosen by the environment variable PARLEY_TEST_BACKEND
/// (`sqlite`, the default, or `postgresql`). CTest registers database-facing suites once per
/// backend, so the same tests run on both.
class TestBackend
{
public:
    TestBackend();
    ~TestBackend();

    /// Starts what the backend needs (a throwaway PostgreSQL). Empty on success.
    QString start();
    bool isPostgres() const { return m_postgres != nullptr; }
    QString name() const { return isPostgres() ? QStringLiteral("postgresql") : QStringLiteral("sqlite"); }

    /// A new, empty database for storage-level tests.
    storage::DatabaseConfig newDatabase();
    /// A new, empty database for a daemon whose data directory is `dataDir`: the parleyd
    /// arguments that select it, and its configuration for looking inside it afterwards.
    struct DaemonDatabase
    {
        QStringList args;
        storage::DatabaseConfig config;
    };
    DaemonDatabase newDaemonDatabase(const QString &dataDir);
    PostgresCluster *postgres() const { return m_postgres.get(); }

private:
    QString newPostgresUrl();

    std::unique_ptr<PostgresCluster> m_postgres;
    QTemporaryDir m_scratch;
    int m_counter = 0;
};

} // namespace parley::test
