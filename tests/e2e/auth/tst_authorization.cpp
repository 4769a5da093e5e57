// End-to-end: who may do what to a conversation (shared/PROTOCOL.md "Error codes": a caller that
// is not a member gets `not_found`, not `forbidden`, so ids cannot be probed; issue-3 spec
// "Identity and visibility"). An outsider tries every conversation-scoped op on a direct
// conversation and a group it is not in, and on made-up ids: every attempt is refused with the
// same `not_found`, nothing changes and nobody gets an event. Members who are not admins get
// `forbidden` for the admin-only group ops, and nobody but the sender may delete a message for
// everyone. Runs on the backend PARLEY_TEST_BACKEND names.
#include <DaemonFixture.h>

#include <QJsonArray>
#include <QTest>

using namespace parley;
using namespace parley::test;

namespace {

QString eventNames(const QList<EventFrame> &events)
{
    QStringList names;
    for (const EventFrame &event : events)
        names.append(event.name + QStringLiteral(" ") + json(event.data));
    return names.join(QStringLiteral("; "));
}

/// An id of the same shape as `id` that names nothing: its last character replaced.
QString mutatedId(const QString &id)
{
    QString result = id;
    const QChar last = result.back();
    QChar replacement;
    if (last.isDigit())
        replacement = last == QLatin1Char('7') ? QLatin1Char('3') : QLatin1Char('7');
    else if (last.isUpper())
        replacement = last == QLatin1Char('Q') ? QLatin1Char('K') : QLatin1Char('Q');
    else
        replacement = last == QLatin1Char('q') ? QLatin1Char('k') : QLatin1Char('q');
    result.back() = replacement;
    return result;
}

/// A logged-in user with one connection and a log of the events it receives.
enum class Target { Conversation, Message };

} // namespace

Q_DECLARE_METATYPE(Target)

class tst_Authorization : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void outsiderGetsNotFoundForEveryOp_data();
    void outsiderGetsNotFoundForEveryOp();
    void outsiderSeesNothingInListsOrCounts();
    void formerMembersAreOutsiders_data();
    void formerMembersAreOutsiders();
    void memberGetsForbiddenForAdminOps_data();
    void memberGetsForbiddenForAdminOps();
    void deleteForEveryoneOnSomeoneElsesMessageIsForbidden();
    void editOfSomeoneElsesMessageIsForbidden();
    void systemMessagesCannotBeDeletedOrEdited();
    void adminsOnlyGroupRefusesMemberSends();

private:
    /// Everything the members can observe about the two conversations of the world.
    QJsonObject snapshot();
    /// Waits a little for stray events, then checks that no user of the world got any.
    void verifyNoEvents();
    /// Waits for the events already sent to the users of the world, and forgets them.
    void clearEvents();
    /// Creates a group of A (admin) with B and D and one message each; empty id on failure.
    QString newGroup(const QString &title);

    DaemonFixture m_fixture;

    // The world: A and B share a direct conversation; A (admin), B and D share a group. C is in
    // neither.
    Person m_a, m_b, m_c, m_d;
    QString m_direct, m_group;
    QString m_directMsgA, m_directMsgB, m_groupMsgA, m_groupMsgB;
    QJsonObject m_before;
};

void tst_Authorization::initTestCase()
{
    QVERIFY2(m_fixture.start(), qPrintable(m_fixture.error()));

    m_a = m_fixture.newUser("alice");
    m_b = m_fixture.newUser("bob");
    m_c = m_fixture.newUser("carl");
    m_d = m_fixture.newUser("dora");

    // Direct conversation A–B with messages from both, and B has read some of it.
    Reply reply = sendToUser(m_a, m_b.id(), QStringLiteral("hello bob"), nextClientId("authz"));
    REQUIRE_OK(reply);
    m_direct = messageOf(reply).value(QLatin1StringView("conversation_id")).toString();
    m_directMsgA = idOf(messageOf(reply));
    QVERIFY(!m_direct.isEmpty());
    reply = call(*m_b.client, QStringLiteral("messages.send"),
                 {{QStringLiteral("conversation_id"), m_direct},
                  {QStringLiteral("client_id"), nextClientId("authz")},
                  {QStringLiteral("text"), QStringLiteral("hi alice")}});
    REQUIRE_OK(reply);
    m_directMsgB = idOf(messageOf(reply));
    REQUIRE_OK(call(*m_a.client, QStringLiteral("messages.send"),
                    {{QStringLiteral("conversation_id"), m_direct},
                     {QStringLiteral("client_id"), nextClientId("authz")},
                     {QStringLiteral("text"), QStringLiteral("how are you")}}));
    REQUIRE_OK(call(*m_b.client, QStringLiteral("messages.read"),
                    {{QStringLiteral("conversation_id"), m_direct}, {QStringLiteral("seq"), 1}}));

    // Group of A (admin), B and D with a message from each.
    m_group = newGroup(QStringLiteral("Team"));
    QVERIFY(!m_group.isEmpty());
    reply = call(*m_a.client, QStringLiteral("messages.history"), {{QStringLiteral("conversation_id"), m_group}});
    REQUIRE_OK(reply);
    for (const QJsonValue &value : reply.data.value(QLatin1StringView("messages")).toArray()) {
        const QJsonObject message = value.toObject();
        if (message.value(QLatin1StringView("kind")).toString() != QLatin1StringView("text"))
            continue;
        const QString sender = message.value(QLatin1StringView("sender_id")).toString();
        if (sender == m_a.id() && m_groupMsgA.isEmpty())
            m_groupMsgA = idOf(message);
        if (sender == m_b.id() && m_groupMsgB.isEmpty())
            m_groupMsgB = idOf(message);
    }
    QVERIFY(!m_groupMsgA.isEmpty());
    QVERIFY(!m_groupMsgB.isEmpty());

    m_before = snapshot();
    QVERIFY2(!json(m_before).contains(QLatin1StringView("\"error: ")), qPrintable(json(m_before)));
    clearEvents();
}

void tst_Authorization::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

QString tst_Authorization::newGroup(const QString &title)
{
    const Reply created = createGroup(m_a, title, {m_b.id(), m_d.id()});
    if (!created.ok) {
        qWarning("groups.create failed: %s", qPrintable(describe(created)));
        return {};
    }
    const QString id = idOf(conversationOf(created));
    for (Person *user : {&m_a, &m_b, &m_d}) {
        const Reply sent =
            call(*user->client, QStringLiteral("messages.send"),
                 {{QStringLiteral("conversation_id"), id},
                  {QStringLiteral("client_id"), nextClientId("authz")},
                  {QStringLiteral("text"), QString(QStringLiteral("group message from ") + user->account.username)}});
        if (!sent.ok) {
            qWarning("messages.send to the group failed: %s", qPrintable(describe(sent)));
            return {};
        }
    }
    return id;
}

QJsonObject tst_Authorization::snapshot()
{
    QJsonObject result;
    const auto put = [&result](const QString &key, const Reply &reply) {
        result.insert(key, reply.ok ? QJsonValue(reply.data) : QJsonValue(QStringLiteral("error: ") + describe(reply)));
    };
    for (const auto &[name, user] : {std::pair{"a", &m_a}, std::pair{"b", &m_b}}) {
        const QString prefix = QString::fromLatin1(name);
        put(prefix + QStringLiteral(".direct"),
            call(*user->client, QStringLiteral("conversations.get"), {{QStringLiteral("conversation_id"), m_direct}}));
        put(prefix + QStringLiteral(".direct.history"),
            call(*user->client, QStringLiteral("messages.history"), {{QStringLiteral("conversation_id"), m_direct}}));
        put(prefix + QStringLiteral(".direct.sync"),
            call(*user->client, QStringLiteral("messages.sync"),
                 {{QStringLiteral("conversation_id"), m_direct}, {QStringLiteral("after_rev"), 0}}));
    }
    for (const auto &[name, user] : {std::pair{"a", &m_a}, std::pair{"b", &m_b}, std::pair{"d", &m_d}}) {
        const QString prefix = QString::fromLatin1(name);
        put(prefix + QStringLiteral(".group"),
            call(*user->client, QStringLiteral("conversations.get"), {{QStringLiteral("conversation_id"), m_group}}));
        put(prefix + QStringLiteral(".group.history"),
            call(*user->client, QStringLiteral("messages.history"), {{QStringLiteral("conversation_id"), m_group}}));
        put(prefix + QStringLiteral(".group.sync"),
            call(*user->client, QStringLiteral("messages.sync"),
                 {{QStringLiteral("conversation_id"), m_group}, {QStringLiteral("after_rev"), 0}}));
    }
    return result;
}

void tst_Authorization::clearEvents()
{
    flush(Sessions{&m_a, &m_b, &m_c, &m_d});
}

void tst_Authorization::verifyNoEvents()
{
    QTest::qWait(200); // the window in which a stray event would show up: nothing to wait for
    for (Person *user : {&m_a, &m_b, &m_c, &m_d}) {
        QVERIFY2(user->events->all().isEmpty(),
                 qPrintable(user->account.username + QStringLiteral(" got: ") + eventNames(user->events->all())));
    }
}

void tst_Authorization::outsiderGetsNotFoundForEveryOp_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<Target>("target");
    QTest::addColumn<QJsonObject>("data");

    const auto conversationOp = [](const char *row, const char *op, const QJsonObject &data) {
        QTest::newRow(row) << QString::fromLatin1(op) << Target::Conversation << data;
    };
    conversationOp("conversations.get", "conversations.get", {});
    conversationOp("conversations.delete", "conversations.delete", {});
    conversationOp("groups.update title", "groups.update", {{QStringLiteral("title"), QStringLiteral("carl's now")}});
    conversationOp("groups.update admins_only", "groups.update", {{QStringLiteral("admins_only"), true}});
    conversationOp("groups.add self", "groups.add", {{QStringLiteral("user_ids"), QJsonArray{m_c.id()}}});
    conversationOp("groups.remove member", "groups.remove", {{QStringLiteral("user_id"), m_b.id()}});
    conversationOp("groups.leave", "groups.leave", {});
    conversationOp("groups.promote member", "groups.promote",
                   {{QStringLiteral("user_id"), m_b.id()}, {QStringLiteral("admin"), true}});
    conversationOp("groups.promote self", "groups.promote",
                   {{QStringLiteral("user_id"), m_c.id()}, {QStringLiteral("admin"), true}});
    conversationOp("messages.send", "messages.send", {{QStringLiteral("text"), QStringLiteral("let me in")}});
    conversationOp("messages.history", "messages.history", {});
    conversationOp("messages.history before_seq", "messages.history",
                   {{QStringLiteral("before_seq"), 3}, {QStringLiteral("limit"), 1}});
    conversationOp("messages.sync", "messages.sync", {{QStringLiteral("after_rev"), 0}});
    conversationOp("messages.delivered", "messages.delivered", {{QStringLiteral("seq"), 1}});
    conversationOp("messages.read", "messages.read", {{QStringLiteral("seq"), 1000}});
    conversationOp("typing active", "typing", {{QStringLiteral("active"), true}});
    conversationOp("typing inactive", "typing", {{QStringLiteral("active"), false}});

    const auto messageOp = [](const char *row, const char *op, const QJsonObject &data) {
        QTest::newRow(row) << QString::fromLatin1(op) << Target::Message << data;
    };
    messageOp("messages.delete everyone", "messages.delete", {{QStringLiteral("scope"), QStringLiteral("everyone")}});
    messageOp("messages.delete me", "messages.delete", {{QStringLiteral("scope"), QStringLiteral("me")}});
    messageOp("messages.edit", "messages.edit", {{QStringLiteral("text"), QStringLiteral("edited by carl")}});
}

void tst_Authorization::outsiderGetsNotFoundForEveryOp()
{
    QFETCH(QString, op);
    QFETCH(Target, target);
    QFETCH(QJsonObject, data);

    // The real ids of the world first, then ids that name nothing: one of the server's own shape
    // and one that is plainly made up. All must look exactly alike to C.
    struct Attempt
    {
        QString label;
        QString id;
    };
    QList<Attempt> attempts;
    if (target == Target::Conversation) {
        attempts = {{QStringLiteral("direct conversation"), m_direct},
                    {QStringLiteral("group"), m_group},
                    {QStringLiteral("server-shaped unknown id"), mutatedId(m_group)},
                    {QStringLiteral("made-up id"), QStringLiteral("no-such-conversation")}};
    } else {
        attempts = {{QStringLiteral("A's direct message"), m_directMsgA},
                    {QStringLiteral("B's direct message"), m_directMsgB},
                    {QStringLiteral("A's group message"), m_groupMsgA},
                    {QStringLiteral("B's group message"), m_groupMsgB},
                    {QStringLiteral("server-shaped unknown id"), mutatedId(m_groupMsgA)},
                    {QStringLiteral("made-up id"), QStringLiteral("no-such-message")}};
    }

    std::optional<Reply> reference;
    for (const Attempt &attempt : std::as_const(attempts)) {
        QJsonObject request = data;
        request.insert(target == Target::Conversation ? QStringLiteral("conversation_id")
                                                      : QStringLiteral("message_id"),
                       attempt.id);
        if (op == QLatin1StringView("messages.send"))
            request.insert(QStringLiteral("client_id"), nextClientId("authz"));
        const Reply reply = call(*m_c.client, op, request);
        QVERIFY2(!reply.ok && reply.error.code == ErrorCode::NotFound,
                 qPrintable(attempt.label + QStringLiteral(": ") + describe(reply)));
        if (!reference) {
            reference = reply;
            continue;
        }
        // Exactly the same error for a real id as for one that does not exist.
        QCOMPARE(reply.error.message, reference->error.message);
        QCOMPARE(reply.error.field, reference->error.field);
    }

    QVERIFY(call(*m_c.client, QStringLiteral("ping")).ok); // C's connection is still fine
    verifyNoEvents();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(json(snapshot()), json(m_before));
}

void tst_Authorization::outsiderSeesNothingInListsOrCounts()
{
    const Reply list = call(*m_c.client, QStringLiteral("conversations.list"));
    REQUIRE_OK(list);
    QCOMPARE(list.data.value(QLatin1StringView("conversations")).toArray().size(), 0);
    const Reply unread = call(*m_c.client, QStringLiteral("unread.count"));
    REQUIRE_OK(unread);
    QCOMPARE(unread.data.value(QLatin1StringView("count")).toInteger(-1), 0);
    verifyNoEvents();
}

void tst_Authorization::formerMembersAreOutsiders_data()
{
    QTest::addColumn<bool>("removed"); // removed by the admin, else left by themselves
    QTest::newRow("removed") << true;
    QTest::newRow("left") << false;
}

void tst_Authorization::formerMembersAreOutsiders()
{
    QFETCH(bool, removed);
    const QString group = newGroup(removed ? QStringLiteral("Removal") : QStringLiteral("Leaving"));
    QVERIFY(!group.isEmpty());
    if (removed) {
        REQUIRE_OK(call(*m_a.client, QStringLiteral("groups.remove"),
                        {{QStringLiteral("conversation_id"), group}, {QStringLiteral("user_id"), m_d.id()}}));
    } else {
        REQUIRE_OK(call(*m_d.client, QStringLiteral("groups.leave"), {{QStringLiteral("conversation_id"), group}}));
    }

    const QString unknown = mutatedId(group);
    const QList<std::pair<QString, QJsonObject>> ops = {
        {QStringLiteral("conversations.get"), {}},
        {QStringLiteral("messages.history"), {}},
        {QStringLiteral("messages.sync"), {{QStringLiteral("after_rev"), 0}}},
        {QStringLiteral("messages.send"), {{QStringLiteral("text"), QStringLiteral("still here?")}}},
        {QStringLiteral("messages.read"), {{QStringLiteral("seq"), 1}}},
        {QStringLiteral("typing"), {{QStringLiteral("active"), true}}},
        {QStringLiteral("groups.leave"), {}},
    };
    for (const auto &[op, data] : ops) {
        QJsonObject request = data;
        QJsonObject unknownRequest = data;
        request.insert(QStringLiteral("conversation_id"), group);
        unknownRequest.insert(QStringLiteral("conversation_id"), unknown);
        if (op == QLatin1StringView("messages.send")) {
            request.insert(QStringLiteral("client_id"), nextClientId("authz"));
            unknownRequest.insert(QStringLiteral("client_id"), nextClientId("authz"));
        }
        const Reply reply = call(*m_d.client, op, request);
        const Reply reference = call(*m_d.client, op, unknownRequest);
        QVERIFY2(!reply.ok && reply.error.code == ErrorCode::NotFound,
                 qPrintable(op + QStringLiteral(": ") + describe(reply)));
        QCOMPARE(describe(reply), describe(reference));
    }
    QTest::qWait(200); // the window in which a leaked typing event would show up
    const auto typing = m_a.events->take(QStringLiteral("typing"), 0);
    QVERIFY2(!typing.has_value(), "a former member's typing reached the group");
    clearEvents();
}

void tst_Authorization::memberGetsForbiddenForAdminOps_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<QJsonObject>("data");
    QTest::newRow("groups.update title") << QStringLiteral("groups.update")
                                         << QJsonObject{{QStringLiteral("title"), QStringLiteral("bob's group")}};
    QTest::newRow("groups.update description")
        << QStringLiteral("groups.update") << QJsonObject{{QStringLiteral("description"), QStringLiteral("mine")}};
    QTest::newRow("groups.update admins_only")
        << QStringLiteral("groups.update") << QJsonObject{{QStringLiteral("admins_only"), true}};
    QTest::newRow("groups.add") << QStringLiteral("groups.add")
                                << QJsonObject{{QStringLiteral("user_ids"), QJsonArray{m_c.id()}}};
    QTest::newRow("groups.remove other member")
        << QStringLiteral("groups.remove") << QJsonObject{{QStringLiteral("user_id"), m_d.id()}};
    QTest::newRow("groups.remove admin") << QStringLiteral("groups.remove")
                                         << QJsonObject{{QStringLiteral("user_id"), m_a.id()}};
    QTest::newRow("groups.promote self") << QStringLiteral("groups.promote")
                                         << QJsonObject{{QStringLiteral("user_id"), m_b.id()},
                                                        {QStringLiteral("admin"), true}};
    QTest::newRow("groups.promote other")
        << QStringLiteral("groups.promote")
        << QJsonObject{{QStringLiteral("user_id"), m_d.id()}, {QStringLiteral("admin"), true}};
    QTest::newRow("groups.promote demote admin")
        << QStringLiteral("groups.promote")
        << QJsonObject{{QStringLiteral("user_id"), m_a.id()}, {QStringLiteral("admin"), false}};
}

void tst_Authorization::memberGetsForbiddenForAdminOps()
{
    QFETCH(QString, op);
    QFETCH(QJsonObject, data);
    const QString group = newGroup(QStringLiteral("Admin ops"));
    QVERIFY(!group.isEmpty());
    clearEvents();
    const auto groupState = [&]() -> QString {
        return describe(call(*m_a.client, QStringLiteral("conversations.get"),
                             {{QStringLiteral("conversation_id"), group}})) +
               describe(
                   call(*m_a.client, QStringLiteral("messages.history"), {{QStringLiteral("conversation_id"), group}}));
    };
    const QString before = groupState();

    data.insert(QStringLiteral("conversation_id"), group);
    const Reply reply = call(*m_b.client, op, data);
    QCOMPARE(outcome(reply), QStringLiteral("forbidden"));

    verifyNoEvents();
    QCOMPARE(groupState(), before);
}

void tst_Authorization::deleteForEveryoneOnSomeoneElsesMessageIsForbidden()
{
    // Not the sender: B on A's direct and group messages, D on A's and B's group messages, and
    // even the group's admin A on B's group message ("everyone: sender only").
    const QList<std::tuple<Person *, QString, QString>> attempts = {
        {&m_b, m_directMsgA, QStringLiteral("B deletes A's direct message")},
        {&m_a, m_directMsgB, QStringLiteral("A deletes B's direct message")},
        {&m_b, m_groupMsgA, QStringLiteral("B deletes A's group message")},
        {&m_d, m_groupMsgB, QStringLiteral("D deletes B's group message")},
        {&m_a, m_groupMsgB, QStringLiteral("admin A deletes B's group message")},
    };
    for (const auto &[user, messageId, label] : attempts) {
        const Reply reply =
            call(*user->client, QStringLiteral("messages.delete"),
                 {{QStringLiteral("message_id"), messageId}, {QStringLiteral("scope"), QStringLiteral("everyone")}});
        QVERIFY2(!reply.ok && reply.error.code == ErrorCode::Forbidden,
                 qPrintable(label + QStringLiteral(": ") + describe(reply)));
    }
    verifyNoEvents();
    QCOMPARE(json(snapshot()), json(m_before));
}

void tst_Authorization::editOfSomeoneElsesMessageIsForbidden()
{
    const QList<std::tuple<Person *, QString, QString>> attempts = {
        {&m_b, m_directMsgA, QStringLiteral("B edits A's direct message")},
        {&m_d, m_groupMsgA, QStringLiteral("D edits A's group message")},
        {&m_a, m_groupMsgB, QStringLiteral("admin A edits B's group message")},
    };
    for (const auto &[user, messageId, label] : attempts) {
        const Reply reply =
            call(*user->client, QStringLiteral("messages.edit"),
                 {{QStringLiteral("message_id"), messageId}, {QStringLiteral("text"), QStringLiteral("rewritten")}});
        QVERIFY2(!reply.ok && reply.error.code == ErrorCode::Forbidden,
                 qPrintable(label + QStringLiteral(": ") + describe(reply)));
    }
    verifyNoEvents();
    QCOMPARE(json(snapshot()), json(m_before));
}

void tst_Authorization::systemMessagesCannotBeDeletedOrEdited()
{
    const QString group = newGroup(QStringLiteral("System"));
    QVERIFY(!group.isEmpty());
    const Reply history =
        call(*m_a.client, QStringLiteral("messages.history"), {{QStringLiteral("conversation_id"), group}});
    REQUIRE_OK(history);
    QString systemId;
    for (const QJsonValue &value : history.data.value(QLatin1StringView("messages")).toArray()) {
        if (value.toObject().value(QLatin1StringView("kind")).toString() == QLatin1StringView("system")) {
            systemId = idOf(value.toObject());
            break;
        }
    }
    QVERIFY2(!systemId.isEmpty(), "groups.create left no system message");
    clearEvents();

    const Reply deleted =
        call(*m_a.client, QStringLiteral("messages.delete"),
             {{QStringLiteral("message_id"), systemId}, {QStringLiteral("scope"), QStringLiteral("everyone")}});
    QCOMPARE(outcome(deleted), QStringLiteral("forbidden"));
    const Reply edited =
        call(*m_a.client, QStringLiteral("messages.edit"),
             {{QStringLiteral("message_id"), systemId}, {QStringLiteral("text"), QStringLiteral("{}")}});
    QCOMPARE(outcome(edited), QStringLiteral("forbidden"));
    verifyNoEvents();
    const Reply after =
        call(*m_a.client, QStringLiteral("messages.history"), {{QStringLiteral("conversation_id"), group}});
    QCOMPARE(describe(after), describe(history));
}

void tst_Authorization::adminsOnlyGroupRefusesMemberSends()
{
    const QString group = newGroup(QStringLiteral("Announcements"));
    QVERIFY(!group.isEmpty());
    REQUIRE_OK(call(*m_a.client, QStringLiteral("groups.update"),
                    {{QStringLiteral("conversation_id"), group}, {QStringLiteral("admins_only"), true}}));
    const Reply conversation =
        call(*m_a.client, QStringLiteral("conversations.get"), {{QStringLiteral("conversation_id"), group}});
    REQUIRE_OK(conversation);
    const qint64 lastSeq = conversationOf(conversation).value(QLatin1StringView("last_seq")).toInteger();

    const Reply refused = call(*m_b.client, QStringLiteral("messages.send"),
                               {{QStringLiteral("conversation_id"), group},
                                {QStringLiteral("client_id"), nextClientId("authz")},
                                {QStringLiteral("text"), QStringLiteral("may I?")}});
    QCOMPARE(outcome(refused), QStringLiteral("forbidden"));
    const Reply after =
        call(*m_a.client, QStringLiteral("conversations.get"), {{QStringLiteral("conversation_id"), group}});
    QCOMPARE(conversationOf(after).value(QLatin1StringView("last_seq")).toInteger(), lastSeq);

    const Reply allowed = call(*m_a.client, QStringLiteral("messages.send"),
                               {{QStringLiteral("conversation_id"), group},
                                {QStringLiteral("client_id"), nextClientId("authz")},
                                {QStringLiteral("text"), QStringLiteral("announcement")}});
    REQUIRE_OK(allowed);
    QCOMPARE(messageOf(allowed).value(QLatin1StringView("seq")).toInteger(), lastSeq + 1);
    clearEvents();
}

QTEST_GUILESS_MAIN(tst_Authorization)
#include "tst_authorization.moc"
