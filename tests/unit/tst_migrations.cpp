// The migration runner and the daemon's schema, on the backend PARLEY_TEST_BACKEND names.
#include <TestBackend.h>
#include <storage/MigrationRunner.h>
#include <storage/Schema.h>
#include <storage/SqlDialect.h>
#include <storage/ThreadConnection.h>

#include <QSqlQuery>
#include <QTest>

using namespace parley;
using namespace parley::storage;

class tst_Migrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void migratedSchemaEqualsFreshSchema();
    void migratingTwiceChangesNothing();
    void refusesNewerDatabase();
    void stopsAtFirstFailingStep();
    void upgradeKeepsData();

private:
    QSqlDatabase open(const DatabaseConfig &config);
    bool tableExists(QSqlDatabase &db, const QString &table);

    test::TestBackend m_backend;
    QList<DatabaseConfig> m_opened;
};

void tst_Migrations::initTestCase()
{
    const QString error = m_backend.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_Migrations::cleanup()
{
    for (const DatabaseConfig &config : std::as_const(m_opened))
        closeThreadConnection(config);
    m_opened.clear();
}

QSqlDatabase tst_Migrations::open(const DatabaseConfig &config)
{
    auto db = threadConnection(config);
    if (!db)
        qFatal("%s", qPrintable(db.error()));
    m_opened.append(config);
    return db.value();
}

bool tst_Migrations::tableExists(QSqlDatabase &db, const QString &table)
{
    return db.tables().contains(table);
}

void tst_Migrations::migratedSchemaEqualsFreshSchema()
{
    const SchemaDefinition &schema = server::serverSchema();
    const DatabaseConfig freshConfig = m_backend.newDatabase();
    const DatabaseConfig replayConfig = m_backend.newDatabase();
    QSqlDatabase fresh = open(freshConfig);
    QSqlDatabase replay = open(replayConfig);

    auto created =
        MigrationRunner(fresh, SqlDialect(freshConfig)).migrate(schema, MigrationRunner::NewDatabase::CreateFresh);
    QVERIFY2(created, created ? "" : qPrintable(created.error()));
    auto replayed =
        MigrationRunner(replay, SqlDialect(replayConfig)).migrate(schema, MigrationRunner::NewDatabase::ReplayAllSteps);
    QVERIFY2(replayed, replayed ? "" : qPrintable(replayed.error()));
    QCOMPARE(created->toVersion, schema.latestVersion());
    QCOMPARE(replayed->toVersion, schema.latestVersion());

    auto freshSchema = SqlDialect(freshConfig).describeSchema(fresh);
    auto replayedSchema = SqlDialect(replayConfig).describeSchema(replay);
    QVERIFY(freshSchema && replayedSchema);
    QVERIFY(freshSchema->size() > 5); // describes real tables, not nothing
    QVERIFY(freshSchema->join(QLatin1Char('\n')).contains(QLatin1StringView("users")));
    QCOMPARE(freshSchema.value(), replayedSchema.value());
}

void tst_Migrations::migratingTwiceChangesNothing()
{
    const DatabaseConfig config = m_backend.newDatabase();
    QSqlDatabase db = open(config);
    MigrationRunner runner(db, SqlDialect(config));
    QVERIFY(runner.migrate(server::serverSchema()));
    auto again = runner.migrate(server::serverSchema());
    QVERIFY(again);
    QCOMPARE(again->fromVersion, server::serverSchema().latestVersion());
    QCOMPARE(again->toVersion, server::serverSchema().latestVersion());
    QSqlQuery rows(db);
    QVERIFY(rows.exec(QStringLiteral("SELECT COUNT(*) FROM schema_version")) && rows.next());
    QCOMPARE(rows.value(0).toInt(), 1);
}

void tst_Migrations::refusesNewerDatabase()
{
    const DatabaseConfig config = m_backend.newDatabase();
    QSqlDatabase db = open(config);
    MigrationRunner runner(db, SqlDialect(config));
    QVERIFY(runner.migrate(server::serverSchema()));
    QSqlQuery future(db);
    QVERIFY(future.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (999, 0)")));
    QVERIFY(future.exec(QStringLiteral("CREATE TABLE from_the_future (x BIGINT)")));
    const QStringList before = SqlDialect(config).describeSchema(db).value();

    auto refused = runner.migrate(server::serverSchema());
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QLatin1StringView("newer")), qPrintable(refused.error()));
    QCOMPARE(runner.currentVersion().value(), 999);
    QCOMPARE(SqlDialect(config).describeSchema(db).value(), before);
}

void tst_Migrations::stopsAtFirstFailingStep()
{
    const SchemaDefinition broken{
        {
            {1, {QStringLiteral("CREATE TABLE step_one (x BIGINT)")}},
            {2,
             {QStringLiteral("CREATE TABLE step_two (x BIGINT)"),
              QStringLiteral("INSERT INTO no_such_table VALUES (1)")}},
            {3, {QStringLiteral("CREATE TABLE step_three (x BIGINT)")}},
        },
        {},
    };
    const DatabaseConfig config = m_backend.newDatabase();
    QSqlDatabase db = open(config);
    MigrationRunner runner(db, SqlDialect(config));
    auto outcome = runner.migrate(broken);
    QVERIFY(!outcome);
    QVERIFY2(outcome.error().contains(QLatin1StringView("version 2")), qPrintable(outcome.error()));
    QCOMPARE(runner.currentVersion().value(), 1);
    QVERIFY(tableExists(db, QStringLiteral("step_one")));
    QVERIFY(!tableExists(db, QStringLiteral("step_two"))); // its transaction was rolled back whole
    QVERIFY(!tableExists(db, QStringLiteral("step_three")));
}

void tst_Migrations::upgradeKeepsData()
{
    SchemaDefinition released{
        {{1,
          {QStringLiteral("CREATE TABLE notes (id BIGINT PRIMARY KEY, body TEXT NOT NULL)"),
           QStringLiteral("INSERT INTO notes (id, body) VALUES (1, 'first'), (2, 'second')")}}},
        {},
    };
    const DatabaseConfig config = m_backend.newDatabase();
    QSqlDatabase db = open(config);
    MigrationRunner runner(db, SqlDialect(config));
    QVERIFY(runner.migrate(released));

    SchemaDefinition next = released;
    next.steps.append({2,
                       {QStringLiteral("ALTER TABLE notes ADD COLUMN pinned BIGINT NOT NULL DEFAULT 0"),
                        QStringLiteral("CREATE INDEX notes_pinned ON notes (pinned)")}});
    auto upgraded = runner.migrate(next);
    QVERIFY2(upgraded, upgraded ? "" : qPrintable(upgraded.error()));
    QCOMPARE(upgraded->fromVersion, 1);
    QCOMPARE(upgraded->toVersion, 2);

    QSqlQuery rows(db);
    QVERIFY(rows.exec(QStringLiteral("SELECT id, body, pinned FROM notes ORDER BY id")));
    QVERIFY(rows.next());
    QCOMPARE(rows.value(1).toString(), QStringLiteral("first"));
    QCOMPARE(rows.value(2).toInt(), 0);
    QVERIFY(rows.next());
    QCOMPARE(rows.value(1).toString(), QStringLiteral("second"));
    QVERIFY(!rows.next());
}

QTEST_GUILESS_MAIN(tst_Migrations)
#include "tst_migrations.moc"
