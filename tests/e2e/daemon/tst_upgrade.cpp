// End-to-end: a database left by an earlier schema version opens with the current parleyd with
// every account, session and setting intact (tests/fixtures/schema-v<N>.sql, one per released
// version), on the backend PARLEY_TEST_BACKEND names.
#include <DaemonFixture.h>
#include <storage/ThreadConnection.h>

#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace parley;
using namespace parley::test;

class tst_Upgrade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void schemaVersion1KeepsAccountsAndSessions();

private:
    // Only its backend and daemon: the database is filled from the fixture file before parleyd starts.
    DaemonFixture m_fixture;
};

void tst_Upgrade::initTestCase()
{
    QVERIFY2(m_fixture.startBackend(), qPrintable(m_fixture.error()));
}

void tst_Upgrade::schemaVersion1KeepsAccountsAndSessions()
{
    ParleydProcess &daemon = m_fixture.daemon();
    const TestBackend::DaemonDatabase database = m_fixture.backend().newDaemonDatabase(daemon.dataDir());
    QFile fixture(QStringLiteral(PARLEY_SOURCE_DIR "/tests/fixtures/schema-v1.sql"));
    QVERIFY(fixture.open(QIODevice::ReadOnly));
    {
        auto db = storage::threadConnection(database.config);
        QVERIFY2(db, db ? "" : qPrintable(db.error()));
        for (const QString &statement : QString::fromUtf8(fixture.readAll()).split(QStringLiteral(";\n"))) {
            QString sql = statement;
            sql.remove(QRegularExpression(QStringLiteral("^--[^\\n]*\\n"), QRegularExpression::MultilineOption));
            if (sql.trimmed().isEmpty())
                continue;
            QSqlQuery query(db.value());
            QVERIFY2(query.exec(sql), qPrintable(query.lastError().text() + QStringLiteral(": ") + sql));
        }
        db.value() = QSqlDatabase();
    }
    storage::closeThreadConnection(database.config);

    QVERIFY2(daemon.start(ParleydProcess::fastArgs() + database.args), qPrintable(daemon.output()));
    auto alice = connectClient(daemon.url(), QStringLiteral("fixture-token-alice")); // a v1 session
    QVERIFY(alice && alice->hello()->user.has_value());
    QCOMPARE(alice->hello()->user->id, QStringLiteral("fixtureAlice0001"));
    QCOMPARE(alice->hello()->user->displayName, QStringLiteral("Alice from v1"));
    auto bob = connectClient(daemon.url());
    const Reply login = call(*bob, QStringLiteral("auth.login"),
                             {{QStringLiteral("username"), QStringLiteral("bob")},
                              {QStringLiteral("password"), QStringLiteral("fixture password")}});
    QVERIFY2(login.ok, qPrintable(login.error.message));
    QCOMPARE(login.data.value(QLatin1StringView("user")).toObject().value(QLatin1StringView("id")).toString(),
             QStringLiteral("fixtureBob000002"));
    // And the new schema works for the old accounts.
    const Reply sent = call(*alice, QStringLiteral("messages.send"),
                            {{QStringLiteral("to_user_id"), QStringLiteral("fixtureBob000002")},
                             {QStringLiteral("client_id"), QStringLiteral("upgrade-1")},
                             {QStringLiteral("text"), QStringLiteral("hello from the new schema")}});
    QVERIFY2(sent.ok, qPrintable(sent.error.message));
    QCOMPARE(daemon.terminate(), 0);

    if (!m_fixture.backend().isPostgres()) {
        // The SQLite database was copied aside before the upgrade touched it.
        const auto backupConfig =
            storage::DatabaseConfig::sqlite(database.config.sqlitePath + QStringLiteral(".schema-v1.bak"));
        QVERIFY(QFile::exists(backupConfig.sqlitePath));
        {
            auto backup = storage::threadConnection(backupConfig);
            QVERIFY(backup);
            QSqlQuery version(backup.value());
            QVERIFY(version.exec(QStringLiteral("SELECT MAX(version) FROM schema_version")) && version.next());
            QCOMPARE(version.value(0).toInt(), 1);
            QSqlQuery users(backup.value());
            QVERIFY(users.exec(QStringLiteral("SELECT COUNT(*) FROM users")) && users.next());
            QCOMPARE(users.value(0).toInt(), 2);
            backup.value() = QSqlDatabase();
        }
        storage::closeThreadConnection(backupConfig);
    }
}

QTEST_GUILESS_MAIN(tst_Upgrade)
#include "tst_upgrade.moc"
