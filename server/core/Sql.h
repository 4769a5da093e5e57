#pragma once

#include "Storage.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QVariantList>

namespace parley::server::sql {

/// Prepares and runs one statement with positional values. A failure is logged with the
/// database's message and returned as `Unavailable`; callers never see SQL text.
StorageResult<QSqlQuery> run(QSqlDatabase &db, const QString &statement, const QVariantList &values = {});

/// The first column of the first row as an integer, or `fallback` when there is no row.
StorageResult<qint64> scalar(QSqlDatabase &db, const QString &statement, const QVariantList &values,
                             qint64 fallback = 0);

/// Binds a QString that must not turn into SQL NULL when empty.
QVariant text(const QString &value);

StorageError notFound(const QString &what);
StorageError forbidden(const QString &why);
StorageError invalid(const QString &why, const QString &field = {});

} // namespace parley::server::sql

/// Unwraps a StorageResult into `target`, or returns its error from the enclosing function.
#define PARLEY_TRY(target, expression)                                                                                 \
    auto target##_result = (expression);                                                                               \
    if (!target##_result)                                                                                              \
        return std::move(target##_result).error();                                                                     \
    auto target = std::move(target##_result).value()
