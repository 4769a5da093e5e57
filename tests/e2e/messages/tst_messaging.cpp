// End-to-end: direct conversations and every messages.* op (send, history, sync, delivered, read,
// delete, edit), unread counts, conversations.list/get/delete against a real parleyd, on the
// backend PARLEY_TEST_BACKEND names. The rules are the wire contract plus the server's decisions
// where it is silent, which belong in docs/PROTOCOL.md.
#include <DaemonFixture.h>
#include <protocol/ConversationPayloads.h>
#include <protocol/Timestamp.h>
#include <storage/ThreadConnection.h>

#include <QCoroTask>
#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace parley;
using namespace parley::test;

namespace {

QList<qint64> seqsOf(const QList<QJsonObject> &messages)
{
    QList<qint64> seqs;
    for (const QJsonObject &message : messages)
        seqs.append(truncatedNum(message, "seq"));
    return seqs;
}

// The member row of `userId`, or one with impossible watermarks when there is none.
Member memberIn(const QJsonObject &conversation, const QString &userId)
{
    Member missing;
    missing.deliveredSeq = -1;
    missing.readSeq = -1;
    return memberOf(conversation, userId).value_or(missing);
}

Predicate aboutMessage(const QString &messageId)
{
    return [messageId](const QJsonObject &data) { return str(sub(data, "message"), "id") == messageId; };
}

} // namespace

// Sends `text` into a conversation and binds the stored message to `var`.
#define SEND(var, session, conversationId, text)                                                                       \
    const Reply var##Reply = send((session), (conversationId), (text));                                                \
    REQUIRE_OK(var##Reply);                                                                                            \
    const QJsonObject var = sub(var##Reply.data, "message")
// Gets or creates the direct conversation with `otherId` and binds its id to `var`.
#define DIRECT(var, session, otherId)                                                                                  \
    const Reply var##Reply = (session).call("conversations.direct", obj({{"user_id", (otherId)}}));                    \
    REQUIRE_OK(var##Reply);                                                                                            \
    const QString var = str(sub(var##Reply.data, "conversation"), "id");                                               \
    QVERIFY(!var.isEmpty())
// conversations.get as `session` sees it, bound to `var`.
#define GET(var, session, conversationId)                                                                              \
    const Reply var##Reply = (session).call("conversations.get", obj({{"conversation_id", (conversationId)}}));        \
    REQUIRE_OK(var##Reply);                                                                                            \
    const QJsonObject var = sub(var##Reply.data, "conversation")

class tst_Messaging : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void directCreatesOneConversationAndTellsTheOthers();
    void directIsOnePerPairUnderRaces();
    void directRejectsSelfAndUnknownUsers();
    void sendToUserCreatesTheConversation();
    void sendAssignsContiguousSeqAndRisingRev();
    void sendTrimsText();
    void sendRejectsEmptyText_data();
    void sendRejectsEmptyText();
    void sendTextLimitCountsCodePoints();
    void sendValidatesClientIdAndTarget();
    void sendIsIdempotentPerClientId();
    void messageNewReachesEverySessionButTheSending();
    void historyPagesBackwardsInAscendingOrder();
    void syncReturnsEveryChangeExactlyOnce();
    void deliveredWatermarkOnlyRises();
    void readWatermarkCountsAndOnlyRises();
    void unreadCountsFollowReadsAndDeletes();
    void listIsOrderedByRecentActivity();
    void deleteForMeHidesOnlyForTheCaller();
    void deleteForEveryoneIsForTheSenderOnly();
    void editIsForTheSenderOnly();
    void deleteConversationClearsItForTheCallerOnly();
    void deleteConversationByEveryMemberPurgesIt();
    void nonMembersGetNotFound();

private:
    struct Chat
    {
        Person alice;
        Person bob;
        Session alice2;
        Session bob2;
        QString conversationId;
    };
    /// alice and bob, with a second session each, and their direct conversation with three
    /// messages from alice ("<prefix>1" to "<prefix>3"); every event so far flushed. An empty
    /// conversation id when something failed.
    Chat threeMessagesFromAlice(const char *prefix);

    DaemonFixture m_fixture;
    Limits m_limits;
};

void tst_Messaging::initTestCase()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
    m_limits = m_fixture.limits();
    QVERIFY(m_limits.maxTextChars > 0);
    QCOMPARE(m_limits.historyLimitMax, 100);
}

void tst_Messaging::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

void tst_Messaging::directCreatesOneConversationAndTellsTheOthers()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    Session alice2 = m_fixture.anotherSession(alice);
    Session bob2 = m_fixture.anotherSession(bob);

    const Reply created = alice.call("conversations.direct", obj({{"user_id", bob.id()}}));
    REQUIRE_OK(created);
    const QJsonObject conversation = sub(created.data, "conversation");
    const QString id = str(conversation, "id");
    QVERIFY(!id.isEmpty());
    QCOMPARE(str(conversation, "type"), QStringLiteral("direct"));
    QVERIFY2(val(conversation, "title").isNull(), qPrintable(json(conversation)));
    QCOMPARE(truncatedNum(conversation, "last_seq"), 0);
    QVERIFY(val(conversation, "last_message").isNull());
    QCOMPARE(truncatedNum(conversation, "unread_count"), 0);
    QVERIFY(isTimestamp(val(conversation, "created_at")));
    QCOMPARE(arr(conversation, "members").size(), 2);
    for (const QString &userId : {alice.id(), bob.id()}) {
        const auto member = memberOf(conversation, userId);
        QVERIFY2(member.has_value(), qPrintable(json(conversation)));
        QVERIFY(member->role == Member::Role::Member);
        QCOMPARE(member->deliveredSeq, 0);
        QCOMPARE(member->readSeq, 0);
    }

    // conversation.updated on creation: to the other member and to the creator's other sessions.
    for (Session *session : Sessions{&bob, &bob2, &alice2}) {
        const auto event = session->take("conversation.updated", about(id));
        QVERIFY(event.has_value());
        QCOMPARE(str(sub(*event, "conversation"), "type"), QStringLiteral("direct"));
    }
    QVERIFY(alice.none("conversation.updated", 100));

    // Asking again, from either side, gives the same conversation and creates nothing.
    const Reply again = alice.call("conversations.direct", obj({{"user_id", bob.id()}}));
    REQUIRE_OK(again);
    QCOMPARE(str(sub(again.data, "conversation"), "id"), id);
    const Reply fromBob = bob.call("conversations.direct", obj({{"user_id", alice.id()}}));
    REQUIRE_OK(fromBob);
    QCOMPARE(str(sub(fromBob.data, "conversation"), "id"), id);
    QVERIFY(bob2.none("conversation.updated"));
    QVERIFY(alice2.none("conversation.updated", 0));
    QVERIFY(alice.none("conversation.updated", 0));

    for (Session *session : Sessions{&alice, &bob}) {
        const Reply list = session->call("conversations.list");
        REQUIRE_OK(list);
        QCOMPARE(conversationIds(list), QStringList{id});
    }
}

void tst_Messaging::directIsOnePerPairUnderRaces()
{
    for (int round = 0; round < 6; ++round) {
        Person left = m_fixture.newUser("race_l");
        Person right = m_fixture.newUser("race_r");
        // Both ask at the same moment: by conversations.direct in the first rounds, by the first
        // messages.send with to_user_id in the others.
        const bool bySend = round >= 3;
        const QString op = bySend ? QStringLiteral("messages.send") : QStringLiteral("conversations.direct");
        const auto request = [&](const Person &to) {
            return bySend
                       ? obj({{"to_user_id", to.id()}, {"client_id", nextClientId()}, {"text", QStringLiteral("hi")}})
                       : obj({{"user_id", to.id()}});
        };
        auto leftTask = left.client->request(op, request(right));
        auto rightTask = right.client->request(op, request(left));
        const Reply leftReply = QCoro::waitFor(std::move(leftTask));
        const Reply rightReply = QCoro::waitFor(std::move(rightTask));
        REQUIRE_OK(leftReply);
        REQUIRE_OK(rightReply);
        const char *object = bySend ? "message" : "conversation";
        const char *idField = bySend ? "conversation_id" : "id";
        const QString leftId = str(sub(leftReply.data, object), idField);
        QVERIFY(!leftId.isEmpty());
        QCOMPARE(str(sub(rightReply.data, object), idField), leftId);
        if (bySend) {
            const QSet<qint64> seqs{truncatedNum(sub(leftReply.data, "message"), "seq"),
                                    truncatedNum(sub(rightReply.data, "message"), "seq")};
            QCOMPARE(seqs, (QSet<qint64>{1, 2}));
        }
        for (Session *session : Sessions{&left, &right}) {
            const Reply list = session->call("conversations.list");
            REQUIRE_OK(list);
            QCOMPARE(conversationIds(list), QStringList{leftId});
        }
    }
}

void tst_Messaging::directRejectsSelfAndUnknownUsers()
{
    Person alice = m_fixture.newUser("alice");
    REQUIRE_ERROR(alice.call("conversations.direct", obj({{"user_id", alice.id()}})), "bad_request", "user_id");
    REQUIRE_ERROR(alice.call("conversations.direct", obj({{"user_id", QStringLiteral("no-such-user")}})), "not_found",
                  nullptr);
    REQUIRE_ERROR(alice.call("conversations.direct"), "bad_request", "user_id");
    REQUIRE_ERROR(alice.call("conversations.direct", obj({{"user_id", 42}})), "bad_request", "user_id");
    const Reply list = alice.call("conversations.list");
    REQUIRE_OK(list);
    QVERIFY(conversationIds(list).isEmpty());
}

void tst_Messaging::sendToUserCreatesTheConversation()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    Session alice2 = m_fixture.anotherSession(alice);
    const QString clientId = nextClientId();
    const qint64 before = nowMsecs();

    const Reply reply = sendToUser(alice, bob.id(), QStringLiteral("hello bob"), clientId);
    REQUIRE_OK(reply);
    const QJsonObject message = sub(reply.data, "message");
    const QString conversationId = str(message, "conversation_id");
    QVERIFY(!str(message, "id").isEmpty());
    QVERIFY(!conversationId.isEmpty());
    QCOMPARE(truncatedNum(message, "seq"), 1);
    QVERIFY(truncatedNum(message, "rev") >= 1);
    QCOMPARE(str(message, "sender_id"), alice.id());
    QCOMPARE(str(message, "kind"), QStringLiteral("text"));
    QCOMPARE(str(message, "text"), QStringLiteral("hello bob"));
    QCOMPARE(str(message, "client_id"), clientId);
    QVERIFY(isTimestamp(val(message, "created_at")));
    const qint64 createdAt = parseTimestamp(str(message, "created_at")).value_or(0);
    QVERIFY2(createdAt >= before - 2000 && createdAt <= nowMsecs() + 2000, qPrintable(str(message, "created_at")));
    QVERIFY(val(message, "edited_at").isNull());
    QCOMPARE(val(message, "deleted"), QJsonValue(false));

    // The recipient learns of the new conversation and gets the message, without client_id.
    const auto created = bob.take("conversation.updated", about(conversationId));
    QVERIFY(created.has_value());
    QCOMPARE(str(sub(*created, "conversation"), "type"), QStringLiteral("direct"));
    const auto received = bob.take("message.new");
    QVERIFY(received.has_value());
    const QJsonObject bobsCopy = sub(*received, "message");
    QCOMPARE(str(bobsCopy, "id"), str(message, "id"));
    QCOMPARE(truncatedNum(bobsCopy, "seq"), 1);
    QCOMPARE(str(bobsCopy, "text"), QStringLiteral("hello bob"));
    QVERIFY2(val(bobsCopy, "client_id").isNull(), qPrintable(json(bobsCopy)));
    // The sender's other session gets it with client_id; the sending session does not.
    const auto echoed = alice2.take("message.new");
    QVERIFY(echoed.has_value());
    QCOMPARE(str(sub(*echoed, "message"), "client_id"), clientId);
    QVERIFY(alice.none("message.new", 100));

    DIRECT(direct, alice, bob.id());
    QCOMPARE(direct, conversationId);
    GET(bobsView, bob, conversationId);
    QCOMPARE(truncatedNum(bobsView, "last_seq"), 1);
    QCOMPARE(str(sub(bobsView, "last_message"), "id"), str(message, "id"));
    QCOMPARE(truncatedNum(bobsView, "unread_count"), 1);
}

void tst_Messaging::sendAssignsContiguousSeqAndRisingRev()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    DIRECT(conversationId, alice, bob.id());
    qint64 lastRev = 0;
    for (qint64 expectedSeq = 1; expectedSeq <= 3; ++expectedSeq) {
        Session &sender = expectedSeq == 2 ? bob : alice;
        SEND(message, sender, conversationId, QStringLiteral("number %1").arg(expectedSeq));
        QCOMPARE(truncatedNum(message, "seq"), expectedSeq);
        QVERIFY2(truncatedNum(message, "rev") > lastRev, qPrintable(json(message)));
        lastRev = truncatedNum(message, "rev");
    }
    GET(conversation, alice, conversationId);
    QCOMPARE(truncatedNum(conversation, "last_seq"), 3);
    QCOMPARE(truncatedNum(conversation, "rev"), lastRev);

    // Both members sending a burst at once, without waiting for replies: still 4, 5, 6, … with
    // no gap and no seq twice.
    std::vector<QCoro::Task<Reply>> burst;
    for (int i = 0; i < 15; ++i) {
        for (Person *sender : {&alice, &bob}) {
            burst.push_back(
                sender->client->request(QStringLiteral("messages.send"), obj({{"conversation_id", conversationId},
                                                                              {"client_id", nextClientId()},
                                                                              {"text", QStringLiteral("burst")}})));
        }
    }
    QList<qint64> seqs;
    QSet<qint64> revs;
    for (auto &task : burst) {
        const Reply reply = QCoro::waitFor(std::move(task));
        REQUIRE_OK(reply);
        seqs.append(truncatedNum(sub(reply.data, "message"), "seq"));
        revs.insert(truncatedNum(sub(reply.data, "message"), "rev"));
    }
    std::sort(seqs.begin(), seqs.end());
    QCOMPARE(seqs, range(4, 33));
    QCOMPARE(revs.size(), 30);
    const Reply history = bob.call("messages.history", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(history);
    QCOMPARE(seqsOf(messagesOf(history)), range(1, 33));
}

void tst_Messaging::sendTrimsText()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    DIRECT(conversationId, alice, bob.id());
    SEND(padded, alice, conversationId, QStringLiteral("  \n\thello there \t\r\n"));
    QCOMPARE(str(padded, "text"), QStringLiteral("hello there"));
    SEND(inner, alice, conversationId, QStringLiteral(" a  \n  b "));
    QCOMPARE(str(inner, "text"), QStringLiteral("a  \n  b"));
    const Reply history = bob.call("messages.history", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(history);
    QCOMPARE(str(messagesOf(history).value(0), "text"), QStringLiteral("hello there"));
}

void tst_Messaging::sendRejectsEmptyText_data()
{
    QTest::addColumn<QJsonValue>("text");
    QTest::newRow("empty") << QJsonValue(QString());
    QTest::newRow("spaces") << QJsonValue(QStringLiteral("    "));
    QTest::newRow("whitespace mix") << QJsonValue(QStringLiteral("\n\t \r\n "));
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
    QTest::newRow("not a string") << QJsonValue(17);
}

void tst_Messaging::sendRejectsEmptyText()
{
    QFETCH(QJsonValue, text);
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    DIRECT(conversationId, alice, bob.id());
    QJsonObject data = obj({{"conversation_id", conversationId}, {"client_id", nextClientId()}});
    if (!text.isUndefined())
        data.insert(QStringLiteral("text"), text);
    REQUIRE_ERROR(alice.call("messages.send", data), "bad_request", "text");
    QVERIFY(bob.none("message.new"));
    GET(conversation, alice, conversationId);
    QCOMPARE(truncatedNum(conversation, "last_seq"), 0);
}

void tst_Messaging::sendTextLimitCountsCodePoints()
{
    const int limit = m_limits.maxTextChars;
    QVERIFY2(m_limits.maxFrameBytes >= 4 * limit + 1024, "a frame cannot carry max_text_chars emoji");
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    DIRECT(conversationId, alice, bob.id());

    // U+1F600 is one code point but two UTF-16 units and four UTF-8 bytes.
    const QString emoji = QString::fromUcs4(U"\U0001F600");
    QString atLimit;
    for (int i = 0; i < limit; ++i)
        atLimit += emoji;
    SEND(emojiMessage, alice, conversationId, atLimit);
    QCOMPARE(str(emojiMessage, "text"), atLimit);

    SEND(plain, alice, conversationId, QString(limit, QLatin1Char('a')));
    QCOMPARE(str(plain, "text").size(), limit);
    // Whitespace around the text is trimmed before it is measured.
    SEND(padded, alice, conversationId,
         QStringLiteral("   ") + QString(limit, QLatin1Char('b')) + QStringLiteral(" \n"));
    QCOMPARE(str(padded, "text"), QString(limit, QLatin1Char('b')));

    REQUIRE_ERROR(send(alice, conversationId, QString(limit + 1, QLatin1Char('a'))), "too_large", "text");
    REQUIRE_ERROR(send(alice, conversationId, atLimit + QLatin1Char('a')), "too_large", "text");
    GET(conversation, bob, conversationId);
    QCOMPARE(truncatedNum(conversation, "last_seq"), 3);
}

void tst_Messaging::sendValidatesClientIdAndTarget()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    DIRECT(conversationId, alice, bob.id());
    const QJsonValue text = QStringLiteral("hello");

    REQUIRE_ERROR(alice.call("messages.send", obj({{"conversation_id", conversationId}, {"text", text}})),
                  "bad_request", "client_id");
    REQUIRE_ERROR(alice.call("messages.send",
                             obj({{"conversation_id", conversationId}, {"client_id", QString()}, {"text", text}})),
                  "bad_request", "client_id");
    REQUIRE_ERROR(send(alice, conversationId, QStringLiteral("hello"), QString(65, QLatin1Char('c'))), "bad_request",
                  "client_id");
    // 64 characters is the longest client_id; nothing refused above took a seq.
    const Reply at64 = send(alice, conversationId, QStringLiteral("hello"), QString(64, QLatin1Char('c')));
    REQUIRE_OK(at64);
    QCOMPARE(truncatedNum(sub(at64.data, "message"), "seq"), 1);
    QCOMPARE(str(sub(at64.data, "message"), "client_id"), QString(64, QLatin1Char('c')));

    REQUIRE_ERROR(alice.call("messages.send", obj({{"client_id", nextClientId()}, {"text", text}})), "bad_request",
                  nullptr);
    REQUIRE_ERROR(alice.call("messages.send", obj({{"conversation_id", conversationId},
                                                   {"to_user_id", bob.id()},
                                                   {"client_id", nextClientId()},
                                                   {"text", text}})),
                  "bad_request", nullptr);
    REQUIRE_ERROR(send(alice, QStringLiteral("no-such-conversation"), QStringLiteral("hello")), "not_found", nullptr);
    REQUIRE_ERROR(sendToUser(alice, QStringLiteral("no-such-user"), QStringLiteral("hello")), "not_found", nullptr);
    REQUIRE_ERROR(sendToUser(alice, alice.id(), QStringLiteral("note to self")), "bad_request", nullptr);
    // Not a member: the same answer as for a conversation that does not exist.
    REQUIRE_ERROR(send(carol, conversationId, QStringLiteral("let me in")), "not_found", nullptr);

    GET(conversation, bob, conversationId);
    QCOMPARE(truncatedNum(conversation, "last_seq"), 1);
}

void tst_Messaging::sendIsIdempotentPerClientId()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    Session alice2 = m_fixture.anotherSession(alice);
    DIRECT(conversationId, alice, bob.id());
    const QString clientId = nextClientId();

    const Reply first = send(alice, conversationId, QStringLiteral("only once"), clientId);
    REQUIRE_OK(first);
    const QJsonObject original = sub(first.data, "message");
    QVERIFY(bob.take("message.new", aboutMessage(str(original, "id"))).has_value());
    QVERIFY(alice2.take("message.new", aboutMessage(str(original, "id"))).has_value());

    // A retry (even with other text, from another session, or by to_user_id) returns the stored
    // message and tells nobody.
    const QList<Reply> retries{
        send(alice, conversationId, QStringLiteral("only once"), clientId),
        send(alice, conversationId, QStringLiteral("different text"), clientId),
        send(alice2, conversationId, QStringLiteral("only once"), clientId),
        sendToUser(alice, bob.id(), QStringLiteral("only once"), clientId),
    };
    for (const Reply &retry : retries) {
        REQUIRE_OK(retry);
        const QJsonObject message = sub(retry.data, "message");
        QCOMPARE(str(message, "id"), str(original, "id"));
        QCOMPARE(truncatedNum(message, "seq"), truncatedNum(original, "seq"));
        QCOMPARE(truncatedNum(message, "rev"), truncatedNum(original, "rev"));
        QCOMPARE(str(message, "text"), QStringLiteral("only once"));
        QCOMPARE(str(message, "client_id"), clientId);
    }
    QVERIFY(bob.none("message.new"));
    QVERIFY(alice2.none("message.new", 0));
    QVERIFY(alice.none("message.new", 0));

    // Two sessions retrying the same new client_id at the same moment still store it once.
    const QString racedId = nextClientId();
    auto fromFirst = alice.client->request(
        QStringLiteral("messages.send"),
        obj({{"conversation_id", conversationId}, {"client_id", racedId}, {"text", QStringLiteral("raced")}}));
    auto fromSecond = alice2.client->request(
        QStringLiteral("messages.send"),
        obj({{"conversation_id", conversationId}, {"client_id", racedId}, {"text", QStringLiteral("raced")}}));
    const Reply firstRace = QCoro::waitFor(std::move(fromFirst));
    const Reply secondRace = QCoro::waitFor(std::move(fromSecond));
    REQUIRE_OK(firstRace);
    REQUIRE_OK(secondRace);
    QCOMPARE(str(sub(firstRace.data, "message"), "id"), str(sub(secondRace.data, "message"), "id"));
    QCOMPARE(truncatedNum(sub(firstRace.data, "message"), "seq"), 2);
    QVERIFY(bob.take("message.new", aboutMessage(str(sub(firstRace.data, "message"), "id"))).has_value());
    QVERIFY(bob.none("message.new"));

    // The next new message follows without a gap; client ids belong to one sender and conversation.
    SEND(next, alice, conversationId, QStringLiteral("next"));
    QCOMPARE(truncatedNum(next, "seq"), 3);
    const Reply bobsSameId = send(bob, conversationId, QStringLiteral("from bob"), clientId);
    REQUIRE_OK(bobsSameId);
    QVERIFY(str(sub(bobsSameId.data, "message"), "id") != str(original, "id"));
    QCOMPARE(truncatedNum(sub(bobsSameId.data, "message"), "seq"), 4);
    const Reply otherConversation = sendToUser(alice, carol.id(), QStringLiteral("hi carol"), clientId);
    REQUIRE_OK(otherConversation);
    QVERIFY(str(sub(otherConversation.data, "message"), "id") != str(original, "id"));
    QCOMPARE(truncatedNum(sub(otherConversation.data, "message"), "seq"), 1);

    const Reply history = bob.call("messages.history", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(history);
    QCOMPARE(seqsOf(messagesOf(history)), range(1, 4));
}

void tst_Messaging::messageNewReachesEverySessionButTheSending()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    Session alice2 = m_fixture.anotherSession(alice);
    Session bob2 = m_fixture.anotherSession(bob);
    DIRECT(conversationId, alice, bob.id());
    DIRECT(carolsConversation, carol, alice.id()); // carol is alice's contact, but not in this one
    flush(Sessions{&alice, &alice2, &bob, &bob2, &carol});

    const QString clientId = nextClientId();
    const Reply sent = send(alice, conversationId, QStringLiteral("to every session"), clientId);
    REQUIRE_OK(sent);
    const QString messageId = str(sub(sent.data, "message"), "id");
    for (Session *session : Sessions{&bob, &bob2}) {
        const auto event = session->take("message.new");
        QVERIFY(event.has_value());
        QCOMPARE(str(sub(*event, "message"), "id"), messageId);
        QCOMPARE(str(sub(*event, "message"), "text"), QStringLiteral("to every session"));
        QVERIFY2(val(sub(*event, "message"), "client_id").isNull(), qPrintable(json(*event)));
    }
    const auto echoed = alice2.take("message.new");
    QVERIFY(echoed.has_value());
    QCOMPARE(str(sub(*echoed, "message"), "id"), messageId);
    QCOMPARE(str(sub(*echoed, "message"), "client_id"), clientId);
    QVERIFY(alice.none("message.new"));
    QVERIFY(carol.none("message.new", 0));

    // The same the other way round.
    const QString bobsClientId = nextClientId();
    const Reply reply = send(bob2, conversationId, QStringLiteral("back at you"), bobsClientId);
    REQUIRE_OK(reply);
    for (Session *session : Sessions{&alice, &alice2}) {
        const auto event = session->take("message.new");
        QVERIFY(event.has_value());
        QVERIFY(val(sub(*event, "message"), "client_id").isNull());
    }
    const auto bobsEcho = bob.take("message.new");
    QVERIFY(bobsEcho.has_value());
    QCOMPARE(str(sub(*bobsEcho, "message"), "client_id"), bobsClientId);
    QVERIFY(bob2.none("message.new"));
    QVERIFY(carol.none("message.new", 0));
    Q_UNUSED(carolsConversation);
}

void tst_Messaging::historyPagesBackwardsInAscendingOrder()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    DIRECT(conversationId, alice, bob.id());
    const Reply empty = alice.call("messages.history", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(empty);
    QVERIFY(messagesOf(empty).isEmpty());
    QCOMPARE(val(empty.data, "has_more"), QJsonValue(false));

    for (int i = 1; i <= 120; ++i) {
        const Reply sent = send(i % 10 == 0 ? bob : alice, conversationId, QStringLiteral("m%1").arg(i));
        REQUIRE_OK(sent);
    }
    const auto page = [&](Session &session, std::optional<qint64> beforeSeq, std::optional<qint64> limit) {
        QJsonObject data = obj({{"conversation_id", conversationId}});
        if (beforeSeq)
            data.insert(QStringLiteral("before_seq"), *beforeSeq);
        if (limit)
            data.insert(QStringLiteral("limit"), *limit);
        return session.call("messages.history", data);
    };
    struct Expectation
    {
        std::optional<qint64> beforeSeq;
        std::optional<qint64> limit;
        qint64 first;
        qint64 last;
        bool hasMore;
    };
    const QList<Expectation> expectations{
        {std::nullopt, std::nullopt, 71, 120, true}, // newest page, default limit 50
        {71, 50, 21, 70, true},
        {21, std::nullopt, 1, 20, false},
        {std::nullopt, 1000, 21, 120, true}, // clamped to 100
        {101, 100, 1, 100, false},
        {std::nullopt, 1, 120, 120, true},
        {2, 5, 1, 1, false},
        {1, std::nullopt, 1, 0, false}, // nothing before the first message
        {500, 3, 118, 120, true},
    };
    for (const Expectation &expected : expectations) {
        const Reply reply = page(alice, expected.beforeSeq, expected.limit);
        REQUIRE_OK(reply);
        const QList<QJsonObject> messages = messagesOf(reply);
        const QString what = QStringLiteral("before_seq %1, limit %2")
                                 .arg(expected.beforeSeq.value_or(-1))
                                 .arg(expected.limit.value_or(-1));
        QVERIFY2(seqsOf(messages) == range(expected.first, expected.last), qPrintable(what));
        QVERIFY2(val(reply.data, "has_more") == QJsonValue(expected.hasMore), qPrintable(what));
        for (const QJsonObject &message : messages)
            QCOMPARE(str(message, "text"), QStringLiteral("m%1").arg(truncatedNum(message, "seq")));
    }
    // The other member sees the same history; client_id only on their own messages.
    const Reply bobsPage = page(bob, std::nullopt, std::nullopt);
    REQUIRE_OK(bobsPage);
    QCOMPARE(seqsOf(messagesOf(bobsPage)), range(71, 120));
    for (const QJsonObject &message : messagesOf(bobsPage)) {
        const bool own = str(message, "sender_id") == bob.id();
        QVERIFY2(own == val(message, "client_id").isString(), qPrintable(json(message)));
    }

    // messages.sync pages by at most 100 as well.
    for (const std::optional<int> limit : {std::optional<int>(), std::optional<int>(1000)}) {
        QJsonObject data = obj({{"conversation_id", conversationId}, {"after_rev", 0}});
        if (limit)
            data.insert(QStringLiteral("limit"), *limit);
        const Reply firstPage = alice.call("messages.sync", data);
        REQUIRE_OK(firstPage);
        QCOMPARE(seqsOf(messagesOf(firstPage)), range(1, 100));
        QCOMPARE(val(firstPage.data, "has_more"), QJsonValue(true));
        const Reply rest =
            alice.call("messages.sync",
                       obj({{"conversation_id", conversationId}, {"after_rev", truncatedNum(firstPage.data, "rev")}}));
        REQUIRE_OK(rest);
        QCOMPARE(seqsOf(messagesOf(rest)), range(101, 120));
        QCOMPARE(val(rest.data, "has_more"), QJsonValue(false));
    }

    REQUIRE_ERROR(page(alice, std::nullopt, 0), "bad_request", "limit");
    REQUIRE_ERROR(page(alice, std::nullopt, -5), "bad_request", "limit");
    REQUIRE_ERROR(page(alice, 0, std::nullopt), "bad_request", "before_seq");
    REQUIRE_ERROR(page(alice, -3, std::nullopt), "bad_request", "before_seq");
    REQUIRE_ERROR(alice.call("messages.history",
                             obj({{"conversation_id", conversationId}, {"before_seq", QStringLiteral("10")}})),
                  "bad_request", "before_seq");
    REQUIRE_ERROR(alice.call("messages.history", obj({{"conversation_id", conversationId}, {"before_seq", 2.5}})),
                  "bad_request", "before_seq");
    REQUIRE_ERROR(page(carol, std::nullopt, std::nullopt), "not_found", nullptr);
}

void tst_Messaging::syncReturnsEveryChangeExactlyOnce()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    DIRECT(conversationId, alice, bob.id());
    QList<QJsonObject> sent;
    for (int i = 1; i <= 5; ++i) {
        SEND(message, alice, conversationId, QStringLiteral("s%1").arg(i));
        sent.append(message);
    }
    const auto sync = [&](Session &session, qint64 afterRev, std::optional<int> limit = std::nullopt) {
        QJsonObject data = obj({{"conversation_id", conversationId}, {"after_rev", afterRev}});
        if (limit)
            data.insert(QStringLiteral("limit"), *limit);
        return session.call("messages.sync", data);
    };

    const Reply all = sync(bob, 0);
    REQUIRE_OK(all);
    QCOMPARE(seqsOf(messagesOf(all)), range(1, 5));
    QCOMPARE(truncatedNum(all.data, "rev"), truncatedNum(sent.last(), "rev"));
    QCOMPARE(val(all.data, "has_more"), QJsonValue(false));
    qint64 previousRev = 0;
    for (const QJsonObject &message : messagesOf(all)) {
        QVERIFY(truncatedNum(message, "rev") > previousRev);
        previousRev = truncatedNum(message, "rev");
    }
    const qint64 cursor = truncatedNum(all.data, "rev");

    // Nothing new: the cursor stays where it was.
    const Reply nothing = sync(bob, cursor);
    REQUIRE_OK(nothing);
    QVERIFY(messagesOf(nothing).isEmpty());
    QCOMPARE(truncatedNum(nothing.data, "rev"), cursor);
    QCOMPARE(val(nothing.data, "has_more"), QJsonValue(false));

    // Changes come back at their new rev: a deletion, an edit, and a new message.
    REQUIRE_OK(alice.call("messages.delete",
                          obj({{"message_id", str(sent.at(1), "id")}, {"scope", QStringLiteral("everyone")}})));
    REQUIRE_OK(alice.call("messages.edit",
                          obj({{"message_id", str(sent.at(3), "id")}, {"text", QStringLiteral("s4 edited")}})));
    SEND(sixth, alice, conversationId, QStringLiteral("s6"));
    const Reply changes = sync(bob, cursor);
    REQUIRE_OK(changes);
    const QList<QJsonObject> changed = messagesOf(changes);
    QCOMPARE(seqsOf(changed), (QList<qint64>{2, 4, 6}));
    QCOMPARE(val(changed.at(0), "deleted"), QJsonValue(true));
    QCOMPARE(str(changed.at(0), "text"), QString());
    QVERIFY(truncatedNum(changed.at(0), "rev") > cursor);
    QCOMPARE(str(changed.at(1), "text"), QStringLiteral("s4 edited"));
    QVERIFY(isTimestamp(val(changed.at(1), "edited_at")));
    QVERIFY(truncatedNum(changed.at(1), "rev") > truncatedNum(changed.at(0), "rev"));
    QCOMPARE(truncatedNum(changes.data, "rev"), truncatedNum(sixth, "rev"));
    QCOMPARE(val(changes.data, "has_more"), QJsonValue(false));

    // Paging with a small limit from the start collects every message once, in rev order.
    QList<QJsonObject> collected;
    qint64 after = 0;
    bool more = true;
    int pages = 0;
    while (more && pages < 10) {
        const Reply reply = sync(bob, after, 2);
        REQUIRE_OK(reply);
        const QList<QJsonObject> messages = messagesOf(reply);
        more = val(reply.data, "has_more").toBool();
        QVERIFY2(messages.size() == 2 || !more, qPrintable(describe(reply)));
        if (!messages.isEmpty())
            QCOMPARE(truncatedNum(reply.data, "rev"), truncatedNum(messages.last(), "rev"));
        after = truncatedNum(reply.data, "rev");
        collected += messages;
        ++pages;
    }
    QVERIFY(!more);
    QCOMPARE(after, truncatedNum(sixth, "rev"));
    QSet<qint64> seqs;
    for (const QJsonObject &message : collected)
        seqs.insert(truncatedNum(message, "seq"));
    QCOMPARE(collected.size(), 6);
    QCOMPARE(seqs, (QSet<qint64>{1, 2, 3, 4, 5, 6}));
    for (qsizetype i = 1; i < collected.size(); ++i)
        QVERIFY(truncatedNum(collected.at(i), "rev") > truncatedNum(collected.at(i - 1), "rev"));

    REQUIRE_ERROR(bob.call("messages.sync", obj({{"conversation_id", conversationId}})), "bad_request", "after_rev");
    REQUIRE_ERROR(sync(bob, -1), "bad_request", "after_rev");
}

tst_Messaging::Chat tst_Messaging::threeMessagesFromAlice(const char *prefix)
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    Chat chat{std::move(alice), std::move(bob), {}, {}, {}};
    chat.alice2 = m_fixture.anotherSession(chat.alice);
    chat.bob2 = m_fixture.anotherSession(chat.bob);
    const QString id = directConversation(chat.alice, chat.bob);
    for (int i = 1; i <= 3 && !id.isEmpty(); ++i) {
        if (!send(chat.alice, id, QStringLiteral("%1%2").arg(QLatin1StringView(prefix)).arg(i)).ok)
            return chat;
    }
    flush(Sessions{&chat.alice, &chat.alice2, &chat.bob, &chat.bob2});
    chat.conversationId = id;
    return chat;
}

void tst_Messaging::deliveredWatermarkOnlyRises()
{
    auto [alice, bob, alice2, bob2, conversationId] = threeMessagesFromAlice("d");
    QVERIFY(!conversationId.isEmpty());
    const auto delivered = [&](const QJsonValue &seq) {
        return bob.call("messages.delivered", obj({{"conversation_id", conversationId}, {"seq", seq}}));
    };

    const Reply raised = delivered(2);
    REQUIRE_OK(raised);
    QVERIFY(raised.data.isEmpty());
    for (Session *session : Sessions{&alice, &alice2, &bob2}) {
        const auto receipt = session->take("receipt");
        QVERIFY(receipt.has_value());
        QCOMPARE(str(*receipt, "conversation_id"), conversationId);
        QCOMPARE(str(*receipt, "user_id"), bob.id());
        QCOMPARE(truncatedNum(*receipt, "delivered_seq"), 2);
        QCOMPARE(truncatedNum(*receipt, "read_seq"), 0);
    }
    QVERIFY(bob.none("receipt", 100));

    // Lower or equal: accepted, nothing changes, nobody is told.
    REQUIRE_OK(delivered(1));
    REQUIRE_OK(delivered(2));
    QVERIFY(alice.none("receipt"));
    QVERIFY(bob2.none("receipt", 0));
    GET(afterLower, alice, conversationId);
    QCOMPARE(memberIn(afterLower, bob.id()).deliveredSeq, 2);

    // Beyond the last message: clamped to last_seq.
    REQUIRE_OK(delivered(50));
    const auto clamped = alice.take("receipt");
    QVERIFY(clamped.has_value());
    QCOMPARE(truncatedNum(*clamped, "delivered_seq"), 3);
    GET(conversation, alice, conversationId);
    QCOMPARE(memberIn(conversation, bob.id()).deliveredSeq, 3);
    QCOMPARE(memberIn(conversation, bob.id()).readSeq, 0);
    // A sender's own watermarks follow what they sent.
    QCOMPARE(memberIn(conversation, alice.id()).deliveredSeq, 3);
    QCOMPARE(memberIn(conversation, alice.id()).readSeq, 3);

    REQUIRE_ERROR(delivered(-1), "bad_request", "seq");
    REQUIRE_ERROR(delivered(QStringLiteral("2")), "bad_request", "seq");
    REQUIRE_ERROR(delivered(1.5), "bad_request", "seq");
    REQUIRE_ERROR(bob.call("messages.delivered", obj({{"conversation_id", conversationId}})), "bad_request", "seq");
}

void tst_Messaging::readWatermarkCountsAndOnlyRises()
{
    auto [alice, bob, alice2, bob2, conversationId] = threeMessagesFromAlice("r");
    QVERIFY(!conversationId.isEmpty());
    const auto read = [&](qint64 seq) {
        return bob.call("messages.read", obj({{"conversation_id", conversationId}, {"seq", seq}}));
    };

    const Reply first = read(2);
    REQUIRE_OK(first);
    QCOMPARE(truncatedNum(first.data, "marked_count"), 2);
    for (Session *session : Sessions{&alice, &alice2, &bob2}) {
        const auto receipt = session->take("receipt");
        QVERIFY(receipt.has_value());
        QCOMPARE(str(*receipt, "user_id"), bob.id());
        QCOMPARE(truncatedNum(*receipt, "delivered_seq"), 2); // reading delivers too
        QCOMPARE(truncatedNum(*receipt, "read_seq"), 2);
    }
    QVERIFY(bob.none("receipt", 100));

    const Reply lower = read(1);
    REQUIRE_OK(lower);
    QCOMPARE(truncatedNum(lower.data, "marked_count"), 0);
    QVERIFY(alice.none("receipt"));
    QVERIFY(bob2.none("receipt", 0));

    const Reply beyond = read(99);
    REQUIRE_OK(beyond);
    QCOMPARE(truncatedNum(beyond.data, "marked_count"), 1);
    const auto clamped = alice2.take("receipt");
    QVERIFY(clamped.has_value());
    QCOMPARE(truncatedNum(*clamped, "read_seq"), 3);
    QCOMPARE(truncatedNum(*clamped, "delivered_seq"), 3);

    GET(conversation, alice, conversationId);
    QCOMPARE(memberIn(conversation, bob.id()).readSeq, 3);
    QCOMPARE(memberIn(conversation, bob.id()).deliveredSeq, 3);

    // Delivered may run ahead of read; read never pulls it back.
    SEND(fourth, alice, conversationId, QStringLiteral("r4"));
    SEND(fifth, alice, conversationId, QStringLiteral("r5"));
    REQUIRE_OK(bob.call("messages.delivered", obj({{"conversation_id", conversationId}, {"seq", 5}})));
    const Reply partial = read(4);
    REQUIRE_OK(partial);
    QCOMPARE(truncatedNum(partial.data, "marked_count"), 1);
    const auto mixed =
        alice.take("receipt", [](const QJsonObject &data) { return truncatedNum(data, "read_seq") == 4; });
    QVERIFY(mixed.has_value());
    QCOMPARE(truncatedNum(*mixed, "delivered_seq"), 5);

    // Sending raises the sender's own watermarks: what bob sent he has read.
    SEND(bobs, bob, conversationId, QStringLiteral("r6 from bob"));
    GET(afterSend, bob, conversationId);
    QCOMPARE(memberIn(afterSend, bob.id()).readSeq, 6);
    QCOMPARE(truncatedNum(afterSend, "unread_count"), 0);

    REQUIRE_ERROR(read(-2), "bad_request", "seq");
    Q_UNUSED(fourth);
    Q_UNUSED(fifth);
    Q_UNUSED(bobs);
}

void tst_Messaging::unreadCountsFollowReadsAndDeletes()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    DIRECT(withAlice, bob, alice.id());
    DIRECT(withCarol, bob, carol.id());
    QList<QJsonObject> fromAlice;
    for (int i = 1; i <= 3; ++i) {
        SEND(message, alice, withAlice, QStringLiteral("a%1").arg(i));
        fromAlice.append(message);
    }
    QList<QJsonObject> fromCarol;
    for (int i = 1; i <= 2; ++i) {
        SEND(message, carol, withCarol, QStringLiteral("c%1").arg(i));
        fromCarol.append(message);
    }
    const auto expectUnread = [&](Session &session, const QString &conversationId, qint64 expected) {
        const Reply got = session.call("conversations.get", obj({{"conversation_id", conversationId}}));
        const Reply list = session.call("conversations.list");
        return got.ok && list.ok && truncatedNum(sub(got.data, "conversation"), "unread_count") == expected &&
               truncatedNum(findConversation(list, conversationId), "unread_count") == expected;
    };
    const auto total = [](Session &session) {
        const Reply reply = session.call("unread.count");
        return reply.ok ? truncatedNum(reply.data, "count") : -1;
    };

    QVERIFY(expectUnread(bob, withAlice, 3));
    QVERIFY(expectUnread(bob, withCarol, 2));
    QCOMPARE(total(bob), 5);
    QVERIFY(expectUnread(alice, withAlice, 0)); // own messages are never unread
    QCOMPARE(total(alice), 0);
    QCOMPARE(total(carol), 0);

    REQUIRE_OK(bob.call("messages.read", obj({{"conversation_id", withAlice}, {"seq", 1}})));
    QVERIFY(expectUnread(bob, withAlice, 2));
    QCOMPARE(total(bob), 4);

    // Deleted for everyone: no longer unread.
    REQUIRE_OK(alice.call("messages.delete",
                          obj({{"message_id", str(fromAlice.at(2), "id")}, {"scope", QStringLiteral("everyone")}})));
    QVERIFY(expectUnread(bob, withAlice, 1));
    QCOMPARE(total(bob), 3);
    // Deleted for bob only: no longer unread for him.
    REQUIRE_OK(bob.call("messages.delete",
                        obj({{"message_id", str(fromCarol.at(1), "id")}, {"scope", QStringLiteral("me")}})));
    QVERIFY(expectUnread(bob, withCarol, 1));
    QCOMPARE(total(bob), 2);

    // Reading past the deleted message counts only what was really read.
    const Reply read = bob.call("messages.read", obj({{"conversation_id", withAlice}, {"seq", 3}}));
    REQUIRE_OK(read);
    QCOMPARE(truncatedNum(read.data, "marked_count"), 1);
    REQUIRE_OK(bob.call("messages.read", obj({{"conversation_id", withCarol}, {"seq", 2}})));
    QCOMPARE(total(bob), 0);
    QVERIFY(expectUnread(bob, withAlice, 0));
    QVERIFY(expectUnread(bob, withCarol, 0));
}

void tst_Messaging::listIsOrderedByRecentActivity()
{
    auto [alice, bob, carol, dave, erin] = m_fixture.newUsers("alice", "bob", "carol", "dave", "erin");
    QHash<QString, QString> conversationWith; // user id → conversation id
    for (const Person *other : {&bob, &carol, &dave}) {
        const Reply sent = sendToUser(alice, other->id(), QStringLiteral("hi %1").arg(other->account.username));
        REQUIRE_OK(sent);
        conversationWith.insert(other->id(), str(sub(sent.data, "message"), "conversation_id"));
        QTest::qWait(15); // distinct activity times
    }
    const auto order = [&]() {
        const Reply list = alice.call("conversations.list");
        return list.ok ? conversationIds(list) : QStringList{QStringLiteral("list failed")};
    };
    QCOMPARE(order(),
             (QStringList{conversationWith[dave.id()], conversationWith[carol.id()], conversationWith[bob.id()]}));

    // A message from bob moves his conversation to the top, and is its last_message.
    SEND(fromBob, bob, conversationWith[bob.id()], QStringLiteral("bob again"));
    QTest::qWait(15); // distinct activity times
    QCOMPARE(order(),
             (QStringList{conversationWith[bob.id()], conversationWith[dave.id()], conversationWith[carol.id()]}));
    const Reply list = alice.call("conversations.list");
    REQUIRE_OK(list);
    const QJsonObject top = findConversation(list, conversationWith[bob.id()]);
    QCOMPARE(str(sub(top, "last_message"), "id"), str(fromBob, "id"));
    QCOMPARE(str(sub(top, "last_message"), "text"), QStringLiteral("bob again"));
    QCOMPARE(truncatedNum(top, "unread_count"), 1);
    QCOMPARE(truncatedNum(top, "last_seq"), 2);
    QCOMPARE(arr(top, "members").size(), 2);
    QCOMPARE(str(sub(findConversation(list, conversationWith[carol.id()]), "last_message"), "text"),
             QStringLiteral("hi %1").arg(carol.account.username));

    // A new conversation without messages counts from its creation.
    DIRECT(withErin, alice, erin.id());
    QTest::qWait(15); // distinct activity times
    QCOMPARE(order(), (QStringList{withErin, conversationWith[bob.id()], conversationWith[dave.id()],
                                   conversationWith[carol.id()]}));
    QVERIFY(val(findConversation(alice.call("conversations.list"), withErin), "last_message").isNull());
    SEND(toCarol, alice, conversationWith[carol.id()], QStringLiteral("carol, you there?"));
    QCOMPARE(order().value(0), conversationWith[carol.id()]);
    Q_UNUSED(toCarol);
}

void tst_Messaging::deleteForMeHidesOnlyForTheCaller()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    DIRECT(conversationId, alice, bob.id());
    SEND(first, alice, conversationId, QStringLiteral("one"));
    SEND(second, alice, conversationId, QStringLiteral("two"));
    SEND(third, alice, conversationId, QStringLiteral("three"));
    alice.flush();

    const Reply hidden =
        bob.call("messages.delete", obj({{"message_id", str(third, "id")}, {"scope", QStringLiteral("me")}}));
    REQUIRE_OK(hidden);
    QVERIFY(hidden.data.isEmpty());
    QVERIFY(alice.none("message.updated"));

    const auto historySeqs = [&](Session &session) {
        const Reply reply = session.call("messages.history", obj({{"conversation_id", conversationId}}));
        return reply.ok ? seqsOf(messagesOf(reply)) : QList<qint64>{-1};
    };
    QCOMPARE(historySeqs(bob), (QList<qint64>{1, 2}));
    QCOMPARE(historySeqs(alice), (QList<qint64>{1, 2, 3}));
    const Reply bobsSync = bob.call("messages.sync", obj({{"conversation_id", conversationId}, {"after_rev", 0}}));
    REQUIRE_OK(bobsSync);
    QCOMPARE(seqsOf(messagesOf(bobsSync)), (QList<qint64>{1, 2}));
    GET(bobsView, bob, conversationId);
    QCOMPARE(str(sub(bobsView, "last_message"), "id"), str(second, "id"));
    QCOMPARE(truncatedNum(bobsView, "unread_count"), 2);
    GET(alicesView, alice, conversationId);
    QCOMPARE(str(sub(alicesView, "last_message"), "id"), str(third, "id"));

    // Alice hiding her own first message leaves it in bob's history.
    REQUIRE_OK(alice.call("messages.delete", obj({{"message_id", str(first, "id")}, {"scope", QStringLiteral("me")}})));
    QCOMPARE(historySeqs(alice), (QList<qint64>{2, 3}));
    QCOMPARE(historySeqs(bob), (QList<qint64>{1, 2}));

    // has_more counts only what the caller can see: nothing visible before seq 2 for alice now.
    const Reply beforeSecond =
        alice.call("messages.history", obj({{"conversation_id", conversationId}, {"before_seq", 2}}));
    REQUIRE_OK(beforeSecond);
    QVERIFY(messagesOf(beforeSecond).isEmpty());
    QCOMPARE(val(beforeSecond.data, "has_more"), QJsonValue(false));
    const Reply newestOne =
        alice.call("messages.history", obj({{"conversation_id", conversationId}, {"before_seq", 3}, {"limit", 1}}));
    REQUIRE_OK(newestOne);
    QCOMPARE(seqsOf(messagesOf(newestOne)), QList<qint64>{2});
    QCOMPARE(val(newestOne.data, "has_more"), QJsonValue(false));

    REQUIRE_ERROR(bob.call("messages.delete",
                           obj({{"message_id", QStringLiteral("no-such-message")}, {"scope", QStringLiteral("me")}})),
                  "not_found", nullptr);
    REQUIRE_ERROR(
        bob.call("messages.delete", obj({{"message_id", str(first, "id")}, {"scope", QStringLiteral("all")}})),
        "bad_request", "scope");
    REQUIRE_ERROR(bob.call("messages.delete", obj({{"message_id", str(first, "id")}})), "bad_request", "scope");
}

void tst_Messaging::deleteForEveryoneIsForTheSenderOnly()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    Session alice2 = m_fixture.anotherSession(alice);
    DIRECT(conversationId, alice, bob.id());
    SEND(first, alice, conversationId, QStringLiteral("regrettable"));
    SEND(second, alice, conversationId, QStringLiteral("also regrettable"));
    flush(Sessions{&alice, &alice2, &bob});
    const auto deleteForEveryone = [](Session &session, const QJsonObject &message) {
        return session.call("messages.delete",
                            obj({{"message_id", str(message, "id")}, {"scope", QStringLiteral("everyone")}}));
    };

    REQUIRE_ERROR(deleteForEveryone(bob, first), "forbidden", nullptr);
    QVERIFY(alice.none("message.updated"));

    const Reply deleted = deleteForEveryone(alice, first);
    REQUIRE_OK(deleted);
    QVERIFY(deleted.data.isEmpty());
    for (Session *session : Sessions{&bob, &alice2}) {
        const auto updated = session->take("message.updated");
        QVERIFY(updated.has_value());
        const QJsonObject message = sub(*updated, "message");
        QCOMPARE(str(message, "id"), str(first, "id"));
        QCOMPARE(truncatedNum(message, "seq"), truncatedNum(first, "seq"));
        QCOMPARE(val(message, "deleted"), QJsonValue(true));
        QCOMPARE(val(message, "text"), QJsonValue(QString()));
        QVERIFY2(truncatedNum(message, "rev") > truncatedNum(second, "rev"), qPrintable(json(message)));
    }
    QVERIFY(alice.none("message.updated", 100));

    // It stays in history, as a tombstone, for both.
    for (Session *session : Sessions{&alice, &bob}) {
        const Reply history = session->call("messages.history", obj({{"conversation_id", conversationId}}));
        REQUIRE_OK(history);
        const QList<QJsonObject> messages = messagesOf(history);
        QCOMPARE(seqsOf(messages), (QList<qint64>{1, 2}));
        QCOMPARE(val(messages.at(0), "deleted"), QJsonValue(true));
        QCOMPARE(str(messages.at(0), "text"), QString());
        QCOMPARE(val(messages.at(1), "deleted"), QJsonValue(false));
    }
    const Reply sync = bob.call("messages.sync",
                                obj({{"conversation_id", conversationId}, {"after_rev", truncatedNum(second, "rev")}}));
    REQUIRE_OK(sync);
    QCOMPARE(messagesOf(sync).size(), 1);
    QCOMPARE(str(messagesOf(sync).at(0), "id"), str(first, "id"));
    QCOMPARE(val(messagesOf(sync).at(0), "deleted"), QJsonValue(true));

    // The last message, deleted, is still the conversation's last_message.
    REQUIRE_OK(deleteForEveryone(alice, second));
    GET(bobsView, bob, conversationId);
    QCOMPARE(str(sub(bobsView, "last_message"), "id"), str(second, "id"));
    QCOMPARE(val(sub(bobsView, "last_message"), "deleted"), QJsonValue(true));
    QCOMPARE(str(sub(bobsView, "last_message"), "text"), QString());
    QCOMPARE(truncatedNum(bobsView, "unread_count"), 0);

    REQUIRE_ERROR(alice.call("messages.delete", obj({{"message_id", QStringLiteral("no-such-message")},
                                                     {"scope", QStringLiteral("everyone")}})),
                  "not_found", nullptr);
}

void tst_Messaging::editIsForTheSenderOnly()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    Session alice2 = m_fixture.anotherSession(alice);
    DIRECT(conversationId, alice, bob.id());
    SEND(original, alice, conversationId, QStringLiteral("helo wrld"));
    flush(Sessions{&alice, &alice2, &bob});
    const auto edit = [](Session &session, const QJsonObject &message, const QString &text) {
        return session.call("messages.edit", obj({{"message_id", str(message, "id")}, {"text", text}}));
    };

    const Reply edited = edit(alice, original, QStringLiteral("  hello world "));
    REQUIRE_OK(edited);
    const QJsonObject message = sub(edited.data, "message");
    QCOMPARE(str(message, "id"), str(original, "id"));
    QCOMPARE(truncatedNum(message, "seq"), truncatedNum(original, "seq"));
    QCOMPARE(str(message, "text"), QStringLiteral("hello world"));
    QVERIFY2(isTimestamp(val(message, "edited_at")), qPrintable(json(message)));
    QVERIFY(truncatedNum(message, "rev") > truncatedNum(original, "rev"));
    for (Session *session : Sessions{&bob, &alice2}) {
        const auto updated = session->take("message.updated");
        QVERIFY(updated.has_value());
        QCOMPARE(str(sub(*updated, "message"), "text"), QStringLiteral("hello world"));
        QCOMPARE(truncatedNum(sub(*updated, "message"), "rev"), truncatedNum(message, "rev"));
        QVERIFY(isTimestamp(val(sub(*updated, "message"), "edited_at")));
    }
    QVERIFY(alice.none("message.updated", 100));
    const Reply history = bob.call("messages.history", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(history);
    QCOMPARE(str(messagesOf(history).value(0), "text"), QStringLiteral("hello world"));
    QVERIFY(isTimestamp(val(messagesOf(history).value(0), "edited_at")));

    REQUIRE_ERROR(edit(bob, original, QStringLiteral("bob was here")), "forbidden", nullptr);
    REQUIRE_ERROR(edit(alice, original, QStringLiteral("   ")), "bad_request", "text");
    REQUIRE_ERROR(edit(alice, original, QString(m_limits.maxTextChars + 1, QLatin1Char('x'))), "too_large", "text");
    REQUIRE_ERROR(alice.call("messages.edit",
                             obj({{"message_id", QStringLiteral("no-such-message")}, {"text", QStringLiteral("x")}})),
                  "not_found", nullptr);
    REQUIRE_OK(alice.call("messages.delete",
                          obj({{"message_id", str(original, "id")}, {"scope", QStringLiteral("everyone")}})));
    REQUIRE_ERROR(edit(alice, original, QStringLiteral("resurrected")), "forbidden", nullptr);
    const Reply after = bob.call("messages.history", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(after);
    QCOMPARE(val(messagesOf(after).value(0), "deleted"), QJsonValue(true));
    QCOMPARE(str(messagesOf(after).value(0), "text"), QString());
}

void tst_Messaging::deleteConversationClearsItForTheCallerOnly()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    Session alice2 = m_fixture.anotherSession(alice);
    DIRECT(conversationId, alice, bob.id());
    SEND(one, alice, conversationId, QStringLiteral("one"));
    SEND(two, bob, conversationId, QStringLiteral("two"));
    SEND(three, bob, conversationId, QStringLiteral("three"));
    flush(Sessions{&alice, &alice2, &bob});

    const Reply deleted = alice.call("conversations.delete", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(deleted);
    QCOMPARE(truncatedNum(deleted.data, "messages_deleted"), 3);
    const auto removed = alice2.take("conversation.removed");
    QVERIFY(removed.has_value());
    QCOMPARE(str(*removed, "conversation_id"), conversationId);
    QVERIFY(bob.none("conversation.removed", 100));
    QVERIFY(alice.none("conversation.removed", 0));

    const auto listed = [&](Session &session) {
        const Reply list = session.call("conversations.list");
        return list.ok && conversationIds(list).contains(conversationId);
    };
    const auto historySeqs = [&](Session &session) {
        const Reply reply = session.call("messages.history", obj({{"conversation_id", conversationId}}));
        return reply.ok ? seqsOf(messagesOf(reply)) : QList<qint64>{-1};
    };
    const auto syncSeqs = [&](Session &session) {
        const Reply reply = session.call("messages.sync", obj({{"conversation_id", conversationId}, {"after_rev", 0}}));
        return reply.ok ? seqsOf(messagesOf(reply)) : QList<qint64>{-1};
    };
    QVERIFY(!listed(alice));
    QCOMPARE(historySeqs(alice), QList<qint64>{});
    QCOMPARE(syncSeqs(alice), QList<qint64>{});
    const Reply unread = alice.call("unread.count");
    REQUIRE_OK(unread);
    QCOMPARE(truncatedNum(unread.data, "count"), 0);
    // Bob keeps everything.
    QVERIFY(listed(bob));
    QCOMPARE(historySeqs(bob), range(1, 3));

    // Nothing left to clear.
    const Reply again = alice.call("conversations.delete", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(again);
    QCOMPARE(truncatedNum(again.data, "messages_deleted"), 0);

    // A new message brings it back, with only what came after the deletion.
    SEND(back, bob, conversationId, QStringLiteral("still there?"));
    const auto arrived = alice.take("message.new");
    QVERIFY(arrived.has_value());
    QCOMPARE(truncatedNum(sub(*arrived, "message"), "seq"), 4);
    QVERIFY(listed(alice));
    const Reply list = alice.call("conversations.list");
    QCOMPARE(str(sub(findConversation(list, conversationId), "last_message"), "id"), str(back, "id"));
    QCOMPARE(truncatedNum(findConversation(list, conversationId), "unread_count"), 1);
    QCOMPARE(historySeqs(alice), QList<qint64>{4});
    QCOMPARE(syncSeqs(alice), QList<qint64>{4});
    QCOMPARE(historySeqs(bob), range(1, 4));

    Person carol = m_fixture.newUser("carol");
    REQUIRE_ERROR(carol.call("conversations.delete", obj({{"conversation_id", conversationId}})), "not_found", nullptr);
    Q_UNUSED(one);
    Q_UNUSED(two);
    Q_UNUSED(three);
}

void tst_Messaging::deleteConversationByEveryMemberPurgesIt()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    DIRECT(conversationId, alice, bob.id());
    SEND(one, alice, conversationId, QStringLiteral("one"));
    SEND(two, bob, conversationId, QStringLiteral("two"));

    const auto count = [&](const char *sql) { return countRows(m_fixture.daemon().database(), sql, conversationId); };
    const char *conversations = "SELECT COUNT(*) FROM conversations WHERE id = ?";
    const char *messages = "SELECT COUNT(*) FROM messages WHERE conversation_id = ?";
    const char *members = "SELECT COUNT(*) FROM members WHERE conversation_id = ?";

    const Reply byAlice = alice.call("conversations.delete", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(byAlice);
    QCOMPARE(truncatedNum(byAlice.data, "messages_deleted"), 2);
    // One member left who has not deleted it: it is still there for bob.
    GET(bobsView, bob, conversationId);
    QCOMPARE(truncatedNum(bobsView, "last_seq"), 2);
    QCOMPARE(count(conversations), 1);
    QCOMPARE(count(messages), 2);

    const Reply byBob = bob.call("conversations.delete", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(byBob);
    QCOMPARE(truncatedNum(byBob.data, "messages_deleted"), 2);
    QCOMPARE(count(conversations), 0);
    QCOMPARE(count(messages), 0);
    QCOMPARE(count(members), 0);
    storage::closeThreadConnection(m_fixture.daemon().database());
    for (Session *session : Sessions{&alice, &bob})
        REQUIRE_ERROR(session->call("conversations.get", obj({{"conversation_id", conversationId}})), "not_found",
                      nullptr);

    // Writing again starts a new conversation from seq 1.
    const Reply fresh = sendToUser(alice, bob.id(), QStringLiteral("starting over"));
    REQUIRE_OK(fresh);
    QVERIFY(str(sub(fresh.data, "message"), "conversation_id") != conversationId);
    QCOMPARE(truncatedNum(sub(fresh.data, "message"), "seq"), 1);
    Q_UNUSED(one);
    Q_UNUSED(two);
}

void tst_Messaging::nonMembersGetNotFound()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    DIRECT(conversationId, alice, bob.id());
    SEND(message, alice, conversationId, QStringLiteral("private"));
    const QString messageId = str(message, "id");

    struct Probe
    {
        const char *op;
        QJsonObject data;
    };
    const QList<Probe> probes{
        {"conversations.get", obj({{"conversation_id", conversationId}})},
        {"messages.history", obj({{"conversation_id", conversationId}})},
        {"messages.sync", obj({{"conversation_id", conversationId}, {"after_rev", 0}})},
        {"messages.delivered", obj({{"conversation_id", conversationId}, {"seq", 1}})},
        {"messages.read", obj({{"conversation_id", conversationId}, {"seq", 1}})},
        {"messages.delete", obj({{"message_id", messageId}, {"scope", QStringLiteral("me")}})},
        {"messages.delete", obj({{"message_id", messageId}, {"scope", QStringLiteral("everyone")}})},
        {"messages.edit", obj({{"message_id", messageId}, {"text", QStringLiteral("mine now")}})},
        {"typing", obj({{"conversation_id", conversationId}, {"active", true}})},
        {"conversations.delete", obj({{"conversation_id", conversationId}})},
    };
    for (const Probe &probe : probes) {
        const Reply reply = carol.call(probe.op, probe.data);
        const QString mismatch = errorMismatch(reply, "not_found", nullptr);
        QVERIFY2(mismatch.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1StringView(probe.op), mismatch)));
        // A conversation that does not exist gets exactly the same answer.
        QJsonObject unknown = probe.data;
        if (unknown.contains(QStringLiteral("conversation_id")))
            unknown.insert(QStringLiteral("conversation_id"), QStringLiteral("no-such-conversation"));
        else
            unknown.insert(QStringLiteral("message_id"), QStringLiteral("no-such-message"));
        const Reply missing = alice.call(probe.op, unknown);
        QVERIFY2(
            !missing.ok && missing.error.code == reply.error.code && missing.error.message == reply.error.message,
            qPrintable(
                QStringLiteral("%1: %2 vs %3").arg(QLatin1StringView(probe.op), describe(reply), describe(missing))));
    }
    const Reply history = bob.call("messages.history", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(history);
    QCOMPARE(messagesOf(history).size(), 1);
    QCOMPARE(str(messagesOf(history).at(0), "text"), QStringLiteral("private"));
    QCOMPARE(val(messagesOf(history).at(0), "deleted"), QJsonValue(false));
    GET(conversation, alice, conversationId);
    QCOMPARE(memberIn(conversation, bob.id()).readSeq, 0);
    const Reply carolsList = carol.call("conversations.list");
    REQUIRE_OK(carolsList);
    QVERIFY(conversationIds(carolsList).isEmpty());
}

QTEST_GUILESS_MAIN(tst_Messaging)
#include "tst_messaging.moc"
