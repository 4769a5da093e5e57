// `connect`: many idle authenticated connections and the daemon's memory per connection.
// `group`: one sender to a group; how long until the last member has each message.
#include "BenchSupport.h"

#include <QCoroSignal>
#include <QHash>
#include <QJsonArray>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>

namespace parley::bench {
namespace {

void raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

QCoro::Task<void> pauseFor(int milliseconds)
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(milliseconds);
    auto waiting = qCoro(&timer, &QTimer::timeout);
    co_await std::move(waiting);
}

} // namespace

QCoro::Task<int> runConnect(Options options)
{
    raiseOpenFileLimit();
    // All the load comes from one address: lift the per-IP handshake cap for the test.
    SpawnedDaemon daemon(options, {QStringLiteral("--max-handshakes-per-ip"), QStringLiteral("100000")});
    if (!daemon.start())
        co_return 1;
    auto registering = registerAccounts(daemon.url(), 100);
    const std::vector<Account> accounts = co_await std::move(registering);
    if (accounts.empty())
        co_return 1;
    auto settle = pauseFor(1000);
    co_await std::move(settle);
    const qint64 before = daemon.residentKib();

    std::vector<std::unique_ptr<net::ProtocolClient>> clients;
    int failed = 0;
    const double started = nowMs();
    constexpr int kBatch = 100; // connections opened at once
    for (int first = 0; first < options.connections; first += kBatch) {
        std::vector<QCoro::Task<std::unique_ptr<net::ProtocolClient>>> opening;
        for (int i = first; i < std::min(options.connections, first + kBatch); ++i)
            opening.push_back(connect(daemon.url(), accounts[size_t(i) % accounts.size()].token));
        for (auto &task : opening) {
            auto client = co_await std::move(task);
            if (client && client->hello()->user)
                clients.push_back(std::move(client));
            else
                ++failed;
        }
    }
    const double seconds = (nowMs() - started) / 1000.0;
    auto idle = pauseFor(2000);
    co_await std::move(idle);
    const qint64 after = daemon.residentKib();
    const double perConnectionKib = clients.empty() ? 0 : double(after - before) / double(clients.size());

    const QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("connect")},
                             {QStringLiteral("connections"), qint64(clients.size())},
                             {QStringLiteral("failed"), failed},
                             {QStringLiteral("seconds"), seconds},
                             {QStringLiteral("daemon_rss_before_kib"), before},
                             {QStringLiteral("daemon_rss_after_kib"), after},
                             {QStringLiteral("rss_per_connection_kib"), perConnectionKib}};
    report(result, {{QStringLiteral("scenario"), QStringLiteral("connect")},
                    {QStringLiteral("connections"),
                     QStringLiteral("%1 (%2 failed) in %3 s").arg(clients.size()).arg(failed).arg(seconds, 0, 'f', 1)},
                    {QStringLiteral("daemon RSS"), QStringLiteral("%1 KiB → %2 KiB").arg(before).arg(after)},
                    {QStringLiteral("RSS per connection"), QStringLiteral("%1 KiB").arg(perConnectionKib, 0, 'f', 1)}});
    co_return failed == 0 ? 0 : 1;
}

QCoro::Task<int> runGroup(Options options)
{
    raiseOpenFileLimit();
    SpawnedDaemon daemon(options);
    if (!daemon.start())
        co_return 1;
    auto registering = registerAccounts(daemon.url(), options.members);
    const std::vector<Account> accounts = co_await std::move(registering);
    if (accounts.empty())
        co_return 1;
    std::vector<std::unique_ptr<net::ProtocolClient>> clients;
    for (const Account &account : accounts) {
        auto connecting = connect(daemon.url(), account.token);
        auto client = co_await std::move(connecting);
        if (!client)
            co_return 1;
        clients.push_back(std::move(client));
    }
    QJsonArray others;
    for (size_t i = 1; i < accounts.size(); ++i)
        others.append(accounts[i].id);
    auto creating =
        clients[0]->request(QStringLiteral("groups.create"), {{QStringLiteral("title"), QStringLiteral("bench")},
                                                              {QStringLiteral("member_ids"), others}});
    const Reply group = co_await std::move(creating);
    if (!group.ok)
        co_return 1;
    const QString groupId =
        group.data.value(QLatin1StringView("conversation")).toObject().value(QLatin1StringView("id")).toString();

    // For each message (by text): when it was sent and how many members have it.
    QHash<QString, QPair<double, int>> progress;
    std::vector<double> lastMember;
    std::vector<double> anyMember;
    const int receivers = options.members - 1;
    for (size_t i = 1; i < clients.size(); ++i) {
        QObject::connect(clients[i].get(), &net::ProtocolClient::eventReceived, [&](const EventFrame &event) {
            if (event.name != QLatin1StringView("message.new"))
                return;
            const QJsonObject message = event.data.value(QLatin1StringView("message")).toObject();
            if (message.value(QLatin1StringView("kind")).toString() != QLatin1StringView("text"))
                return;
            auto it = progress.find(message.value(QLatin1StringView("text")).toString());
            if (it == progress.end())
                return;
            anyMember.push_back(nowMs() - it->first);
            if (++it->second == receivers)
                lastMember.push_back(nowMs() - it->first);
        });
    }
    for (int i = 0; i < options.messages; ++i) {
        const QString text = QStringLiteral("g%1").arg(i);
        progress.insert(text, {nowMs(), 0});
        auto sending =
            clients[0]->request(QStringLiteral("messages.send"), {{QStringLiteral("conversation_id"), groupId},
                                                                  {QStringLiteral("client_id"), text},
                                                                  {QStringLiteral("text"), text}});
        const Reply reply = co_await std::move(sending);
        if (!reply.ok)
            co_return 1;
        // One message at a time: wait until every member has it (bounded).
        const double waitStart = nowMs();
        while (progress.value(text).second < receivers && nowMs() - waitStart < 10000.0) {
            auto waiting = pauseFor(1);
            co_await std::move(waiting);
        }
    }
    auto ms = [](double value) { return QString::number(value, 'f', 2); };
    QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("group")},
                       {QStringLiteral("members"), options.members},
                       {QStringLiteral("messages"), options.messages},
                       {QStringLiteral("complete"), qint64(lastMember.size())}};
    for (const QJsonObject &latency : {latencyJson(QStringLiteral("last_member"), lastMember),
                                       latencyJson(QStringLiteral("any_member"), anyMember)}) {
        for (auto it = latency.begin(); it != latency.end(); ++it)
            result.insert(it.key(), it.value());
    }
    report(result, {{QStringLiteral("scenario"),
                     QStringLiteral("group of %1, %2 messages").arg(options.members).arg(options.messages)},
                    {QStringLiteral("fan-out complete"),
                     QStringLiteral("%1 of %2").arg(lastMember.size()).arg(options.messages)},
                    {QStringLiteral("to last member p50/p99 ms"),
                     ms(percentile(lastMember, 50)) + QStringLiteral(" / ") + ms(percentile(lastMember, 99))},
                    {QStringLiteral("to a member p50/p99 ms"),
                     ms(percentile(anyMember, 50)) + QStringLiteral(" / ") + ms(percentile(anyMember, 99))}});
    co_return int(lastMember.size()) == options.messages ? 0 : 1;
}

} // namespace parley::bench
