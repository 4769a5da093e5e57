// The desktop client's local SQLite cache (client/core/LocalCache): schema, round trips through
// reopening the file, rev ordering of message updates, history pages, outbox and sync cursors.
#include <core/store/LocalCache.h>

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace parley;
using namespace parley::client;

namespace {

const QString kSelf = QStringLiteral("self-id");
const QString kPeer = QStringLiteral("peer-id");

User makeUser(const QString &id, const QString &username, const QString &displayName)
{
    User user;
    user.id = id;
    user.username = username;
    user.displayName = displayName;
    user.online = true;
    user.lastSeenMsecs = 1700000000123;
    return user;
}

Message makeMessage(const QString &conversationId, qint64 seq, qint64 rev, const QString &senderId, const QString &text)
{
    Message message;
    message.id = QStringLiteral("%1-m%2").arg(conversationId).arg(seq);
    message.conversationId = conversationId;
    message.seq = seq;
    message.rev = rev;
    message.senderId = senderId;
    message.text = text;
    message.clientId = senderId == kSelf ? QStringLiteral("client-%1").arg(seq) : QString();
    message.createdAtMsecs = 1700000000000 + seq * 1000;
    return message;
}

Conversation makeConversation(const QString &id, Conversation::Type type)
{
    Conversation conversation;
    conversation.id = id;
    conversation.type = type;
    conversation.title = type == Conversation::Type::Group ? QStringLiteral("Group %1").arg(id) : QString();
    conversation.description = type == Conversation::Type::Group ? QStringLiteral("about %1").arg(id) : QString();
    conversation.adminsOnly = type == Conversation::Type::Group;
    Member self;
    self.userId = kSelf;
    self.role = Member::Role::Admin;
    self.deliveredSeq = 3;
    self.readSeq = 2;
    Member peer;
    peer.userId = kPeer;
    peer.deliveredSeq = 4;
    peer.readSeq = 1;
    conversation.members = {self, peer};
    conversation.createdAtMsecs = 1700000000000;
    conversation.lastSeq = 4;
    conversation.rev = 9;
    conversation.lastMessage = makeMessage(id, 4, 9, kSelf, QStringLiteral("last"));
    conversation.unreadCount = 2;
    return conversation;
}

OutboxEntry makeEntry(const QString &clientId, const QString &conversationId, const QString &text)
{
    return OutboxEntry{clientId, conversationId, text, 1700000001000, {}};
}

QStringList clientIds(const QList<OutboxEntry> &entries)
{
    QStringList ids;
    for (const OutboxEntry &entry : entries)
        ids.append(entry.clientId);
    return ids;
}

QList<qint64> seqs(const QList<Message> &messages)
{
    QList<qint64> result;
    for (const Message &message : messages)
        result.append(message.seq);
    return result;
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> result;
    for (qint64 n = first; n <= last; ++n)
        result.append(n);
    return result;
}

} // namespace

class tst_LocalCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void openCreatesTheSchema();
    void openFailsOnAnUnusablePath();
    void everythingSurvivesReopening();
    void usersAreUpdatedInPlace();
    void olderRevNeverReplacesNewer();
    void messagesPageBackwardsInAscendingOrder();
    void messageLookupAndRemoval();
    void outboxKeepsInsertionOrder();
    void outboxFailureAndRemoval();
    void outboxClientIdsAreUnique();
    void cursorsPersist();
    void removeConversationDropsItsMessages();
    void transactionsGroupWrites();

private:
    std::unique_ptr<LocalCache> open();
    QString path() const { return m_dir->filePath(QStringLiteral("cache.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_LocalCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_LocalCache::cleanup()
{
    m_dir.reset();
}

std::unique_ptr<LocalCache> tst_LocalCache::open()
{
    auto opened = LocalCache::open(path());
    if (!opened) {
        qWarning("%s", qPrintable(opened.error()));
        return nullptr;
    }
    return std::move(opened).value();
}

void tst_LocalCache::openCreatesTheSchema()
{
    QVERIFY(!QFile::exists(path()));
    {
        auto cache = open();
        QVERIFY(cache);
        QCOMPARE(cache->path(), path());
        QVERIFY(cache->users().isEmpty());
        QVERIFY(cache->conversations().isEmpty());
        QVERIFY(cache->outbox().isEmpty());
        QCOMPARE(cache->messageCount(), 0);
    }
    QVERIFY(QFile::exists(path()));

    // Look at the file with a connection of our own.
    const QString name = QStringLiteral("tst_local_cache_inspect");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path());
        QVERIFY(db.open());
        QStringList tables = db.tables();
        for (const char *table : {"users", "conversations", "messages", "outbox"})
            QVERIFY2(tables.contains(QLatin1StringView(table)), qPrintable(tables.join(QLatin1Char(','))));
        QSqlQuery query(db);
        QVERIFY(query.exec(
            QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'messages_by_seq'")));
        QVERIFY(query.next());
    }
    QSqlDatabase::removeDatabase(name);

    // Opening an existing cache again does not fail (the migration is already applied).
    auto again = open();
    QVERIFY(again);
    QCOMPARE(again->messageCount(), 0);
}

void tst_LocalCache::openFailsOnAnUnusablePath()
{
    const QString inMissingDir = m_dir->filePath(QStringLiteral("no/such/dir/cache.sqlite"));
    auto opened = LocalCache::open(inMissingDir);
    QVERIFY(!opened);
    QVERIFY(!opened.error().isEmpty());
}

void tst_LocalCache::everythingSurvivesReopening()
{
    const User alice = makeUser(kSelf, QStringLiteral("alice"), QStringLiteral("Alice Liddell"));
    User bob = makeUser(kPeer, QStringLiteral("bob"), QString());
    bob.online = false;
    bob.lastSeenMsecs.reset();
    const Conversation direct = makeConversation(QStringLiteral("c1"), Conversation::Type::Direct);
    const Conversation group = makeConversation(QStringLiteral("c2"), Conversation::Type::Group);
    QList<Message> messages;
    for (qint64 seq = 1; seq <= 4; ++seq)
        messages.append(makeMessage(QStringLiteral("c1"), seq, seq + 5, seq % 2 ? kSelf : kPeer,
                                    QStringLiteral("text %1 ✓ äöü").arg(seq)));
    Message edited = makeMessage(QStringLiteral("c2"), 1, 3, kPeer, QStringLiteral("edited"));
    edited.editedAtMsecs = 1700000009000;
    Message deleted = makeMessage(QStringLiteral("c2"), 2, 4, kSelf, QString());
    deleted.deleted = true;
    Message system = makeMessage(QStringLiteral("c2"), 3, 5, kPeer, QStringLiteral("{\"event\":\"group_created\"}"));
    system.kind = Message::Kind::System;
    messages << edited << deleted << system;

    {
        auto cache = open();
        QVERIFY(cache);
        QVERIFY(cache->saveUsers({alice, bob}));
        QVERIFY(cache->saveConversation(direct, kSelf));
        QVERIFY(cache->saveConversation(group, kSelf));
        QVERIFY(cache->saveCursor(QStringLiteral("c1"), SyncCursor{9, 0}));
        QVERIFY(cache->saveCursor(QStringLiteral("c2"), SyncCursor{5, 2}));
        QVERIFY(cache->saveMessages(messages, kSelf));
        QVERIFY(cache->addToOutbox(makeEntry(QStringLiteral("o1"), QStringLiteral("c1"), QStringLiteral("pending"))));
    }

    auto cache = open();
    QVERIFY(cache);

    auto users = cache->users();
    QCOMPARE(users.size(), 2);
    std::sort(users.begin(), users.end(), [](const User &a, const User &b) { return a.id > b.id; });
    QCOMPARE(users.at(0).toJson(), alice.toJson());
    QCOMPARE(users.at(1).toJson(), bob.toJson());

    auto conversations = cache->conversations();
    QCOMPARE(conversations.size(), 2);
    std::sort(conversations.begin(), conversations.end(), [](const CachedConversation &a, const CachedConversation &b) {
        return a.conversation.id < b.conversation.id;
    });
    QCOMPARE(conversations.at(0).conversation.toJson(kSelf), direct.toJson(kSelf));
    QCOMPARE(conversations.at(1).conversation.toJson(kSelf), group.toJson(kSelf));
    QCOMPARE(conversations.at(1).conversation.title, QStringLiteral("Group c2"));
    QCOMPARE(conversations.at(0).conversation.members.size(), 2);
    QCOMPARE(conversations.at(0).conversation.members.at(1).deliveredSeq, 4);
    QCOMPARE(conversations.at(0).conversation.unreadCount, 2);
    QVERIFY(conversations.at(0).conversation.lastMessage.has_value());
    QCOMPARE(conversations.at(0).conversation.lastMessage->text, QStringLiteral("last"));
    QCOMPARE(conversations.at(0).cursor.syncedRev, 9);
    QCOMPARE(conversations.at(0).cursor.historyFloor, 0);
    QCOMPARE(conversations.at(1).cursor.syncedRev, 5);
    QCOMPARE(conversations.at(1).cursor.historyFloor, 2);

    QCOMPARE(cache->messageCount(), 7);
    const auto inDirect = cache->messages(QStringLiteral("c1"), std::nullopt, 100);
    QCOMPARE(inDirect.size(), 4);
    for (qsizetype i = 0; i < inDirect.size(); ++i)
        QCOMPARE(inDirect.at(i).toJson(kSelf), messages.at(i).toJson(kSelf));
    // Own messages keep their client_id; others never had one.
    QCOMPARE(inDirect.at(0).clientId, QStringLiteral("client-1"));
    QVERIFY(inDirect.at(1).clientId.isEmpty());
    const auto inGroup = cache->messages(QStringLiteral("c2"), std::nullopt, 100);
    QCOMPARE(inGroup.size(), 3);
    QCOMPARE(inGroup.at(0).editedAtMsecs, std::optional<qint64>(1700000009000));
    QVERIFY(inGroup.at(1).deleted);
    QVERIFY(inGroup.at(1).text.isEmpty());
    QCOMPARE(inGroup.at(2).kind, Message::Kind::System);
    QCOMPARE(inGroup.at(2).text, system.text);

    const auto outbox = cache->outbox();
    QCOMPARE(outbox.size(), 1);
    QCOMPARE(outbox.at(0).clientId, QStringLiteral("o1"));
    QCOMPARE(outbox.at(0).conversationId, QStringLiteral("c1"));
    QCOMPARE(outbox.at(0).text, QStringLiteral("pending"));
    QCOMPARE(outbox.at(0).createdAtMsecs, 1700000001000);
    QVERIFY(outbox.at(0).failure.isEmpty());
}

void tst_LocalCache::usersAreUpdatedInPlace()
{
    auto cache = open();
    QVERIFY(cache);
    User bob = makeUser(kPeer, QStringLiteral("bob"), QStringLiteral("Bob"));
    QVERIFY(cache->saveUsers({bob}));
    bob.displayName = QStringLiteral("Robert");
    bob.online = false;
    QVERIFY(cache->saveUsers({bob}));
    const auto users = cache->users();
    QCOMPARE(users.size(), 1);
    QCOMPARE(users.first().displayName, QStringLiteral("Robert"));
    QCOMPARE(users.first().online, false);

    // Conversations too: saving again replaces the stored state.
    Conversation conversation = makeConversation(QStringLiteral("c1"), Conversation::Type::Group);
    QVERIFY(cache->saveConversation(conversation, kSelf));
    QVERIFY(cache->saveCursor(conversation.id, SyncCursor{7, 3}));
    conversation.title = QStringLiteral("Renamed");
    QVERIFY(cache->saveConversation(conversation, kSelf));
    const auto conversations = cache->conversations();
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(conversations.first().conversation.title, QStringLiteral("Renamed"));
    // Saving the conversation again keeps its cursor.
    QCOMPARE(conversations.first().cursor.syncedRev, 7);
    QCOMPARE(conversations.first().cursor.historyFloor, 3);
}

void tst_LocalCache::olderRevNeverReplacesNewer()
{
    auto cache = open();
    QVERIFY(cache);
    const Message original = makeMessage(QStringLiteral("c1"), 1, 1, kPeer, QStringLiteral("original"));
    Message edited = original;
    edited.rev = 5;
    edited.text = QStringLiteral("edited");
    edited.editedAtMsecs = 1700000005000;
    Message deleted = original;
    deleted.rev = 7;
    deleted.text.clear();
    deleted.deleted = true;

    QVERIFY(cache->saveMessages({original}, kSelf));
    QVERIFY(cache->saveMessages({edited}, kSelf));
    QCOMPARE(cache->message(original.id)->text, QStringLiteral("edited"));

    // A late event or an old page carries the original state: it must not win.
    QVERIFY(cache->saveMessages({original}, kSelf));
    QCOMPARE(cache->message(original.id)->text, QStringLiteral("edited"));
    QCOMPARE(cache->message(original.id)->rev, 5);

    // The same rev again (e.g. the same event twice) is harmless.
    QVERIFY(cache->saveMessages({edited}, kSelf));
    QCOMPARE(cache->message(original.id)->rev, 5);

    QVERIFY(cache->saveMessages({deleted, edited, original}, kSelf));
    const auto stored = cache->message(original.id);
    QVERIFY(stored);
    QVERIFY(stored->deleted);
    QCOMPARE(stored->rev, 7);
    QVERIFY(stored->text.isEmpty());
    QCOMPARE(cache->messageCount(), 1);

    // The paged read agrees with the lookup.
    const auto page = cache->messages(QStringLiteral("c1"), std::nullopt, 10);
    QCOMPARE(page.size(), 1);
    QVERIFY(page.first().deleted);
}

void tst_LocalCache::messagesPageBackwardsInAscendingOrder()
{
    auto cache = open();
    QVERIFY(cache);
    QList<Message> messages;
    for (qint64 seq = 1; seq <= 25; ++seq)
        messages.append(makeMessage(QStringLiteral("c1"), seq, seq, kPeer, QStringLiteral("m%1").arg(seq)));
    // Another conversation's messages never leak in.
    for (qint64 seq = 1; seq <= 30; ++seq)
        messages.append(makeMessage(QStringLiteral("c2"), seq, seq, kPeer, QStringLiteral("other")));
    // Stored in a shuffled order.
    std::reverse(messages.begin(), messages.begin() + 10);
    QVERIFY(cache->saveMessages(messages, kSelf));

    const QString c1 = QStringLiteral("c1");
    QCOMPARE(seqs(cache->messages(c1, std::nullopt, 10)), range(16, 25));
    QCOMPARE(seqs(cache->messages(c1, 16, 10)), range(6, 15));
    QCOMPARE(seqs(cache->messages(c1, 6, 10)), range(1, 5));
    QCOMPARE(seqs(cache->messages(c1, 1, 10)), QList<qint64>{});
    QCOMPARE(seqs(cache->messages(c1, std::nullopt, 100)), range(1, 25));
    QCOMPARE(seqs(cache->messages(c1, 26, 3)), range(23, 25));
    QCOMPARE(seqs(cache->messages(c1, 13, 1)), QList<qint64>{12});
    QVERIFY(cache->messages(QStringLiteral("c3"), std::nullopt, 10).isEmpty());
    for (const Message &message : cache->messages(c1, std::nullopt, 100))
        QCOMPARE(message.text, QStringLiteral("m%1").arg(message.seq));

    // Gaps (deleted-for-me messages, history not yet loaded) are fine.
    QVERIFY(cache->removeMessage(QStringLiteral("c1-m20")));
    QCOMPARE(seqs(cache->messages(c1, 23, 4)), (QList<qint64>{18, 19, 21, 22}));
}

void tst_LocalCache::messageLookupAndRemoval()
{
    auto cache = open();
    QVERIFY(cache);
    const Message message = makeMessage(QStringLiteral("c1"), 3, 4, kSelf, QStringLiteral("hello"));
    QVERIFY(!cache->message(message.id));
    QVERIFY(cache->saveMessages({message}, kSelf));
    const auto found = cache->message(message.id);
    QVERIFY(found);
    QCOMPARE(found->toJson(kSelf), message.toJson(kSelf));
    QVERIFY(cache->removeMessage(message.id));
    QVERIFY(!cache->message(message.id));
    QCOMPARE(cache->messageCount(), 0);
    // Removing what is not there is not an error.
    QVERIFY(cache->removeMessage(message.id));
}

void tst_LocalCache::outboxKeepsInsertionOrder()
{
    // Client ids that sort differently from the order they were written in.
    const QStringList written = {QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("mu"),
                                 QStringLiteral("beta"), QStringLiteral("omega")};
    {
        auto cache = open();
        QVERIFY(cache);
        for (qsizetype i = 0; i < written.size(); ++i) {
            // Even with timestamps that go backwards (the clock was changed).
            OutboxEntry entry = makeEntry(written.at(i), i % 2 ? QStringLiteral("c1") : QStringLiteral("c2"),
                                          QStringLiteral("text %1").arg(i));
            entry.createdAtMsecs = 1700000000000 - i * 1000;
            QVERIFY(cache->addToOutbox(entry));
        }
        QCOMPARE(clientIds(cache->outbox()), written);
        QVERIFY(cache->removeFromOutbox(QStringLiteral("mu")));
        QVERIFY(cache->addToOutbox(makeEntry(QStringLiteral("aaa"), QStringLiteral("c1"), QStringLiteral("later"))));
    }
    auto cache = open();
    QVERIFY(cache);
    const auto outbox = cache->outbox();
    QCOMPARE(clientIds(outbox), (QStringList{QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("beta"),
                                             QStringLiteral("omega"), QStringLiteral("aaa")}));
    QCOMPARE(outbox.at(1).text, QStringLiteral("text 1"));
    QCOMPARE(outbox.at(1).conversationId, QStringLiteral("c1"));
    QCOMPARE(outbox.at(1).createdAtMsecs, 1700000000000 - 1000);
}

void tst_LocalCache::outboxFailureAndRemoval()
{
    {
        auto cache = open();
        QVERIFY(cache);
        QVERIFY(cache->addToOutbox(makeEntry(QStringLiteral("a"), QStringLiteral("c1"), QStringLiteral("one"))));
        QVERIFY(cache->addToOutbox(makeEntry(QStringLiteral("b"), QStringLiteral("c1"), QStringLiteral("two"))));
        QVERIFY(cache->addToOutbox(makeEntry(QStringLiteral("c"), QStringLiteral("c1"), QStringLiteral("three"))));
        QVERIFY(cache->markOutboxFailed(QStringLiteral("b"), QStringLiteral("text is too long")));
        QVERIFY(cache->removeFromOutbox(QStringLiteral("a")));
    }
    {
        auto cache = open();
        QVERIFY(cache);
        auto outbox = cache->outbox();
        QCOMPARE(clientIds(outbox), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(outbox.at(0).failure, QStringLiteral("text is too long"));
        QVERIFY(outbox.at(1).failure.isEmpty());
        // Retrying clears the failure; the entry keeps its place.
        QVERIFY(cache->markOutboxFailed(QStringLiteral("b"), QString()));
        outbox = cache->outbox();
        QCOMPARE(clientIds(outbox), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
        QVERIFY(outbox.at(0).failure.isEmpty());
        QVERIFY(cache->removeFromOutbox(QStringLiteral("c")));
        QVERIFY(cache->removeFromOutbox(QStringLiteral("b")));
    }
    auto cache = open();
    QVERIFY(cache);
    QVERIFY(cache->outbox().isEmpty());
}

void tst_LocalCache::outboxClientIdsAreUnique()
{
    auto cache = open();
    QVERIFY(cache);
    QVERIFY(cache->addToOutbox(makeEntry(QStringLiteral("same"), QStringLiteral("c1"), QStringLiteral("first"))));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("adding to the outbox failed")));
    QVERIFY(!cache->addToOutbox(makeEntry(QStringLiteral("same"), QStringLiteral("c1"), QStringLiteral("second"))));
    const auto outbox = cache->outbox();
    QCOMPARE(outbox.size(), 1);
    QCOMPARE(outbox.first().text, QStringLiteral("first"));
}

void tst_LocalCache::cursorsPersist()
{
    {
        auto cache = open();
        QVERIFY(cache);
        QVERIFY(cache->saveConversation(makeConversation(QStringLiteral("c1"), Conversation::Type::Direct), kSelf));
        QVERIFY(cache->saveConversation(makeConversation(QStringLiteral("c2"), Conversation::Type::Group), kSelf));
        // A fresh conversation starts at the beginning.
        for (const CachedConversation &cached : cache->conversations()) {
            QCOMPARE(cached.cursor.syncedRev, 0);
            QCOMPARE(cached.cursor.historyFloor, 0);
        }
        QVERIFY(cache->saveCursor(QStringLiteral("c1"), SyncCursor{12, 0}));
        QVERIFY(cache->saveCursor(QStringLiteral("c1"), SyncCursor{42, 17}));
        QVERIFY(cache->saveCursor(QStringLiteral("c2"), SyncCursor{3, 1}));
    }
    auto cache = open();
    QVERIFY(cache);
    const auto conversations = cache->conversations();
    QCOMPARE(conversations.size(), 2);
    for (const CachedConversation &cached : conversations) {
        if (cached.conversation.id == QStringLiteral("c1")) {
            QCOMPARE(cached.cursor.syncedRev, 42);
            QCOMPARE(cached.cursor.historyFloor, 17);
        } else {
            QCOMPARE(cached.conversation.id, QStringLiteral("c2"));
            QCOMPARE(cached.cursor.syncedRev, 3);
            QCOMPARE(cached.cursor.historyFloor, 1);
        }
    }
}

void tst_LocalCache::removeConversationDropsItsMessages()
{
    auto cache = open();
    QVERIFY(cache);
    QVERIFY(cache->saveConversation(makeConversation(QStringLiteral("c1"), Conversation::Type::Direct), kSelf));
    QVERIFY(cache->saveConversation(makeConversation(QStringLiteral("c2"), Conversation::Type::Direct), kSelf));
    QVERIFY(cache->saveMessages({makeMessage(QStringLiteral("c1"), 1, 1, kPeer, QStringLiteral("a")),
                                 makeMessage(QStringLiteral("c1"), 2, 2, kPeer, QStringLiteral("b")),
                                 makeMessage(QStringLiteral("c2"), 1, 1, kPeer, QStringLiteral("c"))},
                                kSelf));
    QVERIFY(cache->removeConversation(QStringLiteral("c1")));
    const auto conversations = cache->conversations();
    QCOMPARE(conversations.size(), 1);
    QCOMPARE(conversations.first().conversation.id, QStringLiteral("c2"));
    QVERIFY(cache->messages(QStringLiteral("c1"), std::nullopt, 10).isEmpty());
    QCOMPARE(cache->messageCount(), 1);
}

void tst_LocalCache::transactionsGroupWrites()
{
    auto cache = open();
    QVERIFY(cache);
    QVERIFY(cache->begin());
    QVERIFY(cache->saveUsers({makeUser(kPeer, QStringLiteral("bob"), QStringLiteral("Bob"))}));
    QVERIFY(cache->saveMessages({makeMessage(QStringLiteral("c1"), 1, 1, kPeer, QStringLiteral("a"))}, kSelf));
    QVERIFY(cache->commit());
    cache.reset();
    cache = open();
    QVERIFY(cache);
    QCOMPARE(cache->users().size(), 1);
    QCOMPARE(cache->messageCount(), 1);
}

QTEST_GUILESS_MAIN(tst_LocalCache)
#include "tst_local_cache.moc"
