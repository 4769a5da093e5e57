#pragma once

#include "DatabaseConfig.h"

#include <protocol/Result.h>

#include <QSqlDatabase>
#include <QStringList>

namespace parley::storage {

/// The one place where SQLite and PostgreSQL differ. Everything else runs the same SQL on
/// both (BIGINT and TEXT columns, ON CONFLICT, RETURNING).
class SqlDialect
{
public:
    explicit SqlDialect(const DatabaseConfig &config);

    bool isSqlite() const { return m_backend == DatabaseConfig::Backend::Sqlite; }

    /// Session settings applied right after a connection opens (SQLite: WAL, synchronous,
    /// foreign keys).
    Status<QString> configureConnection(QSqlDatabase &db) const;
    /// Taken inside the migration transaction so that several daemons starting on one
    /// PostgreSQL database migrate it once, one after another.
    Status<QString> lockForMigration(QSqlDatabase &db) const;
    /// A normalized description of every table, column and index, for comparing schemas.
    Result<QStringList, QString> describeSchema(QSqlDatabase &db) const;

private:
    DatabaseConfig::Backend m_backend;
    QString m_sqliteSynchronous;
};

/// Runs one statement; the error names the statement's first words.
Status<QString> execStatement(QSqlDatabase &db, const QString &sql);

} // namespace parley::storage
