#include "TestJson.h"

#include <protocol/Timestamp.h>
#include <storage/ThreadConnection.h>

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace parley::test {

QJsonObject obj(std::initializer_list<std::pair<const char *, QJsonValue>> fields)
{
    QJsonObject object;
    for (const auto &field : fields)
        object.insert(QLatin1StringView(field.first), field.second);
    return object;
}

QJsonValue val(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1StringView(key));
}

QString str(const QJsonObject &object, const char *key)
{
    return val(object, key).toString();
}

qint64 num(const QJsonObject &object, const char *key)
{
    return val(object, key).toInteger(-1);
}

qint64 truncatedNum(const QJsonObject &object, const char *key)
{
    return qint64(val(object, key).toDouble(-1));
}

QJsonObject sub(const QJsonObject &object, const char *key)
{
    return val(object, key).toObject();
}

QJsonArray arr(const QJsonObject &object, const char *key)
{
    return val(object, key).toArray();
}

QString json(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString describe(const Reply &reply)
{
    if (reply.ok)
        return QStringLiteral("ok: %1").arg(json(reply.data));
    return QStringLiteral("%1 (field '%2'): %3")
        .arg(errorCodeName(reply.error.code), reply.error.field, reply.error.message);
}

QString outcome(const Reply &reply)
{
    return reply.ok ? QStringLiteral("ok") : errorCodeName(reply.error.code);
}

QString errorMismatch(const Reply &reply, const char *code, const char *field)
{
    const QString wanted =
        field ? QStringLiteral("%1 (field '%2')").arg(QLatin1StringView(code), QLatin1StringView(field))
              : QString::fromLatin1(code);
    if (reply.ok || errorCodeName(reply.error.code) != QLatin1StringView(code) ||
        (field && reply.error.field != QLatin1StringView(field)))
        return QStringLiteral("expected %1, got %2").arg(wanted, describe(reply));
    return {};
}

bool isTimestamp(const QJsonValue &value)
{
    static const QRegularExpression format(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
    return value.isString() && format.match(value.toString()).hasMatch() &&
           parseTimestamp(value.toString()).has_value();
}

QList<qint64> range(qint64 first, qint64 last)
{
    QList<qint64> values;
    for (qint64 value = first; value <= last; ++value)
        values.append(value);
    return values;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

QJsonArray idArray(const QStringList &ids)
{
    QJsonArray array;
    for (const QString &id : ids)
        array.append(id);
    return array;
}

QString uniqueName(const char *base)
{
    static int counter = 0;
    return QString::fromLatin1(base) + QStringLiteral("_") + QString::number(++counter);
}

QString nextClientId(const char *prefix)
{
    static int counter = 0;
    return QString::fromLatin1(prefix) + QStringLiteral("-") + QString::number(++counter);
}

QJsonObject messageOf(const Reply &reply)
{
    return sub(reply.data, "message");
}

QJsonObject conversationOf(const Reply &reply)
{
    return sub(reply.data, "conversation");
}

QString idOf(const QJsonObject &object)
{
    return str(object, "id");
}

QList<QJsonObject> messagesOf(const Reply &reply)
{
    QList<QJsonObject> messages;
    for (const QJsonValue &value : messageArrayOf(reply))
        messages.append(value.toObject());
    return messages;
}

QJsonArray messageArrayOf(const Reply &reply)
{
    return arr(reply.data, "messages");
}

QStringList conversationIds(const Reply &listReply)
{
    QStringList ids;
    for (const QJsonValue &value : arr(listReply.data, "conversations"))
        ids.append(idOf(value.toObject()));
    return ids;
}

QJsonObject findConversation(const Reply &listReply, const QString &id)
{
    for (const QJsonValue &value : arr(listReply.data, "conversations")) {
        if (idOf(value.toObject()) == id)
            return value.toObject();
    }
    return {};
}

QStringList memberIds(const QJsonObject &conversation)
{
    QStringList ids;
    for (const QJsonValue &value : arr(conversation, "members"))
        ids.append(str(value.toObject(), "user_id"));
    return sorted(ids);
}

std::optional<Member> memberOf(const QJsonObject &conversation, const QString &userId)
{
    const auto parsed = Conversation::fromJson(conversation);
    if (!parsed)
        return std::nullopt;
    for (const Member &member : parsed->members) {
        if (member.userId == userId)
            return member;
    }
    return std::nullopt;
}

Predicate about(const QString &conversationId)
{
    return [conversationId](const QJsonObject &data) {
        return str(data, "conversation_id") == conversationId ||
               str(sub(data, "message"), "conversation_id") == conversationId ||
               str(sub(data, "conversation"), "id") == conversationId;
    };
}

qint64 countRows(const storage::DatabaseConfig &database, const char *sql, const QString &id)
{
    const auto db = storage::threadConnection(database);
    if (!db) {
        qWarning("cannot open the daemon's database: %s", qPrintable(db.error()));
        return -1;
    }
    QSqlQuery query(db.value());
    if (!query.prepare(QString::fromLatin1(sql))) {
        qWarning("%s", qPrintable(query.lastError().text()));
        return -1;
    }
    query.addBindValue(id);
    return query.exec() && query.next() ? query.value(0).toLongLong() : -1;
}

Reply Session::call(const char *op, const QJsonObject &data)
{
    return parley::test::call(*client, QString::fromLatin1(op), data);
}

std::optional<QJsonObject> Session::take(const char *event, const Predicate &predicate, int timeoutMs)
{
    const auto frame = events->take(QString::fromLatin1(event), timeoutMs, predicate);
    return frame ? std::optional<QJsonObject>(frame->data) : std::nullopt;
}

void Session::flush()
{
    const Reply pong = call("ping");
    if (!pong.ok)
        qFatal("ping failed: %s", qPrintable(describe(pong)));
    events->clear();
}

void flush(Sessions sessions)
{
    for (Session *session : sessions)
        session->flush();
}

bool Session::none(const char *event, int waitMs)
{
    return events->none(QString::fromLatin1(event), waitMs);
}

QString Session::recorded(const char *event) const
{
    QStringList found;
    for (const EventFrame &frame : events->all()) {
        if (frame.name == QLatin1StringView(event))
            found.append(json(frame.data));
    }
    return found.join(QLatin1Char(' '));
}

Reply send(Session &session, const QString &conversationId, const QString &text, const QString &clientId)
{
    return session.call("messages.send",
                        obj({{"conversation_id", conversationId}, {"client_id", clientId}, {"text", text}}));
}

Reply sendToUser(Session &session, const QString &userId, const QString &text, const QString &clientId)
{
    return session.call("messages.send", obj({{"to_user_id", userId}, {"client_id", clientId}, {"text", text}}));
}

Reply createGroup(Session &session, const QString &title, const QStringList &memberIds)
{
    return session.call("groups.create", obj({{"title", title}, {"member_ids", idArray(memberIds)}}));
}

Session openSession(const QUrl &url, const QString &token)
{
    Session session;
    session.client = connectClient(url, token);
    if (!session.client)
        qFatal("cannot connect to %s", qPrintable(url.toString()));
    session.events = std::make_unique<EventLog>(*session.client);
    return session;
}

} // namespace parley::test
