// parleyctl: administers a Parley server's database. main() only splits the command line
// into parleyd's own options (the same configuration) and a command; the commands live in
// parley_server (AdminCommands).
#include <Secrets.h>
#include <admin/AdminCommands.h>
#include <daemon/ServerConfig.h>

#include <QCoreApplication>

#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace {

// A password from the terminal without echo, or the first line of standard input.
QString readSecret(const QString &prompt)
{
    std::string line;
    if (::isatty(STDIN_FILENO)) {
        std::fputs(qPrintable(prompt), stderr);
        termios saved{};
        ::tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &silent);
        std::getline(std::cin, line);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::fputs("\n", stderr);
    } else {
        std::getline(std::cin, line);
    }
    return QString::fromStdString(line);
}

bool isFlag(const QString &arg)
{
    return arg == QLatin1StringView("-h") || arg == QLatin1StringView("--help") || arg == QLatin1StringView("-v") ||
           arg == QLatin1StringView("--version");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // The same default data directory as the daemon.
    QCoreApplication::setApplicationName(QStringLiteral("parleyd"));

    const QStringList arguments = QCoreApplication::arguments();
    QStringList options{arguments.value(0)};
    QStringList command;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (!command.isEmpty() || !arg.startsWith(QLatin1Char('-'))) {
            command.append(arg);
            continue;
        }
        options.append(arg);
        if (!isFlag(arg) && !arg.contains(QLatin1Char('=')) && i + 1 < arguments.size())
            options.append(arguments.at(++i));
    }

    const auto parsed = parley::server::parseServerCommandLine(options, QStringLiteral("parleyctl"));
    if (!parsed.config) {
        QString text = parsed.output;
        if (options.contains(QStringLiteral("--help")) || options.contains(QStringLiteral("-h"))) {
            text = QStringLiteral("Usage: parleyctl [options] COMMAND\nAdministers a Parley server's database; "
                                  "reads the same options and --config file as parleyd.\n\n") +
                   parley::server::adminCommandsHelp() + QStringLiteral("\n") +
                   text.mid(text.indexOf(QStringLiteral("Options:")));
        }
        std::fputs(qPrintable(text + QLatin1Char('\n')), parsed.exitCode == 0 ? stdout : stderr);
        return parsed.exitCode;
    }
    if (!parley::server::initializeSodium()) {
        std::fputs("parleyctl: libsodium could not be initialized\n", stderr);
        return 1;
    }
    const auto result = parley::server::runAdminCommand(*parsed.config, command, readSecret);
    std::fputs(qPrintable(result.output), stdout);
    if (!result.error.isEmpty())
        std::fprintf(stderr, "parleyctl: %s\n", qPrintable(result.error));
    return result.exitCode;
}
