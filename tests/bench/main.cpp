// parley-bench: load generator for parleyd. Scenarios so far: `login` (auth.login at the
// daemon's Argon2id cost) and `resume` (auth.resume, what a desktop client does on every
// reconnect). Prints a table and one JSON line per run.
#include <net/ProtocolClient.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCoroTask>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using parley::Reply;
using parley::net::ProtocolClient;

namespace {

struct Options
{
    QString scenario;
    QUrl url;
    int users = 8;
    int requests = 200;
    int concurrency = 4;
};

struct Account
{
    QString username;
    QString password;
    QString token;
};

double percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    const size_t index = std::min(sorted.size() - 1, size_t(p / 100.0 * double(sorted.size())));
    return sorted[index];
}

QCoro::Task<std::unique_ptr<ProtocolClient>> connect(const QUrl &url)
{
    auto client = std::make_unique<ProtocolClient>();
    auto opening = client->open(url);
    const bool opened = co_await std::move(opening);
    if (!opened)
        client.reset();
    co_return client;
}

QCoro::Task<bool> registerAccounts(const Options &options, std::vector<Account> &accounts)
{
    const QString run = QString::number(QRandomGenerator::global()->generate() % 1000000);
    auto connecting = connect(options.url);
    auto client = co_await std::move(connecting);
    if (!client)
        co_return false;

    for (int i = 0; i < options.users; ++i) {
        Account account{QStringLiteral("bench%1_%2").arg(run).arg(i), QStringLiteral("bench password %1").arg(i), {}};
        auto registering = client->request(
            QStringLiteral("auth.register"),
            {{QStringLiteral("username"), account.username}, {QStringLiteral("password"), account.password}},
            std::chrono::seconds(60));
        const Reply reply = co_await std::move(registering);
        if (!reply.ok) {
            std::fprintf(stderr, "register failed: %s\n", qPrintable(reply.error.message));
            co_return false;
        }
        account.token = reply.data.value(QLatin1StringView("token")).toString();
        accounts.push_back(account);
    }
    co_return true;
}

// One worker: its own connection, requests one after another, latencies in milliseconds.
QCoro::Task<int> worker(const Options &options, const std::vector<Account> &accounts, int first, int count,
                        std::vector<double> &latencies)
{
    auto connecting = connect(options.url);
    auto client = co_await std::move(connecting);
    if (!client)
        co_return count;
    int failures = 0;
    for (int i = 0; i < count; ++i) {
        const Account &account = accounts[size_t(first + i) % accounts.size()];
        const bool login = options.scenario == QLatin1StringView("login");
        const QJsonObject data = login ? QJsonObject{{QStringLiteral("username"), account.username},
                                                     {QStringLiteral("password"), account.password}}
                                       : QJsonObject{{QStringLiteral("token"), account.token}};
        QElapsedTimer timer;
        timer.start();
        auto requesting = client->request(login ? QStringLiteral("auth.login") : QStringLiteral("auth.resume"), data,
                                          std::chrono::seconds(60));
        const Reply reply = co_await std::move(requesting);
        latencies.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!reply.ok)
            ++failures;
    }
    co_return failures;
}

QCoro::Task<int> run(Options options)
{
    std::vector<Account> accounts;
    std::fprintf(stderr, "registering %d accounts...\n", options.users);
    auto registering = registerAccounts(options, accounts);
    if (!co_await std::move(registering)) {
        std::fprintf(stderr, "parley-bench: cannot register accounts on %s\n", qPrintable(options.url.toString()));
        co_return 1;
    }

    std::vector<std::vector<double>> latencies(size_t(options.concurrency));
    std::vector<QCoro::Task<int>> workers;
    QElapsedTimer wall;
    wall.start();
    const int share = options.requests / options.concurrency;
    for (int w = 0; w < options.concurrency; ++w) {
        const int count = w == options.concurrency - 1 ? options.requests - share * w : share;
        workers.push_back(worker(options, accounts, w * share, count, latencies[size_t(w)]));
    }
    int failures = 0;
    for (auto &task : workers)
        failures += co_await std::move(task);
    const double seconds = double(wall.nsecsElapsed()) / 1e9;

    std::vector<double> all;
    for (const auto &part : latencies)
        all.insert(all.end(), part.begin(), part.end());
    const double rate = double(options.requests) / seconds;
    std::printf("scenario     %s\nrequests     %d (%d failed)\nconcurrency  %d\nwall         %.2f s\n"
                "rate         %.1f /s\nlatency ms   p50 %.2f  p95 %.2f  p99 %.2f  max %.2f\n",
                qPrintable(options.scenario), options.requests, failures, options.concurrency, seconds, rate,
                percentile(all, 50), percentile(all, 95), percentile(all, 99), percentile(all, 100));
    const QJsonObject json{{QStringLiteral("scenario"), options.scenario},
                           {QStringLiteral("requests"), options.requests},
                           {QStringLiteral("failed"), failures},
                           {QStringLiteral("concurrency"), options.concurrency},
                           {QStringLiteral("seconds"), seconds},
                           {QStringLiteral("per_second"), rate},
                           {QStringLiteral("p50_ms"), percentile(all, 50)},
                           {QStringLiteral("p95_ms"), percentile(all, 95)},
                           {QStringLiteral("p99_ms"), percentile(all, 99)},
                           {QStringLiteral("max_ms"), percentile(all, 100)}};
    std::printf("%s\n", QJsonDocument(json).toJson(QJsonDocument::Compact).constData());
    co_return failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Load generator for parleyd. Scenarios: login, resume."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("login or resume"));
    const QCommandLineOption url(QStringLiteral("url"), QStringLiteral("Daemon address (default ws://127.0.0.1:7600)."),
                                 QStringLiteral("URL"), QStringLiteral("ws://127.0.0.1:7600"));
    const QCommandLineOption users(QStringLiteral("users"), QStringLiteral("Accounts to register (default 8)."),
                                   QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption requests(QStringLiteral("requests"), QStringLiteral("Requests in all (default 200)."),
                                      QStringLiteral("N"), QStringLiteral("200"));
    const QCommandLineOption concurrency(QStringLiteral("concurrency"),
                                         QStringLiteral("Connections sending at once (default 4)."),
                                         QStringLiteral("N"), QStringLiteral("4"));
    parser.addOptions({url, users, requests, concurrency});
    parser.process(app);

    Options options;
    options.scenario = parser.positionalArguments().value(0);
    options.url = QUrl(parser.value(url));
    options.users = parser.value(users).toInt();
    options.requests = parser.value(requests).toInt();
    options.concurrency = parser.value(concurrency).toInt();
    if ((options.scenario != QLatin1StringView("login") && options.scenario != QLatin1StringView("resume")) ||
        options.users < 1 || options.requests < 1 || options.concurrency < 1 || !options.url.isValid()) {
        std::fprintf(stderr, "parley-bench: usage: parley-bench login|resume [--url URL] [--users N] "
                             "[--requests N] [--concurrency N]\n");
        return 2;
    }
    return QCoro::waitFor(run(options));
}
