#include "MigrationRunner.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

namespace parley::storage {

MigrationRunner::MigrationRunner(QSqlDatabase db, SqlDialect dialect)
    : m_db(std::move(db))
    , m_dialect(dialect)
{
}

Result<int, QString> MigrationRunner::currentVersion()
{
    auto created = execStatement(m_db, QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version ("
                                                      "version INTEGER NOT NULL PRIMARY KEY, "
                                                      "applied_at BIGINT NOT NULL)"));
    if (!created)
        return std::move(created).error();
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !query.next())
        return QStringLiteral("cannot read the schema version: %1").arg(query.lastError().text());
    return query.value(0).toInt();
}

Result<MigrationOutcome, QString> MigrationRunner::migrate(const SchemaDefinition &schema, NewDatabase mode)
{
    auto version = currentVersion();
    if (!version)
        return std::move(version).error();
    const int latest = schema.latestVersion();
    MigrationOutcome outcome{version.value(), version.value()};
    if (outcome.fromVersion > latest) {
        return QStringLiteral("the database has schema version %1, newer than this program supports (%2); "
                              "use a newer version of Parley")
            .arg(outcome.fromVersion)
            .arg(latest);
    }
    if (outcome.fromVersion == 0 && mode == NewDatabase::CreateFresh && !schema.freshStatements.isEmpty()) {
        if (auto done = runInTransaction(schema.freshStatements, latest); !done)
            return QStringLiteral("creating the schema failed: %1").arg(done.error());
        outcome.toVersion = latest;
        return outcome;
    }
    for (const MigrationStep &step : schema.steps) {
        if (step.version <= outcome.toVersion)
            continue;
        if (auto done = runInTransaction(step.statements, step.version); !done) {
            return QStringLiteral("migration to schema version %1 failed (database left at version %2): %3")
                .arg(step.version)
                .arg(outcome.toVersion)
                .arg(done.error());
        }
        outcome.toVersion = step.version;
    }
    return outcome;
}

Status<QString> MigrationRunner::runInTransaction(const QStringList &statements, int version)
{
    if (!m_db.transaction())
        return QStringLiteral("cannot begin a transaction: %1").arg(m_db.lastError().text());
    auto fail = [this](const QString &error) -> Status<QString> {
        m_db.rollback();
        return error;
    };
    if (auto locked = m_dialect.lockForMigration(m_db); !locked)
        return fail(locked.error());
    // Another daemon may have migrated while this one waited for the lock.
    QSqlQuery check(m_db);
    if (!check.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version")) || !check.next())
        return fail(check.lastError().text());
    if (check.value(0).toInt() >= version) {
        m_db.commit();
        return kSuccess;
    }
    for (const QString &sql : statements) {
        if (auto done = execStatement(m_db, sql); !done)
            return fail(done.error());
    }
    QSqlQuery record(m_db);
    record.prepare(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)"));
    record.addBindValue(version);
    record.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!record.exec())
        return fail(record.lastError().text());
    if (!m_db.commit())
        return fail(QStringLiteral("commit failed: %1").arg(m_db.lastError().text()));
    return kSuccess;
}

} // namespace parley::storage
