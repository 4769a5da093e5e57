#include "SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>

namespace parley::storage {

Status<QString> execStatement(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    if (!query.exec(sql))
        return QStringLiteral("%1 failed: %2").arg(sql.simplified().left(60), query.lastError().text());
    return kSuccess;
}

SqlDialect::SqlDialect(const DatabaseConfig &config)
    : m_backend(config.backend)
    , m_sqliteSynchronous(config.sqliteSynchronous)
{
}

Status<QString> SqlDialect::configureConnection(QSqlDatabase &db) const
{
    if (!isSqlite()) {
        // JIT compilation costs ~165 ms on the short queries a messenger runs and never pays off.
        for (const QString &setting :
             {QStringLiteral("SET client_min_messages TO WARNING"), QStringLiteral("SET jit = off")}) {
            if (auto done = execStatement(db, setting); !done)
                return done;
        }
        return kSuccess;
    }

    static const QStringList allowed{QStringLiteral("OFF"), QStringLiteral("NORMAL"), QStringLiteral("FULL"),
                                     QStringLiteral("EXTRA")};
    if (!allowed.contains(m_sqliteSynchronous.toUpper()))
        return QStringLiteral("unknown SQLite synchronous mode %1").arg(m_sqliteSynchronous);

    QSqlQuery wal(db);
    if (!wal.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !wal.next())
        return QStringLiteral("cannot switch to WAL: %1").arg(wal.lastError().text());
    if (wal.value(0).toString().compare(QLatin1StringView("wal"), Qt::CaseInsensitive) != 0)
        return QStringLiteral("the database refused WAL mode (journal_mode is %1)").arg(wal.value(0).toString());
    // A 64 MiB page cache (SQLite's default is 2 MiB): the hot index pages of busy
    // conversations stay in memory instead of being read back from the OS on every insert.
    // Temporary files in memory: a statement journal (a copy of every page a statement or a
    // savepoint touches, kept to undo it) would otherwise go through a temporary file.
    for (const QString &pragma : {QStringLiteral("PRAGMA synchronous=%1").arg(m_sqliteSynchronous.toUpper()),
                                  QStringLiteral("PRAGMA foreign_keys=ON"), QStringLiteral("PRAGMA cache_size=-65536"),
                                  QStringLiteral("PRAGMA temp_store=MEMORY")}) {
        if (auto done = execStatement(db, pragma); !done)
            return done;
    }
    return kSuccess;
}

Status<QString> SqlDialect::lockForMigration(QSqlDatabase &db) const
{
    if (isSqlite())
        return kSuccess; // the write transaction itself holds SQLite's single writer lock
    return execStatement(db, QStringLiteral("SELECT pg_advisory_xact_lock(7600001)"));
}

Result<QStringList, QString> SqlDialect::describeSchema(QSqlDatabase &db) const
{
    QStringList lines;
    QSqlQuery query(db);
    if (isSqlite()) {
        if (!query.exec(QStringLiteral("SELECT type, name, tbl_name FROM sqlite_master "
                                       "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")))
            return query.lastError().text();
        QStringList tables;
        while (query.next()) {
            const QString type = query.value(0).toString();
            if (type == QLatin1StringView("table"))
                tables.append(query.value(1).toString());
            else
                lines.append(
                    QStringLiteral("%1 %2 on %3").arg(type, query.value(1).toString(), query.value(2).toString()));
        }
        for (const QString &table : tables) {
            QSqlQuery columns(db);
            if (!columns.exec(QStringLiteral("PRAGMA table_info(\"%1\")").arg(table)))
                return columns.lastError().text();
            while (columns.next()) {
                lines.append(QStringLiteral("column %1.%2 %3 notnull=%4 default=%5 pk=%6")
                                 .arg(table, columns.value(1).toString(), columns.value(2).toString().toUpper(),
                                      columns.value(3).toString(), columns.value(4).toString(),
                                      columns.value(5).toString()));
            }
            QSqlQuery indexes(db);
            if (!indexes.exec(QStringLiteral("PRAGMA index_list(\"%1\")").arg(table)))
                return indexes.lastError().text();
            while (indexes.next()) {
                lines.append(QStringLiteral("index %1 on %2 unique=%3")
                                 .arg(indexes.value(1).toString(), table, indexes.value(2).toString()));
            }
        }
    } else {
        if (!query.exec(QStringLiteral("SELECT table_name, column_name, data_type, is_nullable, column_default "
                                       "FROM information_schema.columns WHERE table_schema = current_schema()")))
            return query.lastError().text();
        while (query.next()) {
            lines.append(QStringLiteral("column %1.%2 %3 nullable=%4 default=%5")
                             .arg(query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                                  query.value(3).toString(), query.value(4).toString()));
        }
        if (!query.exec(QStringLiteral("SELECT tablename, indexname, indexdef FROM pg_indexes "
                                       "WHERE schemaname = current_schema()")))
            return query.lastError().text();
        while (query.next()) {
            lines.append(QStringLiteral("index %1 on %2: %3")
                             .arg(query.value(1).toString(), query.value(0).toString(), query.value(2).toString()));
        }
    }
    lines.sort();
    return lines;
}

} // namespace parley::storage
