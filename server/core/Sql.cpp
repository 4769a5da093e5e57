#include "Sql.h"

#include <QLoggingCategory>
#include <QSqlError>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace parley::server::sql {

StorageResult<QSqlQuery> run(QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(statement)) {
        qCWarning(lcStorage, "cannot prepare %s: %s", qPrintable(statement.left(80)),
                  qPrintable(query.lastError().text()));
        return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
    }
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec()) {
        qCWarning(lcStorage, "query failed: %s: %s", qPrintable(statement.left(80)),
                  qPrintable(query.lastError().text()));
        return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
    }
    return query;
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
