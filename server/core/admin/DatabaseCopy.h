#pragma once

#include <protocol/Result.h>

#include <QList>
#include <QPair>
#include <QSqlDatabase>

namespace parley::server {

using TableCounts = QList<QPair<QString, qint64>>;

/// Copies every row of the daemon's tables from one database to another of the same schema
/// version (SQLite or PostgreSQL on either side): backups, restores and `migrate --to`. The
/// source is read inside one transaction, so a backup of a running daemon is consistent; the
/// target is written in one transaction, so it gets all of it or nothing. With `replace`, the
/// target's rows are deleted first; without it, the target must be empty.
Result<TableCounts, QString> copyDatabase(QSqlDatabase &from, QSqlDatabase &to, bool replace);

/// Rows per table, in copy order.
Result<TableCounts, QString> countRows(QSqlDatabase &db);

} // namespace parley::server
