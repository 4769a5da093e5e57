// parleyd: the Parley server daemon. main() only reads the configuration, starts the daemon
// and turns signals into a clean shutdown; everything else lives in parley_server.
#include <Secrets.h>
#include <daemon/Daemon.h>
#include <daemon/ServerConfig.h>
#include <daemon/SignalWatcher.h>
#include <storage/Sql.h>

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <sys/resource.h>

namespace {

// Every connection is a file descriptor: take the hard limit, not the soft default of 1024.
void raiseOpenFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

void applyLogLevel(const QString &level)
{
    if (level == QLatin1StringView("warning"))
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\n*.info=false"));
    else if (level == QLatin1StringView("info"))
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\nparley.*.info=true\ndefault.info=true"));
    else
        QLoggingCategory::setFilterRules(QString());
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt's own poll() loop instead of GLib's: with GLib, every write that arms or disarms a
    // socket's write notifier also wakes the loop through an eventfd, a syscall or two per
    // frame sent. A daemon has no GLib sources to integrate with.
    qputenv("QT_NO_GLIB", "1");
    parley::server::sql::configureSqliteLibrary();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("parleyd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));
    qSetMessagePattern(QStringLiteral("%{if-warning}warning: %{endif}%{if-critical}error: %{endif}%{message}"));

    const auto parsed = parley::server::parseServerCommandLine(QCoreApplication::arguments());
    if (!parsed.config) {
        std::fputs(qPrintable(parsed.output + QLatin1Char('\n')), parsed.exitCode == 0 ? stdout : stderr);
        return parsed.exitCode;
    }
    const parley::server::ServerConfig &config = *parsed.config;
    applyLogLevel(config.logLevel);
    raiseOpenFileLimit();

    if (!parley::server::initializeSodium()) {
        std::fputs("parleyd: libsodium could not be initialized\n", stderr);
        return 1;
    }
    // Installed before anything starts, so that a SIGTERM during start-up waits in the pipe
    // for the event loop instead of killing the process half-way.
    parley::server::SignalWatcher signals;
    auto daemon = parley::server::Daemon::start(config);
    if (!daemon) {
        std::fprintf(stderr, "parleyd: %s\n", qPrintable(daemon.error()));
        return 1;
    }
    // Printed whatever the log level; "listening on" comes last: scripts and tests wait for it.
    if (const QUrl metrics = daemon.value()->metricsUrl(); !metrics.isEmpty())
        std::fprintf(stderr, "metrics on %s\n", qPrintable(metrics.toString()));
    std::fprintf(stderr, "listening on %s\n", qPrintable(daemon.value()->url().toString()));
    std::fflush(stderr);

    QObject::connect(&signals, &parley::server::SignalWatcher::terminateRequested, &app, [&](int signalNumber) {
        qInfo("signal %d: shutting down", signalNumber);
        daemon.value()->shutdown([] { QCoreApplication::exit(0); });
    });
    // SIGHUP: read the command line and configuration file again; take the new certificate
    // and log level. Everything else needs a restart.
    QObject::connect(&signals, &parley::server::SignalWatcher::reloadRequested, &app, [&] {
        const auto reread = parley::server::parseServerCommandLine(QCoreApplication::arguments());
        if (!reread.config) {
            qWarning("reload: %s; keeping the running configuration", qPrintable(reread.output));
            return;
        }
        applyLogLevel(reread.config->logLevel);
        if (auto reloaded = daemon.value()->reloadTls(*reread.config); !reloaded)
            qWarning("reload: %s; keeping the running certificate", qPrintable(reloaded.error()));
        else
            qInfo("reloaded: log level %s%s", qPrintable(reread.config->logLevel),
                  reread.config->usesTls() ? ", certificate" : "");
    });
    const int status = QCoreApplication::exec();
    daemon.value().reset();
    qInfo("stopped");
    return status;
}
