// The desktop client's typed protocol calls (client/core/Api): every op against a real parleyd
// gives back the parsed value; server errors pass through as they are; replies without the
// promised shape become `internal` errors; requests carry the fields the contract names.
#include "FinishTask.h"
#include <ParleydProcess.h>
#include <TestBackend.h>
#include <TestClient.h>
#include <TestJson.h>
#include <core/connection/Api.h>
#include <core/connection/Connection.h>

#include <QCoroTask>
#include <QCoroTimer>
#include <QTest>

#include <optional>

using namespace parley;
using namespace parley::client;
using namespace parley::test;
using parley::test::finish;

namespace {

template <typename T>
QString failure(const ApiResult<T> &result)
{
    return result ? QString()
                  : QStringLiteral("%1: %2").arg(errorCodeName(result.error().code), result.error().message);
}

// Each evaluates its argument once: it is often the call itself.
#define REQUIRE_API_OK(expression)                                                                                     \
    do {                                                                                                               \
        const auto result_ = (expression);                                                                             \
        QVERIFY2(result_.ok(), qPrintable(failure(result_)));                                                          \
    } while (false)
#define REQUIRE_API_ERROR(expression, expectedCode)                                                                    \
    do {                                                                                                               \
        const auto result_ = (expression);                                                                             \
        QVERIFY2(!result_.ok(), "the call succeeded");                                                                 \
        QCOMPARE(errorCodeName(result_.error().code), errorCodeName(expectedCode));                                    \
    } while (false)

/// A bare connection with the typed API over it, as the sign-in screen uses it.
struct Client
{
    std::unique_ptr<net::ProtocolClient> socket;
    std::unique_ptr<Api> api;
    User user;
    QString token;

    Api *operator->() { return api.get(); }
};

/// One request the fake sender got.
struct Sent
{
    QString op;
    QJsonObject data;
};

/// A sender that records the request and answers `reply` after a short asynchronous wait (as a
/// real connection does: the caller is suspended first).
Api::Sender fakeSender(QList<Sent> *log, std::function<Reply()> reply)
{
    return [log, reply](const QString &op, const QJsonObject &data) -> QCoro::Task<Reply> {
        log->append(Sent{op, data});
        Reply answer = reply();
        co_await QCoro::sleepFor(std::chrono::milliseconds(1));
        co_return answer;
    };
}

Reply okReply(const QJsonObject &data)
{
    Reply reply;
    reply.ok = true;
    reply.data = data;
    return reply;
}

QJsonObject userJson(const char *id)
{
    return obj({{"id", QLatin1StringView(id)},
                {"username", QLatin1StringView(id)},
                {"display_name", QString()},
                {"online", false},
                {"last_seen", QJsonValue::Null}});
}

const Member *findMember(const Conversation &conversation, const QString &userId)
{
    for (const Member &member : conversation.members) {
        if (member.userId == userId)
            return &member;
    }
    return nullptr;
}

} // namespace

class tst_ProtocolApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void authOps();
    void userOps();
    void conversationAndGroupOps();
    void messageOps();
    void serverErrorsPassThrough();
    void malformedRepliesBecomeInternal_data();
    void malformedRepliesBecomeInternal();
    void opsWithoutAValueCompleteAfterSuspending();
    void requestsCarryTheContractFields();
    void offlineConnectionAnswersUnavailable();

private:
    Client connect();
    Client registered(const char *base);

    TestBackend m_backend;
    ParleydProcess m_daemon;
};

void tst_ProtocolApi::initTestCase()
{
    const QString error = m_backend.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(m_daemon.startOn(m_backend), qPrintable(m_daemon.output()));
}

void tst_ProtocolApi::cleanupTestCase()
{
    QCOMPARE(m_daemon.terminate(), 0);
}

Client tst_ProtocolApi::connect()
{
    Client client;
    client.socket = connectClient(m_daemon.url());
    if (!client.socket)
        qFatal("cannot reach parleyd");
    net::ProtocolClient *raw = client.socket.get();
    client.api =
        std::make_unique<Api>([raw](const QString &op, const QJsonObject &data) { return raw->request(op, data); });
    return client;
}

Client tst_ProtocolApi::registered(const char *base)
{
    Client client = connect();
    const QString username = uniqueName(base);
    auto reply = finish(client->registerAccount(username, QStringLiteral("correct horse battery"), QString()));
    if (!reply)
        qFatal("registering %s failed: %s", qPrintable(username), qPrintable(reply.error().message));
    client.user = reply->user;
    client.token = reply->token;
    return client;
}

void tst_ProtocolApi::authOps()
{
    Client first = connect();
    REQUIRE_API_OK(finish(first->ping()));
    const QString username = uniqueName("alice");
    auto registered = finish(
        first->registerAccount(username, QStringLiteral("correct horse battery"), QStringLiteral("  Alice Liddell ")));
    REQUIRE_API_OK(registered);
    QCOMPARE(registered->user.username, username);
    QCOMPARE(registered->user.displayName, QStringLiteral("Alice Liddell"));
    QVERIFY(!registered->user.id.isEmpty());
    QVERIFY(!registered->token.isEmpty());
    REQUIRE_API_OK(finish(first->ping()));

    Client second = connect();
    REQUIRE_API_ERROR(finish(second->registerAccount(username, QStringLiteral("another password"), QString())),
                      ErrorCode::Conflict);
    REQUIRE_API_ERROR(finish(second->login(username, QStringLiteral("wrong password"), QString())),
                      ErrorCode::Unauthorized);
    auto loggedIn =
        finish(second->login(username, QStringLiteral("correct horse battery"), QStringLiteral("test rig")));
    REQUIRE_API_OK(loggedIn);
    QCOMPARE(loggedIn->user.id, registered->user.id);
    QVERIFY(!loggedIn->token.isEmpty());
    QVERIFY(loggedIn->token != registered->token);

    Client third = connect();
    auto resumed = finish(third->resume(registered->token));
    REQUIRE_API_OK(resumed);
    QCOMPARE(resumed->user.id, registered->user.id);
    QCOMPARE(resumed->user.username, username);
    QVERIFY(resumed->token.isEmpty());
    REQUIRE_API_OK(finish(third->unreadCount()));

    // Logging out revokes the first token; the second one still works.
    REQUIRE_API_OK(finish(third->logout()));
    REQUIRE_API_ERROR(finish(third->unreadCount()), ErrorCode::Unauthorized);
    Client fourth = connect();
    REQUIRE_API_ERROR(finish(fourth->resume(registered->token)), ErrorCode::Unauthorized);
    REQUIRE_API_OK(finish(fourth->resume(loggedIn->token)));
}

void tst_ProtocolApi::userOps()
{
    Client alice = registered("alice");
    Client bob = registered("searchable_bob");

    auto found = finish(alice->searchUsers(bob.user.username, 5));
    REQUIRE_API_OK(found);
    QCOMPARE(found->size(), 1);
    QCOMPARE(found->first().id, bob.user.id);
    QCOMPARE(found->first().username, bob.user.username);

    auto none = finish(alice->searchUsers(QStringLiteral("nobody_has_this_name"), 5));
    REQUIRE_API_OK(none);
    QVERIFY(none->isEmpty());

    auto users = finish(alice->getUsers({bob.user.id, alice.user.id, QStringLiteral("NoSuchUserId0000")}));
    REQUIRE_API_OK(users);
    QStringList ids;
    for (const User &user : users.value())
        ids.append(user.id);
    QCOMPARE(sorted(ids), sorted({bob.user.id, alice.user.id}));
}

void tst_ProtocolApi::conversationAndGroupOps()
{
    Client alice = registered("alice");
    Client bob = registered("bob");
    Client carol = registered("carol");
    Client dave = registered("dave");

    auto direct = finish(alice->directConversation(bob.user.id));
    REQUIRE_API_OK(direct);
    QCOMPARE(direct->type, Conversation::Type::Direct);
    QVERIFY(!direct->id.isEmpty());
    QVERIFY(findMember(direct.value(), alice.user.id));
    QVERIFY(findMember(direct.value(), bob.user.id));
    QCOMPARE(direct->members.size(), 2);
    QVERIFY(direct->createdAtMsecs > 0);

    auto group =
        finish(alice->createGroup(QStringLiteral("Team"), {bob.user.id, carol.user.id}, QStringLiteral("what we do")));
    REQUIRE_API_OK(group);
    QCOMPARE(group->type, Conversation::Type::Group);
    QCOMPARE(group->title, QStringLiteral("Team"));
    QCOMPARE(group->description, QStringLiteral("what we do"));
    QCOMPARE(group->members.size(), 3);
    QCOMPARE(findMember(group.value(), alice.user.id)->role, Member::Role::Admin);
    QCOMPARE(findMember(group.value(), bob.user.id)->role, Member::Role::Member);
    QVERIFY(group->lastSeq > 0); // the group_created system message
    QVERIFY(group->rev > 0);

    auto listed = finish(alice->listConversations());
    REQUIRE_API_OK(listed);
    QStringList listedIds;
    for (const Conversation &conversation : listed.value())
        listedIds.append(conversation.id);
    QCOMPARE(sorted(listedIds), sorted({direct->id, group->id}));

    auto got = finish(bob->getConversation(group->id));
    REQUIRE_API_OK(got);
    QCOMPARE(got->id, group->id);
    QCOMPARE(got->title, QStringLiteral("Team"));

    GroupChanges changes;
    changes.title = QStringLiteral("Team 2");
    changes.adminsOnly = true;
    auto updated = finish(alice->updateGroup(group->id, changes));
    REQUIRE_API_OK(updated);
    QCOMPARE(updated->title, QStringLiteral("Team 2"));
    QCOMPARE(updated->description, QStringLiteral("what we do")); // not given, not changed
    QVERIFY(updated->adminsOnly);

    auto added = finish(alice->addMembers(group->id, {dave.user.id}));
    REQUIRE_API_OK(added);
    QCOMPARE(added->members.size(), 4);
    QVERIFY(findMember(added.value(), dave.user.id));

    auto promoted = finish(alice->promote(group->id, bob.user.id, true));
    REQUIRE_API_OK(promoted);
    QCOMPARE(findMember(promoted.value(), bob.user.id)->role, Member::Role::Admin);
    auto demoted = finish(alice->promote(group->id, bob.user.id, false));
    REQUIRE_API_OK(demoted);
    QCOMPARE(findMember(demoted.value(), bob.user.id)->role, Member::Role::Member);

    auto removed = finish(alice->removeMember(group->id, dave.user.id));
    REQUIRE_API_OK(removed);
    QCOMPARE(removed->members.size(), 3);
    QVERIFY(!findMember(removed.value(), dave.user.id));

    REQUIRE_API_OK(finish(carol->leaveGroup(group->id)));
    REQUIRE_API_ERROR(finish(carol->getConversation(group->id)), ErrorCode::NotFound);
    auto afterLeave = finish(alice->getConversation(group->id));
    REQUIRE_API_OK(afterLeave);
    QCOMPARE(afterLeave->members.size(), 2);

    // Deleting the direct conversation counts what the caller could see.
    for (const char *text : {"one", "two"})
        REQUIRE_API_OK(finish(alice->send(direct->id, nextClientId(), QLatin1StringView(text))));
    auto deleted = finish(alice->deleteConversation(direct->id));
    REQUIRE_API_OK(deleted);
    QCOMPARE(deleted.value(), 2);
    auto relisted = finish(alice->listConversations());
    REQUIRE_API_OK(relisted);
    QCOMPARE(relisted->size(), 1);
    QCOMPARE(relisted->first().id, group->id);
}

void tst_ProtocolApi::messageOps()
{
    Client alice = registered("alice");
    Client bob = registered("bob");
    auto direct = finish(alice->directConversation(bob.user.id));
    REQUIRE_API_OK(direct);
    const QString conversationId = direct->id;

    auto first = finish(alice->send(conversationId, QStringLiteral("client-a"), QStringLiteral("  hello  ")));
    REQUIRE_API_OK(first);
    QCOMPARE(first->text, QStringLiteral("hello"));
    QCOMPARE(first->seq, 1);
    QVERIFY(first->rev > 0);
    QCOMPARE(first->senderId, alice.user.id);
    QCOMPARE(first->conversationId, conversationId);
    QCOMPARE(first->clientId, QStringLiteral("client-a"));
    QCOMPARE(first->kind, Message::Kind::Text);
    QVERIFY(first->createdAtMsecs > 0);
    QVERIFY(!first->editedAtMsecs);

    // Idempotent per client_id.
    auto again = finish(alice->send(conversationId, QStringLiteral("client-a"), QStringLiteral("hello")));
    REQUIRE_API_OK(again);
    QCOMPARE(again->id, first->id);
    QCOMPARE(again->seq, 1);

    auto second = finish(alice->sendToUser(bob.user.id, QStringLiteral("client-b"), QStringLiteral("second")));
    REQUIRE_API_OK(second);
    QCOMPARE(second->conversationId, conversationId);
    QCOMPARE(second->seq, 2);

    auto edited = finish(alice->edit(first->id, QStringLiteral("hello, edited")));
    REQUIRE_API_OK(edited);
    QCOMPARE(edited->id, first->id);
    QCOMPARE(edited->text, QStringLiteral("hello, edited"));
    QVERIFY(edited->editedAtMsecs.has_value());
    QVERIFY(edited->rev > second->rev);

    auto history = finish(bob->history(conversationId, std::nullopt, 50));
    REQUIRE_API_OK(history);
    QCOMPARE(history->messages.size(), 2);
    QCOMPARE(history->messages.at(0).seq, 1);
    QCOMPARE(history->messages.at(0).text, QStringLiteral("hello, edited"));
    QVERIFY(history->messages.at(0).clientId.isEmpty()); // only the sender sees it
    QCOMPARE(history->messages.at(1).seq, 2);
    QVERIFY(!history->hasMore);
    auto older = finish(bob->history(conversationId, 2, 1));
    REQUIRE_API_OK(older);
    QCOMPARE(older->messages.size(), 1);
    QCOMPARE(older->messages.first().seq, 1);
    auto newest = finish(bob->history(conversationId, std::nullopt, 1));
    REQUIRE_API_OK(newest);
    QCOMPARE(newest->messages.first().seq, 2);
    QVERIFY(newest->hasMore);

    auto synced = finish(bob->sync(conversationId, 0));
    REQUIRE_API_OK(synced);
    QCOMPARE(synced->messages.size(), 2);
    QCOMPARE(synced->rev, std::optional<qint64>(edited->rev)); // a sync reply always carries its cursor
    QVERIFY(synced->messages.at(0).rev < synced->messages.at(1).rev);
    QVERIFY(!synced->hasMore);
    auto nothingNew = finish(bob->sync(conversationId, synced->rev.value_or(0)));
    REQUIRE_API_OK(nothingNew);
    QVERIFY(nothingNew->messages.isEmpty());

    auto unread = finish(bob->unreadCount());
    REQUIRE_API_OK(unread);
    QCOMPARE(unread.value(), 2);
    REQUIRE_API_OK(finish(bob->markDelivered(conversationId, 2)));
    auto marked = finish(bob->markRead(conversationId, 1));
    REQUIRE_API_OK(marked);
    QCOMPARE(marked.value(), 1);
    unread = finish(bob->unreadCount());
    REQUIRE_API_OK(unread);
    QCOMPARE(unread.value(), 1);
    auto seen = finish(alice->getConversation(conversationId));
    REQUIRE_API_OK(seen);
    QCOMPARE(findMember(seen.value(), bob.user.id)->deliveredSeq, 2);
    QCOMPARE(findMember(seen.value(), bob.user.id)->readSeq, 1);

    REQUIRE_API_OK(finish(bob->typing(conversationId, true)));
    REQUIRE_API_OK(finish(bob->typing(conversationId, false)));

    REQUIRE_API_OK(finish(alice->deleteMessage(first->id, true)));
    REQUIRE_API_OK(finish(bob->deleteMessage(second->id, false)));
    auto afterDelete = finish(bob->history(conversationId, std::nullopt, 50));
    REQUIRE_API_OK(afterDelete);
    QCOMPARE(afterDelete->messages.size(), 1); // the second is hidden for Bob only
    QCOMPARE(afterDelete->messages.first().id, first->id);
    QVERIFY(afterDelete->messages.first().deleted);
    QVERIFY(afterDelete->messages.first().text.isEmpty());
    auto aliceView = finish(alice->history(conversationId, std::nullopt, 50));
    REQUIRE_API_OK(aliceView);
    QCOMPARE(aliceView->messages.size(), 2);
}

void tst_ProtocolApi::serverErrorsPassThrough()
{
    Client anonymous = connect();
    REQUIRE_API_ERROR(finish(anonymous->listConversations()), ErrorCode::Unauthorized);

    Client alice = registered("alice");
    Client bob = registered("bob");
    auto direct = finish(alice->directConversation(bob.user.id));
    REQUIRE_API_OK(direct);

    auto empty = finish(alice->send(direct->id, nextClientId(), QStringLiteral("   ")));
    REQUIRE_API_ERROR(empty, ErrorCode::BadRequest);
    QCOMPARE(empty.error().field, QStringLiteral("text"));
    auto tooLong = finish(alice->send(direct->id, nextClientId(), QString(4097, QLatin1Char('x'))));
    REQUIRE_API_ERROR(tooLong, ErrorCode::TooLarge);
    QCOMPARE(tooLong.error().field, QStringLiteral("text"));
    REQUIRE_API_ERROR(finish(alice->getConversation(QStringLiteral("NoSuchConversat"))), ErrorCode::NotFound);
    REQUIRE_API_ERROR(finish(alice->directConversation(alice.user.id)), ErrorCode::BadRequest);

    // Errors of the transport come through unchanged as well.
    QList<Sent> log;
    Api api(fakeSender(&log, [] {
        Reply reply;
        reply.error = ProtocolError::make(ErrorCode::RateLimited, QStringLiteral("too many requests"));
        reply.error.retryAfterMs = 40;
        return reply;
    }));
    auto limited = finish(api.history(QStringLiteral("c"), std::nullopt));
    REQUIRE_API_ERROR(limited, ErrorCode::RateLimited);
    QCOMPARE(limited.error().retryAfterMs, std::optional<qint64>(40));
    QCOMPARE(limited.error().message, QStringLiteral("too many requests"));
}

void tst_ProtocolApi::malformedRepliesBecomeInternal_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<QJsonObject>("data");

    const QJsonObject validUser = userJson("u1");
    QTest::newRow("register without token") << QStringLiteral("auth.register") << obj({{"user", validUser}});
    QTest::newRow("register without user") << QStringLiteral("auth.register") << obj({{"token", QStringLiteral("t")}});
    QTest::newRow("login with a broken user")
        << QStringLiteral("auth.login") << obj({{"user", obj({{"id", 5}})}, {"token", QStringLiteral("t")}});
    QTest::newRow("resume without user") << QStringLiteral("auth.resume") << QJsonObject();
    QTest::newRow("search not a list") << QStringLiteral("users.search") << obj({{"users", QStringLiteral("x")}});
    QTest::newRow("search user without username")
        << QStringLiteral("users.search") << obj({{"users", QJsonArray{obj({{"id", QStringLiteral("a")}})}}});
    QTest::newRow("get without users") << QStringLiteral("users.get") << QJsonObject();
    QTest::newRow("list with a broken conversation")
        << QStringLiteral("conversations.list") << obj({{"conversations", QJsonArray{obj({{"id", 7}})}}});
    QTest::newRow("list without conversations") << QStringLiteral("conversations.list") << QJsonObject();
    for (const char *op : {"conversations.get", "conversations.direct", "groups.create", "groups.update", "groups.add",
                           "groups.remove", "groups.promote"}) {
        QTest::newRow(op) << QString(QLatin1StringView(op)) << obj({{"conversation", QStringLiteral("not an object")}});
    }
    for (const char *op : {"messages.send", "messages.edit"})
        QTest::newRow(op) << QString(QLatin1StringView(op)) << obj({{"message", obj({{"id", QStringLiteral("m")}})}});
    QTest::newRow("history with a broken message")
        << QStringLiteral("messages.history")
        << obj({{"messages", QJsonArray{obj({{"id", QStringLiteral("m")}, {"seq", QStringLiteral("1")}})}},
                {"has_more", false}});
    QTest::newRow("sync not a list") << QStringLiteral("messages.sync")
                                     << obj({{"messages", QJsonObject()}, {"rev", 3}});
}

void tst_ProtocolApi::malformedRepliesBecomeInternal()
{
    QFETCH(QString, op);
    QFETCH(QJsonObject, data);
    QList<Sent> log;
    Api api(fakeSender(&log, [data] { return okReply(data); }));

    std::optional<ProtocolError> error;
    const auto keep = [&error](const auto &result) {
        if (!result)
            error = result.error();
    };
    const QString id = QStringLiteral("x");
    if (op == QStringLiteral("auth.register"))
        keep(finish(api.registerAccount(QStringLiteral("u"), QStringLiteral("p"), QString())));
    else if (op == QStringLiteral("auth.login"))
        keep(finish(api.login(QStringLiteral("u"), QStringLiteral("p"), QString())));
    else if (op == QStringLiteral("auth.resume"))
        keep(finish(api.resume(QStringLiteral("t"))));
    else if (op == QStringLiteral("users.search"))
        keep(finish(api.searchUsers(QStringLiteral("q"))));
    else if (op == QStringLiteral("users.get"))
        keep(finish(api.getUsers({id})));
    else if (op == QStringLiteral("conversations.list"))
        keep(finish(api.listConversations()));
    else if (op == QStringLiteral("conversations.get"))
        keep(finish(api.getConversation(id)));
    else if (op == QStringLiteral("conversations.direct"))
        keep(finish(api.directConversation(id)));
    else if (op == QStringLiteral("groups.create"))
        keep(finish(api.createGroup(QStringLiteral("t"), {id})));
    else if (op == QStringLiteral("groups.update"))
        keep(finish(api.updateGroup(id, GroupChanges{QStringLiteral("t"), std::nullopt, std::nullopt})));
    else if (op == QStringLiteral("groups.add"))
        keep(finish(api.addMembers(id, {id})));
    else if (op == QStringLiteral("groups.remove"))
        keep(finish(api.removeMember(id, id)));
    else if (op == QStringLiteral("groups.promote"))
        keep(finish(api.promote(id, id, true)));
    else if (op == QStringLiteral("messages.send"))
        keep(finish(api.send(id, id, QStringLiteral("t"))));
    else if (op == QStringLiteral("messages.edit"))
        keep(finish(api.edit(id, QStringLiteral("t"))));
    else if (op == QStringLiteral("messages.history"))
        keep(finish(api.history(id, std::nullopt)));
    else if (op == QStringLiteral("messages.sync"))
        keep(finish(api.sync(id, 0)));
    else
        QFAIL("no call for this op");

    QCOMPARE(log.size(), 1);
    QCOMPARE(log.first().op, op);
    QVERIFY2(error.has_value(), "a malformed reply was accepted");
    QCOMPARE(errorCodeName(error->code), errorCodeName(ErrorCode::Internal));
    QVERIFY2(error->message.contains(op), qPrintable(error->message));
}

void tst_ProtocolApi::opsWithoutAValueCompleteAfterSuspending()
{
    // The sender suspends before it answers, as a real connection does. Calls whose result is
    // std::monostate must still complete (QCoro keeps results in a variant whose empty state is
    // std::monostate: a bare monostate co_return leaves the task without a result).
    QList<Sent> log;
    Api api(fakeSender(&log, [] { return okReply({}); }));
    const QString id = QStringLiteral("x");
    REQUIRE_API_OK(finish(api.ping()));
    REQUIRE_API_OK(finish(api.logout()));
    REQUIRE_API_OK(finish(api.leaveGroup(id)));
    REQUIRE_API_OK(finish(api.markDelivered(id, 1)));
    REQUIRE_API_OK(finish(api.deleteMessage(id, true)));
    REQUIRE_API_OK(finish(api.typing(id, true)));
    QCOMPARE(log.size(), 6);

    // Calls with a number read it, or 0 when absent.
    Api numbers(fakeSender(&log, [] {
        return okReply(obj({{"marked_count", 3}, {"count", 9}, {"messages_deleted", 4}}));
    }));
    auto marked = finish(numbers.markRead(id, 5));
    REQUIRE_API_OK(marked);
    QCOMPARE(marked.value(), 3);
    auto unread = finish(numbers.unreadCount());
    REQUIRE_API_OK(unread);
    QCOMPARE(unread.value(), 9);
    auto deleted = finish(numbers.deleteConversation(id));
    REQUIRE_API_OK(deleted);
    QCOMPARE(deleted.value(), 4);
}

void tst_ProtocolApi::requestsCarryTheContractFields()
{
    QList<Sent> log;
    Api api(fakeSender(&log, [] { return okReply({}); }));
    const auto last = [&log] { return log.isEmpty() ? Sent{} : log.last(); };

    finish(api.history(QStringLiteral("c1"), std::nullopt, 20));
    QCOMPARE(last().op, QStringLiteral("messages.history"));
    QCOMPARE(last().data, obj({{"conversation_id", QStringLiteral("c1")}, {"limit", 20}}));
    finish(api.history(QStringLiteral("c1"), 42, 10));
    QCOMPARE(last().data, obj({{"conversation_id", QStringLiteral("c1")}, {"limit", 10}, {"before_seq", 42}}));

    finish(api.sync(QStringLiteral("c1"), 7, 100));
    QCOMPARE(last().op, QStringLiteral("messages.sync"));
    QCOMPARE(last().data, obj({{"conversation_id", QStringLiteral("c1")}, {"after_rev", 7}, {"limit", 100}}));

    GroupChanges changes;
    changes.description = QString();
    finish(api.updateGroup(QStringLiteral("g"), changes));
    QCOMPARE(last().op, QStringLiteral("groups.update"));
    // Only what changes is sent; an empty description is a change.
    QCOMPARE(last().data, obj({{"conversation_id", QStringLiteral("g")}, {"description", QString()}}));

    finish(api.deleteMessage(QStringLiteral("m"), true));
    QCOMPARE(last().data, obj({{"message_id", QStringLiteral("m")}, {"scope", QStringLiteral("everyone")}}));
    finish(api.deleteMessage(QStringLiteral("m"), false));
    QCOMPARE(last().data, obj({{"message_id", QStringLiteral("m")}, {"scope", QStringLiteral("me")}}));

    finish(api.send(QStringLiteral("c1"), QStringLiteral("k"), QStringLiteral("hi")));
    QCOMPARE(last().op, QStringLiteral("messages.send"));
    QCOMPARE(last().data, obj({{"conversation_id", QStringLiteral("c1")},
                               {"client_id", QStringLiteral("k")},
                               {"text", QStringLiteral("hi")}}));
    finish(api.sendToUser(QStringLiteral("u"), QStringLiteral("k"), QStringLiteral("hi")));
    QCOMPARE(
        last().data,
        obj({{"to_user_id", QStringLiteral("u")}, {"client_id", QStringLiteral("k")}, {"text", QStringLiteral("hi")}}));

    finish(api.registerAccount(QStringLiteral("u"), QStringLiteral("p"), QStringLiteral("  ")));
    QCOMPARE(last().data, obj({{"username", QStringLiteral("u")}, {"password", QStringLiteral("p")}}));
    finish(api.login(QStringLiteral("u"), QStringLiteral("p"), QStringLiteral("laptop")));
    QCOMPARE(last().op, QStringLiteral("auth.login"));
    QCOMPARE(last().data, obj({{"username", QStringLiteral("u")},
                               {"password", QStringLiteral("p")},
                               {"device", QStringLiteral("laptop")}}));

    finish(api.getUsers({QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(last().data, obj({{"ids", QJsonArray{QStringLiteral("a"), QStringLiteral("b")}}}));
    finish(api.promote(QStringLiteral("g"), QStringLiteral("u"), false));
    QCOMPARE(last().data,
             obj({{"conversation_id", QStringLiteral("g")}, {"user_id", QStringLiteral("u")}, {"admin", false}}));
    finish(api.typing(QStringLiteral("c1"), false));
    QCOMPARE(last().op, QStringLiteral("typing"));
    QCOMPARE(last().data, obj({{"conversation_id", QStringLiteral("c1")}, {"active", false}}));
}

void tst_ProtocolApi::offlineConnectionAnswersUnavailable()
{
    Connection connection;
    connection.setEndpoint(m_daemon.url(), QStringLiteral("no token"));
    Api api([&connection](const QString &op, const QJsonObject &data) { return connection.request(op, data); });
    QCOMPARE(connection.state(), Connection::State::Offline);
    REQUIRE_API_ERROR(finish(api.ping()), ErrorCode::Unavailable);
    REQUIRE_API_ERROR(finish(api.listConversations()), ErrorCode::Unavailable);
}

QTEST_GUILESS_MAIN(tst_ProtocolApi)
#include "tst_protocol_api.moc"
