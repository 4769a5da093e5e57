// End to end: the desktop client's core (ChatSession over Connection and Api, with its LocalCache)
// against a real parleyd. Two users chat and see the ticks move; sends survive lost connections,
// lost replies, daemon crashes and app restarts exactly once; the app reconnects by itself and
// opens from its cache; revoked sessions are noticed; typing and presence reach the other side.
#include "FinishTask.h"
#include <ParleydProcess.h>
#include <TestBackend.h>
#include <TestClient.h>
#include <TestJson.h>
#include <core/ChatSession.h>

#include <QCoroTask>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace parley;
using namespace parley::client;
using namespace parley::test;
using parley::test::finish;

namespace {

constexpr int kEventTimeoutMs = 10000;     // a live event or an acknowledged send
constexpr int kReconnectTimeoutMs = 40000; // worst case of the backoff after a daemon restart

struct Identity
{
    User user;
    QString token;
};

/// The messages of a conversation the cache holds, ascending.
QList<Message> cachedMessages(ChatSession &session, const QString &conversationId)
{
    return session.cache().messages(conversationId, std::nullopt, 1000);
}

/// The cached messages with `clientId` (own messages keep it).
QList<Message> cachedWithClientId(ChatSession &session, const QString &conversationId, const QString &clientId)
{
    QList<Message> found;
    for (const Message &message : cachedMessages(session, conversationId)) {
        if (message.clientId == clientId)
            found.append(message);
    }
    return found;
}

QStringList texts(const QList<Message> &messages)
{
    QStringList result;
    for (const Message &message : messages)
        result.append(message.text);
    return result;
}

/// What the sender's UI shows for its message `clientId`: Pending while in the outbox, then the ticks.
DeliveryState stateOf(ChatSession &session, const QString &conversationId, const QString &clientId)
{
    for (const OutboxEntry &entry : session.outbox(conversationId)) {
        if (entry.clientId == clientId)
            return entry.failure.isEmpty() ? DeliveryState::Pending : DeliveryState::Failed;
    }
    const auto found = cachedWithClientId(session, conversationId, clientId);
    return found.isEmpty() ? DeliveryState::None : session.deliveryState(found.first());
}

/// How many `incomingMessage` signals recorded by `spy` carried `text`.
int withText(const QSignalSpy &spy, const QString &text)
{
    int count = 0;
    for (const QList<QVariant> &arguments : spy) {
        if (arguments.first().value<Message>().text == text)
            ++count;
    }
    return count;
}

bool isOnline(const std::unique_ptr<ChatSession> &session)
{
    return session && session->connection().state() == Connection::State::Online;
}

} // namespace

namespace QTest {
template <>
char *toString(const DeliveryState &state)
{
    static const char *const names[] = {"None", "Pending", "Failed", "Sent", "Delivered", "Seen"};
    return qstrdup(names[int(state)]);
}
} // namespace QTest

// Waits until `session` (a std::unique_ptr<ChatSession>) is authenticated and has applied its
// first conversations.list.
#define START_AND_SYNC(session)                                                                                        \
    do {                                                                                                               \
        (session)->start();                                                                                            \
        QTRY_VERIFY_WITH_TIMEOUT(isOnline(session) && (session)->isSynced(), kEventTimeoutMs);                         \
    } while (false)

class tst_ClientSession : public QObject
{
    Q_OBJECT

    /// Alice and Bob, both online and synced, with a direct conversation both sessions know.
    struct Chat
    {
        Identity alice;
        Identity bob;
        std::unique_ptr<ChatSession> aliceSession;
        std::unique_ptr<ChatSession> bobSession;
        QString conversationId;
    };
    std::optional<Chat> startChat();

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void twoClientsChatAndTicksMove();
    void firstMessageOfANewConversationIsLive();
    void revokedTokenIsRejectedOnConnect();
    void tokenRevokedWhileOnlineIsNoticed();
    void typingAndPresenceReachThePeer();
    void offlineSendIsDeliveredOnceAfterReconnect();
    void sendWhoseReplyWasLostIsStoredOnce();
    void cacheReopensWithEverythingAndTheOutboxSurvivesRestarts();
    void reconnectsAfterTheDaemonRestarts();
    void sendInterruptedByADaemonCrashIsStoredOnce();
    void destroyingASessionMidSyncIsSafe();

private:
    Identity registerUser(const char *base);
    std::unique_ptr<ChatSession> newSession(const Identity &identity, const QUrl &server = {});
    QString cachePath(const Identity &identity) const;
    /// How many messages with `text` the server has in the conversation, as `viewer` sees it.
    int serverCount(const Identity &viewer, const QString &conversationId, const QString &text);

    TestBackend m_backend;
    ParleydProcess m_daemon;
    QTemporaryDir m_cacheDir;
};

void tst_ClientSession::initTestCase()
{
    QVERIFY(m_cacheDir.isValid());
    const QString error = m_backend.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(m_daemon.startOn(m_backend), qPrintable(m_daemon.output()));
}

void tst_ClientSession::cleanupTestCase()
{
    QCOMPARE(m_daemon.terminate(), 0);
}

Identity tst_ClientSession::registerUser(const char *base)
{
    // A bare ProtocolClient under the typed Api, as the app's sign-in screen does it.
    auto client = connectClient(m_daemon.url());
    if (!client)
        qFatal("cannot reach parleyd at %s", qPrintable(m_daemon.url().toString()));
    net::ProtocolClient *raw = client.get();
    Api api([raw](const QString &op, const QJsonObject &data) { return raw->request(op, data); });
    const QString username = uniqueName(base);
    QString displayName = username;
    displayName[0] = displayName.at(0).toUpper();
    auto registered = finish(api.registerAccount(username, QStringLiteral("correct horse battery"), displayName));
    if (!registered)
        qFatal("registering %s failed: %s", qPrintable(username), qPrintable(registered.error().message));
    return Identity{registered->user, registered->token};
}

QString tst_ClientSession::cachePath(const Identity &identity) const
{
    return m_cacheDir.filePath(identity.user.username + QStringLiteral(".sqlite"));
}

std::optional<tst_ClientSession::Chat> tst_ClientSession::startChat()
{
    Chat chat{registerUser("alice"), registerUser("bob"), nullptr, nullptr, {}};
    chat.aliceSession = newSession(chat.alice);
    chat.bobSession = newSession(chat.bob);
    for (std::unique_ptr<ChatSession> *session : {&chat.aliceSession, &chat.bobSession}) {
        (*session)->start();
        if (!QTest::qWaitFor([session] { return isOnline(*session) && (*session)->isSynced(); }, kEventTimeoutMs))
            return std::nullopt;
    }
    auto opened = finish(chat.aliceSession->openDirect(chat.bob.user.id));
    if (!opened)
        return std::nullopt;
    chat.conversationId = opened.value();
    if (!QTest::qWaitFor([&chat] { return chat.bobSession->conversation(chat.conversationId) != nullptr; },
                         kEventTimeoutMs))
        return std::nullopt;
    return chat;
}

std::unique_ptr<ChatSession> tst_ClientSession::newSession(const Identity &identity, const QUrl &server)
{
    auto cache = LocalCache::open(cachePath(identity));
    if (!cache)
        qFatal("cannot open the cache: %s", qPrintable(cache.error()));
    return std::make_unique<ChatSession>(std::move(cache).value(), server.isEmpty() ? m_daemon.url() : server,
                                         identity.token, identity.user);
}

int tst_ClientSession::serverCount(const Identity &viewer, const QString &conversationId, const QString &text)
{
    Session session = openSession(m_daemon.url(), viewer.token);
    const Reply reply = session.call("messages.history", obj({{"conversation_id", conversationId}, {"limit", 100}}));
    if (!reply.ok) {
        qWarning("messages.history failed: %s", qPrintable(describe(reply)));
        return -1;
    }
    int count = 0;
    for (const QJsonObject &message : messagesOf(reply)) {
        if (str(message, "text") == text)
            ++count;
    }
    return count;
}

void tst_ClientSession::twoClientsChatAndTicksMove()
{
    const Identity alice = registerUser("alice");
    const Identity bob = registerUser("bob");
    auto aliceSession = newSession(alice);
    auto bobSession = newSession(bob);
    START_AND_SYNC(aliceSession);
    START_AND_SYNC(bobSession);
    QVERIFY(aliceSession->conversationIds().isEmpty());

    auto opened = finish(aliceSession->openDirect(bob.user.id));
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
    const QString conversationId = opened.value();
    QVERIFY(!conversationId.isEmpty());
    QVERIFY(aliceSession->conversation(conversationId));
    QCOMPARE(aliceSession->peerId(*aliceSession->conversation(conversationId)), bob.user.id);
    QCOMPARE(aliceSession->title(*aliceSession->conversation(conversationId)), bob.user.displayName);
    // Opening it again gives the same conversation.
    auto again = finish(aliceSession->openDirect(bob.user.id));
    QVERIFY(again);
    QCOMPARE(again.value(), conversationId);

    // Bob's running session learns about the new conversation and its other member.
    QTRY_VERIFY_WITH_TIMEOUT(bobSession->conversation(conversationId) != nullptr, kEventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(bobSession->title(*bobSession->conversation(conversationId)), alice.user.displayName,
                              kEventTimeoutMs);

    // Every state Alice's UI could show for the message, in the order it shows them.
    QString clientId;
    QList<DeliveryState> states;
    const auto record = [&] {
        if (clientId.isEmpty())
            return;
        const DeliveryState state = stateOf(*aliceSession, conversationId, clientId);
        if (states.isEmpty() || states.last() != state)
            states.append(state);
    };
    QObject recorder; // destroyed before the sessions and the locals `record` uses
    connect(aliceSession.get(), &ChatSession::outboxChanged, &recorder, record);
    connect(aliceSession.get(), &ChatSession::messagesChanged, &recorder, record);
    connect(aliceSession.get(), &ChatSession::receiptsChanged, &recorder, record);
    connect(aliceSession.get(), &ChatSession::conversationChanged, &recorder, record);

    QSignalSpy incoming(bobSession.get(), &ChatSession::incomingMessage);
    QSignalSpy bobChanged(bobSession.get(), &ChatSession::messagesChanged);
    QVERIFY(aliceSession->sendText(conversationId, QStringLiteral("   ")).isEmpty());
    clientId = aliceSession->sendText(conversationId, QStringLiteral("  Hello Bob  "));
    QVERIFY(!clientId.isEmpty());
    record();
    // Pending until the server acknowledges it; trimmed as the server will store it.
    QCOMPARE(aliceSession->outbox(conversationId).size(), 1);
    QCOMPARE(aliceSession->outbox(conversationId).first().text, QStringLiteral("Hello Bob"));
    QCOMPARE(states.first(), DeliveryState::Pending);

    QTRY_COMPARE_WITH_TIMEOUT(incoming.size(), 1, kEventTimeoutMs);
    const auto received = incoming.first().first().value<Message>();
    QCOMPARE(received.text, QStringLiteral("Hello Bob"));
    QCOMPARE(received.senderId, alice.user.id);
    QCOMPARE(received.conversationId, conversationId);
    QVERIFY(received.clientId.isEmpty()); // client ids are the sender's business
    QVERIFY(!bobChanged.isEmpty());
    QCOMPARE(bobChanged.last().first().toString(), conversationId);
    QCOMPARE(texts(cachedMessages(*bobSession, conversationId)), QStringList{QStringLiteral("Hello Bob")});
    QCOMPARE(bobSession->conversation(conversationId)->unreadCount, 1);
    QCOMPARE(bobSession->totalUnread(), 1);
    QCOMPARE(bobSession->deliveryState(received), DeliveryState::None);

    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
    const auto sent = cachedWithClientId(*aliceSession, conversationId, clientId);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().id, received.id);
    QCOMPARE(aliceSession->conversation(conversationId)->lastSeq, sent.first().seq);

    // Bob's session reports delivery by itself; reading is up to Bob.
    QTRY_COMPARE_WITH_TIMEOUT(aliceSession->deliveryState(sent.first()), DeliveryState::Delivered, kEventTimeoutMs);
    QTest::qWait(300);
    QCOMPARE(aliceSession->deliveryState(sent.first()), DeliveryState::Delivered);
    bobSession->markRead(conversationId);
    QCOMPARE(bobSession->totalUnread(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(aliceSession->deliveryState(sent.first()), DeliveryState::Seen, kEventTimeoutMs);
    QCOMPARE(states, (QList<DeliveryState>{DeliveryState::Pending, DeliveryState::Sent, DeliveryState::Delivered,
                                           DeliveryState::Seen}));

    // Bob answers; Alice's running session gets it and counts it unread.
    QSignalSpy aliceIncoming(aliceSession.get(), &ChatSession::incomingMessage);
    QVERIFY(!bobSession->sendText(conversationId, QStringLiteral("Hi Alice")).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(aliceIncoming.size(), 1, kEventTimeoutMs);
    QCOMPARE(aliceIncoming.first().first().value<Message>().text, QStringLiteral("Hi Alice"));
    QCOMPARE(aliceSession->totalUnread(), 1);
    QCOMPARE(texts(cachedMessages(*aliceSession, conversationId)),
             (QStringList{QStringLiteral("Hello Bob"), QStringLiteral("Hi Alice")}));
    QCOMPARE(aliceSession->describe(aliceIncoming.first().first().value<Message>()), QStringLiteral("Hi Alice"));
    QCOMPARE(incoming.size(), 1); // Bob's own message is not "incoming" for Bob
}

void tst_ClientSession::firstMessageOfANewConversationIsLive()
{
    // Someone Bob never talked to writes to him (messages.send with to_user_id creates the
    // conversation): his running session shows the conversation, notifies, and reports delivery.
    const Identity alice = registerUser("alice");
    const Identity bob = registerUser("bob");
    auto bobSession = newSession(bob);
    START_AND_SYNC(bobSession);
    QSignalSpy incoming(bobSession.get(), &ChatSession::incomingMessage);
    Session aliceRaw = openSession(m_daemon.url(), alice.token);
    const Reply sent = aliceRaw.call(
        "messages.send",
        obj({{"to_user_id", bob.user.id}, {"client_id", nextClientId()}, {"text", QStringLiteral("hi")}}));
    REQUIRE_OK(sent);
    const QJsonObject message = messageOf(sent);
    const QString conversationId = str(message, "conversation_id");

    QTRY_VERIFY_WITH_TIMEOUT(bobSession->conversation(conversationId) != nullptr, kEventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(texts(cachedMessages(*bobSession, conversationId)), QStringList{QStringLiteral("hi")},
                              kEventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(bobSession->title(*bobSession->conversation(conversationId)), alice.user.displayName,
                              kEventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(incoming.size(), 1, kEventTimeoutMs);
    QCOMPARE(bobSession->totalUnread(), 1);
    // Bob's session marks it delivered by itself, as for any other live message.
    QTRY_COMPARE_WITH_TIMEOUT(
        [&] {
            const Reply got = aliceRaw.call("conversations.get", obj({{"conversation_id", conversationId}}));
            const auto member = memberOf(conversationOf(got), bob.user.id);
            return member ? member->deliveredSeq : -1;
        }(),
        num(message, "seq"), kEventTimeoutMs);
}

void tst_ClientSession::revokedTokenIsRejectedOnConnect()
{
    const Identity carol = registerUser("carol");
    {
        Session other = openSession(m_daemon.url(), carol.token);
        QVERIFY(other.client->hello()->user.has_value());
        REQUIRE_OK(other.call("auth.logout"));
    }
    auto session = newSession(carol);
    QSignalSpy rejected(session.get(), &ChatSession::sessionRejected);
    QSignalSpy states(&session->connection(), &Connection::stateChanged);
    session->start();
    QTRY_COMPARE_WITH_TIMEOUT(rejected.size(), 1, kEventTimeoutMs);
    QCOMPARE(session->connection().state(), Connection::State::Offline);
    QVERIFY(!session->isSynced());
    // It does not keep trying with a token that cannot work.
    QCOMPARE(session->connection().retryIn().count(), -1);
    const auto changes = states.size();
    QTest::qWait(1500);
    QCOMPARE(states.size(), changes);
    QCOMPARE(rejected.size(), 1);
}

void tst_ClientSession::tokenRevokedWhileOnlineIsNoticed()
{
    // The token is revoked from elsewhere while the app is connected with it (PROTOCOL.md,
    // auth.logout: every connection that authenticated with it becomes unauthenticated, silently).
    const Identity dave = registerUser("dave");
    const Identity erin = registerUser("erin");
    auto session = newSession(dave);
    START_AND_SYNC(session);
    auto opened = finish(session->openDirect(erin.user.id));
    QVERIFY(opened);
    QSignalSpy rejected(session.get(), &ChatSession::sessionRejected);
    {
        Session other = openSession(m_daemon.url(), dave.token);
        REQUIRE_OK(other.call("auth.logout"));
    }
    const QString clientId = session->sendText(opened.value(), QStringLiteral("after the logout"));
    QVERIFY(!clientId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(
        !rejected.isEmpty() || stateOf(*session, opened.value(), clientId) != DeliveryState::Pending, kEventTimeoutMs);
    // The app must learn that it has to sign in again...
    QCOMPARE(rejected.size(), 1);
    // ...and the message must not be thrown away as refused for good: it is the session that is gone.
    QCOMPARE(stateOf(*session, opened.value(), clientId), DeliveryState::Pending);
}

void tst_ClientSession::typingAndPresenceReachThePeer()
{
    auto chat = startChat();
    QVERIFY(chat);
    auto &[alice, bob, aliceSession, bobSession, conversationId] = *chat;

    // Typing.
    QVERIFY(aliceSession->typingText(conversationId).isEmpty());
    QSignalSpy typingChanged(aliceSession.get(), &ChatSession::typingChanged);
    bobSession->noteTyping(conversationId, true);
    const QString typing = bob.user.displayName + QStringLiteral(" is typing…");
    QTRY_COMPARE_WITH_TIMEOUT(aliceSession->typingText(conversationId), typing, kEventTimeoutMs);
    QVERIFY(!typingChanged.isEmpty());
    QCOMPARE(typingChanged.first().first().toString(), conversationId);
    QVERIFY(bobSession->typingText(conversationId).isEmpty()); // nobody sees themselves typing
    bobSession->noteTyping(conversationId, false);
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->typingText(conversationId).isEmpty(), kEventTimeoutMs);
    // A message ends the indicator as well.
    bobSession->noteTyping(conversationId, true);
    QTRY_COMPARE_WITH_TIMEOUT(aliceSession->typingText(conversationId), typing, kEventTimeoutMs);
    QVERIFY(!bobSession->sendText(conversationId, QStringLiteral("done typing")).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->typingText(conversationId).isEmpty(), kEventTimeoutMs);

    // Presence.
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->user(bob.user.id) && aliceSession->user(bob.user.id)->online,
                             kEventTimeoutMs);
    QSignalSpy userChanged(aliceSession.get(), &ChatSession::userChanged);
    bobSession->stop();
    QCOMPARE(bobSession->connection().state(), Connection::State::Offline);
    QTRY_VERIFY_WITH_TIMEOUT(!aliceSession->user(bob.user.id)->online, kEventTimeoutMs);
    QVERIFY(aliceSession->user(bob.user.id)->lastSeenMsecs.has_value());
    QVERIFY(userChanged.contains(QVariantList{bob.user.id}));
    // And back.
    bobSession->start();
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->user(bob.user.id)->online, kEventTimeoutMs);
}

void tst_ClientSession::offlineSendIsDeliveredOnceAfterReconnect()
{
    const Identity alice = registerUser("alice");
    const Identity bob = registerUser("bob");
    auto aliceSession = newSession(alice);
    START_AND_SYNC(aliceSession);
    auto opened = finish(aliceSession->openDirect(bob.user.id));
    QVERIFY(opened);
    const QString conversationId = opened.value();

    aliceSession->stop();
    QCOMPARE(aliceSession->connection().state(), Connection::State::Offline);
    const QString text = QStringLiteral("written while offline");
    const QString clientId = aliceSession->sendText(conversationId, text);
    QVERIFY(!clientId.isEmpty());
    QCOMPARE(stateOf(*aliceSession, conversationId, clientId), DeliveryState::Pending);
    // It is in the cache's outbox already, not only in memory.
    const auto stored = aliceSession->cache().outbox();
    QCOMPARE(stored.size(), 1);
    QCOMPARE(stored.first().clientId, clientId);
    QCOMPARE(serverCount(bob, conversationId, text), 0);
    QTest::qWait(300);
    QCOMPARE(stateOf(*aliceSession, conversationId, clientId), DeliveryState::Pending);

    aliceSession->start();
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
    QVERIFY(aliceSession->cache().outbox().isEmpty());
    QCOMPARE(stateOf(*aliceSession, conversationId, clientId), DeliveryState::Sent);
    QCOMPARE(cachedWithClientId(*aliceSession, conversationId, clientId).size(), 1);
    QCOMPARE(serverCount(bob, conversationId, text), 1);
}

void tst_ClientSession::sendWhoseReplyWasLostIsStoredOnce()
{
    const Identity alice = registerUser("alice");
    const Identity bob = registerUser("bob");
    auto aliceSession = newSession(alice);
    START_AND_SYNC(aliceSession);
    auto opened = finish(aliceSession->openDirect(bob.user.id));
    QVERIFY(opened);
    const QString conversationId = opened.value();

    aliceSession->stop();
    const QString text = QStringLiteral("reply lost");
    const QString clientId = aliceSession->sendText(conversationId, text);
    QVERIFY(!clientId.isEmpty());

    // The first attempt reached the server and was stored, but its reply never came back.
    Session aliceElsewhere = openSession(m_daemon.url(), alice.token);
    const Reply first = send(aliceElsewhere, conversationId, text, clientId);
    REQUIRE_OK(first);
    const QJsonObject stored = messageOf(first);
    aliceElsewhere.client.reset();

    // The session sends it again after reconnecting, with the same client_id.
    aliceSession->start();
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
    const auto cached = cachedWithClientId(*aliceSession, conversationId, clientId);
    QCOMPARE(cached.size(), 1);
    QCOMPARE(cached.first().id, idOf(stored));
    QCOMPARE(cached.first().seq, num(stored, "seq"));
    QCOMPARE(texts(cachedMessages(*aliceSession, conversationId)), QStringList{text});
    QCOMPARE(serverCount(bob, conversationId, text), 1);
    Session bobView = openSession(m_daemon.url(), bob.token);
    const Reply conversation = bobView.call("conversations.get", obj({{"conversation_id", conversationId}}));
    REQUIRE_OK(conversation);
    QCOMPARE(num(conversationOf(conversation), "last_seq"), num(stored, "seq"));
}

void tst_ClientSession::cacheReopensWithEverythingAndTheOutboxSurvivesRestarts()
{
    auto chat = startChat();
    QVERIFY(chat);
    auto &[alice, bob, aliceSession, bobSession, conversationId] = *chat;
    for (const char *text : {"one", "two", "three"})
        QVERIFY(!aliceSession->sendText(conversationId, QLatin1StringView(text)).isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(cachedMessages(*bobSession, conversationId).size(), 3, kEventTimeoutMs);
    QVERIFY(!bobSession->sendText(conversationId, QStringLiteral("four")).isEmpty());
    const QStringList history = {QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three"),
                                 QStringLiteral("four")};
    QTRY_COMPARE_WITH_TIMEOUT(texts(cachedMessages(*aliceSession, conversationId)), history, kEventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(aliceSession->conversation(conversationId)->lastMessage->text, QStringLiteral("four"),
                              kEventTimeoutMs);
    // A reconnect syncs every conversation, which moves its cursor up to the conversation's rev.
    QSignalSpy synced(aliceSession.get(), &ChatSession::syncFinished);
    aliceSession->stop();
    aliceSession->start();
    QTRY_COMPARE_WITH_TIMEOUT(synced.size(), 1, kEventTimeoutMs);
    const SyncCursor cursorBefore = aliceSession->cursor(conversationId);
    const QList<Message> before = cachedMessages(*aliceSession, conversationId);
    QVERIFY(cursorBefore.syncedRev >= before.last().rev);
    const QString path = aliceSession->cache().path();
    QCOMPARE(path, cachePath(alice));

    // The app quits; it starts again with the daemon out of reach (nothing listens on port 1).
    aliceSession.reset();
    const QUrl unreachable(QStringLiteral("ws://127.0.0.1:1"));
    aliceSession = newSession(alice, unreachable);
    QVERIFY(aliceSession->conversationIds().isEmpty()); // nothing before start()
    aliceSession->start();
    // Everything is there at once, before any network round trip.
    QCOMPARE(aliceSession->conversationIds(), QStringList{conversationId});
    const Conversation *conversation = aliceSession->conversation(conversationId);
    QVERIFY(conversation);
    QCOMPARE(aliceSession->title(*conversation), bob.user.displayName);
    QCOMPARE(aliceSession->displayName(bob.user.id), bob.user.displayName);
    QVERIFY(aliceSession->user(bob.user.id));
    QVERIFY(!aliceSession->user(bob.user.id)->online); // presence is from the last run
    QCOMPARE(conversation->lastSeq, before.last().seq);
    QVERIFY(conversation->lastMessage.has_value());
    QCOMPARE(conversation->lastMessage->text, QStringLiteral("four"));
    QCOMPARE(aliceSession->totalUnread(), 1);
    QCOMPARE(aliceSession->cursor(conversationId).syncedRev, cursorBefore.syncedRev);
    QCOMPARE(aliceSession->cursor(conversationId).historyFloor, cursorBefore.historyFloor);
    const QList<Message> after = cachedMessages(*aliceSession, conversationId);
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < after.size(); ++i)
        QCOMPARE(after.at(i).toJson(alice.user.id), before.at(i).toJson(alice.user.id));
    // The chat view's first page comes from the cache too.
    auto page = finish(aliceSession->loadOlder(conversationId, std::numeric_limits<qint64>::max(), 50));
    QVERIFY(page);
    QCOMPARE(texts(page->messages), history);
    QVERIFY(!page->hasMore);
    // The watermarks are cached too: Bob's reply moved his read_seq past Alice's messages.
    QCOMPARE(aliceSession->deliveryState(after.first()), DeliveryState::Seen);
    QVERIFY(!aliceSession->connection().isOnline());

    // Written while offline, then the app quits again before it could send.
    const QString text = QStringLiteral("survives a restart");
    const QString clientId = aliceSession->sendText(conversationId, text);
    QVERIFY(!clientId.isEmpty());
    QCOMPARE(stateOf(*aliceSession, conversationId, clientId), DeliveryState::Pending);
    aliceSession.reset();

    // Third run, online this time.
    aliceSession = newSession(alice);
    QVERIFY(aliceSession->outbox(conversationId).isEmpty());
    QSignalSpy bobIncoming(bobSession.get(), &ChatSession::incomingMessage);
    aliceSession->start();
    QCOMPARE(aliceSession->outbox(conversationId).size(), 1);
    QCOMPARE(aliceSession->outbox(conversationId).first().clientId, clientId);
    QCOMPARE(aliceSession->outbox(conversationId).first().text, text);
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(bobIncoming.size(), 1, kEventTimeoutMs);
    QCOMPARE(bobIncoming.first().first().value<Message>().text, text);
    QCOMPARE(cachedWithClientId(*aliceSession, conversationId, clientId).size(), 1);
    QCOMPARE(serverCount(bob, conversationId, text), 1);
    QCOMPARE(texts(cachedMessages(*aliceSession, conversationId)), history + QStringList{text});
    QTest::qWait(300);
    QCOMPARE(bobIncoming.size(), 1);
}

void tst_ClientSession::reconnectsAfterTheDaemonRestarts()
{
    auto chat = startChat();
    QVERIFY(chat);
    auto &[alice, bob, aliceSession, bobSession, conversationId] = *chat;

    QSignalSpy aliceStates(&aliceSession->connection(), &Connection::stateChanged);
    QSignalSpy aliceAuthenticated(&aliceSession->connection(), &Connection::authenticated);
    const QUrl url = m_daemon.url();
    QCOMPARE(m_daemon.terminate(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(aliceSession->connection().state(), Connection::State::Offline, kEventTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!bobSession->connection().isOnline(), kEventTimeoutMs);
    QCOMPARE(aliceStates.first().first().value<Connection::State>(), Connection::State::Offline);

    // While the daemon is away, the session keeps trying and keeps what the user writes.
    const QString text = QStringLiteral("written during the outage");
    const QString clientId = aliceSession->sendText(conversationId, text);
    QVERIFY(!clientId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(aliceStates.size() >= 3, kEventTimeoutMs); // Offline, Connecting, Offline...
    QVERIFY(!aliceSession->connection().isOnline());

    QVERIFY2(m_daemon.restartOnSamePort(), qPrintable(m_daemon.output()));
    QCOMPARE(m_daemon.url(), url);
    QTRY_VERIFY_WITH_TIMEOUT(isOnline(aliceSession), kReconnectTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(isOnline(bobSession), kReconnectTimeoutMs);
    QCOMPARE(aliceAuthenticated.size(), 1);
    QCOMPARE(aliceAuthenticated.first().first().value<User>().id, alice.user.id);

    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
    QCOMPARE(serverCount(bob, conversationId, text), 1);

    // The reconnected sessions chat as before.
    QSignalSpy bobIncoming(bobSession.get(), &ChatSession::incomingMessage);
    QVERIFY(!aliceSession->sendText(conversationId, QStringLiteral("after the restart")).isEmpty());
    // (The message written during the outage may reach Bob live too, depending on who
    // reconnected first; it is checked below.)
    QTRY_COMPARE_WITH_TIMEOUT(withText(bobIncoming, QStringLiteral("after the restart")), 1, kEventTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
    // Bob's cache caught up with what was sent while he was offline too.
    QTRY_COMPARE_WITH_TIMEOUT(texts(cachedMessages(*bobSession, conversationId)),
                              (QStringList{text, QStringLiteral("after the restart")}), kEventTimeoutMs);
}

void tst_ClientSession::sendInterruptedByADaemonCrashIsStoredOnce()
{
    const Identity alice = registerUser("alice");
    const Identity bob = registerUser("bob");
    auto aliceSession = newSession(alice);
    START_AND_SYNC(aliceSession);
    auto opened = finish(aliceSession->openDirect(bob.user.id));
    QVERIFY(opened);
    const QString conversationId = opened.value();

    // Several rounds, so that the crash hits a send at different moments: before the request
    // left, while the daemon handled it, or after it committed but before the reply arrived.
    QStringList sentTexts;
    for (int round = 0; round < 3; ++round) {
        const QString text = QStringLiteral("crash round %1").arg(round);
        sentTexts.append(text);
        QSignalSpy authenticated(&aliceSession->connection(), &Connection::authenticated);
        const QString clientId = aliceSession->sendText(conversationId, text);
        QVERIFY(!clientId.isEmpty());
        // Let the request go out (more of it in each round), then crash.
        for (int spin = 0; spin < round * 3; ++spin)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        m_daemon.kill();
        QVERIFY2(m_daemon.restartOnSamePort(), qPrintable(m_daemon.output()));
        QTRY_COMPARE_WITH_TIMEOUT(authenticated.size(), 1, kReconnectTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(aliceSession->outbox(conversationId).isEmpty(), kEventTimeoutMs);
        QCOMPARE(cachedWithClientId(*aliceSession, conversationId, clientId).size(), 1);
        QCOMPARE(serverCount(bob, conversationId, text), 1);
    }
    QCOMPARE(texts(cachedMessages(*aliceSession, conversationId)), sentTexts);
}

void tst_ClientSession::destroyingASessionMidSyncIsSafe()
{
    // The app quits or signs out while the session is still syncing: the requests in flight fail
    // after the session is gone, and nothing may touch it then.
    const Identity alice = registerUser("alice");
    const Identity bob = registerUser("bob");
    Session bobRaw = openSession(m_daemon.url(), bob.token);
    const Reply direct = bobRaw.call("conversations.direct", obj({{"user_id", alice.user.id}}));
    REQUIRE_OK(direct);
    const QString conversationId = idOf(conversationOf(direct));
    QStringList sent;
    for (int i = 0; i < 5; ++i) {
        sent.append(QStringLiteral("message %1").arg(i));
        REQUIRE_OK(send(bobRaw, conversationId, sent.last()));
    }

    for (const int delayMs : {0, 1, 2, 4, 8, 16}) {
        // A fresh cache each time, so that the whole first sync is ahead.
        for (const char *suffix : {"", "-wal", "-shm"})
            QFile::remove(cachePath(alice) + QLatin1StringView(suffix));
        auto session = newSession(alice);
        QPointer<ChatSession> watch(session.get());
        bool destroyed = false;
        connect(&session->connection(), &Connection::authenticated, this, [&, delayMs] {
            QTimer::singleShot(delayMs, this, [&] {
                session.reset();
                destroyed = true;
            });
        });
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(destroyed, kEventTimeoutMs);
        QVERIFY(watch.isNull());
        // Whatever was in flight finishes now, against the destroyed session.
        QTest::qWait(100);
    }

    // What the interrupted runs left in the cache does not get in the way of a complete sync.
    auto session = newSession(alice);
    START_AND_SYNC(session);
    QTRY_COMPARE_WITH_TIMEOUT(texts(cachedMessages(*session, conversationId)), sent, kEventTimeoutMs);
    QCOMPARE(session->title(*session->conversation(conversationId)), bob.user.displayName);
}

QTEST_GUILESS_MAIN(tst_ClientSession)
#include "tst_client_session.moc"
