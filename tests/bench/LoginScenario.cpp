// `login` and `resume`: authentications per second on persistent connections, against the
// daemon at --url or one the bench starts (--parleyd).
#include "BenchSupport.h"

#include <cstdio>

namespace parley::bench {
namespace {

// One connection sending `count` requests one after another; latencies in milliseconds.
QCoro::Task<int> worker(const Options &options, const std::vector<Account> &accounts, int first, int count,
                        std::vector<double> &latencies)
{
    auto connecting = connect(options.url);
    auto client = co_await std::move(connecting);
    if (!client)
        co_return count;
    const bool login = options.scenario == QLatin1StringView("login");
    int failures = 0;
    for (int i = 0; i < count; ++i) {
        const Account &account = accounts[size_t(first + i) % accounts.size()];
        const QJsonObject data = login ? QJsonObject{{QStringLiteral("username"), account.username},
                                                     {QStringLiteral("password"), account.password}}
                                       : QJsonObject{{QStringLiteral("token"), account.token}};
        const double started = nowMs();
        auto requesting = client->request(login ? QStringLiteral("auth.login") : QStringLiteral("auth.resume"), data,
                                          std::chrono::seconds(60));
        const Reply reply = co_await std::move(requesting);
        latencies.push_back(nowMs() - started);
        if (!reply.ok)
            ++failures;
    }
    co_return failures;
}

} // namespace

QCoro::Task<int> runLogin(Options options)
{
    // With --parleyd the bench starts the daemon itself (fresh data; for `login` at the daemon's
    // own Argon2id cost, see daemonArgs); else it uses the daemon at --url.
    std::unique_ptr<SpawnedDaemon> daemon;
    if (!options.parleyd.isEmpty()) {
        daemon = std::make_unique<SpawnedDaemon>(options);
        if (!daemon->start())
            co_return 1;
        options.url = daemon->url();
    }
    std::fprintf(stderr, "registering %d accounts...\n", options.users);
    auto registering = registerAccounts(options.url, options.users);
    const std::vector<Account> accounts = co_await std::move(registering);
    if (accounts.empty()) {
        std::fprintf(stderr, "parley-bench: cannot register accounts on %s\n", qPrintable(options.url.toString()));
        co_return 1;
    }
    std::vector<std::vector<double>> latencies(size_t(options.concurrency));
    std::vector<QCoro::Task<int>> workers;
    const double started = nowMs();
    const int share = options.requests / options.concurrency;
    for (int w = 0; w < options.concurrency; ++w) {
        const int count = w == options.concurrency - 1 ? options.requests - share * w : share;
        workers.push_back(worker(options, accounts, w * share, count, latencies[size_t(w)]));
    }
    int failures = 0;
    for (auto &task : workers)
        failures += co_await std::move(task);
    const double seconds = (nowMs() - started) / 1000.0;

    std::vector<double> all;
    for (const auto &part : latencies)
        all.insert(all.end(), part.begin(), part.end());
    const double rate = double(options.requests) / seconds;
    QJsonObject result{
        {QStringLiteral("scenario"), options.scenario}, {QStringLiteral("requests"), options.requests},
        {QStringLiteral("failed"), failures},           {QStringLiteral("concurrency"), options.concurrency},
        {QStringLiteral("seconds"), seconds},           {QStringLiteral("per_second"), rate}};
    const QJsonObject latency = latencyJson(QStringLiteral("latency"), all);
    for (auto it = latency.begin(); it != latency.end(); ++it)
        result.insert(it.key(), it.value());
    report(result,
           {{QStringLiteral("scenario"), options.scenario},
            {QStringLiteral("requests"), QStringLiteral("%1 (%2 failed)").arg(options.requests).arg(failures)},
            {QStringLiteral("rate"), QStringLiteral("%1 /s").arg(rate, 0, 'f', 1)},
            {QStringLiteral("latency p50/p99 ms"),
             QStringLiteral("%1 / %2").arg(percentile(all, 50), 0, 'f', 2).arg(percentile(all, 99), 0, 'f', 2)}});
    co_return failures == 0 ? 0 : 1;
}

} // namespace parley::bench
