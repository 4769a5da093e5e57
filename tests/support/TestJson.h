#pragma once

#include <TestClient.h>
#include <protocol/ConversationPayloads.h>
#include <storage/DatabaseConfig.h>

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QTest>

#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <utility>

namespace parley::test {

// Small JSON, reply and event helpers shared by the end-to-end suites.

/// Matches the data of one event.
using Predicate = std::function<bool(const QJsonObject &)>;

/// A JSON object built from `{key, value}` pairs with Latin-1 keys.
QJsonObject obj(std::initializer_list<std::pair<const char *, QJsonValue>> fields);
/// The value at `key` (undefined when absent).
QJsonValue val(const QJsonObject &object, const char *key);
/// The string at `key`; empty when absent or not a string.
QString str(const QJsonObject &object, const char *key);
/// The integer at `key`; -1 when absent, not a number or not integral.
qint64 num(const QJsonObject &object, const char *key);
/// The number at `key` truncated to an integer; -1 when absent or not a number.
qint64 truncatedNum(const QJsonObject &object, const char *key);
/// The object at `key`; empty when absent or not an object.
QJsonObject sub(const QJsonObject &object, const char *key);
/// The array at `key`; empty when absent or not an array.
QJsonArray arr(const QJsonObject &object, const char *key);
/// `object` as compact JSON text.
QString json(const QJsonObject &object);

/// A reply as text for failure messages and comparisons: its data, or its error code, field and message.
QString describe(const Reply &reply);
/// "ok" for a successful reply, otherwise its error code name.
QString outcome(const Reply &reply);
/// Empty when `reply` failed with `code` (and `field`, when given); otherwise what went wrong.
QString errorMismatch(const Reply &reply, const char *code, const char *field);
/// True when `value` is a UTC timestamp string of the wire format (milliseconds and `Z`) that parses.
bool isTimestamp(const QJsonValue &value);

/// The integers `first` to `last`, both included.
QList<qint64> range(qint64 first, qint64 last);
/// `list` sorted.
QStringList sorted(QStringList list);
/// `ids` as a JSON array of strings.
QJsonArray idArray(const QStringList &ids);
/// `base` with a process-wide counter appended (`base_1`, `base_2`, ...).
QString uniqueName(const char *base);
/// A fresh client id, `prefix-1`, `prefix-2`, ... (one counter per process).
QString nextClientId(const char *prefix = "client");

/// The "message" object of a reply.
QJsonObject messageOf(const Reply &reply);
/// The "conversation" object of a reply.
QJsonObject conversationOf(const Reply &reply);
/// The "id" string of an object.
QString idOf(const QJsonObject &object);
/// The "messages" of a reply as objects.
QList<QJsonObject> messagesOf(const Reply &reply);
/// The "messages" array of a reply as it came.
QJsonArray messageArrayOf(const Reply &reply);
/// The ids of the "conversations" of a conversations.list reply, in order.
QStringList conversationIds(const Reply &listReply);
/// The conversation with `id` in a conversations.list reply; empty if absent.
QJsonObject findConversation(const Reply &listReply, const QString &id);
/// The sorted user ids of the "members" of a conversation object.
QStringList memberIds(const QJsonObject &conversation);
/// The parsed member `userId` of a conversation object; nullopt if absent or unparsable.
std::optional<Member> memberOf(const QJsonObject &conversation, const QString &userId);
/// Matches an event about one conversation, whatever its shape.
Predicate about(const QString &conversationId);

/// Runs `sql` (a COUNT with one `?` for `id`) on the daemon's database; -1 when it fails.
qint64 countRows(const storage::DatabaseConfig &database, const char *sql, const QString &id);

/// One WebSocket connection with everything it received recorded.
struct Session
{
    std::unique_ptr<net::ProtocolClient> client;
    std::unique_ptr<EventLog> events;

    /// Sends request `op` and waits for its reply.
    Reply call(const char *op, const QJsonObject &data = {});
    /// The data of the first event called `event` (matching `predicate`, if given), waiting up to `timeoutMs`.
    std::optional<QJsonObject> take(const char *event, const Predicate &predicate = {}, int timeoutMs = 5000);
    /// Records every event the server sent this session so far, then forgets them all. A ping does
    /// it: the daemon writes to all sockets from one thread and sends a request's events before its
    /// reply, so whatever an earlier request sent here comes before the ping's reply.
    void flush();
    /// True when no event called `event` arrives within `waitMs`.
    bool none(const char *event, int waitMs = 300);
    /// The recorded events called `event`, for failure messages.
    QString recorded(const char *event) const;
};

/// Users and further sessions in one loop: `for (Session *s : Sessions{&alice, &alice2})`.
using Sessions = std::initializer_list<Session *>;
/// Session::flush() on each.
void flush(Sessions sessions);

/// Connects to `url` (authenticated with `token`, if given) and starts recording events; stops
/// the test run when the daemon cannot be reached.
Session openSession(const QUrl &url, const QString &token = {});

/// Sends `text` into a conversation over `session` (messages.send).
Reply send(Session &session, const QString &conversationId, const QString &text,
           const QString &clientId = nextClientId());

/// Sends `text` to the user `userId` over `session` (messages.send with to_user_id), which creates
/// their direct conversation when there is none.
Reply sendToUser(Session &session, const QString &userId, const QString &text,
                 const QString &clientId = nextClientId());
/// Creates a group called `title` with `memberIds` over `session` (groups.create).
Reply createGroup(Session &session, const QString &title, const QStringList &memberIds);

} // namespace parley::test

/// Fails the test with the reply described unless `reply` (evaluated once) succeeded.
#define REQUIRE_OK(reply)                                                                                              \
    do {                                                                                                               \
        const ::parley::Reply checked_ = (reply);                                                                      \
        QVERIFY2(checked_.ok, qPrintable(::parley::test::describe(checked_)));                                         \
    } while (false)
/// Fails the test unless `reply` failed with `code` (and `field`, when not null), saying what came instead.
#define REQUIRE_ERROR(reply, code, field)                                                                              \
    do {                                                                                                               \
        const QString mismatch_ = ::parley::test::errorMismatch((reply), (code), (field));                             \
        QVERIFY2(mismatch_.isEmpty(), qPrintable(mismatch_));                                                          \
    } while (false)
