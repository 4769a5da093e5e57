#pragma once

#include "daemon/ServerConfig.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace parley::server {

/// What a parleyctl command printed and how it ended (0 done, 1 failed, 2 usage error).
struct AdminResult
{
    int exitCode = 0;
    QString output; ///< for stdout
    QString error;  ///< one line for stderr
};

/// Runs one parleyctl command (`user add alice`, `stats`, ...) against the database that
/// `config` names, on the calling thread. `readSecret` supplies a password when one is needed
/// (read from the terminal or standard input by the caller).
AdminResult runAdminCommand(const ServerConfig &config, const QStringList &command,
                            const std::function<QString(const QString &prompt)> &readSecret);

/// The commands, for --help.
QString adminCommandsHelp();

} // namespace parley::server
