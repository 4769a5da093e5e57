// `direct`: P pairs of users; each sender sends M messages to its partner flat out, with at
// most W in flight, or (--pace R) on a schedule of R messages per second in all, whatever is
// in flight. Measures delivered messages per second, send→ack and send→receive latency,
// and, when it knows the daemon's pid (it started the daemon, or --daemon-pid), the daemon's CPU
// seconds per 10,000 delivered messages.
#include "BenchSupport.h"

#include <QCoroSignal>
#include <QTimer>

#include <cstdio>

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

} // namespace

QCoro::Task<int> runDirect(Options options)
{
    // With --parleyd the bench starts the daemon itself (fresh data, SQLite unless told
    // otherwise); else it drives the daemon at --url, whose pid --daemon-pid may give.
    std::unique_ptr<SpawnedDaemon> daemon;
    qint64 daemonPid = options.daemonPid;
    if (!options.parleyd.isEmpty()) {
        daemon = std::make_unique<SpawnedDaemon>(options.parleyd);
        if (!daemon->start())
            co_return 1;
        options.url = daemon->url();
        daemonPid = daemon->pid();
    }
    const int users = options.pairs * 2;
    std::fprintf(stderr, "registering %d accounts...\n", users);
    auto registering = registerAccounts(options.url, users);
    const std::vector<Account> accounts = co_await std::move(registering);
    if (accounts.empty())
        co_return 1;

    std::vector<std::unique_ptr<net::ProtocolClient>> clients;
    for (const Account &account : accounts) {
        auto connecting = connect(options.url, account.token);
        auto client = co_await std::move(connecting);
        if (!client)
            co_return 1;
        clients.push_back(std::move(client));
    }

    Totals totals;
    totals.expected = qint64(options.pairs) * options.messages;
    for (int pair = 0; pair < options.pairs; ++pair) {
        QObject::connect(clients[size_t(2 * pair + 1)].get(), &net::ProtocolClient::eventReceived,
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
    std::vector<QString> conversations;
    for (int pair = 0; pair < options.pairs; ++pair) {
        auto opening = clients[size_t(2 * pair)]->request(
            QStringLiteral("conversations.direct"), {{QStringLiteral("user_id"), accounts[size_t(2 * pair + 1)].id}});
        const Reply reply = co_await std::move(opening);
        if (!reply.ok)
            co_return 1;
        conversations.push_back(
            reply.data.value(QLatin1StringView("conversation")).toObject().value(QLatin1StringView("id")).toString());
    }

    std::fprintf(stderr, "sending %lld messages...\n", totals.expected);
    const qint64 ticksBefore = cpuTicks(daemonPid);
    const double started = nowMs();
    std::vector<QCoro::Task<void>> lanes;
    const int window = std::max(1, std::min(options.window, options.messages));
    if (options.pace > 0) {
        // Each sender sends pace/pairs per second; their schedules are spread over one interval.
        const double intervalMs = 1000.0 * options.pairs / options.pace;
        for (int pair = 0; pair < options.pairs; ++pair) {
            lanes.push_back(pacedSender(*clients[size_t(2 * pair)], conversations[size_t(pair)], options.messages,
                                        intervalMs, started + intervalMs * pair / options.pairs, totals));
        }
    }
    for (int pair = 0; pair < options.pairs && options.pace == 0; ++pair) {
        const int share = options.messages / window;
        for (int l = 0; l < window; ++l) {
            const int count = l == window - 1 ? options.messages - share * l : share;
            lanes.push_back(lane(*clients[size_t(2 * pair)], conversations[size_t(pair)], l, count, totals));
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
    const double seconds = (nowMs() - started) / 1000.0;
    const qint64 ticksAfter = cpuTicks(daemonPid);
    const double rate = double(totals.received) / seconds;
    // Everything the daemon's threads spent from the first send to the last delivery.
    const bool cpuKnown = ticksBefore >= 0 && ticksAfter >= ticksBefore && totals.received > 0;
    const double cpuSeconds = cpuKnown ? double(ticksAfter - ticksBefore) / clockTicksPerSecond() : 0;
    const double cpuPer10k = cpuKnown ? cpuSeconds * 10000.0 / double(totals.received) : 0;

    QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("direct")},
                       {QStringLiteral("pairs"), options.pairs},
                       {QStringLiteral("messages"), totals.expected},
                       {QStringLiteral("delivered"), totals.received},
                       {QStringLiteral("failed"), totals.failed},
                       {QStringLiteral("window"), window},
                       {QStringLiteral("pace"), options.pace},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("delivered_per_second"), rate}};
    for (const QJsonObject &latency : {latencyJson(QStringLiteral("ack"), totals.ackLatency),
                                       latencyJson(QStringLiteral("receive"), totals.receiveLatency)}) {
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
    report(
        result,
        {{QStringLiteral("scenario"),
          options.pace > 0 ? QStringLiteral("direct, %1 pairs, paced at %2 msg/s").arg(options.pairs).arg(options.pace)
                           : QStringLiteral("direct, %1 pairs, window %2").arg(options.pairs).arg(window)},
         {QStringLiteral("delivered"),
          QStringLiteral("%1 of %2 (%3 failed)").arg(totals.received).arg(totals.expected).arg(totals.failed)},
         {QStringLiteral("rate"), QStringLiteral("%1 msg/s").arg(rate, 0, 'f', 0)},
         {QStringLiteral("send→ack p50/p99 ms"),
          ms(percentile(totals.ackLatency, 50)) + QStringLiteral(" / ") + ms(percentile(totals.ackLatency, 99))},
         {QStringLiteral("send→recv p50/p99 ms"), ms(percentile(totals.receiveLatency, 50)) + QStringLiteral(" / ") +
                                                      ms(percentile(totals.receiveLatency, 99))},
         {QStringLiteral("daemon CPU"), cpu}});
    co_return totals.failed == 0 && totals.received == totals.expected ? 0 : 1;
}

} // namespace parley::bench
