#pragma once

#include <storage/DatabaseConfig.h>

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace parley::test {

class TestBackend;

/// The real parleyd binary, started for a test on an ephemeral loopback port with its own
/// temporary data directory and the cheapest Argon2id cost.
class ParleydProcess
{
public:
    ParleydProcess();
    ~ParleydProcess();

    static QString binaryPath();
    /// Arguments every test daemon gets unless a test overrides them.
    static QStringList fastArgs();
    /// fastArgs(), this process's own data directory (SQLite), then `extraArgs`.
    QStringList ownDataArgs(const QStringList &extraArgs = {}) const;

    /// Starts parleyd with `args` and waits for "listening on ws://…". False on failure;
    /// `output()` then says why.
    bool start(const QStringList &args, int timeoutMs = 20000);
    /// Starts parleyd on a new, empty database of the test backend, with fastArgs() and `extraArgs`.
    bool startOn(TestBackend &backend, const QStringList &extraArgs = {});
    /// Starts parleyd again with the arguments of the last start (same data, new port).
    bool restart();
    /// Starts parleyd again with the arguments of the last start, on the port it listened on
    /// before, so that clients reconnect to the same address (e.g. after terminate() or kill()).
    bool restartOnSamePort();
    /// The database the daemon uses (after startOn), for looking inside it.
    const storage::DatabaseConfig &database() const { return m_database; }
    /// The parleyd arguments that select that database (after startOn), for parleyctl.
    const QStringList &databaseArgs() const { return m_databaseArgs; }

    /// Runs parleyd to completion (for command-line error tests); returns its exit code.
    int runToExit(const QStringList &args, int timeoutMs = 20000);

    QUrl url() const { return m_url; }
    QString dataDir() const { return m_dataDir.path(); }
    /// Sends SIGTERM and waits; returns the exit code, or -1 if it crashed or hung.
    int terminate(int timeoutMs = 15000);
    /// SIGKILL, as a crash would.
    void kill();
    qint64 pid() const { return m_process.processId(); }
    /// Everything parleyd wrote to stderr/stdout so far.
    QString output();

private:
    QProcess m_process;
    QTemporaryDir m_dataDir;
    QByteArray m_output;
    QUrl m_url;
    QStringList m_lastArgs;
    storage::DatabaseConfig m_database;
    QStringList m_databaseArgs;
};

} // namespace parley::test
