// `direct`: P pairs of users; each sender sends M messages to its partner flat out, with at
// most W in flight, or (--pace R) on a schedule of R messages per second in all, whatever is
// in flight. Measures delivered messages per second, send→ack and send→receive latency,
// and, when it knows the daemon's pid (it started the daemon, or --daemon-pid), the daemon's CPU
// seconds per 10,000 delivered messages.
//
// With --processes N the pairs are split over N bench processes: this one starts the daemon (or
// uses --url), then N copies of itself as workers (`--worker K`). Each worker registers its
// accounts, connects, opens its conversations, prints `ready` and waits for `go` on its standard
// input; once every worker is ready, all get `go` at once. A worker prints `done RECEIVED FAILED
// EXPECTED` after its last delivery, then writes its raw latency samples to the file it was
// named and exits. The parent times from `go` to the last `done`, reads the daemon's CPU time at
// both, and computes the percentiles over every worker's samples together.
#include "BenchSupport.h"

#include <QCoreApplication>
#include <QCoroProcess>
#include <QCoroSignal>
#include <QFile>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace parley::bench {
namespace {

struct Totals
{
    qint64 expected = 0;
    qint64 received = 0;
    qint64 failed = 0;
    std::vector<double> ackLatency;
    std::vector<double> receiveLatency;
};

// One of a sender's W lanes: sends its share one after another, each after the previous ack.
QCoro::Task<void> lane(net::ProtocolClient &client, QString conversationId, int lane, int count, Totals &totals)
{
    for (int i = 0; i < count; ++i) {
        const double sent = nowMs();
        auto sending = client.request(QStringLiteral("messages.send"),
                                      {{QStringLiteral("conversation_id"), conversationId},
                                       {QStringLiteral("client_id"), QStringLiteral("%1-%2").arg(lane).arg(i)},
                                       {QStringLiteral("text"), QString::number(sent, 'f', 3)}},
                                      std::chrono::seconds(60));
        const Reply reply = co_await std::move(sending);
        if (reply.ok)
            totals.ackLatency.push_back(nowMs() - sent);
        else
            ++totals.failed;
    }
}

// One sender on a schedule: message i leaves at start + offset + i × interval, without waiting
// for earlier acks, so latency is measured at a fixed offered load.
QCoro::Task<void> pacedSender(net::ProtocolClient &client, QString conversationId, int count, double intervalMs,
                              double startMs, Totals &totals)
{
    std::vector<QCoro::Task<void>> inFlight;
    inFlight.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        const double due = startMs + i * intervalMs;
        if (const double wait = due - nowMs(); wait > 0.5) {
            QTimer timer;
            timer.setTimerType(Qt::PreciseTimer);
            timer.setSingleShot(true);
            timer.start(int(wait));
            auto waiting = qCoro(&timer, &QTimer::timeout);
            co_await std::move(waiting);
        }
        inFlight.push_back(lane(client, conversationId, i, 1, totals));
    }
    for (auto &task : inFlight)
        co_await std::move(task);
}

// The pairs one process drives: `count` of them from the run's pair `first` on.
struct Slice
{
    int first = 0;
    int count = 0;
};

// Worker `worker`'s share of the pairs, the remainder spread over the first workers.
Slice sliceOf(const Options &options, int worker)
{
    const int base = options.pairs / options.processes;
    const int extra = options.pairs % options.processes;
    return {worker * base + std::min(worker, extra), base + (worker < extra ? 1 : 0)};
}

// One process's part of the run, set up and ready to send. Stays where it is: the clients'
// event handlers point into `totals`.
struct Prepared
{
    std::vector<Account> accounts;
    std::vector<std::unique_ptr<net::ProtocolClient>> clients;
    std::vector<QString> conversations;
    Totals totals;
};

// Registers two accounts per pair of the slice, connects them and opens each pair's conversation.
QCoro::Task<bool> prepare(const Options &options, Slice slice, Prepared &run)
{
    const int users = slice.count * 2;
    if (options.worker < 0)
        std::fprintf(stderr, "registering %d accounts...\n", users);
    const QString tag = options.worker < 0 ? QString() : QStringLiteral("w%1").arg(options.worker);
    auto registering = registerAccounts(options.url, users, tag);
    run.accounts = co_await std::move(registering);
    if (run.accounts.empty())
        co_return false;

    for (const Account &account : run.accounts) {
        auto connecting = connect(options.url, account.token);
        auto client = co_await std::move(connecting);
        if (!client)
            co_return false;
        run.clients.push_back(std::move(client));
    }

    Totals &totals = run.totals;
    totals.expected = qint64(slice.count) * options.messages;
    for (int pair = 0; pair < slice.count; ++pair) {
        QObject::connect(run.clients[size_t(2 * pair + 1)].get(), &net::ProtocolClient::eventReceived,
                         [&totals](const EventFrame &event) {
                             if (event.name != QLatin1StringView("message.new"))
                                 return;
                             const double sent = event.data.value(QLatin1StringView("message"))
                                                     .toObject()
                                                     .value(QLatin1StringView("text"))
                                                     .toString()
                                                     .toDouble();
                             totals.receiveLatency.push_back(nowMs() - sent);
                             ++totals.received;
                         });
    }
    for (int pair = 0; pair < slice.count; ++pair) {
        auto opening = run.clients[size_t(2 * pair)]->request(
            QStringLiteral("conversations.direct"),
            {{QStringLiteral("user_id"), run.accounts[size_t(2 * pair + 1)].id}});
        const Reply reply = co_await std::move(opening);
        if (!reply.ok)
            co_return false;
        run.conversations.push_back(
            reply.data.value(QLatin1StringView("conversation")).toObject().value(QLatin1StringView("id")).toString());
    }
    co_return true;
}

// Sends the slice's messages from `started` on and waits for the last deliveries.
QCoro::Task<void> drive(const Options &options, Slice slice, Prepared &run, double started)
{
    Totals &totals = run.totals;
    std::vector<QCoro::Task<void>> lanes;
    const int window = std::max(1, std::min(options.window, options.messages));
    if (options.pace > 0) {
        // Each sender sends pace/pairs per second; the run's senders' schedules are spread over one
        // interval, whichever process they are in.
        const double intervalMs = 1000.0 * options.pairs / options.pace;
        for (int pair = 0; pair < slice.count; ++pair) {
            lanes.push_back(pacedSender(*run.clients[size_t(2 * pair)], run.conversations[size_t(pair)],
                                        options.messages, intervalMs,
                                        started + intervalMs * (slice.first + pair) / options.pairs, totals));
        }
    }
    for (int pair = 0; pair < slice.count && options.pace == 0; ++pair) {
        const int share = options.messages / window;
        for (int l = 0; l < window; ++l) {
            const int count = l == window - 1 ? options.messages - share * l : share;
            lanes.push_back(lane(*run.clients[size_t(2 * pair)], run.conversations[size_t(pair)], l, count, totals));
        }
    }
    for (auto &task : lanes)
        co_await std::move(task);
    // Everything is acknowledged; wait for the last deliveries (bounded).
    while (totals.received < totals.expected - totals.failed && nowMs() - started < 600000.0) {
        QTimer tick;
        tick.setSingleShot(true);
        tick.start(5);
        auto waiting = qCoro(&tick, &QTimer::timeout);
        co_await std::move(waiting);
    }
}

// What a run measured, from one process or merged from all workers.
struct Outcome
{
    int processes = 1;
    qint64 expected = 0;
    qint64 received = 0;
    qint64 failed = 0;
    std::vector<double> ackLatency;
    std::vector<double> receiveLatency;
    double seconds = 0;
    qint64 ticksBefore = -1;
    qint64 ticksAfter = -1;
};

// Prints the table and the JSON line; the exit status.
int reportDirect(const Options &options, const Outcome &outcome)
{
    const int window = std::max(1, std::min(options.window, options.messages));
    const double rate = double(outcome.received) / outcome.seconds;
    // Everything the daemon's threads spent from the first send to the last delivery.
    const bool cpuKnown = outcome.ticksBefore >= 0 && outcome.ticksAfter >= outcome.ticksBefore && outcome.received > 0;
    const double cpuSeconds = cpuKnown ? double(outcome.ticksAfter - outcome.ticksBefore) / clockTicksPerSecond() : 0;
    const double cpuPer10k = cpuKnown ? cpuSeconds * 10000.0 / double(outcome.received) : 0;

    QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("direct")},
                       {QStringLiteral("pairs"), options.pairs},
                       {QStringLiteral("messages"), outcome.expected},
                       {QStringLiteral("delivered"), outcome.received},
                       {QStringLiteral("failed"), outcome.failed},
                       {QStringLiteral("window"), window},
                       {QStringLiteral("pace"), options.pace},
                       {QStringLiteral("processes"), outcome.processes},
                       {QStringLiteral("seconds"), outcome.seconds},
                       {QStringLiteral("delivered_per_second"), rate}};
    for (const QJsonObject &latency : {latencyJson(QStringLiteral("ack"), outcome.ackLatency),
                                       latencyJson(QStringLiteral("receive"), outcome.receiveLatency)}) {
        for (auto it = latency.begin(); it != latency.end(); ++it)
            result.insert(it.key(), it.value());
    }
    if (cpuKnown) {
        result.insert(QStringLiteral("daemon_cpu_seconds"), cpuSeconds);
        result.insert(QStringLiteral("daemon_cpu_seconds_per_10k"), cpuPer10k);
    }
    auto ms = [](double value) { return QString::number(value, 'f', 2); };
    const QString cpu = cpuKnown ? QStringLiteral("%1 s per 10,000 delivered (%2 s in all)")
                                       .arg(cpuPer10k, 0, 'f', 3)
                                       .arg(cpuSeconds, 0, 'f', 2)
                                 : QStringLiteral("not measured (no daemon pid: give --parleyd or --daemon-pid)");
    QString scenario = options.pace > 0
                           ? QStringLiteral("direct, %1 pairs, paced at %2 msg/s").arg(options.pairs).arg(options.pace)
                           : QStringLiteral("direct, %1 pairs, window %2").arg(options.pairs).arg(window);
    if (outcome.processes > 1)
        scenario += QStringLiteral(", %1 processes").arg(outcome.processes);
    report(
        result,
        {{QStringLiteral("scenario"), scenario},
         {QStringLiteral("delivered"),
          QStringLiteral("%1 of %2 (%3 failed)").arg(outcome.received).arg(outcome.expected).arg(outcome.failed)},
         {QStringLiteral("rate"), QStringLiteral("%1 msg/s").arg(rate, 0, 'f', 0)},
         {QStringLiteral("send→ack p50/p99 ms"),
          ms(percentile(outcome.ackLatency, 50)) + QStringLiteral(" / ") + ms(percentile(outcome.ackLatency, 99))},
         {QStringLiteral("send→recv p50/p99 ms"), ms(percentile(outcome.receiveLatency, 50)) + QStringLiteral(" / ") +
                                                      ms(percentile(outcome.receiveLatency, 99))},
         {QStringLiteral("daemon CPU"), cpu}});
    return outcome.failed == 0 && outcome.received == outcome.expected ? 0 : 1;
}

// Samples file: a count and that many doubles (native byte order: the parent reads it on the same
// machine), once for send→ack, once for send→receive.
bool writeSamples(const QString &path, const Totals &totals)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    for (const std::vector<double> *values : {&totals.ackLatency, &totals.receiveLatency}) {
        const qint64 count = qint64(values->size());
        file.write(reinterpret_cast<const char *>(&count), sizeof count);
        file.write(reinterpret_cast<const char *>(values->data()), count * qint64(sizeof(double)));
    }
    return file.flush();
}

bool readSamples(const QString &path, std::vector<double> &ack, std::vector<double> &receive)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    for (std::vector<double> *values : {&ack, &receive}) {
        qint64 count = 0;
        if (file.read(reinterpret_cast<char *>(&count), sizeof count) != sizeof count || count < 0)
            return false;
        const size_t old = values->size();
        values->resize(old + size_t(count));
        const qint64 bytes = count * qint64(sizeof(double));
        if (file.read(reinterpret_cast<char *>(values->data() + old), bytes) != bytes)
            return false;
    }
    return true;
}

// A worker: waits for a line on standard input; true if it is `go`.
QCoro::Task<bool> waitForGo()
{
    QSocketNotifier notifier(STDIN_FILENO, QSocketNotifier::Read);
    QByteArray input;
    while (!input.contains('\n')) {
        auto readable = qCoro(&notifier, &QSocketNotifier::activated);
        co_await std::move(readable);
        char buffer[64];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0)
            co_return false; // the parent went away
        input.append(buffer, qsizetype(n));
    }
    co_return input.startsWith("go\n");
}

// The parent: the next line a worker prints, without its line end; empty if it exits first or
// `timeoutMs` pass.
QCoro::Task<QByteArray> readLine(QProcess &process, double timeoutMs)
{
    const double deadline = nowMs() + timeoutMs;
    while (!process.canReadLine()) {
        if (process.state() == QProcess::NotRunning || nowMs() > deadline)
            co_return QByteArray();
        auto waiting = qCoro(&process, &QProcess::readyReadStandardOutput, std::chrono::milliseconds(100));
        co_await std::move(waiting);
    }
    co_return process.readLine().trimmed();
}

QCoro::Task<int> runWorker(Options options)
{
    const Slice slice = sliceOf(options, options.worker);
    Prepared run;
    auto preparing = prepare(options, slice, run);
    if (!co_await std::move(preparing)) {
        std::fprintf(stderr, "parley-bench worker %d: set-up failed\n", options.worker);
        co_return 1;
    }
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    auto going = waitForGo();
    if (!co_await std::move(going))
        co_return 1;
    auto driving = drive(options, slice, run, nowMs());
    co_await std::move(driving);
    const Totals &totals = run.totals;
    std::printf("done %lld %lld %lld\n", totals.received, totals.failed, totals.expected);
    std::fflush(stdout);
    if (!writeSamples(options.samplesFile, totals)) {
        std::fprintf(stderr, "parley-bench worker %d: cannot write %s\n", options.worker,
                     qPrintable(options.samplesFile));
        co_return 1;
    }
    co_return totals.failed == 0 && totals.received == totals.expected ? 0 : 1;
}

// The parent of --processes N: starts the workers, sends them `go` together, merges what they
// measured.
QCoro::Task<int> runWorkers(Options options, qint64 daemonPid)
{
    QTemporaryDir samples;
    std::vector<std::unique_ptr<QProcess>> workers;
    auto fail = [&workers](const char *what, int worker) {
        std::fprintf(stderr, "parley-bench: worker %d %s\n", worker, what);
        for (auto &process : workers) {
            process->kill();
            process->waitForFinished(5000);
        }
        return 1;
    };
    std::fprintf(stderr, "starting %d bench processes for %d pairs...\n", options.processes, options.pairs);
    for (int k = 0; k < options.processes; ++k) {
        auto process = std::make_unique<QProcess>();
        process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process->start(QCoreApplication::applicationFilePath(),
                       {QStringLiteral("direct"), QStringLiteral("--url"), options.url.toString(),
                        QStringLiteral("--pairs"), QString::number(options.pairs), QStringLiteral("--messages"),
                        QString::number(options.messages), QStringLiteral("--window"), QString::number(options.window),
                        QStringLiteral("--pace"), QString::number(options.pace), QStringLiteral("--processes"),
                        QString::number(options.processes), QStringLiteral("--worker"), QString::number(k),
                        QStringLiteral("--worker-samples"), samples.filePath(QStringLiteral("worker-%1").arg(k))});
        workers.push_back(std::move(process));
    }
    for (int k = 0; k < options.processes; ++k) {
        auto reading = readLine(*workers[size_t(k)], 600000.0);
        if (co_await std::move(reading) != "ready")
            co_return fail("did not get ready", k);
    }

    std::fprintf(stderr, "sending %lld messages from %d processes...\n", qint64(options.pairs) * options.messages,
                 options.processes);
    Outcome outcome;
    outcome.processes = options.processes;
    outcome.ticksBefore = cpuTicks(daemonPid);
    const double started = nowMs();
    for (auto &process : workers)
        process->write("go\n");
    for (int k = 0; k < options.processes; ++k) {
        // A worker gives up waiting for deliveries after 600 s.
        auto reading = readLine(*workers[size_t(k)], 660000.0);
        const QList<QByteArray> done = (co_await std::move(reading)).split(' ');
        if (done.size() != 4 || done[0] != "done")
            co_return fail("did not finish", k);
        outcome.received += done[1].toLongLong();
        outcome.failed += done[2].toLongLong();
        outcome.expected += done[3].toLongLong();
    }
    // The last worker has had its last delivery.
    outcome.seconds = (nowMs() - started) / 1000.0;
    outcome.ticksAfter = cpuTicks(daemonPid);

    bool workersOk = true;
    for (int k = 0; k < options.processes; ++k) {
        QProcess &process = *workers[size_t(k)];
        if (process.state() != QProcess::NotRunning) {
            auto finishing = qCoro(process).waitForFinished(std::chrono::seconds(60));
            co_await std::move(finishing);
        }
        if (process.state() != QProcess::NotRunning)
            co_return fail("did not exit", k);
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            std::fprintf(stderr, "parley-bench: worker %d exited with status %d\n", k, process.exitCode());
            workersOk = false;
        }
        if (!readSamples(samples.filePath(QStringLiteral("worker-%1").arg(k)), outcome.ackLatency,
                         outcome.receiveLatency))
            co_return fail("left no samples", k);
    }
    const int status = reportDirect(options, outcome);
    co_return workersOk ? status : 1;
}

} // namespace

QCoro::Task<int> runDirect(Options options)
{
    if (options.worker >= 0) {
        auto working = runWorker(options);
        co_return co_await std::move(working);
    }
    // With --parleyd the bench starts the daemon itself (fresh data: SQLite, or the empty
    // PostgreSQL database of --database); else it drives the daemon at --url, whose pid
    // --daemon-pid may give.
    std::unique_ptr<SpawnedDaemon> daemon;
    qint64 daemonPid = options.daemonPid;
    if (!options.parleyd.isEmpty()) {
        daemon = std::make_unique<SpawnedDaemon>(options);
        if (!daemon->start())
            co_return 1;
        options.url = daemon->url();
        daemonPid = daemon->pid();
    }
    if (options.processes > 1) {
        auto running = runWorkers(options, daemonPid);
        co_return co_await std::move(running);
    }

    const Slice all{0, options.pairs};
    Prepared run;
    auto preparing = prepare(options, all, run);
    if (!co_await std::move(preparing))
        co_return 1;

    std::fprintf(stderr, "sending %lld messages...\n", run.totals.expected);
    Outcome outcome;
    outcome.ticksBefore = cpuTicks(daemonPid);
    const double started = nowMs();
    auto driving = drive(options, all, run, started);
    co_await std::move(driving);
    outcome.seconds = (nowMs() - started) / 1000.0;
    outcome.ticksAfter = cpuTicks(daemonPid);
    outcome.expected = run.totals.expected;
    outcome.received = run.totals.received;
    outcome.failed = run.totals.failed;
    outcome.ackLatency = std::move(run.totals.ackLatency);
    outcome.receiveLatency = std::move(run.totals.receiveLatency);
    co_return reportDirect(options, outcome);
}

} // namespace parley::bench
