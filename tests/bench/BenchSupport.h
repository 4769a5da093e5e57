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
    int messages = 100; ///< per sender
    int window = 8;     ///< sends in flight per sender
    // faults
    QString parleyd;                         ///< the daemon binary the fault mode starts, kills and restarts
    int seconds = 60;                        ///< how long traffic runs
    int rate = 200;                          ///< messages per second, all senders together
    QString faults = QStringLiteral("kill"); ///< kill, drop or both
    int connections = 1000;                  ///< connect: idle authenticated connections
    int members = 100;                       ///< group: members, sender included
};

struct Account
{
    QString id;
    QString username;
    QString password;
    QString token;
};

/// A parleyd the bench starts itself (faults, connect): on a free port the first time, then
/// always on that port, with the same temporary data directory, so it can be killed and
/// restarted under the clients' feet.
class SpawnedDaemon
{
public:
    explicit SpawnedDaemon(QString binary, QStringList extraArgs = {});
    ~SpawnedDaemon();
    bool start();
    void kill();
    QUrl url() const { return m_url; }
    qint64 pid() const { return m_process.processId(); }
    /// Resident memory of the daemon in KiB (from /proc), or -1.
    qint64 residentKib() const;

private:
    QString m_binary;
    QStringList m_extraArgs;
    QTemporaryDir m_data;
    QProcess m_process;
    QUrl m_url;
    quint16 m_port = 0;
};

/// Milliseconds since the bench process started: one clock for every latency.
double nowMs();
/// p-th percentile (0-100) of the values.
double percentile(std::vector<double> values, double p);

QCoro::Task<std::unique_ptr<net::ProtocolClient>> connect(const QUrl &url, const QString &token = {});
/// Registers `count` fresh accounts (unique names per run); empty on failure.
QCoro::Task<std::vector<Account>> registerAccounts(const QUrl &url, int count);

/// Prints the human-readable table, then the JSON line.
void report(const QJsonObject &result, const std::vector<std::pair<QString, QString>> &table);
QJsonObject latencyJson(const QString &prefix, const std::vector<double> &values);

QCoro::Task<int> runLogin(Options options);
QCoro::Task<int> runDirect(Options options);
QCoro::Task<int> runFaults(Options options);
QCoro::Task<int> runConnect(Options options);
QCoro::Task<int> runGroup(Options options);

} // namespace parley::bench
