#pragma once

#include "SqlDialect.h"

#include <protocol/Result.h>

#include <QList>
#include <QSqlDatabase>
#include <QStringList>

namespace parley::storage {

/// One numbered schema change: the statements that take a database from version-1 to version.
struct MigrationStep
{
    int version = 0;
    QStringList statements;
};

/// A schema's whole history, plus the statements that create its newest version directly.
struct SchemaDefinition
{
    QList<MigrationStep> steps;  ///< ascending versions 1, 2, 3, ...
    QStringList freshStatements; ///< creates the schema at latestVersion() in one go

    int latestVersion() const { return steps.isEmpty() ? 0 : steps.last().version; }
};

struct MigrationOutcome
{
    int fromVersion = 0;
    int toVersion = 0;
};

/// Brings a database to the newest schema version. The version lives in the database
/// (`schema_version`); steps run in order, each in its own transaction; the first failure
/// stops the run and leaves the database at the last good version; a database newer than
/// the code is refused untouched.
class MigrationRunner
{
public:
    enum class NewDatabase {
        CreateFresh,   ///< an empty database gets `freshStatements` (the normal path)
        ReplayAllSteps ///< an empty database replays every step (to test that both agree)
    };

    MigrationRunner(QSqlDatabase db, SqlDialect dialect);

    Result<MigrationOutcome, QString> migrate(const SchemaDefinition &schema,
                                              NewDatabase mode = NewDatabase::CreateFresh);
    /// The version recorded in the database; 0 when it has none yet.
    Result<int, QString> currentVersion();

private:
    Status<QString> runInTransaction(const QStringList &statements, int version);

    QSqlDatabase m_db;
    SqlDialect m_dialect;
};

} // namespace parley::storage
