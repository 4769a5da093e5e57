#pragma once

#include "Storage.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

namespace parley::server::sql {

/// A statement that has run, with its rows. Statements are prepared once per connection and
/// kept: on PostgreSQL every prepare is a round trip (and every release another), on SQLite a
/// parse. When a Statement goes out of scope it goes back to the cache for the next caller.
class Statement
{
public:
    Statement(QString key, QSqlQuery query);
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    ~Statement();

    bool next() { return m_query.next(); }
    QVariant value(int index) const { return m_query.value(index); }
    int numRowsAffected() const { return m_query.numRowsAffected(); }
    operator const QSqlQuery &() const { return m_query; }

private:
    QString m_key;
    QSqlQuery m_query;
};

/// Runs one statement with positional values. A failure is logged with the database's
/// message and returned as `Unavailable`; callers never see SQL text.
StorageResult<Statement> run(QSqlDatabase &db, const QString &statement, const QVariantList &values = {});

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
