#pragma once

#include "DatabaseConfig.h"

#include <protocol/Result.h>

#include <QSqlDatabase>

namespace parley::storage {

/// Qt SQL connections may only be used by the thread that opened them. These functions keep
/// one connection per (database, thread), opened and configured on first use (WAL and busy
/// timeout for SQLite), and close it when the thread is done with it.
Result<QSqlDatabase, QString> threadConnection(const DatabaseConfig &config);
void closeThreadConnection(const DatabaseConfig &config);

} // namespace parley::storage
