#include "Sql.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSqlError>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace parley::server::sql {

namespace {

// Prepared statements of this thread's connections, by connection name and SQL text.
QHash<QString, QSqlQuery> &statementCache()
{
    thread_local QHash<QString, QSqlQuery> cache;
    return cache;
}

} // namespace

Statement::Statement(QString key, QSqlQuery query)
    : m_key(std::move(key))
    , m_query(std::move(query))
{
}

Statement::Statement(Statement &&other) noexcept
    : m_key(std::move(other.m_key))
    , m_query(std::move(other.m_query))
{
    other.m_key.clear();
}

Statement::~Statement()
{
    if (m_key.isEmpty())
        return;
    m_query.finish();
    QHash<QString, QSqlQuery> &cache = statementCache();
    if (!cache.contains(m_key))
        cache.insert(m_key, std::move(m_query));
}

void clearStatementCache()
{
    statementCache().clear();
}

StorageResult<Statement> run(QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    const QString key = db.connectionName() + QLatin1Char('\x1f') + statement;
    QSqlQuery query = statementCache().take(key);
    if (query.lastQuery().isEmpty()) { // not cached yet
        query = QSqlQuery(db);
        query.setForwardOnly(true);
        if (!query.prepare(statement)) {
            qCWarning(lcStorage, "cannot prepare %s: %s", qPrintable(statement.left(80)),
                      qPrintable(query.lastError().text()));
            return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
        }
    }
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec()) {
        qCWarning(lcStorage, "query failed: %s: %s", qPrintable(statement.left(80)),
                  qPrintable(query.lastError().text()));
        return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
    }
    return Statement(key, std::move(query));
}

StorageResult<qint64> scalar(QSqlDatabase &db, const QString &statement, const QVariantList &values, qint64 fallback)
{
    auto query = run(db, statement, values);
    if (!query)
        return std::move(query).error();
    if (!query.value().next() || query.value().value(0).isNull())
        return fallback;
    return query.value().value(0).toLongLong();
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

StorageError notFound(const QString &what)
{
    return StorageError{StorageError::Kind::NotFound, what, {}};
}

StorageError forbidden(const QString &why)
{
    return StorageError{StorageError::Kind::Forbidden, why, {}};
}

StorageError invalid(const QString &why, const QString &field)
{
    return StorageError{StorageError::Kind::Invalid, why, field};
}

} // namespace parley::server::sql
