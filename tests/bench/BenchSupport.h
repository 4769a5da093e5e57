#pragma once

#include <net/ProtocolClient.h>

#include <QCoroTask>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <vector>

namespace parley::bench {

struct Options
{
    QString scenario;
    QUrl url;
    int users = 8;
    int requests = 200;
    int concurrency = 4;
    int pairs = 100;
    int messages = 100;  ///< per sender
    int window = 8;      ///< sends in flight per sender
    int pace = 0;        ///< direct: messages per second in all, sent on a schedule; 0: flat out
    int processes = 1;   ///< direct: bench processes the pairs are split over
    int worker = -1;     ///< direct, internal: this process is worker `worker` of `processes`; -1: not a worker
    QString samplesFile; ///< direct, internal: where a worker writes its raw latency samples
    QString parleyd;     ///< the daemon binary to start (fresh data) instead of using --url
    // faults
    int seconds = 60;                        ///< how long traffic runs
    int rate = 200;                          ///< messages per second, all senders together
    QString faults = QStringLiteral("kill"); ///< kill, drop or both
    int connections = 1000;                  ///< connect: idle authenticated connections
    int members = 100;                       ///< group: members, sender included
    qint64 daemonPid = 0;                    ///< direct: the daemon's pid, for its CPU time
    // history
    QString database;                 ///< PostgreSQL URL (an empty database) for the spawned daemon; empty: SQLite
    qint64 historyMessages = 1000000; ///< messages bulk-inserted into one direct conversation
    int conversations = 1000;         ///< groups the paging user is in besides that direct conversation
    int pages = 200;                  ///< pages walked back from the newest
    int lists = 50;                   ///< conversations.list calls
    bool keepData = false;            ///< leave the spawned daemon's data directory in place
};

struct Account
{
    QString id;
    QString username;
    QString password;
    QString token;
};

/// The arguments every daemon the bench starts gets from the options, besides its address and
/// data directory: cheap password hashing (except for `login`, which measures the daemon's own
/// cost) and `--database URL` when given (PostgreSQL instead of SQLite in the data directory).
/// The database is expected to be empty: the daemon creates its schema there, and the bench
/// neither clears nor drops anything in it.
QStringList daemonArgs(const Options &options);

/// A parleyd the bench starts itself (`--parleyd`): on a free port the first time, then always on
/// that port, with the same temporary data directory (and database), so it can be killed and
/// restarted under the clients' feet.
class SpawnedDaemon
{
public:
    /// Starts `options.parleyd` with daemonArgs(options) and then `extraArgs`.
    explicit SpawnedDaemon(const Options &options, QStringList extraArgs = {});
    ~SpawnedDaemon();
    bool start();
    void kill();
    /// SIGTERM, then waits for the clean shutdown; false if it did not exit cleanly.
    bool stop();
    QUrl url() const { return m_url; }
    /// The /metrics server's address when started with `--metrics`, else empty.
    QUrl metricsUrl() const { return m_metricsUrl; }
    QString dataDir() const { return m_data.path(); }
    /// Leaves the data directory in place when the daemon object goes away.
    void keepData() { m_data.setAutoRemove(false); }
    qint64 pid() const { return m_process.processId(); }
    /// Resident memory of the daemon in KiB (from /proc), or -1.
    qint64 residentKib() const;

private:
    QString m_binary;
    QStringList m_extraArgs;
    QTemporaryDir m_data;
    QProcess m_process;
    QUrl m_url;
    QUrl m_metricsUrl;
    quint16 m_port = 0;
};

/// CPU time (user + system, all threads) of a process in clock ticks from /proc/PID/stat, or -1.
qint64 cpuTicks(qint64 pid);
/// Clock ticks per second (sysconf(_SC_CLK_TCK)).
double clockTicksPerSecond();

/// Milliseconds since the bench process started: one clock for every latency.
double nowMs();
/// p-th percentile (0-100) of the values.
double percentile(std::vector<double> values, double p);

QCoro::Task<std::unique_ptr<net::ProtocolClient>> connect(const QUrl &url, const QString &token = {});
/// Registers `count` fresh accounts (unique names per run, `tag` in each name); empty on failure.
QCoro::Task<std::vector<Account>> registerAccounts(const QUrl &url, int count, QString tag = {});

/// Prints the human-readable table, then the JSON line.
void report(const QJsonObject &result, const std::vector<std::pair<QString, QString>> &table);
QJsonObject latencyJson(const QString &prefix, const std::vector<double> &values);

QCoro::Task<int> runLogin(Options options);
QCoro::Task<int> runDirect(Options options);
QCoro::Task<int> runFaults(Options options);
QCoro::Task<int> runConnect(Options options);
QCoro::Task<int> runGroup(Options options);
QCoro::Task<int> runHistory(Options options);

} // namespace parley::bench
