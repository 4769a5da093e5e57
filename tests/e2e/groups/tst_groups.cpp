// End-to-end: groups (create, update, add, remove, leave, promote), their system messages,
// admin rules and membership events against a real parleyd, on the backend PARLEY_TEST_BACKEND
// names. The rules are the wire contract plus the server's decisions where it is silent, which
// belong in docs/PROTOCOL.md.
#include <DaemonFixture.h>
#include <protocol/ConversationPayloads.h>
#include <storage/ThreadConnection.h>

#include <QCoroTask>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace parley;
using namespace parley::test;

namespace {

// The JSON in the text of every system message, oldest first.
QList<QJsonObject> systemEvents(const QList<QJsonObject> &messages)
{
    QList<QJsonObject> events;
    for (const QJsonObject &message : messages) {
        if (str(message, "kind") == QLatin1StringView("system"))
            events.append(QJsonDocument::fromJson(str(message, "text").toUtf8()).object());
    }
    return events;
}

bool isAdmin(const QJsonObject &conversation, const QString &userId)
{
    const auto member = memberOf(conversation, userId);
    return member && member->role == Member::Role::Admin;
}

} // namespace

// Creates a group as `session` and binds the conversation of the reply to `var`.
#define GROUP(var, session, title, ids)                                                                                \
    const Reply var##Reply =                                                                                           \
        (session).call("groups.create", obj({{"title", QStringLiteral(title)}, {"member_ids", idArray(ids)}}));        \
    REQUIRE_OK(var##Reply);                                                                                            \
    const QJsonObject var = sub(var##Reply.data, "conversation");                                                      \
    QVERIFY(!str(var, "id").isEmpty())
// conversations.get as `session` sees it, bound to `var`.
#define GET(var, session, conversationId)                                                                              \
    const Reply var##Reply = (session).call("conversations.get", obj({{"conversation_id", (conversationId)}}));        \
    REQUIRE_OK(var##Reply);                                                                                            \
    const QJsonObject var = sub(var##Reply.data, "conversation")
// The system events of a conversation as `session` sees them, bound to `var`.
#define SYSTEM_EVENTS(var, session, conversationId)                                                                    \
    const Reply var##Reply =                                                                                           \
        (session).call("messages.history", obj({{"conversation_id", (conversationId)}, {"limit", 100}}));              \
    REQUIRE_OK(var##Reply);                                                                                            \
    const QList<QJsonObject> var = systemEvents(messagesOf(var##Reply))

class tst_Groups : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void createMakesTheCreatorAdminAndRecordsIt();
    void createValidatesItsInput();
    void groupMessagesReachEveryMember();
    void memberCountIsCappedByMaxGroupMembers();
    void onlyAdminsChangeTheGroup();
    void updateRecordsEveryChangedSetting();
    void adminsOnlyLetsOnlyAdminsSend();
    void addSkipsMembersAndTellsTheNewOnes();
    void removedMemberIsToldAndLockedOut();
    void leavingMemberIsLockedOut();
    void lastAdminLeavingPromotesTheLongestStandingMember();
    void lastMemberLeavingPurgesTheGroup();
    void promoteAndDemote();
    void deletingAGroupConversationLeavesIt();
    void systemMessagesCannotBeDeletedOrEdited();
    void groupOpsOnADirectConversationAreBadRequests();
    void nonMembersGetNotFound();

private:
    QStringList registerMany(int count);

    DaemonFixture m_fixture;
    Limits m_limits;
};

void tst_Groups::initTestCase()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));
    m_limits = m_fixture.limits();
    QVERIFY(m_limits.maxGroupMembers > 2);
}

void tst_Groups::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

// Registers `count` accounts, a batch of connections at a time, and returns their ids (fewer
// when a registration failed).
QStringList tst_Groups::registerMany(int count)
{
    QStringList ids;
    constexpr int kBatch = 16;
    for (int start = 0; start < count; start += kBatch) {
        std::vector<std::unique_ptr<net::ProtocolClient>> clients;
        std::vector<QCoro::Task<Reply>> registrations;
        for (int i = start; i < std::min(count, start + kBatch); ++i) {
            clients.push_back(connectClient(m_fixture.url()));
            if (!clients.back())
                return ids;
            registrations.push_back(
                clients.back()->request(QStringLiteral("auth.register"),
                                        obj({{"username", QStringLiteral("%1_%2").arg(uniqueName("crowd")).arg(i)},
                                             {"password", QStringLiteral("correct horse battery")}})));
        }
        for (auto &registration : registrations) {
            const Reply reply = QCoro::waitFor(std::move(registration));
            if (!reply.ok) {
                qWarning("registering failed: %s", qPrintable(describe(reply)));
                return ids;
            }
            ids.append(str(sub(reply.data, "user"), "id"));
        }
    }
    return ids;
}

void tst_Groups::createMakesTheCreatorAdminAndRecordsIt()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    Session alice2 = m_fixture.anotherSession(alice);

    const Reply created = alice.call("groups.create", obj({{"title", QStringLiteral("  Team Rocket \n")},
                                                           {"member_ids", idArray({bob.id(), carol.id()})},
                                                           {"description", QStringLiteral("we blast off")}}));
    REQUIRE_OK(created);
    const QJsonObject group = sub(created.data, "conversation");
    const QString id = str(group, "id");
    QVERIFY(!id.isEmpty());
    QCOMPARE(str(group, "type"), QStringLiteral("group"));
    QCOMPARE(str(group, "title"), QStringLiteral("Team Rocket"));
    QCOMPARE(str(group, "description"), QStringLiteral("we blast off"));
    QCOMPARE(val(group, "admins_only"), QJsonValue(false));
    QCOMPARE(memberIds(group), sorted({alice.id(), bob.id(), carol.id()}));
    QVERIFY(isAdmin(group, alice.id()));
    QVERIFY(!isAdmin(group, bob.id()));
    QVERIFY(!isAdmin(group, carol.id()));
    QCOMPARE(truncatedNum(group, "last_seq"), 3); // group_created, two member_added
    QCOMPARE(str(sub(group, "last_message"), "kind"), QStringLiteral("system"));
    QCOMPARE(truncatedNum(group, "unread_count"), 0);

    // Every member hears of it, and so do the creator's other sessions; the creating session not.
    for (Session *session : Sessions{&bob, &carol, &alice2}) {
        const auto event = session->take("conversation.updated", about(id));
        QVERIFY(event.has_value());
        QCOMPARE(str(sub(*event, "conversation"), "title"), QStringLiteral("Team Rocket"));
        QCOMPARE(memberIds(sub(*event, "conversation")), memberIds(group));
    }
    QVERIFY(alice.none("conversation.updated", 100));

    // The history records the creation: kind "system", text a JSON object with "event".
    const Reply history = bob.call("messages.history", obj({{"conversation_id", id}}));
    REQUIRE_OK(history);
    const QList<QJsonObject> messages = messagesOf(history);
    QCOMPARE(messages.size(), 3);
    for (const QJsonObject &message : messages) {
        QCOMPARE(str(message, "kind"), QStringLiteral("system"));
        QCOMPARE(val(message, "deleted"), QJsonValue(false));
    }
    const QList<QJsonObject> events = systemEvents(messages);
    QCOMPARE(str(events.at(0), "event"), QStringLiteral("group_created"));
    QCOMPARE(str(events.at(0), "by"), alice.id());
    QStringList added;
    for (const QJsonObject &event : events.mid(1)) {
        QCOMPARE(str(event, "event"), QStringLiteral("member_added"));
        QCOMPARE(str(event, "by"), alice.id());
        added.append(str(event, "user"));
    }
    QCOMPARE(sorted(added), sorted({bob.id(), carol.id()}));

    // System messages are not unread; the group is in every member's list.
    for (Session *session : Sessions{&bob, &carol}) {
        const Reply unread = session->call("unread.count");
        REQUIRE_OK(unread);
        QCOMPARE(truncatedNum(unread.data, "count"), 0);
        const Reply list = session->call("conversations.list");
        REQUIRE_OK(list);
        QCOMPARE(conversationIds(list), QStringList{id});
    }
}

void tst_Groups::createValidatesItsInput()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    const auto create = [&](const QJsonValue &title, const QJsonValue &memberIds) {
        QJsonObject data;
        if (!title.isUndefined())
            data.insert(QStringLiteral("title"), title);
        if (!memberIds.isUndefined())
            data.insert(QStringLiteral("member_ids"), memberIds);
        return alice.call("groups.create", data);
    };
    const QJsonArray justBob = idArray({bob.id()});
    REQUIRE_ERROR(create(QString(), justBob), "bad_request", "title");
    REQUIRE_ERROR(create(QStringLiteral("   "), justBob), "bad_request", "title");
    REQUIRE_ERROR(create(QJsonValue::Undefined, justBob), "bad_request", "title");
    REQUIRE_ERROR(create(QString(101, QLatin1Char('t')), justBob), "bad_request", "title");
    REQUIRE_ERROR(create(QStringLiteral("ok"), QStringLiteral("not a list")), "bad_request", "member_ids");
    REQUIRE_ERROR(create(QStringLiteral("ok"), idArray({bob.id(), QStringLiteral("no-such-user")})), "not_found",
                  "member_ids");
    REQUIRE_ERROR(alice.call("groups.create", obj({{"title", QStringLiteral("ok")},
                                                   {"member_ids", justBob},
                                                   {"description", QString(1001, QLatin1Char('d'))}})),
                  "bad_request", "description");
    const Reply bobsList = bob.call("conversations.list");
    REQUIRE_OK(bobsList);
    QVERIFY(conversationIds(bobsList).isEmpty());

    // 100 characters of title are fine; so is a group of one.
    const Reply longest = create(QString(100, QLatin1Char('t')), justBob);
    REQUIRE_OK(longest);
    QCOMPARE(str(sub(longest.data, "conversation"), "title").size(), 100);
    const Reply alone = create(QStringLiteral("just me"), QJsonArray());
    REQUIRE_OK(alone);
    const QJsonObject group = sub(alone.data, "conversation");
    QCOMPARE(memberIds(group), QStringList{alice.id()});
    QVERIFY(isAdmin(group, alice.id()));
    SYSTEM_EVENTS(events, alice, str(group, "id"));
    QCOMPARE(events.size(), 1);
    QCOMPARE(str(events.at(0), "event"), QStringLiteral("group_created"));
    // Ids named twice, and the creator named too, make one member each.
    const Reply repeated = create(QStringLiteral("twice"), idArray({bob.id(), alice.id(), bob.id()}));
    REQUIRE_OK(repeated);
    const QJsonObject pair = sub(repeated.data, "conversation");
    QCOMPARE(arr(pair, "members").size(), 2);
    QCOMPARE(memberIds(pair), sorted({alice.id(), bob.id()}));
    QVERIFY(isAdmin(pair, alice.id()));
    QCOMPARE(truncatedNum(pair, "last_seq"), 2); // group_created, member_added bob

    const Reply list = alice.call("conversations.list");
    REQUIRE_OK(list);
    QCOMPARE(conversationIds(list).size(), 3);
}

void tst_Groups::groupMessagesReachEveryMember()
{
    auto [alice, bob, carol, outsider] = m_fixture.newUsers("alice", "bob", "carol", "dave");
    GROUP(group, alice, "Chatter", (QStringList{bob.id(), carol.id()}));
    const QString id = str(group, "id");
    flush(Sessions{&alice, &bob, &carol, &outsider});

    const QString clientId = nextClientId();
    const Reply sent = send(bob, id, QStringLiteral("hi team"), clientId);
    REQUIRE_OK(sent);
    QCOMPARE(truncatedNum(sub(sent.data, "message"), "seq"), 4);
    for (Session *session : Sessions{&alice, &carol}) {
        const auto event = session->take("message.new", about(id));
        QVERIFY(event.has_value());
        QCOMPARE(str(sub(*event, "message"), "text"), QStringLiteral("hi team"));
        QVERIFY(val(sub(*event, "message"), "client_id").isNull());
    }
    QVERIFY(bob.none("message.new"));
    QVERIFY(outsider.none("message.new", 0));

    for (Session *session : Sessions{&alice, &carol}) {
        GET(view, *session, id);
        QCOMPARE(truncatedNum(view, "unread_count"), 1);
    }
    // Carol reads: alice and bob get the receipt.
    const Reply read = carol.call("messages.read", obj({{"conversation_id", id}, {"seq", 4}}));
    REQUIRE_OK(read);
    QCOMPARE(truncatedNum(read.data, "marked_count"), 1);
    for (Session *session : Sessions{&alice, &bob}) {
        const auto receipt = session->take("receipt");
        QVERIFY(receipt.has_value());
        QCOMPARE(str(*receipt, "user_id"), carol.id());
        QCOMPARE(truncatedNum(*receipt, "read_seq"), 4);
    }
    GET(carolsView, carol, id);
    QCOMPARE(truncatedNum(carolsView, "unread_count"), 0);
}

void tst_Groups::memberCountIsCappedByMaxGroupMembers()
{
    const int max = m_limits.maxGroupMembers;
    if (max > 2000)
        QSKIP("max_group_members is too large to fill in a test");
    Person alice = m_fixture.newUser("alice");
    const QStringList others = registerMany(max);
    QCOMPARE(others.size(), max);

    // The creator plus `max` others is one too many.
    REQUIRE_ERROR(
        alice.call("groups.create", obj({{"title", QStringLiteral("crowd")}, {"member_ids", idArray(others)}})),
        "too_large", "member_ids");
    // Exactly `max` members is fine.
    const Reply full = alice.call(
        "groups.create", obj({{"title", QStringLiteral("crowd")}, {"member_ids", idArray(others.mid(0, max - 1))}}));
    REQUIRE_OK(full);
    const QJsonObject group = sub(full.data, "conversation");
    const QString id = str(group, "id");
    QCOMPARE(arr(group, "members").size(), max);
    // Adding one more to a full group is refused.
    REQUIRE_ERROR(alice.call("groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({others.last()})}})),
                  "too_large", nullptr);
    GET(unchanged, alice, id);
    QCOMPARE(arr(unchanged, "members").size(), max);
    // After someone is removed there is room again.
    REQUIRE_OK(alice.call("groups.remove", obj({{"conversation_id", id}, {"user_id", others.first()}})));
    const Reply added =
        alice.call("groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({others.last()})}}));
    REQUIRE_OK(added);
    QCOMPARE(arr(sub(added.data, "conversation"), "members").size(), max);
}

void tst_Groups::onlyAdminsChangeTheGroup()
{
    auto [alice, bob, carol, dave] = m_fixture.newUsers("alice", "bob", "carol", "dave");
    GROUP(group, alice, "Admins rule", (QStringList{bob.id(), carol.id()}));
    const QString id = str(group, "id");

    REQUIRE_ERROR(bob.call("groups.update", obj({{"conversation_id", id}, {"title", QStringLiteral("mine")}})),
                  "forbidden", nullptr);
    REQUIRE_ERROR(bob.call("groups.update", obj({{"conversation_id", id}, {"admins_only", true}})), "forbidden",
                  nullptr);
    REQUIRE_ERROR(bob.call("groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({dave.id()})}})),
                  "forbidden", nullptr);
    REQUIRE_ERROR(bob.call("groups.remove", obj({{"conversation_id", id}, {"user_id", carol.id()}})), "forbidden",
                  nullptr);
    REQUIRE_ERROR(bob.call("groups.promote", obj({{"conversation_id", id}, {"user_id", bob.id()}, {"admin", true}})),
                  "forbidden", nullptr);
    REQUIRE_ERROR(bob.call("groups.promote", obj({{"conversation_id", id}, {"user_id", alice.id()}, {"admin", false}})),
                  "forbidden", nullptr);

    GET(after, carol, id);
    QCOMPARE(str(after, "title"), QStringLiteral("Admins rule"));
    QCOMPARE(val(after, "admins_only"), QJsonValue(false));
    QCOMPARE(memberIds(after), memberIds(group));
    QVERIFY(isAdmin(after, alice.id()));
    QVERIFY(!isAdmin(after, bob.id()));
    QCOMPARE(truncatedNum(after, "last_seq"), truncatedNum(group, "last_seq"));
    QVERIFY(dave.none("conversation.updated", 100));
}

void tst_Groups::updateRecordsEveryChangedSetting()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    Session alice2 = m_fixture.anotherSession(alice);
    GROUP(group, alice, "Before", (QStringList{bob.id()}));
    const QString id = str(group, "id");
    const qint64 seqBefore = truncatedNum(group, "last_seq");
    flush(Sessions{&alice, &alice2, &bob});
    const auto update = [&](std::initializer_list<std::pair<const char *, QJsonValue>> fields) {
        QJsonObject data = obj(fields);
        data.insert(QStringLiteral("conversation_id"), id);
        return alice.call("groups.update", data);
    };

    const Reply titled = update({{"title", QStringLiteral("  After ")}});
    REQUIRE_OK(titled);
    QCOMPARE(str(sub(titled.data, "conversation"), "title"), QStringLiteral("After"));
    for (Session *session : Sessions{&bob, &alice2}) {
        const auto event = session->take("conversation.updated", about(id));
        QVERIFY(event.has_value());
        QCOMPARE(str(sub(*event, "conversation"), "title"), QStringLiteral("After"));
    }
    QVERIFY(alice.none("conversation.updated", 100));

    const Reply described = update({{"description", QStringLiteral("what we do")}});
    REQUIRE_OK(described);
    QCOMPARE(str(sub(described.data, "conversation"), "description"), QStringLiteral("what we do"));
    const Reply restricted = update({{"admins_only", true}});
    REQUIRE_OK(restricted);
    QCOMPARE(val(sub(restricted.data, "conversation"), "admins_only"), QJsonValue(true));
    QVERIFY(bob.take("conversation.updated",
                     [](const QJsonObject &data) {
                         return val(sub(data, "conversation"), "admins_only") == QJsonValue(true);
                     })
                .has_value());

    SYSTEM_EVENTS(events, bob, id);
    QCOMPARE(events.size(), 5); // group_created, member_added, then one per change
    QCOMPARE(str(events.at(2), "event"), QStringLiteral("title_changed"));
    QCOMPARE(str(events.at(2), "by"), alice.id());
    QCOMPARE(str(events.at(2), "title"), QStringLiteral("After"));
    QCOMPARE(str(events.at(3), "event"), QStringLiteral("description_changed"));
    QCOMPARE(str(events.at(3), "by"), alice.id());
    QCOMPARE(str(events.at(4), "event"), QStringLiteral("admins_only_changed"));
    QCOMPARE(str(events.at(4), "by"), alice.id());
    QCOMPARE(val(events.at(4), "admins_only"), QJsonValue(true));

    // Several settings at once: one system message each.
    const Reply all =
        update({{"title", QStringLiteral("Third")}, {"description", QStringLiteral("again")}, {"admins_only", false}});
    REQUIRE_OK(all);
    const QJsonObject updated = sub(all.data, "conversation");
    QCOMPARE(str(updated, "title"), QStringLiteral("Third"));
    QCOMPARE(str(updated, "description"), QStringLiteral("again"));
    QCOMPARE(val(updated, "admins_only"), QJsonValue(false));
    QCOMPARE(truncatedNum(updated, "last_seq"), seqBefore + 6);
    SYSTEM_EVENTS(later, bob, id);
    QStringList kinds;
    for (const QJsonObject &event : later.mid(5))
        kinds.append(str(event, "event"));
    QCOMPARE(sorted(kinds), sorted({QStringLiteral("title_changed"), QStringLiteral("description_changed"),
                                    QStringLiteral("admins_only_changed")}));

    REQUIRE_ERROR(alice.call("groups.update", obj({{"conversation_id", id}})), "bad_request", nullptr);
    REQUIRE_ERROR(update({{"title", QStringLiteral("  ")}}), "bad_request", "title");
    REQUIRE_ERROR(update({{"title", QString(101, QLatin1Char('t'))}}), "bad_request", "title");
    REQUIRE_ERROR(update({{"admins_only", QStringLiteral("yes")}}), "bad_request", "admins_only");
    GET(settled, bob, id);
    QCOMPARE(str(settled, "title"), QStringLiteral("Third"));
    QCOMPARE(truncatedNum(settled, "last_seq"), seqBefore + 6);
}

void tst_Groups::adminsOnlyLetsOnlyAdminsSend()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    GROUP(group, alice, "Announcements", (QStringList{bob.id()}));
    const QString id = str(group, "id");
    REQUIRE_OK(alice.call("groups.update", obj({{"conversation_id", id}, {"admins_only", true}})));
    alice.flush();

    REQUIRE_ERROR(send(bob, id, QStringLiteral("may I?")), "forbidden", nullptr);
    QVERIFY(alice.none("message.new"));
    const Reply byAdmin = send(alice, id, QStringLiteral("news"));
    REQUIRE_OK(byAdmin);
    QVERIFY(bob.take("message.new", about(id)).has_value());
    // Reading is still fine for members.
    REQUIRE_OK(bob.call("messages.read",
                        obj({{"conversation_id", id}, {"seq", truncatedNum(sub(byAdmin.data, "message"), "seq")}})));

    REQUIRE_OK(alice.call("groups.promote", obj({{"conversation_id", id}, {"user_id", bob.id()}, {"admin", true}})));
    REQUIRE_OK(send(bob, id, QStringLiteral("now I may")));
    REQUIRE_OK(alice.call("groups.promote", obj({{"conversation_id", id}, {"user_id", bob.id()}, {"admin", false}})));
    REQUIRE_ERROR(send(bob, id, QStringLiteral("and now?")), "forbidden", nullptr);
    REQUIRE_OK(alice.call("groups.update", obj({{"conversation_id", id}, {"admins_only", false}})));
    REQUIRE_OK(send(bob, id, QStringLiteral("everyone again")));
}

void tst_Groups::addSkipsMembersAndTellsTheNewOnes()
{
    auto [alice, bob, carol, dave] = m_fixture.newUsers("alice", "bob", "carol", "dave");
    GROUP(group, alice, "Growing", (QStringList{bob.id()}));
    const QString id = str(group, "id");
    const qint64 seqBefore = truncatedNum(group, "last_seq");
    flush(Sessions{&alice, &bob, &carol, &dave});

    const Reply added = alice.call(
        "groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({carol.id(), dave.id(), bob.id()})}}));
    REQUIRE_OK(added);
    const QJsonObject grown = sub(added.data, "conversation");
    QCOMPARE(memberIds(grown), sorted({alice.id(), bob.id(), carol.id(), dave.id()}));
    QVERIFY(!isAdmin(grown, carol.id()));
    QCOMPARE(truncatedNum(grown, "last_seq"), seqBefore + 2); // bob was a member already
    for (Session *session : Sessions{&carol, &dave, &bob}) {
        const auto event = session->take("conversation.updated", about(id));
        QVERIFY(event.has_value());
        QCOMPARE(memberIds(sub(*event, "conversation")), memberIds(grown));
    }
    QVERIFY(alice.none("conversation.updated", 100));

    SYSTEM_EVENTS(events, carol, id);
    QStringList newcomers;
    for (const QJsonObject &event : events) {
        if (str(event, "event") == QLatin1StringView("member_added") && str(event, "user") != bob.id()) {
            QCOMPARE(str(event, "by"), alice.id());
            newcomers.append(str(event, "user"));
        }
    }
    QCOMPARE(sorted(newcomers), sorted({carol.id(), dave.id()}));
    // New members take part at once.
    REQUIRE_OK(send(dave, id, QStringLiteral("hello all")));
    QVERIFY(carol.take("message.new", about(id)).has_value());

    REQUIRE_ERROR(alice.call("groups.add",
                             obj({{"conversation_id", id}, {"user_ids", idArray({QStringLiteral("no-such-user")})}})),
                  "not_found", "user_ids");
    const Reply nothingNew =
        alice.call("groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({bob.id()})}}));
    REQUIRE_OK(nothingNew);
    GET(after, alice, id);
    QCOMPARE(arr(after, "members").size(), 4);
    QCOMPARE(truncatedNum(after, "last_seq"), seqBefore + 3); // the two additions and dave's message
}

void tst_Groups::removedMemberIsToldAndLockedOut()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    Session carol2 = m_fixture.anotherSession(carol);
    GROUP(group, alice, "Shrinking", (QStringList{bob.id(), carol.id()}));
    const QString id = str(group, "id");
    flush(Sessions{&alice, &bob, &carol, &carol2});

    const Reply removed = alice.call("groups.remove", obj({{"conversation_id", id}, {"user_id", carol.id()}}));
    REQUIRE_OK(removed);
    QCOMPARE(memberIds(sub(removed.data, "conversation")), sorted({alice.id(), bob.id()}));
    for (Session *session : Sessions{&carol, &carol2}) {
        const auto event = session->take("conversation.removed");
        QVERIFY(event.has_value());
        QCOMPARE(str(*event, "conversation_id"), id);
    }
    const auto updated = bob.take("conversation.updated", about(id));
    QVERIFY(updated.has_value());
    QCOMPARE(memberIds(sub(*updated, "conversation")), sorted({alice.id(), bob.id()}));
    QVERIFY(alice.none("conversation.updated", 100));
    QVERIFY(carol.none("conversation.updated", 0));

    SYSTEM_EVENTS(events, bob, id);
    QCOMPARE(str(events.last(), "event"), QStringLiteral("member_removed"));
    QCOMPARE(str(events.last(), "by"), alice.id());
    QCOMPARE(str(events.last(), "user"), carol.id());

    // From now on carol is an outsider.
    REQUIRE_ERROR(carol.call("conversations.get", obj({{"conversation_id", id}})), "not_found", nullptr);
    REQUIRE_ERROR(carol.call("messages.history", obj({{"conversation_id", id}})), "not_found", nullptr);
    REQUIRE_ERROR(send(carol, id, QStringLiteral("still here?")), "not_found", nullptr);
    const Reply list = carol.call("conversations.list");
    REQUIRE_OK(list);
    QVERIFY(!conversationIds(list).contains(id));
    REQUIRE_OK(send(alice, id, QStringLiteral("without carol")));
    QVERIFY(bob.take("message.new", about(id)).has_value());
    QVERIFY(carol.none("message.new", 100));

    REQUIRE_ERROR(alice.call("groups.remove", obj({{"conversation_id", id}, {"user_id", carol.id()}})), "not_found",
                  nullptr);
    REQUIRE_ERROR(alice.call("groups.remove", obj({{"conversation_id", id}, {"user_id", alice.id()}})), "bad_request",
                  nullptr);
    GET(after, bob, id);
    QCOMPARE(memberIds(after), sorted({alice.id(), bob.id()}));
}

void tst_Groups::leavingMemberIsLockedOut()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    Session bob2 = m_fixture.anotherSession(bob);
    GROUP(group, alice, "Door", (QStringList{bob.id(), carol.id()}));
    const QString id = str(group, "id");
    flush(Sessions{&alice, &bob, &bob2, &carol});

    const Reply left = bob.call("groups.leave", obj({{"conversation_id", id}}));
    REQUIRE_OK(left);
    QVERIFY(left.data.isEmpty());
    const auto removed = bob2.take("conversation.removed");
    QVERIFY(removed.has_value());
    QCOMPARE(str(*removed, "conversation_id"), id);
    for (Session *session : Sessions{&alice, &carol}) {
        const auto updated = session->take("conversation.updated", about(id));
        QVERIFY(updated.has_value());
        QCOMPARE(memberIds(sub(*updated, "conversation")), sorted({alice.id(), carol.id()}));
    }
    QVERIFY(bob.none("conversation.removed", 100));

    SYSTEM_EVENTS(events, alice, id);
    QCOMPARE(str(events.last(), "event"), QStringLiteral("member_left"));
    QVERIFY2(str(events.last(), "user") == bob.id() || str(events.last(), "by") == bob.id(),
             qPrintable(json(events.last())));
    for (const QJsonObject &event : events)
        QVERIFY(str(event, "event") != QLatin1StringView("admin_granted")); // alice is still admin

    REQUIRE_ERROR(bob.call("conversations.get", obj({{"conversation_id", id}})), "not_found", nullptr);
    REQUIRE_ERROR(bob.call("groups.leave", obj({{"conversation_id", id}})), "not_found", nullptr);
    REQUIRE_ERROR(send(bob, id, QStringLiteral("forgot something")), "not_found", nullptr);
    GET(after, carol, id);
    QCOMPARE(memberIds(after), sorted({alice.id(), carol.id()}));
    QVERIFY(isAdmin(after, alice.id()));
}

void tst_Groups::lastAdminLeavingPromotesTheLongestStandingMember()
{
    auto [alice, first, second, third, fourth] = m_fixture.newUsers("alice", "zed", "amy", "mia", "bea");
    GROUP(group, alice, "Succession", (QStringList{first.id()}));
    const QString id = str(group, "id");
    // Join one at a time, so the order of joining is clear.
    for (const Person *later : {&second, &third, &fourth}) {
        QTest::qWait(5); // distinct join times
        REQUIRE_OK(alice.call("groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({later->id()})}})));
    }
    first.flush();

    REQUIRE_OK(alice.call("groups.leave", obj({{"conversation_id", id}})));
    const auto updated = first.take("conversation.updated", [&](const QJsonObject &data) {
        return str(sub(data, "conversation"), "id") == id && isAdmin(sub(data, "conversation"), first.id());
    });
    QVERIFY(updated.has_value());
    GET(after, second, id);
    QCOMPARE(memberIds(after), sorted({first.id(), second.id(), third.id(), fourth.id()}));
    QVERIFY(isAdmin(after, first.id()));
    for (const Person *other : {&second, &third, &fourth})
        QVERIFY(!isAdmin(after, other->id()));

    SYSTEM_EVENTS(events, first, id);
    QVERIFY(events.size() >= 2);
    QCOMPARE(str(events.at(events.size() - 2), "event"), QStringLiteral("member_left"));
    const QJsonObject granted = events.last();
    QCOMPARE(str(granted, "event"), QStringLiteral("admin_granted"));
    QVERIFY2(val(granted, "by").isNull(), qPrintable(json(granted)));
    QCOMPARE(str(granted, "user"), first.id());
    // The new admin can act as one.
    REQUIRE_OK(first.call("groups.update", obj({{"conversation_id", id}, {"title", QStringLiteral("Mine")}})));
}

void tst_Groups::lastMemberLeavingPurgesTheGroup()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    GROUP(group, alice, "Short-lived", (QStringList{bob.id()}));
    const QString id = str(group, "id");
    REQUIRE_OK(send(bob, id, QStringLiteral("bye")));
    const auto count = [&](const char *sql) { return countRows(m_fixture.daemon().database(), sql, id); };
    const char *conversations = "SELECT COUNT(*) FROM conversations WHERE id = ?";
    const char *messages = "SELECT COUNT(*) FROM messages WHERE conversation_id = ?";
    const char *members = "SELECT COUNT(*) FROM members WHERE conversation_id = ?";

    REQUIRE_OK(alice.call("groups.leave", obj({{"conversation_id", id}})));
    GET(bobsView, bob, id);
    QCOMPARE(memberIds(bobsView), QStringList{bob.id()});
    QVERIFY(isAdmin(bobsView, bob.id()));
    QCOMPARE(count(conversations), 1);
    QCOMPARE(count(members), 1);

    REQUIRE_OK(bob.call("groups.leave", obj({{"conversation_id", id}})));
    QCOMPARE(count(conversations), 0);
    QCOMPARE(count(members), 0);
    QCOMPARE(count(messages), 0);
    storage::closeThreadConnection(m_fixture.daemon().database());
    REQUIRE_ERROR(bob.call("conversations.get", obj({{"conversation_id", id}})), "not_found", nullptr);
}

void tst_Groups::promoteAndDemote()
{
    auto [alice, bob, carol, dave] = m_fixture.newUsers("alice", "bob", "carol", "dave");
    GROUP(group, alice, "Ranks", (QStringList{bob.id(), carol.id()}));
    const QString id = str(group, "id");
    flush(Sessions{&alice, &bob, &carol});
    const auto promote = [&](Session &session, const QString &userId, bool admin) {
        return session.call("groups.promote", obj({{"conversation_id", id}, {"user_id", userId}, {"admin", admin}}));
    };

    const Reply promoted = promote(alice, bob.id(), true);
    REQUIRE_OK(promoted);
    QVERIFY(isAdmin(sub(promoted.data, "conversation"), bob.id()));
    for (Session *session : Sessions{&bob, &carol}) {
        const auto event = session->take("conversation.updated", about(id));
        QVERIFY(event.has_value());
        QVERIFY(isAdmin(sub(*event, "conversation"), bob.id()));
    }
    QVERIFY(alice.none("conversation.updated", 100));
    SYSTEM_EVENTS(afterPromotion, carol, id);
    QCOMPARE(str(afterPromotion.last(), "event"), QStringLiteral("admin_granted"));
    QCOMPARE(str(afterPromotion.last(), "by"), alice.id());
    QCOMPARE(str(afterPromotion.last(), "user"), bob.id());

    // The new admin demotes the old one, who then may not change anything.
    REQUIRE_OK(bob.call("groups.update", obj({{"conversation_id", id}, {"title", QStringLiteral("Bob's")}})));
    const Reply demoted = promote(bob, alice.id(), false);
    REQUIRE_OK(demoted);
    QVERIFY(!isAdmin(sub(demoted.data, "conversation"), alice.id()));
    SYSTEM_EVENTS(afterDemotion, carol, id);
    QCOMPARE(str(afterDemotion.last(), "event"), QStringLiteral("admin_revoked"));
    QCOMPARE(str(afterDemotion.last(), "by"), bob.id());
    QCOMPARE(str(afterDemotion.last(), "user"), alice.id());
    REQUIRE_ERROR(alice.call("groups.update", obj({{"conversation_id", id}, {"title", QStringLiteral("Back")}})),
                  "forbidden", nullptr);

    // The last admin cannot step down; promoting an outsider finds nobody.
    REQUIRE_ERROR(promote(bob, bob.id(), false), "bad_request", "admin");
    REQUIRE_ERROR(promote(bob, dave.id(), true), "not_found", nullptr);
    REQUIRE_ERROR(bob.call("groups.promote", obj({{"conversation_id", id}, {"user_id", carol.id()}})), "bad_request",
                  "admin");
    GET(after, carol, id);
    QVERIFY(isAdmin(after, bob.id()));
    QVERIFY(!isAdmin(after, alice.id()));
    QVERIFY(!isAdmin(after, carol.id()));
    QCOMPARE(str(after, "title"), QStringLiteral("Bob's"));
}

void tst_Groups::deletingAGroupConversationLeavesIt()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    GROUP(group, alice, "Quitters", (QStringList{bob.id(), carol.id()}));
    const QString id = str(group, "id");
    REQUIRE_OK(send(alice, id, QStringLiteral("hello")));
    const Reply before = bob.call("messages.history", obj({{"conversation_id", id}}));
    REQUIRE_OK(before);
    flush(Sessions{&alice, &bob});

    const Reply deleted = bob.call("conversations.delete", obj({{"conversation_id", id}}));
    REQUIRE_OK(deleted);
    QCOMPARE(truncatedNum(deleted.data, "messages_deleted"), messagesOf(before).size());
    const auto updated = alice.take("conversation.updated", about(id));
    QVERIFY(updated.has_value());
    QCOMPARE(memberIds(sub(*updated, "conversation")), sorted({alice.id(), carol.id()}));
    SYSTEM_EVENTS(events, carol, id);
    QCOMPARE(str(events.last(), "event"), QStringLiteral("member_left"));
    REQUIRE_ERROR(bob.call("conversations.get", obj({{"conversation_id", id}})), "not_found", nullptr);
    const Reply list = bob.call("conversations.list");
    REQUIRE_OK(list);
    QVERIFY(!conversationIds(list).contains(id));
    // A new message does not bring a group back to someone who left it.
    REQUIRE_OK(send(alice, id, QStringLiteral("come back")));
    QVERIFY(bob.none("message.new"));
    const Reply later = bob.call("conversations.list");
    REQUIRE_OK(later);
    QVERIFY(!conversationIds(later).contains(id));
}

void tst_Groups::systemMessagesCannotBeDeletedOrEdited()
{
    auto [alice, bob] = m_fixture.newUsers("alice", "bob");
    GROUP(group, alice, "Record", (QStringList{bob.id()}));
    const QString id = str(group, "id");
    const Reply history = alice.call("messages.history", obj({{"conversation_id", id}}));
    REQUIRE_OK(history);
    const QJsonObject created = messagesOf(history).value(0);
    QCOMPARE(str(created, "kind"), QStringLiteral("system"));
    REQUIRE_ERROR(
        alice.call("messages.delete", obj({{"message_id", str(created, "id")}, {"scope", QStringLiteral("everyone")}})),
        "forbidden", nullptr);
    REQUIRE_ERROR(alice.call("messages.edit", obj({{"message_id", str(created, "id")}, {"text", QStringLiteral("x")}})),
                  "forbidden", nullptr);
    const Reply after = bob.call("messages.history", obj({{"conversation_id", id}}));
    REQUIRE_OK(after);
    QCOMPARE(val(messagesOf(after).value(0), "deleted"), QJsonValue(false));
    QCOMPARE(str(messagesOf(after).value(0), "text"), str(created, "text"));
}

void tst_Groups::groupOpsOnADirectConversationAreBadRequests()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    const Reply direct = alice.call("conversations.direct", obj({{"user_id", bob.id()}}));
    REQUIRE_OK(direct);
    const QString id = str(sub(direct.data, "conversation"), "id");

    struct Probe
    {
        const char *op;
        QJsonObject data;
    };
    const QList<Probe> probes{
        {"groups.update", obj({{"conversation_id", id}, {"title", QStringLiteral("now a group")}})},
        {"groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({carol.id()})}})},
        {"groups.remove", obj({{"conversation_id", id}, {"user_id", bob.id()}})},
        {"groups.promote", obj({{"conversation_id", id}, {"user_id", bob.id()}, {"admin", true}})},
        {"groups.leave", obj({{"conversation_id", id}})},
    };
    for (const Probe &probe : probes) {
        const QString mismatch = errorMismatch(alice.call(probe.op, probe.data), "bad_request", "conversation_id");
        QVERIFY2(mismatch.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1StringView(probe.op), mismatch)));
    }
    GET(after, bob, id);
    QCOMPARE(str(after, "type"), QStringLiteral("direct"));
    QVERIFY(val(after, "title").isNull());
    QCOMPARE(memberIds(after), sorted({alice.id(), bob.id()}));
    QVERIFY(!isAdmin(after, alice.id()));
    QVERIFY(!isAdmin(after, bob.id()));
    QCOMPARE(truncatedNum(after, "last_seq"), 0);
}

void tst_Groups::nonMembersGetNotFound()
{
    auto [alice, bob, carol] = m_fixture.newUsers("alice", "bob", "carol");
    GROUP(group, alice, "Closed", (QStringList{bob.id()}));
    const QString id = str(group, "id");

    struct Probe
    {
        const char *op;
        QJsonObject data;
    };
    const QList<Probe> probes{
        {"groups.update", obj({{"conversation_id", id}, {"title", QStringLiteral("taken over")}})},
        {"groups.add", obj({{"conversation_id", id}, {"user_ids", idArray({carol.id()})}})},
        {"groups.remove", obj({{"conversation_id", id}, {"user_id", bob.id()}})},
        {"groups.promote", obj({{"conversation_id", id}, {"user_id", carol.id()}, {"admin", true}})},
        {"groups.leave", obj({{"conversation_id", id}})},
        {"conversations.get", obj({{"conversation_id", id}})},
    };
    for (const Probe &probe : probes) {
        const Reply reply = carol.call(probe.op, probe.data);
        const QString mismatch = errorMismatch(reply, "not_found", nullptr);
        QVERIFY2(mismatch.isEmpty(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1StringView(probe.op), mismatch)));
        QJsonObject unknown = probe.data;
        unknown.insert(QStringLiteral("conversation_id"), QStringLiteral("no-such-conversation"));
        const Reply missing = alice.call(probe.op, unknown);
        QVERIFY2(
            !missing.ok && missing.error.code == reply.error.code && missing.error.message == reply.error.message,
            qPrintable(
                QStringLiteral("%1: %2 vs %3").arg(QLatin1StringView(probe.op), describe(reply), describe(missing))));
    }
    GET(after, bob, id);
    QCOMPARE(str(after, "title"), QStringLiteral("Closed"));
    QCOMPARE(memberIds(after), sorted({alice.id(), bob.id()}));
}

QTEST_GUILESS_MAIN(tst_Groups)
#include "tst_groups.moc"
