// The app's list models, checked with QAbstractItemModelTester while a ChatSession changes
// underneath them: built from a local cache, then fed server events, outbox sends, receipts
// and removals. No server: the session's connection stays offline.

#include <core/ChatSession.h>
#include <core/ModelRoles.h>
#include <core/conversations/ConversationListModel.h>
#include <core/conversations/MemberListModel.h>
#include <core/messages/MessageListModel.h>
#include <core/store/LocalCache.h>

#include <QAbstractItemModelTester>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace parley;
using namespace parley::client;

namespace {

const QString kSelf = QStringLiteral("SelfUser00000001");
const QString kBob = QStringLiteral("BobUser000000001");
const QString kCarol = QStringLiteral("CarolUser0000001");
const qint64 kDay = 24 * 3600 * 1000;
const qint64 kBase = QDateTime(QDate(2026, 11, 20), QTime(9, 0)).toMSecsSinceEpoch();

User makeUser(const QString &id, const QString &name)
{
    User user;
    user.id = id;
    user.username = name.toLower();
    user.displayName = name;
    return user;
}

Message makeMessage(const QString &conversationId, qint64 seq, const QString &sender, const QString &text, qint64 at)
{
    Message message;
    message.id = QStringLiteral("%1-m%2").arg(conversationId.left(8)).arg(seq);
    message.conversationId = conversationId;
    message.seq = seq;
    message.rev = seq;
    message.senderId = sender;
    message.text = text;
    message.createdAtMsecs = at;
    return message;
}

Conversation makeConversation(const QString &id, Conversation::Type type, const QStringList &members, qint64 lastSeq)
{
    Conversation conversation;
    conversation.id = id;
    conversation.type = type;
    conversation.title = type == Conversation::Type::Group ? QStringLiteral("Book club") : QString();
    for (const QString &userId : members) {
        Member member;
        member.userId = userId;
        member.role = userId == kSelf && type == Conversation::Type::Group ? Member::Role::Admin : Member::Role::Member;
        conversation.members.append(member);
    }
    conversation.lastSeq = lastSeq;
    conversation.rev = lastSeq;
    conversation.createdAtMsecs = kBase;
    return conversation;
}

EventFrame makeEvent(const QString &name, const QJsonObject &data)
{
    return EventFrame{name, data};
}

} // namespace

class tst_Models : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void conversationListOrderAndRoles();
    void conversationListFollowsEvents();
    void messageListShowsCacheOutboxAndUpdates();
    void messageListTicksFollowReceipts();
    void messageListLoadsOlderFromCache();
    void memberList();

private:
    ChatSession &session() { return *m_session; }
    void emitEvent(const QString &name, const QJsonObject &data)
    {
        Q_EMIT m_session->connection().eventReceived(makeEvent(name, data));
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ChatSession> m_session;
    QString m_direct = QStringLiteral("DirectConv000001");
    QString m_group = QStringLiteral("GroupConv0000001");
};

void tst_Models::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto cache = LocalCache::open(m_dir->filePath(QStringLiteral("cache.sqlite")));
    QVERIFY2(cache, qPrintable(cache ? QString() : cache.error()));
    LocalCache &store = *cache.value();
    QVERIFY(
        store.saveUsers({makeUser(kBob, QStringLiteral("Bob Chen")), makeUser(kCarol, QStringLiteral("Carol Diaz"))}));

    // A direct conversation with 120 messages over two days, and a group with three.
    Conversation direct = makeConversation(m_direct, Conversation::Type::Direct, {kSelf, kBob}, 120);
    QList<Message> directMessages;
    for (qint64 seq = 1; seq <= 120; ++seq) {
        directMessages.append(makeMessage(m_direct, seq, seq % 2 ? kBob : kSelf, QStringLiteral("message %1").arg(seq),
                                          kBase + seq * 60000 + (seq > 60 ? kDay : 0)));
    }
    direct.lastMessage = directMessages.last();
    Conversation group = makeConversation(m_group, Conversation::Type::Group, {kSelf, kBob, kCarol}, 3);
    QList<Message> groupMessages = {makeMessage(m_group, 1, kBob, QStringLiteral("hi"), kBase),
                                    makeMessage(m_group, 2, kBob, QStringLiteral("anyone?"), kBase + 1000),
                                    makeMessage(m_group, 3, kCarol, QStringLiteral("me"), kBase + 2000)};
    group.lastMessage = groupMessages.last();
    group.unreadCount = 3;
    QVERIFY(store.saveConversation(direct, kSelf));
    QVERIFY(store.saveConversation(group, kSelf));
    QVERIFY(store.saveMessages(directMessages, kSelf));
    QVERIFY(store.saveMessages(groupMessages, kSelf));
    QVERIFY(store.saveCursor(m_direct, SyncCursor{120, 0}));
    QVERIFY(store.saveCursor(m_group, SyncCursor{3, 0}));

    // Port 1 on loopback refuses at once: the session stays offline and works from the cache.
    m_session = std::make_unique<ChatSession>(std::move(cache).value(), QUrl(QStringLiteral("ws://127.0.0.1:1")),
                                              QStringLiteral("token"), makeUser(kSelf, QStringLiteral("Me")));
    m_session->start();
}

void tst_Models::cleanup()
{
    m_session.reset();
    m_dir.reset();
}

void tst_Models::conversationListOrderAndRoles()
{
    ConversationListModel model(session());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    // The direct conversation's last message is a day later: it comes first.
    QCOMPARE(model.conversationIdAt(0), m_direct);
    const QModelIndex direct = model.index(0);
    QCOMPARE(direct.data(TitleRole).toString(), QStringLiteral("Bob Chen"));
    QCOMPARE(direct.data(InitialsRole).toString(), QStringLiteral("BC"));
    QCOMPARE(direct.data(PreviewRole).toString(), QStringLiteral("You: message 120"));
    QCOMPARE(direct.data(IsGroupRole).toBool(), false);
    QCOMPARE(direct.data(LastMessageStateRole).toInt(), int(DeliveryState::Sent));
    const QModelIndex group = model.index(1);
    QCOMPARE(group.data(TitleRole).toString(), QStringLiteral("Book club"));
    QCOMPARE(group.data(PreviewRole).toString(), QStringLiteral("Carol Diaz: me"));
    QCOMPARE(group.data(UnreadCountRole).toInt(), 3);
    QCOMPARE(session().totalUnread(), 3);
}

void tst_Models::conversationListFollowsEvents()
{
    ConversationListModel model(session());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // A new group message moves the group to the top and counts as unread.
    Message fresh = makeMessage(m_group, 4, kCarol, QStringLiteral("  new\nlines  "), kBase + 3 * kDay);
    fresh.rev = 4;
    QSignalSpy incoming(&session(), &ChatSession::incomingMessage);
    emitEvent(QStringLiteral("message.new"), {{QStringLiteral("message"), fresh.toJson(kSelf)}});
    QCOMPARE(incoming.size(), 1);
    QCOMPARE(model.conversationIdAt(0), m_group);
    QCOMPARE(model.index(0).data(UnreadCountRole).toInt(), 4);
    QCOMPARE(model.index(0).data(PreviewRole).toString(), QStringLiteral("Carol Diaz: new lines"));

    // Typing and presence reach the rows.
    emitEvent(QStringLiteral("typing"), {{QStringLiteral("conversation_id"), m_direct},
                                         {QStringLiteral("user_id"), kBob},
                                         {QStringLiteral("active"), true}});
    QCOMPARE(model.index(1).data(TypingRole).toString(), QStringLiteral("Bob Chen is typing…"));
    emitEvent(QStringLiteral("presence"), {{QStringLiteral("user_id"), kBob},
                                           {QStringLiteral("online"), true},
                                           {QStringLiteral("last_seen"), QJsonValue()}});
    QCOMPARE(model.index(1).data(PeerOnlineRole).toBool(), true);

    // Reading clears the badge; a message written offline shows as pending and moves nothing.
    session().markRead(m_group);
    QCOMPARE(model.index(0).data(UnreadCountRole).toInt(), 0);
    QCOMPARE(session().totalUnread(), 0);
    QVERIFY(!session().sendText(m_direct, QStringLiteral("offline hello")).isEmpty());
    QCOMPARE(model.index(model.indexOf(m_direct).row()).data(LastMessageStateRole).toInt(),
             int(DeliveryState::Pending));

    // Removal takes the row away.
    emitEvent(QStringLiteral("conversation.removed"), {{QStringLiteral("conversation_id"), m_group}});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.conversationIdAt(0), m_direct);
}

void tst_Models::messageListShowsCacheOutboxAndUpdates()
{
    MessageListModel model(session(), m_direct);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The newest page of 50 from the cache.
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.index(0).data(SeqRole).toLongLong(), 71);
    QCOMPARE(model.index(49).data(TextRole).toString(), QStringLiteral("message 120"));
    QVERIFY(model.index(0).data(ShowDaySeparatorRole).toBool());
    QVERIFY(!model.index(1).data(ShowDaySeparatorRole).toBool());
    QCOMPARE(model.index(49).data(IsOwnRole).toBool(), true);
    QCOMPARE(model.index(48).data(IsOwnRole).toBool(), false);
    QCOMPARE(model.index(48).data(DeliveryStateRole).toInt(), int(DeliveryState::None));

    // Offline send: a pending row with a clock, kept in the outbox.
    const QString clientId = session().sendText(m_direct, QStringLiteral("<b>not bold</b>"));
    QCOMPARE(model.rowCount(), 51);
    QCOMPARE(model.index(50).data(DeliveryStateRole).toInt(), int(DeliveryState::Pending));
    QCOMPARE(model.index(50).data(TextRole).toString(), QStringLiteral("<b>not bold</b>"));
    QCOMPARE(model.rowOf(clientId), 50);
    QCOMPARE(session().cache().outbox().size(), 1);

    // An edit and a deletion from the server update rows in place.
    Message edited = makeMessage(m_direct, 119, kBob, QStringLiteral("edited text"), kBase + 119 * 60000 + kDay);
    edited.rev = 121;
    edited.editedAtMsecs = kBase + 2 * kDay;
    emitEvent(QStringLiteral("message.updated"), {{QStringLiteral("message"), edited.toJson(kSelf)}});
    QCOMPARE(model.index(48).data(TextRole).toString(), QStringLiteral("edited text"));
    QVERIFY(model.index(48).data(IsEditedRole).toBool());
    Message deleted = edited;
    deleted.rev = 122;
    deleted.deleted = true;
    deleted.text.clear();
    emitEvent(QStringLiteral("message.updated"), {{QStringLiteral("message"), deleted.toJson(kSelf)}});
    QVERIFY(model.index(48).data(IsDeletedRole).toBool());
    QCOMPARE(model.index(48).data(Qt::DisplayRole).toString(), QStringLiteral("This message was deleted"));

    // A new message goes in before the pending one.
    Message fresh = makeMessage(m_direct, 121, kBob, QStringLiteral("newest"), kBase + 3 * kDay);
    fresh.rev = 123;
    emitEvent(QStringLiteral("message.new"), {{QStringLiteral("message"), fresh.toJson(kSelf)}});
    QCOMPARE(model.rowCount(), 52);
    QCOMPARE(model.index(50).data(TextRole).toString(), QStringLiteral("newest"));
    QVERIFY(model.index(50).data(ShowDaySeparatorRole).toBool());
    QCOMPARE(model.index(51).data(DeliveryStateRole).toInt(), int(DeliveryState::Pending));
}

void tst_Models::messageListTicksFollowReceipts()
{
    MessageListModel model(session(), m_direct);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int own = model.rowOf(QStringLiteral("DirectCo-m120"));
    QVERIFY(own >= 0);
    QCOMPARE(model.index(own).data(DeliveryStateRole).toInt(), int(DeliveryState::Sent));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    emitEvent(QStringLiteral("receipt"), {{QStringLiteral("conversation_id"), m_direct},
                                          {QStringLiteral("user_id"), kBob},
                                          {QStringLiteral("delivered_seq"), 120},
                                          {QStringLiteral("read_seq"), 100}});
    QVERIFY(!changed.isEmpty());
    QCOMPARE(model.index(own).data(DeliveryStateRole).toInt(), int(DeliveryState::Delivered));
    QCOMPARE(model.index(model.rowOf(QStringLiteral("DirectCo-m100"))).data(DeliveryStateRole).toInt(),
             int(DeliveryState::Seen));
    emitEvent(QStringLiteral("receipt"), {{QStringLiteral("conversation_id"), m_direct},
                                          {QStringLiteral("user_id"), kBob},
                                          {QStringLiteral("delivered_seq"), 120},
                                          {QStringLiteral("read_seq"), 120}});
    QCOMPARE(model.index(own).data(DeliveryStateRole).toInt(), int(DeliveryState::Seen));
    // Watermarks never fall.
    emitEvent(QStringLiteral("receipt"), {{QStringLiteral("conversation_id"), m_direct},
                                          {QStringLiteral("user_id"), kBob},
                                          {QStringLiteral("delivered_seq"), 1},
                                          {QStringLiteral("read_seq"), 1}});
    QCOMPARE(model.index(own).data(DeliveryStateRole).toInt(), int(DeliveryState::Seen));
}

void tst_Models::messageListLoadsOlderFromCache()
{
    MessageListModel model(session(), m_direct);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy older(&model, &MessageListModel::olderLoaded);
    QVERIFY(model.canLoadOlder());
    model.loadOlder();
    // Older pages hold up to 200 messages: the 70 left come at once.
    QTRY_COMPARE(older.size(), 1);
    QCOMPARE(older.at(0).at(0).toInt(), 70);
    QCOMPARE(model.rowCount(), 120);
    QCOMPARE(model.index(0).data(SeqRole).toLongLong(), 1);
    QVERIFY(!model.canLoadOlder());
    for (int row = 1; row < model.rowCount(); ++row)
        QCOMPARE(model.index(row).data(SeqRole).toLongLong(), model.index(row - 1).data(SeqRole).toLongLong() + 1);
}

void tst_Models::memberList()
{
    MemberListModel model(session(), m_group);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.selfIsAdmin());
    // Admins first.
    QCOMPARE(model.index(0).data(MemberUserIdRole).toString(), kSelf);
    QVERIFY(model.index(0).data(MemberIsSelfRole).toBool());
    QCOMPARE(model.index(1).data(Qt::DisplayRole).toString(), QStringLiteral("Bob Chen"));

    // conversation.updated with Carol promoted and Bob removed.
    Conversation group = *session().conversation(m_group);
    group.members.removeAt(1);
    group.members[1].role = Member::Role::Admin;
    emitEvent(QStringLiteral("conversation.updated"), {{QStringLiteral("conversation"), group.toJson(kSelf)}});
    QCOMPARE(model.rowCount(), 2);
    // Both admins now, by name: "Carol Diaz" before "Me".
    QCOMPARE(model.index(0).data(MemberUserIdRole).toString(), kCarol);
    QVERIFY(model.index(0).data(MemberIsAdminRole).toBool());
    QCOMPARE(model.index(1).data(MemberUserIdRole).toString(), kSelf);
}

QTEST_GUILESS_MAIN(tst_Models)
#include "tst_models.moc"
