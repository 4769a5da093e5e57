#include "conversations/TimelineStore.h"

#include "Secrets.h"

#include <QJsonDocument>

namespace parley::server::timeline {
namespace {

StorageResult<Message> insert(QSqlDatabase &db, Message message)
{
    PARLEY_CHECK(
        sql::run(db,
                 QStringLiteral("INSERT INTO messages (id, conversation_id, seq, rev, sender_id, kind, text, "
                                "client_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                 {message.id, message.conversationId, message.seq, message.rev, message.senderId,
                  messageKindName(message.kind), sql::text(message.text),
                  message.clientId.isEmpty() ? QVariant() : QVariant(message.clientId), message.createdAtMsecs}));
    return message;
}

} // namespace

Message fromRow(const sql::Statement &query, int offset)
{
    Message message;
    message.id = query.value(offset + 0).toString();
    message.conversationId = query.value(offset + 1).toString();
    message.seq = query.value(offset + 2).toLongLong();
    message.rev = query.value(offset + 3).toLongLong();
    message.senderId = query.value(offset + 4).toString();
    message.kind =
        query.value(offset + 5).toString() == QLatin1StringView("system") ? Message::Kind::System : Message::Kind::Text;
    message.text = query.value(offset + 6).toString();
    message.clientId = query.value(offset + 7).toString();
    message.createdAtMsecs = query.value(offset + 8).toLongLong();
    if (!query.value(offset + 9).isNull())
        message.editedAtMsecs = query.value(offset + 9).toLongLong();
    message.deleted = query.value(offset + 10).toLongLong() != 0;
    if (message.deleted)
        message.text.clear();
    return message;
}

StorageResult<Counters> bump(QSqlDatabase &db, const QString &conversationId, bool newMessage, qint64 now)
{
    const QString statement =
        newMessage ? QStringLiteral("UPDATE conversations SET last_seq = last_seq + 1, rev = rev + 1, activity_at = ? "
                                    "WHERE id = ? RETURNING last_seq, rev")
                   : QStringLiteral("UPDATE conversations SET rev = rev + 1 WHERE id = ? RETURNING last_seq, rev");
    const QVariantList values = newMessage ? QVariantList{now, conversationId} : QVariantList{conversationId};
    PARLEY_TRY(query, sql::run(db, statement, values));
    if (!query.next())
        return sql::notFound(QStringLiteral("no such conversation"));
    return Counters{query.value(0).toLongLong(), query.value(1).toLongLong()};
}

Message draft(const QString &conversationId, const QString &senderId, Message::Kind kind, const QString &text,
              const QString &clientId, qint64 now)
{
    Message message;
    message.id = newMessageId(now);
    message.conversationId = conversationId;
    message.senderId = senderId;
    message.kind = kind;
    message.text = text;
    message.clientId = clientId;
    message.createdAtMsecs = now;
    return message;
}

StorageResult<Message> append(QSqlDatabase &db, const QString &conversationId, const QString &senderId,
                              Message::Kind kind, const QString &text, const QString &clientId, qint64 now)
{
    PARLEY_TRY(counters, bump(db, conversationId, true, now));
    Message message = draft(conversationId, senderId, kind, text, clientId, now);
    message.seq = counters.seq;
    message.rev = counters.rev;
    return insert(db, message);
}

StorageResult<Message> appendSystem(QSqlDatabase &db, const QString &conversationId, const QString &actorId,
                                    const QJsonObject &event, qint64 now)
{
    return append(db, conversationId, actorId, Message::Kind::System,
                  QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)), QString(), now);
}

} // namespace parley::server::timeline
