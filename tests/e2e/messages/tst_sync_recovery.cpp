// End-to-end: the delivery guarantees of shared/PROTOCOL.md ("Delivery guarantees"): a retried
// send returns the original message even across a daemon restart; a client that was offline
// catches up with conversations.list and messages.sync from its last rev and gets every new or
// changed message exactly once, in rev order, ending in the same state as messages.history; and
// concurrent sends into one conversation get contiguous seqs without duplicates. Runs on the
// backend PARLEY_TEST_BACKEND names.
#include <DaemonFixture.h>

#include <QCoroTask>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace parley;
using namespace parley::test;

namespace {

/// What a client keeps of one conversation: its messages by id and the rev it has synced to.
struct LocalConversation
{
    QHash<QString, QJsonObject> messages;
    qint64 rev = 0;
};

} // namespace

class tst_SyncRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void retriedSendIsIdempotentAcrossDaemonRestart();
    void reconnectingClientCatchesUpExactlyOnce();
    void concurrentSendsGetContiguousSeqs();
    void concurrentRetriesOfOneClientIdMakeOneMessage();

private:
    Reply sendIn(net::ProtocolClient &client, const QString &conversationId, const QString &text,
                 const QString &clientId = {});
    Reply edit(Person &user, const QString &messageId, const QString &text);
    Reply deleteForEveryone(Person &user, const QString &messageId);
    /// Every message of the conversation the client may see, ascending seq (history paged by
    /// before_seq). Fails the test on an error.
    QJsonArray fullHistory(net::ProtocolClient &client, const QString &conversationId);
    /// Syncs one conversation from `local.rev` with small pages, checks the paging rules, and
    /// returns the messages received, in order.
    QJsonArray syncFrom(net::ProtocolClient &client, const QString &conversationId, qint64 afterRev, int limit,
                        qint64 *finalRev);

    DaemonFixture m_fixture;
};

void tst_SyncRecovery::initTestCase()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
}

void tst_SyncRecovery::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

Reply tst_SyncRecovery::sendIn(net::ProtocolClient &client, const QString &conversationId, const QString &text,
                               const QString &clientId)
{
    return call(client, QStringLiteral("messages.send"),
                {{QStringLiteral("conversation_id"), conversationId},
                 {QStringLiteral("client_id"), clientId.isEmpty() ? nextClientId("sync") : clientId},
                 {QStringLiteral("text"), text}});
}

Reply tst_SyncRecovery::edit(Person &user, const QString &messageId, const QString &text)
{
    return call(*user.client, QStringLiteral("messages.edit"),
                {{QStringLiteral("message_id"), messageId}, {QStringLiteral("text"), text}});
}

Reply tst_SyncRecovery::deleteForEveryone(Person &user, const QString &messageId)
{
    return call(*user.client, QStringLiteral("messages.delete"),
                {{QStringLiteral("message_id"), messageId}, {QStringLiteral("scope"), QStringLiteral("everyone")}});
}

QJsonArray tst_SyncRecovery::fullHistory(net::ProtocolClient &client, const QString &conversationId)
{
    QJsonArray all;
    std::optional<qint64> before;
    for (int page = 0; page < 100; ++page) {
        QJsonObject data{{QStringLiteral("conversation_id"), conversationId}, {QStringLiteral("limit"), 100}};
        if (before)
            data.insert(QStringLiteral("before_seq"), *before);
        const Reply reply = call(client, QStringLiteral("messages.history"), data);
        if (!reply.ok) {
            QTest::qFail(qPrintable(QStringLiteral("messages.history: ") + describe(reply)), __FILE__, __LINE__);
            return {};
        }
        const QJsonArray messages = messageArrayOf(reply);
        QJsonArray merged = messages;
        for (const QJsonValue &value : std::as_const(all))
            merged.append(value);
        all = merged;
        if (!reply.data.value(QLatin1StringView("has_more")).toBool() || messages.isEmpty())
            break;
        before = num(messages.at(0).toObject(), "seq");
    }
    return all;
}

QJsonArray tst_SyncRecovery::syncFrom(net::ProtocolClient &client, const QString &conversationId, qint64 afterRev,
                                      int limit, qint64 *finalRev)
{
    QJsonArray received;
    QSet<QString> seen;
    qint64 cursor = afterRev;
    for (int page = 0; page < 500; ++page) {
        const Reply reply = call(client, QStringLiteral("messages.sync"),
                                 {{QStringLiteral("conversation_id"), conversationId},
                                  {QStringLiteral("after_rev"), cursor},
                                  {QStringLiteral("limit"), limit}});
        if (!reply.ok) {
            QTest::qFail(qPrintable(QStringLiteral("messages.sync: ") + describe(reply)), __FILE__, __LINE__);
            return {};
        }
        const QJsonArray messages = messageArrayOf(reply);
        const bool hasMore = reply.data.value(QLatin1StringView("has_more")).toBool();
        const auto fail = [&](const QString &what) {
            QTest::qFail(qPrintable(QStringLiteral("sync of %1 after rev %2: %3: %4")
                                        .arg(conversationId)
                                        .arg(cursor)
                                        .arg(what, describe(reply))),
                         __FILE__, __LINE__);
        };
        if (messages.size() > limit) {
            fail(QStringLiteral("more messages than the limit"));
            return {};
        }
        qint64 previous = cursor;
        for (const QJsonValue &value : messages) {
            const QJsonObject message = value.toObject();
            if (num(message, "rev") <= previous) {
                fail(QStringLiteral("revs not ascending past the cursor"));
                return {};
            }
            previous = num(message, "rev");
            if (seen.contains(idOf(message))) {
                fail(QStringLiteral("message %1 received twice").arg(idOf(message)));
                return {};
            }
            seen.insert(idOf(message));
            received.append(message);
        }
        // `rev` is the last returned message's rev, or after_rev when none.
        if (num(reply.data, "rev") != previous) {
            fail(QStringLiteral("reply rev is not the last message's rev"));
            return {};
        }
        if (messages.isEmpty() && hasMore) {
            fail(QStringLiteral("has_more without messages"));
            return {};
        }
        cursor = previous;
        if (!hasMore) {
            *finalRev = cursor;
            return received;
        }
    }
    QTest::qFail("messages.sync never ended", __FILE__, __LINE__);
    return {};
}

// (a) Send with client_id X, stop and restart the daemon, log in again on a new connection and
// send X again: the original message comes back (same id and seq), stored once.
void tst_SyncRecovery::retriedSendIsIdempotentAcrossDaemonRestart()
{
    auto [a, b] = m_fixture.newUsers("ines", "jonas");
    Reply reply = sendToUser(a, b.id(), QStringLiteral("before the restart"), nextClientId("sync"));
    REQUIRE_OK(reply);
    const QString conversationId = str(messageOf(reply), "conversation_id");
    const QString clientId = nextClientId("sync");
    reply = sendIn(*a.client, conversationId, QStringLiteral("will be retried"), clientId);
    REQUIRE_OK(reply);
    const QJsonObject original = messageOf(reply);
    QCOMPARE(str(original, "client_id"), clientId);
    QCOMPARE(num(original, "seq"), 2);

    // The same retry before the restart already returns the original.
    reply = sendIn(*a.client, conversationId, QStringLiteral("will be retried"), clientId);
    REQUIRE_OK(reply);
    QCOMPARE(json(messageOf(reply)), json(original));

    a.events.reset();
    a.client.reset();
    b.events.reset();
    b.client.reset();
    QCOMPARE(m_fixture.stop(), 0);
    QVERIFY2(m_fixture.daemon().restart(), qPrintable(m_fixture.daemon().output()));

    Session bAgain = m_fixture.loginSession(b.account);
    Session aAgain = m_fixture.loginSession(a.account);

    reply = sendIn(*aAgain.client, conversationId, QStringLiteral("will be retried"), clientId);
    REQUIRE_OK(reply);
    QCOMPARE(idOf(messageOf(reply)), idOf(original));
    QCOMPARE(num(messageOf(reply), "seq"), num(original, "seq"));
    QCOMPARE(json(messageOf(reply)), json(original));

    // The to_user_id form names the same (sender, conversation, client_id).
    reply = sendToUser(aAgain, b.id(), QStringLiteral("will be retried"), clientId);
    REQUIRE_OK(reply);
    QCOMPARE(json(messageOf(reply)), json(original));

    QVERIFY2(bAgain.events->none(QStringLiteral("message.new")), "a retry was delivered as a new message");
    const QJsonArray history = fullHistory(*aAgain.client, conversationId);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(history.size(), 2);
    int copies = 0;
    for (const QJsonValue &value : history)
        copies += str(value.toObject(), "client_id") == clientId ? 1 : 0;
    QCOMPARE(copies, 1);

    // Retries used up no seq.
    reply = sendIn(*aAgain.client, conversationId, QStringLiteral("after the retries"));
    REQUIRE_OK(reply);
    QCOMPARE(num(messageOf(reply), "seq"), 3);
}

// (b) B goes offline; meanwhile others send, edit (messages.edit) and delete (for everyone), and
// a group B is in appears. B reconnects, calls conversations.list and messages.sync from its last
// rev per conversation with a small page: it gets every new or changed message exactly once, in
// rev order, and ends up with exactly what messages.history shows, with no gap in seq.
void tst_SyncRecovery::reconnectingClientCatchesUpExactlyOnce()
{
    auto [a, b, d] = m_fixture.newUsers("kai", "lena", "milo");

    // Before B goes offline: a direct conversation A–B and a group A, B, D.
    Reply reply = sendToUser(a, b.id(), QStringLiteral("direct 1"), nextClientId("sync"));
    REQUIRE_OK(reply);
    const QString direct = str(messageOf(reply), "conversation_id");
    QStringList oldDirectByA{idOf(messageOf(reply))};
    for (int i = 2; i <= 4; ++i) {
        reply = sendIn(i % 2 ? *a.client : *b.client, direct, QStringLiteral("direct %1").arg(i));
        REQUIRE_OK(reply);
        if (i % 2)
            oldDirectByA.append(idOf(messageOf(reply)));
    }
    reply = createGroup(a, QStringLiteral("Before"), {b.id(), d.id()});
    REQUIRE_OK(reply);
    const QString group = idOf(conversationOf(reply));
    QStringList oldGroupByD;
    for (int i = 1; i <= 3; ++i) {
        reply = sendIn(*d.client, group, QStringLiteral("group %1").arg(i));
        REQUIRE_OK(reply);
        oldGroupByD.append(idOf(messageOf(reply)));
    }
    REQUIRE_OK(sendIn(*b.client, group, QStringLiteral("lena in the group")));

    // B's local state: everything so far, by sync from 0.
    QHash<QString, LocalConversation> local;
    reply = call(*b.client, QStringLiteral("conversations.list"));
    REQUIRE_OK(reply);
    for (const QJsonValue &value : reply.data.value(QLatin1StringView("conversations")).toArray()) {
        const QString id = idOf(value.toObject());
        qint64 rev = 0;
        const QJsonArray messages = syncFrom(*b.client, id, 0, 100, &rev);
        if (QTest::currentTestFailed())
            return;
        for (const QJsonValue &message : messages)
            local[id].messages.insert(idOf(message.toObject()), message.toObject());
        local[id].rev = rev;
    }
    QCOMPARE(local.size(), 2);
    QVERIFY(local.value(direct).rev > 0);
    QVERIFY(local.value(group).rev > 0);

    // B goes offline.
    const Account bAccount = b.account;
    b.events.reset();
    b.client.reset();
    // The daemon has seen B go when A, a contact, is told so.
    QVERIFY(a.take("presence", [&](const QJsonObject &data) {
        return str(data, "user_id") == bAccount.userId && val(data, "online") == QJsonValue(false);
    }));

    // Meanwhile, in the direct conversation: new messages, an old one edited twice, a new one
    // edited, an old and a new one deleted, one edited and then deleted.
    QStringList newDirect;
    for (int i = 1; i <= 7; ++i) {
        reply = sendIn(*a.client, direct, QStringLiteral("while away %1").arg(i));
        REQUIRE_OK(reply);
        newDirect.append(idOf(messageOf(reply)));
    }
    REQUIRE_OK(edit(a, oldDirectByA.at(0), QStringLiteral("direct 1, edited once")));
    REQUIRE_OK(edit(a, oldDirectByA.at(0), QStringLiteral("direct 1, edited twice")));
    REQUIRE_OK(edit(a, newDirect.at(2), QStringLiteral("while away 3, edited")));
    REQUIRE_OK(deleteForEveryone(a, oldDirectByA.at(1)));
    REQUIRE_OK(deleteForEveryone(a, newDirect.at(4)));
    REQUIRE_OK(edit(a, newDirect.at(5), QStringLiteral("while away 6, edited")));
    REQUIRE_OK(deleteForEveryone(a, newDirect.at(5)));

    // In the group: D and A write, D edits an old message, A deletes a new one, the title changes.
    QStringList newGroupByA;
    for (int i = 1; i <= 4; ++i) {
        REQUIRE_OK(sendIn(*d.client, group, QStringLiteral("d while away %1").arg(i)));
        reply = sendIn(*a.client, group, QStringLiteral("a while away %1").arg(i));
        REQUIRE_OK(reply);
        newGroupByA.append(idOf(messageOf(reply)));
    }
    REQUIRE_OK(edit(d, oldGroupByD.at(1), QStringLiteral("group 2, edited")));
    REQUIRE_OK(deleteForEveryone(a, newGroupByA.at(1)));
    REQUIRE_OK(call(*a.client, QStringLiteral("groups.update"),
                    {{QStringLiteral("conversation_id"), group}, {QStringLiteral("title"), QStringLiteral("After")}}));

    // And a group B has never seen.
    reply = createGroup(d, QStringLiteral("New while away"), {a.id(), b.id()});
    REQUIRE_OK(reply);
    const QString newGroup = idOf(conversationOf(reply));
    REQUIRE_OK(sendIn(*d.client, newGroup, QStringLiteral("welcome, lena")));

    // B comes back on a new connection of the same session.
    auto bAgain = connectClient(m_fixture.url(), bAccount.token);
    QVERIFY(bAgain);
    QVERIFY(bAgain->hello()->user.has_value());
    reply = call(*bAgain, QStringLiteral("conversations.list"));
    REQUIRE_OK(reply);
    const QJsonArray conversations = reply.data.value(QLatin1StringView("conversations")).toArray();
    QSet<QString> listed;
    for (const QJsonValue &value : conversations)
        listed.insert(idOf(value.toObject()));
    QCOMPARE(listed, (QSet<QString>{direct, group, newGroup}));

    for (const QJsonValue &value : conversations) {
        const QJsonObject conversation = value.toObject();
        const QString id = idOf(conversation);
        LocalConversation &state = local[id];
        const qint64 lastKnownRev = state.rev;
        qint64 finalRev = 0;
        const QJsonArray received = syncFrom(*bAgain, id, lastKnownRev, 3, &finalRev);
        if (QTest::currentTestFailed())
            return;
        const QJsonArray history = fullHistory(*bAgain, id);
        if (QTest::currentTestFailed())
            return;
        // Every conversation changed while B was away, by more than one page.
        QVERIFY2(received.size() > 3, qPrintable(QStringLiteral("only %1 messages synced").arg(received.size())));

        // No gap in seq, and the conversation agrees.
        QList<qint64> seqs;
        for (const QJsonValue &message : history)
            seqs.append(num(message.toObject(), "seq"));
        QCOMPARE(seqs, range(1, num(conversation, "last_seq")));
        QCOMPARE(finalRev, num(conversation, "rev"));

        // Exactly the messages created or changed since the last known rev, each in its final
        // state.
        QHash<QString, QJsonObject> byId;
        for (const QJsonValue &message : history)
            byId.insert(idOf(message.toObject()), message.toObject());
        QSet<QString> expected;
        for (const QJsonValue &message : history) {
            if (num(message.toObject(), "rev") > lastKnownRev)
                expected.insert(idOf(message.toObject()));
        }
        QSet<QString> got;
        for (const QJsonValue &message : received) {
            const QJsonObject object = message.toObject();
            got.insert(idOf(object));
            QCOMPARE(json(object), json(byId.value(idOf(object))));
            state.messages.insert(idOf(object), object);
        }
        QCOMPARE(got, expected);
        state.rev = finalRev;

        // Applied to what B had, the result is the history.
        QCOMPARE(state.messages.size(), byId.size());
        for (auto it = byId.cbegin(); it != byId.cend(); ++it)
            QCOMPARE(json(state.messages.value(it.key())), json(it.value()));

        // Nothing more to get.
        const Reply again = call(*bAgain, QStringLiteral("messages.sync"),
                                 {{QStringLiteral("conversation_id"), id}, {QStringLiteral("after_rev"), finalRev}});
        REQUIRE_OK(again);
        QCOMPARE(messageArrayOf(again).size(), 0);
        QCOMPARE(num(again.data, "rev"), finalRev);
        QCOMPARE(again.data.value(QLatin1StringView("has_more")).toBool(true), false);
    }

    // The final state is what happened while B was away.
    const auto stateOf = [&](const QString &conversationId, const QString &messageId) {
        return local.value(conversationId).messages.value(messageId);
    };
    QJsonObject message = stateOf(direct, oldDirectByA.at(0));
    QCOMPARE(str(message, "text"), QStringLiteral("direct 1, edited twice"));
    QVERIFY(!message.value(QLatin1StringView("edited_at")).isNull());
    message = stateOf(direct, newDirect.at(2));
    QCOMPARE(str(message, "text"), QStringLiteral("while away 3, edited"));
    QVERIFY(!message.value(QLatin1StringView("edited_at")).isNull());
    for (const QString &deletedId : {oldDirectByA.at(1), newDirect.at(4), newDirect.at(5)}) {
        message = stateOf(direct, deletedId);
        QCOMPARE(message.value(QLatin1StringView("deleted")).toBool(), true);
        QCOMPARE(str(message, "text"), QString());
    }
    message = stateOf(direct, newDirect.at(0));
    QCOMPARE(str(message, "text"), QStringLiteral("while away 1"));
    QVERIFY(message.value(QLatin1StringView("edited_at")).isNull());
    QCOMPARE(str(stateOf(group, oldGroupByD.at(1)), "text"), QStringLiteral("group 2, edited"));
    QCOMPARE(stateOf(group, newGroupByA.at(1)).value(QLatin1StringView("deleted")).toBool(), true);
    QVERIFY(local.value(newGroup).messages.size() >= 2); // its system messages and the welcome
}

// (c) Two users, three connections each, all sending into one conversation at once: the seqs
// are exactly last_seq+1 … last_seq+N, each once, and history agrees.
void tst_SyncRecovery::concurrentSendsGetContiguousSeqs()
{
    auto [a, b] = m_fixture.newUsers("nora", "otto");
    Reply reply = call(*a.client, QStringLiteral("conversations.direct"), {{QStringLiteral("user_id"), b.id()}});
    REQUIRE_OK(reply);
    const QString conversationId = idOf(conversationOf(reply));
    const qint64 base = num(conversationOf(reply), "last_seq");
    QCOMPARE(base, 0);

    std::vector<std::unique_ptr<net::ProtocolClient>> extra;
    QList<net::ProtocolClient *> senders{a.client.get(), b.client.get()};
    for (const Person *person : {&a, &b}) {
        for (int i = 0; i < 2; ++i) {
            extra.push_back(connectClient(m_fixture.url(), person->account.token));
            QVERIFY(extra.back());
            senders.append(extra.back().get());
        }
    }

    const int perConnection = 30;
    std::vector<QCoro::Task<Reply>> sends;
    for (int round = 0; round < perConnection; ++round) {
        for (net::ProtocolClient *sender : std::as_const(senders)) {
            sends.push_back(sender->request(QStringLiteral("messages.send"),
                                            {{QStringLiteral("conversation_id"), conversationId},
                                             {QStringLiteral("client_id"), nextClientId("sync")},
                                             {QStringLiteral("text"), QStringLiteral("burst %1").arg(round)}},
                                            std::chrono::seconds(60)));
        }
    }
    const qint64 total = qint64(sends.size());
    QList<qint64> seqs;
    QSet<QString> ids;
    QSet<qint64> revs;
    for (auto &task : sends) {
        const Reply sent = QCoro::waitFor(std::move(task));
        REQUIRE_OK(sent);
        seqs.append(num(messageOf(sent), "seq"));
        ids.insert(idOf(messageOf(sent)));
        revs.insert(num(messageOf(sent), "rev"));
    }
    std::sort(seqs.begin(), seqs.end());
    QCOMPARE(seqs, range(base + 1, base + total));
    QCOMPARE(qint64(ids.size()), total);
    QCOMPARE(qint64(revs.size()), total);

    const QJsonArray history = fullHistory(*a.client, conversationId);
    if (QTest::currentTestFailed())
        return;
    QList<qint64> stored;
    QSet<QString> storedIds;
    for (const QJsonValue &value : history) {
        stored.append(num(value.toObject(), "seq"));
        storedIds.insert(idOf(value.toObject()));
    }
    QCOMPARE(stored, range(1, base + total));
    QCOMPARE(storedIds, ids);
    reply = call(*b.client, QStringLiteral("conversations.get"), {{QStringLiteral("conversation_id"), conversationId}});
    REQUIRE_OK(reply);
    QCOMPARE(num(conversationOf(reply), "last_seq"), base + total);
}

// (c, continued) The same client_id sent at once from several connections of the sender (a
// retry racing the original): one message, and every reply is that message.
void tst_SyncRecovery::concurrentRetriesOfOneClientIdMakeOneMessage()
{
    auto [a, b] = m_fixture.newUsers("pia", "quinn");
    Reply reply = call(*a.client, QStringLiteral("conversations.direct"), {{QStringLiteral("user_id"), b.id()}});
    REQUIRE_OK(reply);
    const QString conversationId = idOf(conversationOf(reply));

    std::vector<std::unique_ptr<net::ProtocolClient>> connections;
    for (int i = 0; i < 3; ++i) {
        connections.push_back(connectClient(m_fixture.url(), a.account.token));
        QVERIFY(connections.back());
    }
    b.flush();

    const QString clientId = nextClientId("sync");
    std::vector<QCoro::Task<Reply>> sends;
    for (int round = 0; round < 4; ++round) {
        for (auto &connection : connections) {
            sends.push_back(connection->request(QStringLiteral("messages.send"),
                                                {{QStringLiteral("conversation_id"), conversationId},
                                                 {QStringLiteral("client_id"), clientId},
                                                 {QStringLiteral("text"), QStringLiteral("only once")}},
                                                std::chrono::seconds(60)));
        }
    }
    QSet<QString> messageJson;
    for (auto &task : sends) {
        const Reply sent = QCoro::waitFor(std::move(task));
        REQUIRE_OK(sent);
        messageJson.insert(json(messageOf(sent)));
    }
    QCOMPARE(messageJson.size(), 1);
    const QJsonObject message = QJsonDocument::fromJson(messageJson.cbegin()->toUtf8()).object();
    QCOMPARE(num(message, "seq"), 1);

    const QJsonArray history = fullHistory(*b.client, conversationId);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(history.size(), 1);
    QCOMPARE(idOf(history.at(0).toObject()), idOf(message));
    QTest::qWait(300); // the window in which a duplicate message.new would show up
    int delivered = 0;
    for (const EventFrame &event : b.events->all())
        delivered += event.name == QLatin1StringView("message.new") ? 1 : 0;
    QCOMPARE(delivered, 1);
}

QTEST_GUILESS_MAIN(tst_SyncRecovery)
#include "tst_sync_recovery.moc"
