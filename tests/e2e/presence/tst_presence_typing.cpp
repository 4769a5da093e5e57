// End-to-end: typing fan-out and expiry, presence, users.search and users.get against a real
// parleyd, on the backend PARLEY_TEST_BACKEND names. The rules are the wire contract plus the
// server's decisions where it is silent, which belong in docs/PROTOCOL.md.
#include <DaemonFixture.h>
#include <protocol/Timestamp.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTest>

using namespace parley;
using namespace parley::test;

namespace {

QList<QJsonObject> usersOf(const Reply &reply)
{
    QList<QJsonObject> users;
    for (const QJsonValue &value : arr(reply.data, "users"))
        users.append(value.toObject());
    return users;
}

QStringList usernamesOf(const Reply &reply)
{
    QStringList names;
    for (const QJsonObject &user : usersOf(reply))
        names.append(str(user, "username"));
    return names;
}

QJsonObject userIn(const Reply &reply, const QString &id)
{
    for (const QJsonObject &user : usersOf(reply)) {
        if (str(user, "id") == id)
            return user;
    }
    return {};
}

Predicate presenceOf(const QString &userId, bool online)
{
    return [userId, online](const QJsonObject &data) {
        return str(data, "user_id") == userId && val(data, "online") == QJsonValue(online);
    };
}

Predicate typingBy(const QString &userId, bool active)
{
    return [userId, active](const QJsonObject &data) {
        return str(data, "user_id") == userId && val(data, "active") == QJsonValue(active);
    };
}

} // namespace

// Gets or creates the direct conversation with `otherId` and binds its id to `var`.
#define DIRECT(var, session, otherId)                                                                                  \
    const Reply var##Reply = (session).call("conversations.direct", obj({{"user_id", (otherId)}}));                    \
    REQUIRE_OK(var##Reply);                                                                                            \
    const QString var = str(sub(var##Reply.data, "conversation"), "id");                                               \
    QVERIFY(!var.isEmpty())

class tst_PresenceTyping : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void typingReachesOtherMembersOnly();
    void typingValidatesItsInput();
    void typingExpiresWithoutRefresh();
    void typingRefreshPostponesExpiry();
    void presenceFollowsFirstAndLastSession();
    void presenceFollowsLoginAndLogout();
    void searchMatchesPrefixesCaseInsensitively();
    void searchLimits();
    void getLeavesOutUnknownIds();
    void onlineAndLastSeenAreRealOnlyForContacts();

private:
    DaemonFixture m_fixture;
};

void tst_PresenceTyping::initTestCase()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
}

void tst_PresenceTyping::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

void tst_PresenceTyping::typingReachesOtherMembersOnly()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("ty_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("ty_bob"));
    Person carol = m_fixture.newUserNamed(QStringLiteral("ty_carol"));
    Session alice2 = m_fixture.anotherSession(alice);
    Session bob2 = m_fixture.anotherSession(bob);
    DIRECT(withBob, alice, bob.id());
    DIRECT(withCarol, alice, carol.id()); // carol is alice's contact, but not in this conversation
    flush(Sessions{&alice, &alice2, &bob, &bob2, &carol});
    const auto typing = [&](Session &session, bool active) {
        return session.call("typing", obj({{"conversation_id", withBob}, {"active", active}}));
    };

    const Reply started = typing(alice, true);
    REQUIRE_OK(started);
    QVERIFY(started.data.isEmpty());
    for (Session *session : Sessions{&bob, &bob2}) {
        const auto event = session->take("typing");
        QVERIFY(event.has_value());
        QCOMPARE(str(*event, "conversation_id"), withBob);
        QCOMPARE(str(*event, "user_id"), alice.id());
        QCOMPARE(val(*event, "active"), QJsonValue(true));
    }
    QVERIFY(alice2.none("typing"));
    QVERIFY(alice.none("typing", 0));
    QVERIFY(carol.none("typing", 0));

    // An explicit stop is passed on at once.
    QElapsedTimer timer;
    timer.start();
    REQUIRE_OK(typing(alice2, false));
    for (Session *session : Sessions{&bob, &bob2}) {
        const auto event = session->take("typing", {}, 1500);
        QVERIFY(event.has_value());
        QCOMPARE(str(*event, "user_id"), alice.id());
        QCOMPARE(val(*event, "active"), QJsonValue(false));
    }
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(alice.none("typing", 0));
    QVERIFY(carol.none("typing", 0));
    // Stopping when not typing tells nobody.
    REQUIRE_OK(typing(alice, false));
    QVERIFY(bob.none("typing"));

    // The other way round: bob types, both of alice's sessions hear it, bob's other one not.
    REQUIRE_OK(typing(bob, true));
    for (Session *session : Sessions{&alice, &alice2})
        QVERIFY(session->take("typing", typingBy(bob.id(), true)).has_value());
    QVERIFY(bob2.none("typing"));
    REQUIRE_OK(typing(bob, false));
    QVERIFY(alice.take("typing", typingBy(bob.id(), false), 1500).has_value());
    Q_UNUSED(withCarol);
}

void tst_PresenceTyping::typingValidatesItsInput()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("tv_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("tv_bob"));
    Person carol = m_fixture.newUserNamed(QStringLiteral("tv_carol"));
    DIRECT(conversationId, alice, bob.id());
    REQUIRE_ERROR(alice.call("typing", obj({{"conversation_id", conversationId}})), "bad_request", "active");
    REQUIRE_ERROR(alice.call("typing", obj({{"conversation_id", conversationId}, {"active", QStringLiteral("yes")}})),
                  "bad_request", "active");
    REQUIRE_ERROR(alice.call("typing", obj({{"active", true}})), "bad_request", "conversation_id");
    REQUIRE_ERROR(
        alice.call("typing", obj({{"conversation_id", QStringLiteral("no-such-conversation")}, {"active", true}})),
        "not_found", nullptr);
    REQUIRE_ERROR(carol.call("typing", obj({{"conversation_id", conversationId}, {"active", true}})), "not_found",
                  nullptr);
    QVERIFY(bob.none("typing"));
}

void tst_PresenceTyping::typingExpiresWithoutRefresh()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("te_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("te_bob"));
    DIRECT(conversationId, alice, bob.id());
    QElapsedTimer sinceStart;
    REQUIRE_OK(alice.call("typing", obj({{"conversation_id", conversationId}, {"active", true}})));
    sinceStart.start();
    QVERIFY(bob.take("typing", typingBy(alice.id(), true)).has_value());

    const auto stopped = bob.take("typing", typingBy(alice.id(), false), 9000);
    const qint64 elapsed = sinceStart.elapsed();
    QVERIFY2(stopped.has_value(), "no active:false within 9 s");
    QCOMPARE(str(*stopped, "conversation_id"), conversationId);
    QVERIFY2(elapsed >= 5500 && elapsed <= 7500, qPrintable(QStringLiteral("expired after %1 ms").arg(elapsed)));
    // Once only.
    QVERIFY(bob.none("typing", 500));
    QVERIFY(alice.none("typing", 0));
}

void tst_PresenceTyping::typingRefreshPostponesExpiry()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("tr_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("tr_bob"));
    DIRECT(conversationId, alice, bob.id());
    REQUIRE_OK(alice.call("typing", obj({{"conversation_id", conversationId}, {"active", true}})));
    QVERIFY(bob.take("typing", typingBy(alice.id(), true)).has_value());
    QTest::qWait(4000);             // typing must still hold after 4 s: time itself is what is tested
    QVERIFY(bob.none("typing", 0)); // not expired yet
    QElapsedTimer sinceRefresh;
    REQUIRE_OK(alice.call("typing", obj({{"conversation_id", conversationId}, {"active", true}})));
    sinceRefresh.start();

    // 6 s after the first active:true has passed by then; the refresh keeps it going.
    const auto stopped = bob.take("typing", typingBy(alice.id(), false), 9000);
    const qint64 elapsed = sinceRefresh.elapsed();
    QVERIFY2(stopped.has_value(), "no active:false within 9 s of the refresh");
    QVERIFY2(elapsed >= 5500 && elapsed <= 7500,
             qPrintable(QStringLiteral("expired %1 ms after the refresh").arg(elapsed)));
}

void tst_PresenceTyping::presenceFollowsFirstAndLastSession()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("pr_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("pr_bob"));
    Person carol = m_fixture.newUserNamed(QStringLiteral("pr_carol")); // shares nothing with bob
    Session alice2 = m_fixture.anotherSession(alice);
    DIRECT(conversationId, alice, bob.id());
    DIRECT(carolsConversation, carol, alice.id());
    flush(Sessions{&alice, &alice2, &carol});

    // Bob's only session goes away: offline, with the time he was last seen.
    const qint64 beforeClose = nowMsecs();
    bob.client->close();
    for (Session *session : Sessions{&alice, &alice2}) {
        const auto event = session->take("presence", presenceOf(bob.id(), false));
        QVERIFY(event.has_value());
        QVERIFY2(isTimestamp(val(*event, "last_seen")), qPrintable(json(*event)));
        const qint64 lastSeen = parseTimestamp(str(*event, "last_seen")).value_or(0);
        QVERIFY2(lastSeen >= beforeClose - 2000 && lastSeen <= nowMsecs() + 2000, qPrintable(json(*event)));
    }
    QVERIFY(carol.none("presence", 100));
    // (A late online:true from bob's registration may precede it; nothing comes after it.)
    alice.events->clear();
    alice2.events->clear();

    // His first session back: online.
    Session bob1 = m_fixture.anotherSession(bob);
    for (Session *session : Sessions{&alice, &alice2}) {
        const auto event = session->take("presence", presenceOf(bob.id(), true));
        QVERIFY(event.has_value());
        QVERIFY2(val(*event, "last_seen").isNull(), qPrintable(json(*event)));
    }
    QVERIFY(carol.none("presence", 100));

    // A second session, and closing either one of two, changes nothing.
    Session bob2 = m_fixture.anotherSession(bob);
    QVERIFY(alice.none("presence"));
    bob1.client.reset(); // dropped without a close handshake
    QVERIFY(alice.none("presence", 500));

    // The last one closing: offline.
    bob2.client->close();
    const auto offline = alice.take("presence", presenceOf(bob.id(), false));
    QVERIFY(offline.has_value());
    QVERIFY(isTimestamp(val(*offline, "last_seen")));
    QVERIFY(carol.none("presence", 100));
    Q_UNUSED(conversationId);
    Q_UNUSED(carolsConversation);
}

void tst_PresenceTyping::presenceFollowsLoginAndLogout()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("pl_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("pl_bob"));
    DIRECT(conversationId, alice, bob.id());
    bob.client->close();
    // A late online:true may come first (the server looks up bob's contacts after he logged in,
    // possibly after alice started the conversation); after online:false nothing else comes.
    QVERIFY(alice.take("presence", presenceOf(bob.id(), false)).has_value());
    alice.events->clear();

    // Connecting is not being online; logging in is.
    Session fresh = m_fixture.openSession();
    QVERIFY2(alice.none("presence"), qPrintable(alice.recorded("presence")));
    REQUIRE_OK(fresh.call("auth.login", obj({{"username", bob.account.username}, {"password", bob.account.password}})));
    const auto online = alice.take("presence", presenceOf(bob.id(), true));
    QVERIFY(online.has_value());
    QVERIFY(val(*online, "last_seen").isNull());

    // Logging out of the last session: offline.
    REQUIRE_OK(fresh.call("auth.logout"));
    const auto offline = alice.take("presence", presenceOf(bob.id(), false));
    QVERIFY(offline.has_value());
    QVERIFY(isTimestamp(val(*offline, "last_seen")));
    QVERIFY(fresh.client->isConnected());
    Q_UNUSED(conversationId);
}

void tst_PresenceTyping::searchMatchesPrefixesCaseInsensitively()
{
    Person anna = m_fixture.newUserNamed(QStringLiteral("srch_anna"), QStringLiteral("Anna Zephyr"));
    Person andy = m_fixture.newUserNamed(QStringLiteral("srch_andy"), QStringLiteral("Andy"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("srch_bob"), QStringLiteral("Bob Anders"));
    Person carl = m_fixture.newUserNamed(QStringLiteral("qq_carl"), QStringLiteral("Srch Carl"));
    const auto search = [&](const QString &query) {
        const Reply reply = anna.call("users.search", obj({{"query", query}}));
        return reply.ok ? usernamesOf(reply) : QStringList{describe(reply)};
    };

    QCOMPARE(search(QStringLiteral("srch_an")),
             (QStringList{QStringLiteral("srch_andy"), QStringLiteral("srch_anna")}));
    QCOMPARE(search(QStringLiteral("SRCH_AN")),
             (QStringList{QStringLiteral("srch_andy"), QStringLiteral("srch_anna")}));
    QCOMPARE(search(QStringLiteral("  srch_an  ")),
             (QStringList{QStringLiteral("srch_andy"), QStringLiteral("srch_anna")}));
    // Display names count too; results are sorted by username.
    QCOMPARE(search(QStringLiteral("srch")), (QStringList{QStringLiteral("qq_carl"), QStringLiteral("srch_andy"),
                                                          QStringLiteral("srch_anna"), QStringLiteral("srch_bob")}));
    QCOMPARE(search(QStringLiteral("srch c")), QStringList{QStringLiteral("qq_carl")});
    QCOMPARE(search(QStringLiteral("anna z")), QStringList{QStringLiteral("srch_anna")});
    // A prefix, not a substring.
    QCOMPARE(search(QStringLiteral("rch_")), QStringList{});
    QCOMPARE(search(QStringLiteral("zephyr")), QStringList{});
    QCOMPARE(search(QStringLiteral("srch_anna_not")), QStringList{});
    // LIKE wildcards in the query are plain characters.
    QCOMPARE(search(QStringLiteral("s_ch")), QStringList{});
    QCOMPARE(search(QStringLiteral("%anna")), QStringList{});
    QCOMPARE(search(QStringLiteral("srch%")), QStringList{});
    QCOMPARE(search(QStringLiteral("srch\\")), QStringList{});

    const Reply reply = anna.call("users.search", obj({{"query", QStringLiteral("srch_b")}}));
    REQUIRE_OK(reply);
    const QJsonObject found = usersOf(reply).value(0);
    QCOMPARE(str(found, "id"), bob.id());
    QCOMPARE(str(found, "username"), QStringLiteral("srch_bob"));
    QCOMPARE(str(found, "display_name"), QStringLiteral("Bob Anders"));
    QVERIFY(val(found, "online").isBool());
    QVERIFY(found.contains(QStringLiteral("last_seen")));

    REQUIRE_ERROR(anna.call("users.search", obj({{"query", QString()}})), "bad_request", "query");
    REQUIRE_ERROR(anna.call("users.search", obj({{"query", QStringLiteral("   ")}})), "bad_request", "query");
    REQUIRE_ERROR(anna.call("users.search"), "bad_request", "query");
    REQUIRE_ERROR(anna.call("users.search", obj({{"query", QString(65, QLatin1Char('s'))}})), "bad_request", "query");
    REQUIRE_OK(anna.call("users.search", obj({{"query", QString(64, QLatin1Char('s'))}})));
    Q_UNUSED(andy);
    Q_UNUSED(carl);
}

void tst_PresenceTyping::searchLimits()
{
    Person searcher = m_fixture.newUserNamed(QStringLiteral("lim_00_searcher"));
    QStringList expected{QStringLiteral("lim_00_searcher")}; // the caller is included when they match
    std::vector<Person> crowd;
    for (int i = 1; i <= 22; ++i) {
        const QString name = QStringLiteral("lim_%1").arg(i, 2, 10, QLatin1Char('0'));
        crowd.push_back(m_fixture.newUserNamed(name));
        expected.append(name);
    }
    const auto search = [&](std::optional<int> limit) {
        QJsonObject data = obj({{"query", QStringLiteral("LIM_")}});
        if (limit)
            data.insert(QStringLiteral("limit"), *limit);
        return searcher.call("users.search", data);
    };

    const Reply byDefault = search(std::nullopt);
    REQUIRE_OK(byDefault);
    QCOMPARE(usernamesOf(byDefault), expected.mid(0, 20));
    const Reply two = search(2);
    REQUIRE_OK(two);
    QCOMPARE(usernamesOf(two), expected.mid(0, 2));
    const Reply most = search(50);
    REQUIRE_OK(most);
    QCOMPARE(usernamesOf(most), expected);
    REQUIRE_ERROR(search(51), "bad_request", "limit");
    REQUIRE_ERROR(
        searcher.call("users.search", obj({{"query", QStringLiteral("lim_")}, {"limit", QStringLiteral("5")}})),
        "bad_request", "limit");
}

void tst_PresenceTyping::getLeavesOutUnknownIds()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("get_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("get_bob"), QStringLiteral("Bobby"));
    const Reply reply =
        alice.call("users.get", obj({{"ids", idArray({bob.id(), QStringLiteral("no-such-user"), alice.id()})}}));
    REQUIRE_OK(reply);
    const QList<QJsonObject> users = usersOf(reply);
    QCOMPARE(users.size(), 2);
    QCOMPARE(str(users.at(0), "id"), bob.id());
    QCOMPARE(str(users.at(0), "username"), QStringLiteral("get_bob"));
    QCOMPARE(str(users.at(0), "display_name"), QStringLiteral("Bobby"));
    QCOMPARE(str(users.at(1), "id"), alice.id());

    QStringList hundred;
    for (int i = 0; i < 99; ++i)
        hundred.append(QStringLiteral("unknown-%1").arg(i));
    hundred.append(bob.id());
    const Reply full = alice.call("users.get", obj({{"ids", idArray(hundred)}}));
    REQUIRE_OK(full);
    QCOMPARE(usersOf(full).size(), 1);
    // Over 100 ids: refused, naming the field (the contract leaves bad_request vs too_large open).
    const Reply tooMany = alice.call("users.get", obj({{"ids", idArray(hundred + QStringList{alice.id()})}}));
    QVERIFY2(errorMismatch(tooMany, "bad_request", "ids").isEmpty() ||
                 errorMismatch(tooMany, "too_large", "ids").isEmpty(),
             qPrintable(describe(tooMany)));
    REQUIRE_ERROR(alice.call("users.get"), "bad_request", "ids");
    REQUIRE_ERROR(alice.call("users.get", obj({{"ids", bob.id()}})), "bad_request", "ids");
    const Reply none = alice.call("users.get", obj({{"ids", QJsonArray()}}));
    REQUIRE_OK(none);
    QVERIFY(usersOf(none).isEmpty());
}

void tst_PresenceTyping::onlineAndLastSeenAreRealOnlyForContacts()
{
    Person alice = m_fixture.newUserNamed(QStringLiteral("ol_alice"));
    Person bob = m_fixture.newUserNamed(QStringLiteral("ol_bob"));     // shares a conversation with alice
    Person carol = m_fixture.newUserNamed(QStringLiteral("ol_carol")); // shares nothing with alice
    DIRECT(conversationId, alice, bob.id());
    const auto lookUp = [&](Session &session, const QStringList &ids) {
        return session.call("users.get", obj({{"ids", idArray(ids)}}));
    };

    const Reply everyoneOnline = lookUp(alice, {bob.id(), carol.id(), alice.id()});
    REQUIRE_OK(everyoneOnline);
    QCOMPARE(val(userIn(everyoneOnline, bob.id()), "online"), QJsonValue(true));
    QVERIFY(val(userIn(everyoneOnline, bob.id()), "last_seen").isNull());
    QCOMPARE(val(userIn(everyoneOnline, carol.id()), "online"), QJsonValue(false)); // online, but not for alice
    QVERIFY(val(userIn(everyoneOnline, carol.id()), "last_seen").isNull());
    QCOMPARE(val(userIn(everyoneOnline, alice.id()), "online"), QJsonValue(true)); // herself
    const Reply carolSelf = lookUp(carol, {carol.id()});
    REQUIRE_OK(carolSelf);
    QCOMPARE(val(userIn(carolSelf, carol.id()), "online"), QJsonValue(true));
    const Reply searched = alice.call("users.search", obj({{"query", QStringLiteral("ol_")}}));
    REQUIRE_OK(searched);
    QCOMPARE(val(userIn(searched, bob.id()), "online"), QJsonValue(true));
    QCOMPARE(val(userIn(searched, carol.id()), "online"), QJsonValue(false));

    // Both go offline: alice sees when bob was last seen, but nothing about carol.
    bob.client->close();
    const auto offline = alice.take("presence", presenceOf(bob.id(), false));
    QVERIFY(offline.has_value());
    carol.client->close();
    QVERIFY(waitForClose(*carol.client).has_value());
    const Reply afterwards = lookUp(alice, {bob.id(), carol.id()});
    REQUIRE_OK(afterwards);
    QCOMPARE(val(userIn(afterwards, bob.id()), "online"), QJsonValue(false));
    QVERIFY(isTimestamp(val(userIn(afterwards, bob.id()), "last_seen")));
    QCOMPARE(parseTimestamp(str(userIn(afterwards, bob.id()), "last_seen")),
             parseTimestamp(str(*offline, "last_seen")));
    QCOMPARE(val(userIn(afterwards, carol.id()), "online"), QJsonValue(false));
    QVERIFY2(val(userIn(afterwards, carol.id()), "last_seen").isNull(),
             qPrintable(json(userIn(afterwards, carol.id()))));
    const Reply searchedLater = alice.call("users.search", obj({{"query", QStringLiteral("ol_c")}}));
    REQUIRE_OK(searchedLater);
    QVERIFY(val(userIn(searchedLater, carol.id()), "last_seen").isNull());
    Q_UNUSED(conversationId);
}

QTEST_GUILESS_MAIN(tst_PresenceTyping)
#include "tst_presence_typing.moc"
