// End-to-end: hello and every auth path against a real parleyd, on the backend
// PARLEY_TEST_BACKEND names.
#include <DaemonFixture.h>
#include <storage/ThreadConnection.h>

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QTest>

using namespace parley;
using namespace parley::test;

namespace {

const QString kPassword = QStringLiteral("correct horse battery");

QJsonObject credentials(const QString &username, const QString &password = kPassword)
{
    return {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
}

QString userField(const Reply &reply, const char *field)
{
    return reply.data.value(QLatin1StringView("user")).toObject().value(QLatin1StringView(field)).toString();
}

} // namespace

class tst_Auth : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void helloAdvertisesProtocolAndLimits();
    void pingWorksBeforeLogin();
    void everyOtherOpNeedsLogin_data();
    void everyOtherOpNeedsLogin();
    void registerReturnsUserAndToken();
    void registerRejectsTakenUsername();
    void registerValidatesFields_data();
    void registerValidatesFields();
    void loginWithRightPassword();
    void loginWrongPasswordAndUnknownUserLookAlike();
    void resumeOnNewConnection();
    void resumeRejectsUnknownToken();
    void bearerTokenAtUpgrade();
    void invalidBearerTokenLeavesConnectionUnauthenticated();
    void logoutRevokesTokenEverywhere();
    void logoutNeedsLogin();
    void failedLoginsBackOffPerAccount();
    void secretsAreStoredOnlyAsHashes();
    void sessionSurvivesDaemonRestart();

private:
    bool isAuthenticated(net::ProtocolClient &client);

    DaemonFixture m_fixture;
};

void tst_Auth::initTestCase()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
}

void tst_Auth::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

bool tst_Auth::isAuthenticated(net::ProtocolClient &client)
{
    // Ops outside auth.* and ping are refused `unauthorized` only before login; after login an
    // op the server does not know is a plain bad_request.
    const Reply reply = call(client, QStringLiteral("users.search"), {{QStringLiteral("query"), QStringLiteral("a")}});
    return reply.ok || reply.error.code != ErrorCode::Unauthorized;
}

void tst_Auth::helloAdvertisesProtocolAndLimits()
{
    auto client = m_fixture.connect();
    const auto &hello = client->hello();
    QVERIFY(hello.has_value());
    QCOMPARE(hello->protocol, 1);
    QVERIFY2(hello->server.startsWith(QLatin1StringView("parleyd/")), qPrintable(hello->server));
    QVERIFY(!hello->user.has_value());
    QVERIFY(hello->limits.maxTextChars > 0);
    QVERIFY(hello->limits.maxFrameBytes >= 4 * hello->limits.maxTextChars);
    QVERIFY(hello->limits.maxGroupMembers > 2);
    QCOMPARE(hello->limits.historyLimitMax, 100);
}

void tst_Auth::pingWorksBeforeLogin()
{
    auto client = m_fixture.connect();
    const Reply reply = call(*client, QStringLiteral("ping"));
    QVERIFY(reply.ok);
    QVERIFY(reply.data.isEmpty());
}

void tst_Auth::everyOtherOpNeedsLogin_data()
{
    QTest::addColumn<QString>("op");
    for (const char *op : {"users.search",
                           "users.get",
                           "conversations.list",
                           "conversations.get",
                           "conversations.direct",
                           "conversations.delete",
                           "groups.create",
                           "groups.update",
                           "groups.add",
                           "groups.remove",
                           "groups.leave",
                           "groups.promote",
                           "messages.send",
                           "messages.history",
                           "messages.sync",
                           "messages.delivered",
                           "messages.read",
                           "messages.delete",
                           "unread.count",
                           "typing",
                           "no.such.op"})
        QTest::newRow(op) << QString::fromLatin1(op);
}

void tst_Auth::everyOtherOpNeedsLogin()
{
    QFETCH(QString, op);
    auto client = m_fixture.connect();
    const Reply reply = call(*client, op, {{QStringLiteral("conversation_id"), QStringLiteral("x")}});
    QVERIFY(!reply.ok);
    QCOMPARE(errorCodeName(reply.error.code), QStringLiteral("unauthorized"));
    QVERIFY(call(*client, QStringLiteral("ping")).ok); // the connection stays usable
}

void tst_Auth::registerReturnsUserAndToken()
{
    auto client = m_fixture.connect();
    QVERIFY(!isAuthenticated(*client));
    const Reply reply = call(*client, QStringLiteral("auth.register"),
                             {{QStringLiteral("username"), QStringLiteral("Alice.Smith")},
                              {QStringLiteral("password"), kPassword},
                              {QStringLiteral("display_name"), QStringLiteral("  Alice Smith  ")}});
    QVERIFY2(reply.ok, qPrintable(reply.error.message));
    const QJsonObject user = reply.data.value(QLatin1StringView("user")).toObject();
    QVERIFY(!user.value(QLatin1StringView("id")).toString().isEmpty());
    QCOMPARE(user.value(QLatin1StringView("username")).toString(), QStringLiteral("alice.smith"));
    QCOMPARE(user.value(QLatin1StringView("display_name")).toString(), QStringLiteral("Alice Smith"));
    QCOMPARE(user.value(QLatin1StringView("online")).toBool(), true);
    QVERIFY(user.contains(QLatin1StringView("last_seen")));
    const QString token = reply.data.value(QLatin1StringView("token")).toString();
    QCOMPARE(token.size(), 43); // 256 bits, base64url
    QVERIFY(isAuthenticated(*client));
}

void tst_Auth::registerRejectsTakenUsername()
{
    auto first = m_fixture.connect();
    registerAccount(*first, QStringLiteral("bob"));
    auto second = m_fixture.connect();
    const Reply reply = call(*second, QStringLiteral("auth.register"), credentials(QStringLiteral("BOB")));
    QVERIFY(!reply.ok);
    QCOMPARE(errorCodeName(reply.error.code), QStringLiteral("conflict"));
    QCOMPARE(reply.error.field, QStringLiteral("username"));
    QVERIFY(!isAuthenticated(*second));
}

void tst_Auth::registerValidatesFields_data()
{
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<QString>("field");
    const QString ok = kPassword;
    QTest::newRow("username too short") << credentials(QStringLiteral("ab")) << QStringLiteral("username");
    QTest::newRow("username too long") << credentials(QString(33, QLatin1Char('a'))) << QStringLiteral("username");
    QTest::newRow("username with dash") << credentials(QStringLiteral("a-b-c")) << QStringLiteral("username");
    QTest::newRow("username missing") << QJsonObject{{QStringLiteral("password"), ok}} << QStringLiteral("username");
    QTest::newRow("username a number") << QJsonObject{{QStringLiteral("username"), 42},
                                                      {QStringLiteral("password"), ok}}
                                       << QStringLiteral("username");
    QTest::newRow("password too short") << credentials(QStringLiteral("carol"), QStringLiteral("1234567"))
                                        << QStringLiteral("password");
    QTest::newRow("password too long") << credentials(QStringLiteral("carol"), QString(1025, QLatin1Char('p')))
                                       << QStringLiteral("password");
    QTest::newRow("password missing") << QJsonObject{{QStringLiteral("username"), QStringLiteral("carol")}}
                                      << QStringLiteral("password");
    QJsonObject longName = credentials(QStringLiteral("carol"));
    longName.insert(QStringLiteral("display_name"), QString(65, QLatin1Char('n')));
    QTest::newRow("display name too long") << longName << QStringLiteral("display_name");
}

void tst_Auth::registerValidatesFields()
{
    QFETCH(QJsonObject, data);
    QFETCH(QString, field);
    auto client = m_fixture.connect();
    const Reply reply = call(*client, QStringLiteral("auth.register"), data);
    QVERIFY(!reply.ok);
    QCOMPARE(errorCodeName(reply.error.code), QStringLiteral("bad_request"));
    QCOMPARE(reply.error.field, field);
    QVERIFY(!isAuthenticated(*client));
}

void tst_Auth::loginWithRightPassword()
{
    auto registering = m_fixture.connect();
    const Account dave = registerAccount(*registering, QStringLiteral("dave"));
    auto client = m_fixture.connect();
    QJsonObject data = credentials(QStringLiteral("Dave"));
    data.insert(QStringLiteral("device"), QStringLiteral("laptop"));
    const Reply reply = call(*client, QStringLiteral("auth.login"), data);
    QVERIFY2(reply.ok, qPrintable(reply.error.message));
    QCOMPARE(userField(reply, "id"), dave.userId);
    QCOMPARE(userField(reply, "username"), QStringLiteral("dave"));
    const QString token = reply.data.value(QLatin1StringView("token")).toString();
    QCOMPARE(token.size(), 43);
    QVERIFY(token != dave.token); // every login is a session of its own
    QVERIFY(isAuthenticated(*client));
}

void tst_Auth::loginWrongPasswordAndUnknownUserLookAlike()
{
    auto registering = m_fixture.connect();
    registerAccount(*registering, QStringLiteral("erin"));
    auto client = m_fixture.connect();
    const Reply wrongPassword = call(*client, QStringLiteral("auth.login"),
                                     credentials(QStringLiteral("erin"), QStringLiteral("not the password")));
    const Reply unknownUser = call(*client, QStringLiteral("auth.login"), credentials(QStringLiteral("nobody_here")));
    QVERIFY(!wrongPassword.ok);
    QVERIFY(!unknownUser.ok);
    QCOMPARE(errorCodeName(wrongPassword.error.code), QStringLiteral("unauthorized"));
    QCOMPARE(errorCodeName(unknownUser.error.code), QStringLiteral("unauthorized"));
    QCOMPARE(wrongPassword.error.message, unknownUser.error.message);
    QCOMPARE(wrongPassword.error.field, unknownUser.error.field);
    QVERIFY(!isAuthenticated(*client));
}

void tst_Auth::resumeOnNewConnection()
{
    auto registering = m_fixture.connect();
    const Account frank = registerAccount(*registering, QStringLiteral("frank"));
    auto client = m_fixture.connect();
    const Reply reply = call(*client, QStringLiteral("auth.resume"), {{QStringLiteral("token"), frank.token}});
    QVERIFY2(reply.ok, qPrintable(reply.error.message));
    QCOMPARE(userField(reply, "id"), frank.userId);
    QVERIFY(!reply.data.contains(QLatin1StringView("token")));
    QVERIFY(isAuthenticated(*client));
}

void tst_Auth::resumeRejectsUnknownToken()
{
    auto client = m_fixture.connect();
    for (const QString &token : {QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), QStringLiteral("x"),
                                 QString(128, QLatin1Char('t'))}) {
        const Reply reply = call(*client, QStringLiteral("auth.resume"), {{QStringLiteral("token"), token}});
        QVERIFY(!reply.ok);
        QCOMPARE(errorCodeName(reply.error.code), QStringLiteral("unauthorized"));
    }
    const Reply tooLong =
        call(*client, QStringLiteral("auth.resume"), {{QStringLiteral("token"), QString(129, QLatin1Char('t'))}});
    QCOMPARE(errorCodeName(tooLong.error.code), QStringLiteral("bad_request"));
    QCOMPARE(tooLong.error.field, QStringLiteral("token"));
    QVERIFY(!isAuthenticated(*client));
}

void tst_Auth::bearerTokenAtUpgrade()
{
    auto registering = m_fixture.connect();
    const Account gina = registerAccount(*registering, QStringLiteral("gina"));
    auto client = m_fixture.connect(gina.token);
    QVERIFY(client->hello()->user.has_value());
    QCOMPARE(client->hello()->user->id, gina.userId);
    QCOMPARE(client->hello()->user->username, QStringLiteral("gina"));
    QVERIFY(isAuthenticated(*client));
}

void tst_Auth::invalidBearerTokenLeavesConnectionUnauthenticated()
{
    auto client = m_fixture.connect(QStringLiteral("not-a-real-token"));
    QVERIFY(!client->hello()->user.has_value());
    QVERIFY(client->isConnected());
    QVERIFY(!isAuthenticated(*client));
    QVERIFY(call(*client, QStringLiteral("ping")).ok);
}

void tst_Auth::logoutRevokesTokenEverywhere()
{
    auto first = m_fixture.connect();
    const Account hank = registerAccount(*first, QStringLiteral("hank"));
    auto second = m_fixture.connect(hank.token); // another connection on the same session token
    auto otherSession = m_fixture.connect();
    QVERIFY(call(*otherSession, QStringLiteral("auth.login"), credentials(QStringLiteral("hank"))).ok);

    const Reply loggedOut = call(*first, QStringLiteral("auth.logout"));
    QVERIFY2(loggedOut.ok, qPrintable(loggedOut.error.message));
    QVERIFY(!isAuthenticated(*first));
    QVERIFY(!isAuthenticated(*second));
    QVERIFY(isAuthenticated(*otherSession)); // a different token is a different session

    auto later = m_fixture.connect();
    const Reply resumed = call(*later, QStringLiteral("auth.resume"), {{QStringLiteral("token"), hank.token}});
    QCOMPARE(errorCodeName(resumed.error.code), QStringLiteral("unauthorized"));
    auto bearer = m_fixture.connect(hank.token);
    QVERIFY(!bearer->hello()->user.has_value());
}

void tst_Auth::logoutNeedsLogin()
{
    auto client = m_fixture.connect();
    const Reply reply = call(*client, QStringLiteral("auth.logout"));
    QVERIFY(!reply.ok);
    QCOMPARE(errorCodeName(reply.error.code), QStringLiteral("unauthorized"));
}

void tst_Auth::failedLoginsBackOffPerAccount()
{
    auto registering = m_fixture.connect();
    registerAccount(*registering, QStringLiteral("ivan"));
    registerAccount(*m_fixture.connect(), QStringLiteral("judy"));
    auto client = m_fixture.connect();
    for (int attempt = 1; attempt <= 5; ++attempt) {
        const Reply reply = call(*client, QStringLiteral("auth.login"),
                                 credentials(QStringLiteral("ivan"), QStringLiteral("wrong password")));
        QCOMPARE(errorCodeName(reply.error.code), QStringLiteral("unauthorized"));
    }
    // Now even the right password must wait: a guesser cannot tell which attempt was right.
    const Reply throttled = call(*client, QStringLiteral("auth.login"), credentials(QStringLiteral("ivan")));
    QVERIFY(!throttled.ok);
    QCOMPARE(errorCodeName(throttled.error.code), QStringLiteral("rate_limited"));
    QVERIFY(throttled.error.retryAfterMs.has_value());
    QVERIFY(*throttled.error.retryAfterMs > 0 && *throttled.error.retryAfterMs <= 1000);

    // Another account is not affected.
    QVERIFY(call(*m_fixture.connect(), QStringLiteral("auth.login"), credentials(QStringLiteral("judy"))).ok);

    // After the wait, the right password works and clears the backoff.
    QTest::qWait(int(*throttled.error.retryAfterMs) + 50); // the backoff has to run out
    const Reply afterWait = call(*client, QStringLiteral("auth.login"), credentials(QStringLiteral("ivan")));
    QVERIFY2(afterWait.ok, qPrintable(afterWait.error.message));
}

void tst_Auth::secretsAreStoredOnlyAsHashes()
{
    auto client = m_fixture.connect();
    const Account kate = registerAccount(*client, QStringLiteral("kate"));

    auto db = storage::threadConnection(m_fixture.daemon().database());
    QVERIFY2(db, db ? "" : qPrintable(db.error()));
    QSqlQuery query(db.value());
    QVERIFY(query.exec(QStringLiteral("SELECT password_hash FROM users WHERE username = 'kate'")) && query.next());
    const QString passwordHash = query.value(0).toString();
    QVERIFY2(passwordHash.startsWith(QLatin1StringView("$argon2id$")), qPrintable(passwordHash));
    QVERIFY(!passwordHash.contains(kate.password));

    QVERIFY(query.exec(QStringLiteral("SELECT token_hash FROM sessions s JOIN users u ON u.id = s.user_id "
                                      "WHERE u.username = 'kate'")));
    QVERIFY(query.next());
    const QString stored = query.value(0).toString();
    QVERIFY(stored != kate.token);
    QCOMPARE(stored,
             QString::fromLatin1(QCryptographicHash::hash(kate.token.toUtf8(), QCryptographicHash::Sha256).toHex()));
    query.finish();
    db.value() = QSqlDatabase();
    storage::closeThreadConnection(m_fixture.daemon().database());
}

void tst_Auth::sessionSurvivesDaemonRestart()
{
    auto client = m_fixture.connect();
    const Account liam = registerAccount(*client, QStringLiteral("liam"));
    client.reset();
    QCOMPARE(m_fixture.stop(), 0);
    QVERIFY2(m_fixture.daemon().restart(), qPrintable(m_fixture.daemon().output()));

    auto resumed = m_fixture.connect(liam.token);
    QVERIFY(resumed->hello()->user.has_value());
    QCOMPARE(resumed->hello()->user->id, liam.userId);
    QVERIFY(call(*m_fixture.connect(), QStringLiteral("auth.login"), credentials(QStringLiteral("liam"))).ok);
}

QTEST_GUILESS_MAIN(tst_Auth)
#include "tst_auth.moc"
