#include "BenchSupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <QRandomGenerator>
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace parley::bench {

QStringList daemonArgs(const Options &options)
{
    QStringList args;
    if (options.scenario != QLatin1StringView("login"))
        args += QStringList{QStringLiteral("--argon2-ops"), QStringLiteral("1"), QStringLiteral("--argon2-memory-kib"),
                            QStringLiteral("8")};
    if (!options.database.isEmpty())
        args += QStringList{QStringLiteral("--database"), options.database};
    return args;
}

SpawnedDaemon::SpawnedDaemon(const Options &options, QStringList extraArgs)
    : m_binary(options.parleyd)
    , m_extraArgs(daemonArgs(options) + extraArgs)
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

SpawnedDaemon::~SpawnedDaemon()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

bool SpawnedDaemon::start()
{
    const QString listen = m_port == 0 ? QStringLiteral("127.0.0.1:0") : QStringLiteral("127.0.0.1:%1").arg(m_port);
    m_process.start(m_binary, QStringList{QStringLiteral("--listen"), listen, QStringLiteral("--data"), m_data.path(),
                                          QStringLiteral("--rate-limit"), QStringLiteral("100000"),
                                          QStringLiteral("--rate-burst"), QStringLiteral("100000")} +
                                  m_extraArgs);
    static const QRegularExpression listening(QStringLiteral("listening on (ws://[^\\s]+)"));
    static const QRegularExpression metrics(QStringLiteral("metrics on (http://[^\\s]+)"));
    QByteArray output;
    for (int i = 0; i < 300 && m_process.state() != QProcess::NotRunning; ++i) {
        m_process.waitForReadyRead(50);
        output += m_process.readAll();
        const auto match = listening.match(QString::fromUtf8(output));
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            m_port = quint16(m_url.port());
            const auto metricsMatch = metrics.match(QString::fromUtf8(output));
            m_metricsUrl = metricsMatch.hasMatch() ? QUrl(metricsMatch.captured(1)) : QUrl();
            return true;
        }
    }
    std::fprintf(stderr, "parleyd did not start: %s\n", output.constData());
    return false;
}

void SpawnedDaemon::kill()
{
    ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(5000);
}

bool SpawnedDaemon::stop()
{
    m_process.terminate();
    return m_process.waitForFinished(15000) && m_process.exitStatus() == QProcess::NormalExit &&
           m_process.exitCode() == 0;
}

qint64 cpuTicks(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (pid <= 0 || !stat.open(QIODevice::ReadOnly))
        return -1;
    // "PID (comm) state ppid ...": comm may hold spaces, so count fields after the last ')'.
    // utime and stime are fields 14 and 15, that is the 12th and 13th after the name.
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    return fields[11].toLongLong() + fields[12].toLongLong();
}

double clockTicksPerSecond()
{
    return double(::sysconf(_SC_CLK_TCK));
}

qint64 SpawnedDaemon::residentKib() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double nowMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return double(clock.nsecsElapsed()) / 1e6;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    return values[index];
}

QCoro::Task<std::unique_ptr<net::ProtocolClient>> connect(const QUrl &url, const QString &token)
{
    auto client = std::make_unique<net::ProtocolClient>();
    auto opening = client->open(url, token);
    const bool opened = co_await std::move(opening);
    if (!opened)
        client.reset();
    co_return client;
}

QCoro::Task<std::vector<Account>> registerAccounts(const QUrl &url, int count, QString tag)
{
    const QString run = QString::number(QRandomGenerator::global()->generate() % 1000000);
    auto connecting = connect(url);
    auto client = co_await std::move(connecting);
    std::vector<Account> accounts;
    if (!client)
        co_return accounts;
    for (int i = 0; i < count; ++i) {
        Account account{
            {}, QStringLiteral("b%1%2_%3").arg(run, tag).arg(i), QStringLiteral("bench password %1").arg(i), {}};
        auto registering = client->request(
            QStringLiteral("auth.register"),
            {{QStringLiteral("username"), account.username}, {QStringLiteral("password"), account.password}},
            std::chrono::seconds(60));
        const Reply reply = co_await std::move(registering);
        if (!reply.ok) {
            std::fprintf(stderr, "register failed: %s\n", qPrintable(reply.error.message));
            co_return std::vector<Account>();
        }
        account.id = reply.data.value(QLatin1StringView("user")).toObject().value(QLatin1StringView("id")).toString();
        account.token = reply.data.value(QLatin1StringView("token")).toString();
        accounts.push_back(account);
    }
    co_return accounts;
}

QJsonObject latencyJson(const QString &prefix, const std::vector<double> &values)
{
    return {{prefix + QStringLiteral("_p50_ms"), percentile(values, 50)},
            {prefix + QStringLiteral("_p95_ms"), percentile(values, 95)},
            {prefix + QStringLiteral("_p99_ms"), percentile(values, 99)},
            {prefix + QStringLiteral("_max_ms"), percentile(values, 100)}};
}

void report(const QJsonObject &result, const std::vector<std::pair<QString, QString>> &table)
{
    for (const auto &[name, value] : table)
        std::printf("%-22s %s\n", qPrintable(name), qPrintable(value));
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
}

} // namespace parley::bench
