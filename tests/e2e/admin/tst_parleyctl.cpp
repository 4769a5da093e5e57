// End-to-end: parleyctl against the database of a real parleyd (the daemon keeps running, as
// in production), on the backend PARLEY_TEST_BACKEND names.
#include <DaemonFixture.h>
#include <PostgresCluster.h>

#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace parley;
using namespace parley::test;

namespace {

struct CtlRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString ctlBinary()
{
    return QStringLiteral(PARLEYCTL_BINARY);
}

} // namespace

class tst_Parleyctl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void helpListsCommands();
    void addUserThenLogInWithIt();
    void addRefusesBadInput();
    void unknownCommandIsUsageError();
    void passwdChangesPasswordAndRevokesSessions();
    void disableBlocksLoginAndEnableRestores();
    void deleteRemovesUserAndEmptyConversations();
    void sessionsListAndRevoke();
    void statsCountsEverything();
    void backupWhileRunningThenRestore();
    void migrateCopiesIntoEmptyPostgres();
    void checkReportsDatabaseAndSchema();

private:
    CtlRun ctl(const QStringList &command, const QString &input = {});
    Reply login(const QString &username, const QString &password);

    DaemonFixture m_fixture;
};

void tst_Parleyctl::initTestCase()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
}

void tst_Parleyctl::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

CtlRun tst_Parleyctl::ctl(const QStringList &command, const QString &input)
{
    QProcess process;
    process.start(ctlBinary(), m_fixture.databaseArgs() +
                                   QStringList{QStringLiteral("--argon2-ops"), QStringLiteral("1"),
                                               QStringLiteral("--argon2-memory-kib"), QStringLiteral("8")} +
                                   command);
    process.write(input.toUtf8() + '\n');
    process.closeWriteChannel();
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return CtlRun{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
                  QString::fromUtf8(process.readAllStandardOutput()),
                  QString::fromUtf8(process.readAllStandardError())};
}

Reply tst_Parleyctl::login(const QString &username, const QString &password)
{
    auto client = connectClient(m_fixture.url());
    if (!client)
        return {};
    return call(*client, QStringLiteral("auth.login"),
                {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
}

void tst_Parleyctl::helpListsCommands()
{
    QProcess process;
    process.start(ctlBinary(), {QStringLiteral("--help")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    const QString help = QString::fromUtf8(process.readAllStandardOutput());
    for (const char *command :
         {"user add", "user passwd", "user disable", "user delete", "user list", "sessions list", "sessions revoke",
          "stats", "backup", "restore", "migrate", "check", "--data", "--database", "--config"})
        QVERIFY2(help.contains(QLatin1StringView(command)), command);
    // Each command has its own --help.
    const CtlRun userAdd = ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--help")});
    QCOMPARE(userAdd.exitCode, 0);
    QVERIFY(userAdd.out.contains(QLatin1StringView("user add NAME")));
    QVERIFY(!userAdd.out.contains(QLatin1StringView("sessions")));
    QCOMPARE(ctl({QStringLiteral("nonsense"), QStringLiteral("--help")}).exitCode, 2);
}

void tst_Parleyctl::addUserThenLogInWithIt()
{
    const CtlRun added = ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("Olga"),
                              QStringLiteral("--display-name"), QStringLiteral("Olga O.")},
                             QStringLiteral("olga's password"));
    QCOMPARE(added.exitCode, 0);
    QVERIFY2(added.out.startsWith(QLatin1StringView("added olga")), qPrintable(added.out));
    const Reply reply = login(QStringLiteral("olga"), QStringLiteral("olga's password"));
    QVERIFY2(reply.ok, qPrintable(reply.error.message));
    QCOMPARE(reply.data.value(QLatin1StringView("user")).toObject().value(QLatin1StringView("display_name")).toString(),
             QStringLiteral("Olga O."));
    const CtlRun listed = ctl({QStringLiteral("user"), QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(listed.out.contains(QLatin1StringView("olga")));
    QVERIFY(listed.out.contains(QLatin1StringView("Olga O.")));
}

void tst_Parleyctl::addRefusesBadInput()
{
    const CtlRun shortPassword =
        ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("pavel")}, QStringLiteral("short"));
    QCOMPARE(shortPassword.exitCode, 1);
    QVERIFY(shortPassword.err.contains(QLatin1StringView("password")));
    const CtlRun badName = ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("no spaces")},
                               QStringLiteral("long enough"));
    QCOMPARE(badName.exitCode, 1);
    QVERIFY(badName.err.contains(QLatin1StringView("username")));
    QCOMPARE(
        ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("quinn")}, QStringLiteral("long enough"))
            .exitCode,
        0);
    const CtlRun taken =
        ctl({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("QUINN")}, QStringLiteral("long enough"));
    QCOMPARE(taken.exitCode, 1);
    QVERIFY(taken.err.contains(QLatin1StringView("taken")));
    QCOMPARE(taken.err.count(QLatin1Char('\n')), 1); // one line
}

void tst_Parleyctl::unknownCommandIsUsageError()
{
    for (const QStringList &command :
         {QStringList{QStringLiteral("frobnicate")}, QStringList{QStringLiteral("user"), QStringLiteral("teleport")},
          QStringList{}}) {
        const CtlRun run = ctl(command);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith(QLatin1StringView("parleyctl: ")), qPrintable(run.err));
    }
    QCOMPARE(ctl({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("nobody_at_all")},
                 QStringLiteral("whatever1"))
                 .exitCode,
             1);
}

void tst_Parleyctl::passwdChangesPasswordAndRevokesSessions()
{
    auto client = connectClient(m_fixture.url());
    const Account rosa = registerAccount(*client, QStringLiteral("rosa"), QStringLiteral("first password"));
    const CtlRun changed = ctl({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("rosa")},
                               QStringLiteral("second password"));
    QCOMPARE(changed.exitCode, 0);
    QVERIFY(changed.out.contains(QLatin1StringView("1 session(s) revoked")));
    QCOMPARE(errorCodeName(login(QStringLiteral("rosa"), QStringLiteral("first password")).error.code),
             QStringLiteral("unauthorized"));
    QVERIFY(login(QStringLiteral("rosa"), QStringLiteral("second password")).ok);
    auto again = connectClient(m_fixture.url(), rosa.token);
    QVERIFY(!again->hello()->user.has_value()); // the old token is gone
}

void tst_Parleyctl::disableBlocksLoginAndEnableRestores()
{
    registerAccount(*connectClient(m_fixture.url()), QStringLiteral("sven"), QStringLiteral("sven password"));
    QCOMPARE(ctl({QStringLiteral("user"), QStringLiteral("disable"), QStringLiteral("sven")}).exitCode, 0);
    QCOMPARE(errorCodeName(login(QStringLiteral("sven"), QStringLiteral("sven password")).error.code),
             QStringLiteral("unauthorized"));
    QVERIFY(ctl({QStringLiteral("user"), QStringLiteral("list")}).out.contains(QLatin1StringView("disabled")));
    QCOMPARE(ctl({QStringLiteral("user"), QStringLiteral("enable"), QStringLiteral("sven")}).exitCode, 0);
    QVERIFY(login(QStringLiteral("sven"), QStringLiteral("sven password")).ok);
}

void tst_Parleyctl::deleteRemovesUserAndEmptyConversations()
{
    auto tess = connectClient(m_fixture.url());
    registerAccount(*tess, QStringLiteral("tess"), QStringLiteral("tess password"));
    auto ugo = connectClient(m_fixture.url());
    const Account ugoAccount = registerAccount(*ugo, QStringLiteral("ugo"), QStringLiteral("ugo password"));
    QVERIFY(call(*tess, QStringLiteral("groups.create"),
                 {{QStringLiteral("title"), QStringLiteral("solo")}, {QStringLiteral("member_ids"), QJsonArray()}})
                .ok);
    QVERIFY(call(*tess, QStringLiteral("messages.send"),
                 {{QStringLiteral("to_user_id"), ugoAccount.userId},
                  {QStringLiteral("client_id"), QStringLiteral("c1")},
                  {QStringLiteral("text"), QStringLiteral("hi")}})
                .ok);
    const qint64 before = ctl({QStringLiteral("stats")})
                              .out.section(QLatin1Char('\n'), 2, 2)
                              .split(QLatin1Char(' '), Qt::SkipEmptyParts)
                              .last()
                              .toLongLong();
    QCOMPARE(ctl({QStringLiteral("user"), QStringLiteral("delete"), QStringLiteral("tess")}).exitCode, 0);
    QCOMPARE(errorCodeName(login(QStringLiteral("tess"), QStringLiteral("tess password")).error.code),
             QStringLiteral("unauthorized"));
    const qint64 after = ctl({QStringLiteral("stats")})
                             .out.section(QLatin1Char('\n'), 2, 2)
                             .split(QLatin1Char(' '), Qt::SkipEmptyParts)
                             .last()
                             .toLongLong();
    QCOMPARE(after, before - 1); // the solo group is gone; the direct chat with ugo stays
    const Reply list = call(*ugo, QStringLiteral("conversations.list"));
    QCOMPARE(list.data.value(QLatin1StringView("conversations")).toArray().size(), 1);
}

void tst_Parleyctl::sessionsListAndRevoke()
{
    auto first = connectClient(m_fixture.url());
    const Account vera = registerAccount(*first, QStringLiteral("vera"), QStringLiteral("vera password"));
    auto second = connectClient(m_fixture.url());
    QVERIFY(call(*second, QStringLiteral("auth.login"),
                 {{QStringLiteral("username"), QStringLiteral("vera")},
                  {QStringLiteral("password"), QStringLiteral("vera password")},
                  {QStringLiteral("device"), QStringLiteral("tablet")}})
                .ok);
    const CtlRun listed = ctl({QStringLiteral("sessions"), QStringLiteral("list"), QStringLiteral("vera")});
    QCOMPARE(listed.exitCode, 0);
    const QStringList lines = listed.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3); // header + two sessions
    QVERIFY(listed.out.contains(QLatin1StringView("tablet")));
    QVERIFY(!listed.out.contains(vera.token)); // tokens are never shown (nor stored)

    const QString tabletSession = [&] {
        for (const QString &line : lines) {
            if (line.contains(QLatin1StringView("tablet")))
                return line.section(QLatin1Char(' '), 0, 0);
        }
        return QString();
    }();
    QVERIFY(!tabletSession.isEmpty());
    QCOMPARE(ctl({QStringLiteral("sessions"), QStringLiteral("revoke"), QStringLiteral("zz")}).exitCode, 1);
    QCOMPARE(ctl({QStringLiteral("sessions"), QStringLiteral("revoke"), tabletSession}).exitCode, 0);
    QCOMPARE(ctl({QStringLiteral("sessions"), QStringLiteral("list"), QStringLiteral("vera")})
                 .out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)
                 .size(),
             2);
    const CtlRun all =
        ctl({QStringLiteral("sessions"), QStringLiteral("revoke"), QStringLiteral("--user"), QStringLiteral("vera")});
    QCOMPARE(all.exitCode, 0);
    QVERIFY(all.out.contains(QLatin1StringView("1 session(s) revoked")));
    auto resumed = connectClient(m_fixture.url(), vera.token);
    QVERIFY(!resumed->hello()->user.has_value());
}

void tst_Parleyctl::statsCountsEverything()
{
    const CtlRun stats = ctl({QStringLiteral("stats")});
    QCOMPARE(stats.exitCode, 0);
    for (const char *row : {"users", "sessions", "conversations", "groups", "messages", "database bytes"})
        QVERIFY2(stats.out.contains(QLatin1StringView(row)), row);
    const QString users = stats.out.section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(users.split(QLatin1Char(' '), Qt::SkipEmptyParts).last().toInt() >= 5, qPrintable(users));
}

void tst_Parleyctl::backupWhileRunningThenRestore()
{
    auto wren = connectClient(m_fixture.url());
    registerAccount(*wren, QStringLiteral("wren"), QStringLiteral("wren password"));
    auto xavi = connectClient(m_fixture.url());
    const Account xaviAccount = registerAccount(*xavi, QStringLiteral("xavi"), QStringLiteral("xavi password"));
    for (int i = 0; i < 20; ++i) {
        QVERIFY(call(*wren, QStringLiteral("messages.send"),
                     {{QStringLiteral("to_user_id"), xaviAccount.userId},
                      {QStringLiteral("client_id"), QStringLiteral("b%1").arg(i)},
                      {QStringLiteral("text"), QStringLiteral("before backup %1").arg(i)}})
                    .ok);
    }
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("backup.db"));
    const CtlRun backup = ctl({QStringLiteral("backup"), file}); // the daemon keeps running
    QCOMPARE(backup.exitCode, 0);
    const auto backedUp = QRegularExpression(QStringLiteral("(\\d+) messages")).match(backup.out);
    QVERIFY2(backedUp.hasMatch() && backedUp.captured(1).toInt() >= 20, qPrintable(backup.out));
    QCOMPARE(ctl({QStringLiteral("backup"), file}).exitCode, 1); // never overwrites

    // Changes after the backup are undone by the restore.
    registerAccount(*connectClient(m_fixture.url()), QStringLiteral("yara"), QStringLiteral("yara password"));
    const QString statsBefore = ctl({QStringLiteral("stats")}).out;
    QCOMPARE(m_fixture.stop(), 0);
    const CtlRun restored = ctl({QStringLiteral("restore"), file});
    QCOMPARE(restored.exitCode, 0);
    QVERIFY2(m_fixture.daemon().restart(), qPrintable(m_fixture.daemon().output()));
    QVERIFY(ctl({QStringLiteral("stats")}).out != statsBefore);
    QCOMPARE(errorCodeName(login(QStringLiteral("yara"), QStringLiteral("yara password")).error.code),
             QStringLiteral("unauthorized"));
    const Reply xaviLogin = login(QStringLiteral("xavi"), QStringLiteral("xavi password"));
    QVERIFY(xaviLogin.ok);
    auto xaviAgain = connectClient(m_fixture.url(), xaviLogin.data.value(QLatin1StringView("token")).toString());
    const Reply list = call(*xaviAgain, QStringLiteral("conversations.list"));
    const QJsonObject conversation = list.data.value(QLatin1StringView("conversations")).toArray().first().toObject();
    const Reply history = call(*xaviAgain, QStringLiteral("messages.history"),
                               {{QStringLiteral("conversation_id"), conversation.value(QLatin1StringView("id"))}});
    const QJsonArray messages = history.data.value(QLatin1StringView("messages")).toArray();
    QCOMPARE(messages.size(), 20);
    QCOMPARE(messages.last().toObject().value(QLatin1StringView("text")).toString(),
             QStringLiteral("before backup 19"));
    QCOMPARE(ctl({QStringLiteral("restore"), dir.filePath(QStringLiteral("missing.db"))}).exitCode, 1);
}

void tst_Parleyctl::migrateCopiesIntoEmptyPostgres()
{
    PostgresCluster target;
    const QString error = target.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString url = target.createDatabase(QStringLiteral("migrated"));
    QVERIFY(!url.isEmpty());
    const QString statsBefore = ctl({QStringLiteral("stats")}).out.section(QStringLiteral("database bytes"), 0, 0);
    const CtlRun migrated = ctl({QStringLiteral("migrate"), QStringLiteral("--to"), url});
    QCOMPARE(migrated.exitCode, 0);
    QVERIFY(migrated.out.contains(QLatin1StringView("verified")));
    QCOMPARE(ctl({QStringLiteral("migrate"), QStringLiteral("--to"), url}).exitCode, 1); // not empty any more

    QProcess stats;
    stats.start(ctlBinary(), {QStringLiteral("--database"), url, QStringLiteral("stats")});
    QVERIFY(stats.waitForFinished(30000));
    QCOMPARE(stats.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(stats.readAllStandardOutput()).section(QStringLiteral("database bytes"), 0, 0),
             statsBefore);
    QCOMPARE(ctl({QStringLiteral("migrate"), QStringLiteral("--to"), QStringLiteral("mysql://x/y")}).exitCode, 2);
}

void tst_Parleyctl::checkReportsDatabaseAndSchema()
{
    const CtlRun check = ctl({QStringLiteral("check")});
    QCOMPARE(check.exitCode, 0);
    QVERIFY(check.out.contains(QLatin1StringView("database: reachable")));
    QVERIFY(check.out.contains(QLatin1StringView("(current)")));
    QProcess broken;
    broken.start(ctlBinary(), {QStringLiteral("--database"),
                               QStringLiteral("postgresql://nobody@/nothing?host=/nonexistent-parley-dir"),
                               QStringLiteral("check")});
    QVERIFY(broken.waitForFinished(30000));
    QCOMPARE(broken.exitCode(), 1);
    QVERIFY(QString::fromUtf8(broken.readAllStandardOutput()).contains(QLatin1StringView("database: cannot open")));
}

QTEST_GUILESS_MAIN(tst_Parleyctl)
#include "tst_parleyctl.moc"
