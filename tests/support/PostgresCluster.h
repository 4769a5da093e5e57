#pragma once

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace parley::test {

/// A throwaway PostgreSQL server for one test run: initdb into a temporary directory, listen
/// only on a Unix socket there, stop and delete it when destroyed. Runs the server as the
/// `postgres` user when the tests run as root (initdb refuses root).
class PostgresCluster
{
public:
    PostgresCluster();
    ~PostgresCluster();

    /// Empty on success, else what went wrong.
    QString start();
    bool isRunning() const { return m_running; }
    /// Creates a new, empty database and returns its URL for parleyd's --database.
    QString createDatabase(const QString &name, QString *error = nullptr);
    QString socketDir() const;

private:
    QString runAsOwner(const QString &program, const QStringList &arguments, int timeoutMs = 60000);

    std::unique_ptr<QTemporaryDir> m_dir;
    bool m_asPostgresUser = false;
    bool m_running = false;
    QString m_binDir;
};

} // namespace parley::test
