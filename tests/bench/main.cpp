// parley-bench: load generator for parleyd. Scenarios: `login` (auth.login at the daemon's
// Argon2id cost), `resume` (auth.resume, what a desktop client does on every reconnect) and
// `direct` (pairs of users messaging each other), `faults`, `connect`, `group` and `history`
// (history pages on a 1,000,000-message conversation, a 1,000-conversation list). Prints a table
// and one JSON line per run. Every scenario can start the daemon itself (--parleyd), on SQLite or
// on an empty PostgreSQL database (--database); `direct` can split its pairs over several bench
// processes (--processes).
#include "BenchSupport.h"

#include <storage/DatabaseConfig.h>

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load generator for parleyd. Scenarios: login, resume, direct, faults, connect, group, history."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("scenario"),
                                 QStringLiteral("login, resume, direct, faults, connect, group or history"));
    auto option = [&parser](const char *name, const char *help, const char *fallback) {
        QCommandLineOption added(QString::fromLatin1(name), QString::fromLatin1(help), QStringLiteral("N"),
                                 QString::fromLatin1(fallback));
        parser.addOption(added);
        return added;
    };
    const QCommandLineOption url =
        option("url", "Daemon address (default ws://127.0.0.1:7600).", "ws://127.0.0.1:7600");
    const QCommandLineOption users = option("users", "login/resume: accounts to register (default 8).", "8");
    const QCommandLineOption requests = option("requests", "login/resume: requests in all (default 200).", "200");
    const QCommandLineOption concurrency = option("concurrency", "login/resume: connections (default 4).", "4");
    const QCommandLineOption pairs = option("pairs", "direct: pairs of users (default 100).", "100");
    const QCommandLineOption messages = option("messages", "direct: messages per sender (default 100).", "100");
    const QCommandLineOption window = option("window", "direct: sends in flight per sender (default 8).", "8");
    const QCommandLineOption parleyd =
        option("parleyd",
               "The parleyd binary to start on fresh data: faults, connect, group and history need it; login, "
               "resume and direct start it instead of using --url.",
               "");
    const QCommandLineOption seconds = option("seconds", "faults: how long traffic runs (default 60).", "60");
    const QCommandLineOption rate = option("rate", "faults: messages per second in all (default 200).", "200");
    const QCommandLineOption pace = option(
        "pace", "direct: send at this many messages per second in all, on a schedule (default 0: flat out).", "0");
    const QCommandLineOption faults = option("faults", "faults: kill, drop or both (default kill).", "kill");
    const QCommandLineOption connections = option("connections", "connect: idle connections (default 1000).", "1000");
    const QCommandLineOption members = option("members", "group: members, sender included (default 100).", "100");
    const QCommandLineOption daemonPid =
        option("daemon-pid", "direct: pid of the daemon at --url, to report its CPU time per message.", "0");
    const QCommandLineOption database =
        option("database",
               "With --parleyd: PostgreSQL URL of an empty database for the daemon it starts (default: SQLite in a "
               "temporary directory). The bench drops nothing in it: give a fresh one each run.",
               "");
    const QCommandLineOption processes =
        option("processes", "direct: bench processes the pairs are split over (default 1).", "1");
    QCommandLineOption worker(QStringLiteral("worker"), QStringLiteral("direct, internal: run as worker K."),
                              QStringLiteral("K"), QStringLiteral("-1"));
    worker.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(worker);
    QCommandLineOption workerSamples(QStringLiteral("worker-samples"),
                                     QStringLiteral("direct, internal: the worker's samples file."),
                                     QStringLiteral("FILE"));
    workerSamples.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(workerSamples);
    const QCommandLineOption historyMessages =
        option("history-messages", "history: messages in the long conversation (default 1000000).", "1000000");
    const QCommandLineOption conversations = option(
        "conversations", "history: groups of the listing user besides that conversation (default 1000).", "1000");
    const QCommandLineOption pages =
        option("pages", "history: pages walked back from the newest (default 200).", "200");
    const QCommandLineOption lists = option("lists", "history: conversations.list calls (default 50).", "50");
    const QCommandLineOption keepData(QStringLiteral("keep-data"),
                                      QStringLiteral("history: keep the daemon's data directory (for EXPLAIN)."));
    parser.addOption(keepData);
    parser.process(app);

    parley::bench::Options options;
    options.scenario = parser.positionalArguments().value(0);
    options.url = QUrl(parser.value(url));
    options.users = parser.value(users).toInt();
    options.requests = parser.value(requests).toInt();
    options.concurrency = parser.value(concurrency).toInt();
    options.pairs = parser.value(pairs).toInt();
    options.messages = parser.value(messages).toInt();
    options.window = parser.value(window).toInt();
    options.parleyd = parser.value(parleyd);
    options.seconds = parser.value(seconds).toInt();
    options.rate = parser.value(rate).toInt();
    options.pace = parser.value(pace).toInt();
    options.faults = parser.value(faults);
    options.connections = parser.value(connections).toInt();
    options.members = parser.value(members).toInt();
    options.daemonPid = parser.value(daemonPid).toLongLong();
    options.database = parser.value(database);
    options.processes = parser.value(processes).toInt();
    options.worker = parser.value(worker).toInt();
    options.samplesFile = parser.value(workerSamples);
    options.historyMessages = parser.value(historyMessages).toLongLong();
    options.conversations = parser.value(conversations).toInt();
    options.pages = parser.value(pages).toInt();
    options.lists = parser.value(lists).toInt();
    options.keepData = parser.isSet(keepData);
    const bool valid = options.url.isValid() && options.users > 0 && options.requests > 0 && options.concurrency > 0 &&
                       options.pairs > 0 && options.messages > 0 && options.window > 0 && options.pace >= 0 &&
                       options.daemonPid >= 0 && options.historyMessages >= 200 && options.conversations > 0 &&
                       options.pages > 0 && options.lists > 0 && options.processes > 0;
    if (!valid) {
        std::fputs("parley-bench: every count must be a positive number (see --help)\n", stderr);
        return 2;
    }
    if (!options.database.isEmpty()) {
        if (options.parleyd.isEmpty()) {
            std::fputs("parley-bench: --database is for the daemon the bench starts: give --parleyd PATH too\n",
                       stderr);
            return 2;
        }
        if (auto parsed = parley::storage::DatabaseConfig::fromUrl(options.database); !parsed) {
            std::fprintf(stderr, "parley-bench: --database: %s\n", qPrintable(parsed.error()));
            return 2;
        }
    }
    if (options.processes > 1 || options.worker >= 0) {
        const bool workerOk =
            options.worker < 0 || (options.worker < options.processes && !options.samplesFile.isEmpty());
        if (options.scenario != QLatin1StringView("direct") || options.processes > options.pairs || !workerOk) {
            std::fputs("parley-bench: --processes is for direct, at most one process per pair\n", stderr);
            return 2;
        }
    }
    if (options.scenario == QLatin1StringView("login") || options.scenario == QLatin1StringView("resume"))
        return QCoro::waitFor(parley::bench::runLogin(options));
    if (options.scenario == QLatin1StringView("direct"))
        return QCoro::waitFor(parley::bench::runDirect(options));
    if (options.scenario == QLatin1StringView("connect") || options.scenario == QLatin1StringView("group")) {
        if (options.parleyd.isEmpty() || options.connections < 1 || options.members < 2) {
            std::fputs("parley-bench: connect and group start the daemon: give --parleyd PATH\n", stderr);
            return 2;
        }
        return QCoro::waitFor(options.scenario == QLatin1StringView("connect") ? parley::bench::runConnect(options)
                                                                               : parley::bench::runGroup(options));
    }
    if (options.scenario == QLatin1StringView("history")) {
        if (options.parleyd.isEmpty()) {
            std::fputs("parley-bench: history starts the daemon: give --parleyd PATH\n", stderr);
            return 2;
        }
        if (options.pages * 50 > options.historyMessages) {
            std::fputs("parley-bench: --pages of 50 must fit in --history-messages\n", stderr);
            return 2;
        }
        return QCoro::waitFor(parley::bench::runHistory(options));
    }
    if (options.scenario == QLatin1StringView("faults")) {
        const bool known = options.faults == QLatin1StringView("kill") || options.faults == QLatin1StringView("drop") ||
                           options.faults == QLatin1StringView("both");
        if (options.parleyd.isEmpty() || !known || options.seconds < 1 || options.rate < 1) {
            std::fputs(
                "parley-bench: faults needs --parleyd PATH, --faults kill|drop|both, positive --seconds and --rate\n",
                stderr);
            return 2;
        }
        return QCoro::waitFor(parley::bench::runFaults(options));
    }
    std::fputs(
        "parley-bench: usage: parley-bench login|resume|direct|faults|connect|group|history [options] (see --help)\n",
        stderr);
    return 2;
}
