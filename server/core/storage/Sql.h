#pragma once

#include "storage/Storage.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

struct sqlite3;
struct sqlite3_stmt;

namespace parley::server::sql {

/// A statement that has run, with its rows. Statements are prepared once per connection and
/// kept: on PostgreSQL every prepare is a round trip (and every release another), on SQLite a
/// parse. When a Statement goes out of scope it goes back to the cache for the next caller.
///
/// On SQLite it drives the connection's own sqlite3 handle: Qt SQL's per-statement machinery
/// (a QSqlRecord per execution, a row cache of QVariants, bound values by name) cost more than
/// SQLite itself on the daemon's busiest statements. PostgreSQL goes through QSqlQuery.
class Statement
{
public:
    Statement(QString key, QSqlQuery query);
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    ~Statement();

    bool next();
    /// Integers as qint64, text as QString, NULL as an invalid QVariant.
    QVariant value(int index) const;
    int numRowsAffected() const;

    /// SQLite: binds `values` to the cached (or newly prepared) statement and runs it.
    static StorageResult<Statement> runSqlite(sqlite3 *handle, QString key, const QString &text,
                                              const QVariantList &values);

private:
    Statement(QString key, sqlite3_stmt *statement);

    QString m_key;
    QSqlQuery m_query;
    sqlite3_stmt *m_sqlite = nullptr;
    bool m_rowWaiting = false; ///< SQLite: the first row was stepped to by run()
    bool m_onRow = false;
    int m_changes = 0;
};

/// Runs one statement with positional values. A failure is logged with the database's
/// message and returned as `Unavailable`; callers never see SQL text.
StorageResult<Statement> run(QSqlDatabase &db, const QString &statement, const QVariantList &values = {});

/// True for a SQLite connection (else PostgreSQL), for the few statements written per dialect.
bool isSqlite(const QSqlDatabase &db);

/// Sets SQLite up for the daemon; call once, before any database is opened. Each connection
/// is used by one thread only (Qt requires it), so SQLite's per-connection mutexes go, and so
/// do its allocation statistics, which take a process-wide mutex on every allocation.
void configureSqliteLibrary();

/// Drops this thread's prepared statements; call before closing its connection.
void clearStatementCache();

/// The first column of the first row as an integer, or `fallback` when there is no row.
StorageResult<qint64> scalar(QSqlDatabase &db, const QString &statement, const QVariantList &values,
                             qint64 fallback = 0);

/// Binds a QString that must not turn into SQL NULL when empty.
QVariant text(const QString &value);

StorageError notFound(const QString &what);
StorageError forbidden(const QString &why);
StorageError invalid(const QString &why, const QString &field = {});

} // namespace parley::server::sql

/// Returns a StorageResult's error from the enclosing function; on success, goes on.
#define PARLEY_CHECK(expression)                                                                                       \
    do {                                                                                                               \
        auto check_result_ = (expression);                                                                             \
        if (!check_result_)                                                                                            \
            return std::move(check_result_).error();                                                                   \
    } while (false)

/// Unwraps a StorageResult into `target`, or returns its error from the enclosing function.
#define PARLEY_TRY(target, expression)                                                                                 \
    auto target##_result = (expression);                                                                               \
    if (!target##_result)                                                                                              \
        return std::move(target##_result).error();                                                                     \
    auto target = std::move(target##_result).value()
