// Round trips of the protocol's payload structs (common/protocol/*Payloads): every request the
// app sends reads back the same through the server's fromJson; replies and events survive
// toJson → fromJson; and the event structs write exactly the JSON the daemon sends today.

#include <protocol/AuthPayloads.h>
#include <protocol/ConversationPayloads.h>
#include <protocol/Limits.h>
#include <protocol/MessagePayloads.h>
#include <protocol/Timestamp.h>
#include <protocol/UserPayloads.h>

#include <QJsonArray>
#include <QTest>

using namespace parley;

namespace {

// 2026-11-21T10:00:00.123Z
constexpr qint64 kSampleMs = 1795255200123;

Message sampleMessage()
{
    Message message;
    message.id = QStringLiteral("m1");
    message.conversationId = QStringLiteral("c1");
    message.seq = 4;
    message.rev = 9;
    message.senderId = QStringLiteral("u1");
    message.text = QStringLiteral("hello");
    message.clientId = QStringLiteral("k1");
    message.createdAtMsecs = kSampleMs;
    message.editedAtMsecs = kSampleMs + 1000;
    return message;
}

Conversation sampleConversation()
{
    Conversation conversation;
    conversation.id = QStringLiteral("c1");
    conversation.type = Conversation::Type::Group;
    conversation.title = QStringLiteral("Team");
    conversation.description = QStringLiteral("about");
    conversation.adminsOnly = true;
    conversation.members = {Member{QStringLiteral("u1"), Member::Role::Admin, 4, 3},
                            Member{QStringLiteral("u2"), Member::Role::Member, 2, 1}};
    conversation.createdAtMsecs = kSampleMs;
    conversation.lastSeq = 4;
    conversation.rev = 9;
    conversation.lastMessage = sampleMessage();
    conversation.unreadCount = 2;
    return conversation;
}

User sampleUser()
{
    return User{QStringLiteral("u2"), QStringLiteral("bob"), QStringLiteral("Bob"), false, kSampleMs};
}

// A request survives toJson → the server's fromJson → toJson unchanged.
template <typename Request, typename... Extra>
void requireRoundTrip(const Request &request, Extra &&...extra)
{
    const QJsonObject json = request.toJson();
    auto parsed = Request::fromJson(json, std::forward<Extra>(extra)...);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed.value().toJson(), json);
}

} // namespace

class tst_Payloads : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestsRoundTrip();
    void groupMemberRequestWritesAdminOnlyForPromote();
    void sendRequestWritesOneTarget();
    void repliesRoundTrip();
    void messagePageWritesRevOnlyForSync();
    void malformedRepliesAreRefused();
    void receiptEventIsWhatTheServerSends();
    void typingEventIsWhatTheServerSends();
    void presenceEventIsWhatTheServerSends();
    void conversationEventsAreWhatTheServerSends();
    void messageEventIsWhatTheServerSends();
    void eventsWithoutIdsAreRefused();
};

void tst_Payloads::requestsRoundTrip()
{
    const Limits limits;
    requireRoundTrip(ConversationRef{QStringLiteral("c1")});
    requireRoundTrip(DirectRequest{QStringLiteral("u2")});
    requireRoundTrip(UsersSearchRequest{QStringLiteral("bo"), 20});
    requireRoundTrip(UsersGetRequest{{QStringLiteral("u1"), QStringLiteral("u2")}});
    requireRoundTrip(GroupCreateRequest{QStringLiteral("Team"), {QStringLiteral("u2")}, QStringLiteral("about")},
                     limits);
    requireRoundTrip(GroupCreateRequest{QStringLiteral("Team"), {QStringLiteral("u2")}, QString()}, limits);
    requireRoundTrip(GroupUpdateRequest{QStringLiteral("c1"), QStringLiteral("New"), std::nullopt, false});
    requireRoundTrip(GroupUpdateRequest{QStringLiteral("c1"), std::nullopt, QString(), std::nullopt});
    requireRoundTrip(GroupAddRequest{QStringLiteral("c1"), {QStringLiteral("u3")}}, limits);
    requireRoundTrip(HistoryRequest{QStringLiteral("c1"), 42, 20}, limits);
    requireRoundTrip(HistoryRequest{QStringLiteral("c1"), std::nullopt, 50}, limits);
    requireRoundTrip(SyncRequest{QStringLiteral("c1"), 7, 100}, limits);
    requireRoundTrip(WatermarkRequest{QStringLiteral("c1"), 5});
    requireRoundTrip(DeleteMessageRequest{QStringLiteral("m1"), DeleteMessageRequest::Scope::Everyone});
    requireRoundTrip(DeleteMessageRequest{QStringLiteral("m1"), DeleteMessageRequest::Scope::Me});
    requireRoundTrip(EditRequest{QStringLiteral("m1"), QStringLiteral("fixed")}, limits);
    requireRoundTrip(TypingRequest{QStringLiteral("c1"), true});
    requireRoundTrip(LoginRequest{QStringLiteral("bob"), QStringLiteral("correct horse"), QStringLiteral("laptop")});
    requireRoundTrip(ResumeRequest{QStringLiteral("token")});
    requireRoundTrip(RegisterRequest{QStringLiteral("bob"), QStringLiteral("correct horse"), QStringLiteral("Bob")});
}

void tst_Payloads::groupMemberRequestWritesAdminOnlyForPromote()
{
    const GroupMemberRequest request{QStringLiteral("c1"), QStringLiteral("u2"), true};
    QCOMPARE(request.toJson(false), QJsonObject({{QStringLiteral("conversation_id"), QStringLiteral("c1")},
                                                 {QStringLiteral("user_id"), QStringLiteral("u2")}}));
    const QJsonObject promote = request.toJson(true);
    QCOMPARE(promote.value(QStringLiteral("admin")), QJsonValue(true));
    auto parsed = GroupMemberRequest::fromJson(promote, true);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed.value().toJson(true), promote);
}

void tst_Payloads::sendRequestWritesOneTarget()
{
    const Limits limits;
    SendRequest toConversation;
    toConversation.conversationId = QStringLiteral("c1");
    toConversation.clientId = QStringLiteral("k");
    toConversation.text = QStringLiteral("hi");
    QCOMPARE(toConversation.toJson(), QJsonObject({{QStringLiteral("conversation_id"), QStringLiteral("c1")},
                                                   {QStringLiteral("client_id"), QStringLiteral("k")},
                                                   {QStringLiteral("text"), QStringLiteral("hi")}}));
    requireRoundTrip(toConversation, limits);

    SendRequest toUser = toConversation;
    toUser.conversationId.reset();
    toUser.toUserId = QStringLiteral("u2");
    QVERIFY(!toUser.toJson().contains(QStringLiteral("conversation_id")));
    requireRoundTrip(toUser, limits);
}

void tst_Payloads::repliesRoundTrip()
{
    const QString viewer = QStringLiteral("u1");

    const AuthReply auth{sampleUser(), QStringLiteral("tok")};
    auto authBack = AuthReply::fromJson(auth.toJson());
    QVERIFY(authBack);
    QCOMPARE(authBack->toJson(), auth.toJson());

    const UsersReply users{{sampleUser()}};
    auto usersBack = UsersReply::fromJson(users.toJson());
    QVERIFY(usersBack);
    QCOMPARE(usersBack->toJson(), users.toJson());

    const ConversationReply conversation{sampleConversation()};
    auto conversationBack = ConversationReply::fromJson(conversation.toJson(viewer));
    QVERIFY(conversationBack);
    QCOMPARE(conversationBack->toJson(viewer), conversation.toJson(viewer));

    const ConversationsReply list{{sampleConversation(), sampleConversation()}};
    auto listBack = ConversationsReply::fromJson(list.toJson(viewer));
    QVERIFY(listBack);
    QCOMPARE(listBack->conversations.size(), 2);
    QCOMPARE(listBack->toJson(viewer), list.toJson(viewer));

    const MessageReply message{sampleMessage()};
    auto messageBack = MessageReply::fromJson(message.toJson(viewer));
    QVERIFY(messageBack);
    QCOMPARE(messageBack->message.clientId, QStringLiteral("k1"));
    QCOMPARE(messageBack->toJson(viewer), message.toJson(viewer));

    QCOMPARE(DeleteConversationReply::fromJson(DeleteConversationReply{4}.toJson())->messagesDeleted, 4);
    QCOMPARE(MarkReadReply::fromJson(MarkReadReply{3}.toJson())->markedCount, 3);
    QCOMPARE(UnreadCountReply::fromJson(UnreadCountReply{9}.toJson())->count, 9);
    // Counts the server left out read as 0.
    QCOMPARE(MarkReadReply::fromJson({})->markedCount, 0);
}

void tst_Payloads::messagePageWritesRevOnlyForSync()
{
    const QString viewer = QStringLiteral("u1");
    MessagePage history{{sampleMessage()}, true, std::nullopt};
    const QJsonObject historyJson = history.toJson(viewer);
    QCOMPARE(historyJson.keys(), (QStringList{QStringLiteral("has_more"), QStringLiteral("messages")}));
    auto historyBack = MessagePage::fromJson(historyJson);
    QVERIFY(historyBack);
    QVERIFY(!historyBack->rev.has_value());
    QCOMPARE(historyBack->toJson(viewer), historyJson);

    MessagePage sync{{sampleMessage()}, false, 12};
    const QJsonObject syncJson = sync.toJson(viewer);
    QCOMPARE(syncJson.value(QStringLiteral("rev")), QJsonValue(12));
    auto syncBack = MessagePage::fromJson(syncJson);
    QVERIFY(syncBack);
    QCOMPARE(syncBack->rev, std::optional<qint64>(12));
    QCOMPARE(syncBack->toJson(viewer), syncJson);
}

void tst_Payloads::malformedRepliesAreRefused()
{
    QVERIFY(!UsersReply::fromJson({{QStringLiteral("users"), QStringLiteral("x")}}));
    QVERIFY(!UsersReply::fromJson({{QStringLiteral("users"), QJsonArray{QJsonObject{{QStringLiteral("id"), 1}}}}}));
    QVERIFY(!ConversationsReply::fromJson({}));
    QVERIFY(!ConversationReply::fromJson({{QStringLiteral("conversation"), QStringLiteral("no")}}));
    QVERIFY(!MessageReply::fromJson({{QStringLiteral("message"), QJsonObject{{QStringLiteral("id"), 3}}}}));
    QVERIFY(!MessagePage::fromJson({{QStringLiteral("messages"), QJsonObject()}}));
    QVERIFY(!AuthReply::fromJson({{QStringLiteral("token"), QStringLiteral("t")}}));
}

void tst_Payloads::receiptEventIsWhatTheServerSends()
{
    // As server/core/MessageHandlers.cpp builds it.
    const QJsonObject server{{QStringLiteral("conversation_id"), QStringLiteral("c1")},
                             {QStringLiteral("user_id"), QStringLiteral("u2")},
                             {QStringLiteral("delivered_seq"), qint64(7)},
                             {QStringLiteral("read_seq"), qint64(5)}};
    const ReceiptEvent receipt{QStringLiteral("c1"), QStringLiteral("u2"), 7, 5};
    QCOMPARE(receipt.toJson(), server);
    auto back = ReceiptEvent::fromJson(server);
    QVERIFY(back);
    QCOMPARE(back->toJson(), server);
}

void tst_Payloads::typingEventIsWhatTheServerSends()
{
    // As server/core/Hub.cpp builds it, for both states.
    for (const bool active : {true, false}) {
        const QJsonObject server{{QStringLiteral("conversation_id"), QStringLiteral("c1")},
                                 {QStringLiteral("user_id"), QStringLiteral("u2")},
                                 {QStringLiteral("active"), active}};
        const TypingEvent typing{QStringLiteral("c1"), QStringLiteral("u2"), active};
        QCOMPARE(typing.toJson(), server);
        auto back = TypingEvent::fromJson(server);
        QVERIFY(back);
        QCOMPARE(back->active, active);
    }
}

void tst_Payloads::presenceEventIsWhatTheServerSends()
{
    // As server/core/Hub.cpp builds it: last_seen null while online, the time once offline.
    const QJsonObject online{{QStringLiteral("user_id"), QStringLiteral("u2")},
                             {QStringLiteral("online"), true},
                             {QStringLiteral("last_seen"), QJsonValue()}};
    QCOMPARE((PresenceEvent{QStringLiteral("u2"), true, std::nullopt}.toJson()), online);
    auto onlineBack = PresenceEvent::fromJson(online);
    QVERIFY(onlineBack);
    QVERIFY(onlineBack->online);
    QVERIFY(!onlineBack->lastSeenMsecs.has_value());

    const QJsonObject offline{{QStringLiteral("user_id"), QStringLiteral("u2")},
                              {QStringLiteral("online"), false},
                              {QStringLiteral("last_seen"), QJsonValue(formatTimestamp(kSampleMs))}};
    QCOMPARE((PresenceEvent{QStringLiteral("u2"), false, kSampleMs}.toJson()), offline);
    auto offlineBack = PresenceEvent::fromJson(offline);
    QVERIFY(offlineBack);
    QCOMPARE(offlineBack->lastSeenMsecs, std::optional<qint64>(kSampleMs));
}

void tst_Payloads::conversationEventsAreWhatTheServerSends()
{
    // conversation.removed, as server/core/Announcements.cpp builds it.
    const QJsonObject removed{{QStringLiteral("conversation_id"), QStringLiteral("c1")}};
    QCOMPARE(ConversationRemovedEvent{QStringLiteral("c1")}.toJson(), removed);
    auto removedBack = ConversationRemovedEvent::fromJson(removed);
    QVERIFY(removedBack.ok());
    QCOMPARE(removedBack.value().conversationId, QStringLiteral("c1"));

    // conversation.updated: `{conversation}` written by the same writer as the object.
    const Conversation conversation = sampleConversation();
    const QJsonObject updated = ConversationUpdatedEvent{conversation}.toJson(QStringLiteral("u1"));
    QCOMPARE(updated, QJsonObject({{QStringLiteral("conversation"), conversation.toJson(QStringLiteral("u1"))}}));
}

void tst_Payloads::messageEventIsWhatTheServerSends()
{
    // message.new and message.updated: `{message}`, client_id only for the sender.
    const Message message = sampleMessage();
    const QJsonObject forSender = MessageEvent{message}.toJson(QStringLiteral("u1"));
    QCOMPARE(forSender, QJsonObject({{QStringLiteral("message"), message.toJson(QStringLiteral("u1"))}}));
    QCOMPARE(forSender.value(QStringLiteral("message")).toObject().value(QStringLiteral("client_id")),
             QJsonValue(QStringLiteral("k1")));
    const QJsonObject forOthers = MessageEvent{message}.toJson(QStringLiteral("u2"));
    QVERIFY(forOthers.value(QStringLiteral("message")).toObject().value(QStringLiteral("client_id")).isNull());
}

void tst_Payloads::eventsWithoutIdsAreRefused()
{
    QVERIFY(!ReceiptEvent::fromJson({{QStringLiteral("user_id"), QStringLiteral("u2")}}));
    QVERIFY(!TypingEvent::fromJson({{QStringLiteral("conversation_id"), QStringLiteral("c1")}}));
    QVERIFY(!PresenceEvent::fromJson({{QStringLiteral("online"), true}}));
    QVERIFY(!ConversationRemovedEvent::fromJson({}).ok());
}

QTEST_GUILESS_MAIN(tst_Payloads)
#include "tst_payloads.moc"
