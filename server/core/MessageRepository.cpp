#include "MessageRepository.h"

#include "Secrets.h"
#include "Sql.h"

#include <QJsonDocument>

namespace parley::server::messages {
namespace {

// Messages the user may see: above their cleared point and not deleted "for me".
const QString kVisible = QStringLiteral(
    "m.seq > ? AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = ? AND h.message_id = m.id)");

struct Counters
{
    qint64 seq = 0;
    qint64 rev = 0;
};

// Takes the conversation's next rev (and next seq for a new message) inside the transaction.
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

// A message about to be stored: everything but its seq and rev.
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

// A new message at the conversation's next seq and rev.
StorageResult<Message> append(QSqlDatabase &db, const QString &conversationId, const QString &senderId,
                              Message::Kind kind, const QString &text, const QString &clientId, qint64 now)
{
    PARLEY_TRY(counters, bump(db, conversationId, true, now));
    Message message = draft(conversationId, senderId, kind, text, clientId, now);
    message.seq = counters.seq;
    message.rev = counters.rev;
    return insert(db, message);
}

// PostgreSQL: the counter bump, the insert and the sender's watermarks of a new text message in
// one statement, because there every statement is a round trip to the server.
StorageResult<Message> appendSent(QSqlDatabase &db, Message message)
{
    PARLEY_TRY(
        stored,
        sql::run(
            db,
            QStringLiteral(
                "WITH bumped AS (UPDATE conversations SET last_seq = last_seq + 1, rev = rev + 1, "
                "activity_at = ? WHERE id = ? RETURNING last_seq, rev), "
                "inserted AS (INSERT INTO messages (id, conversation_id, seq, rev, sender_id, kind, "
                "text, client_id, created_at) SELECT ?, ?, last_seq, rev, ?, ?, ?, ?, CAST(? AS BIGINT) FROM bumped "
                "RETURNING seq, rev), "
                "marked AS (UPDATE members SET delivered_seq = inserted.seq, read_seq = inserted.seq "
                "FROM inserted WHERE members.conversation_id = ? AND members.user_id = ?) "
                "SELECT seq, rev FROM inserted"),
            {message.createdAtMsecs, message.conversationId, message.id, message.conversationId, message.senderId,
             messageKindName(message.kind), sql::text(message.text), message.clientId, message.createdAtMsecs,
             message.conversationId, message.senderId}));
    if (!stored.next())
        return sql::notFound(QStringLiteral("no such conversation"));
    message.seq = stored.value(0).toLongLong();
    message.rev = stored.value(1).toLongLong();
    return message;
}

StorageResult<MessagePage> page(QSqlDatabase &db, const QString &statement, QVariantList values, int limit,
                                bool newestFirst)
{
    values.append(limit + 1);
    PARLEY_TRY(query, sql::run(db, statement, values));
    MessagePage result;
    while (query.next())
        result.messages.append(fromRow(query));
    result.hasMore = result.messages.size() > limit;
    if (result.hasMore)
        result.messages.removeLast();
    if (newestFirst)
        std::reverse(result.messages.begin(), result.messages.end());
    return result;
}

// The message and the caller's right to see it: NotFound unless the caller is a member of its
// conversation and the message is visible to them.
StorageResult<Message> visibleMessage(QSqlDatabase &db, const QString &messageId, const QString &userId)
{
    PARLEY_TRY(query, sql::run(db,
                               QStringLiteral("SELECT %1 FROM messages m JOIN members me ON me.conversation_id = "
                                              "m.conversation_id AND me.user_id = ? WHERE m.id = ? AND ")
                                       .arg(kColumns) +
                                   QString(kVisible).replace(QStringLiteral("m.seq > ?"),
                                                             QStringLiteral("m.seq > me.cleared_seq")),
                               {userId, messageId, userId}));
    if (!query.next())
        return sql::notFound(QStringLiteral("no such message"));
    return fromRow(query);
}

StorageResult<MessageChange> rewrite(QSqlDatabase &db, Message message, const QString &statement, QVariantList values)
{
    PARLEY_TRY(counters, bump(db, message.conversationId, false, 0));
    values.prepend(counters.rev);
    values.append(message.id);
    PARLEY_CHECK(sql::run(db, statement, values));
    message.rev = counters.rev;
    PARLEY_TRY(members, memberIds(db, message.conversationId));
    return MessageChange{message, members};
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

StorageResult<MemberRow> membership(QSqlDatabase &db, const QString &conversationId, const QString &userId)
{
    PARLEY_TRY(query, sql::run(db,
                               QStringLiteral("SELECT role, delivered_seq, read_seq, cleared_seq, hidden, join_order "
                                              "FROM members WHERE conversation_id = ? AND user_id = ?"),
                               {conversationId, userId}));
    if (!query.next())
        return sql::notFound(QStringLiteral("no such conversation"));
    MemberRow row;
    row.userId = userId;
    row.role = query.value(0).toString() == QLatin1StringView("admin") ? Member::Role::Admin : Member::Role::Member;
    row.deliveredSeq = query.value(1).toLongLong();
    row.readSeq = query.value(2).toLongLong();
    row.clearedSeq = query.value(3).toLongLong();
    row.hidden = query.value(4).toLongLong() != 0;
    row.joinOrder = query.value(5).toLongLong();
    return row;
}

StorageResult<QStringList> memberIds(QSqlDatabase &db, const QString &conversationId)
{
    PARLEY_TRY(query,
               sql::run(db, QStringLiteral("SELECT user_id FROM members WHERE conversation_id = ? ORDER BY join_order"),
                        {conversationId}));
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

StorageResult<SendOutcome> send(QSqlDatabase &db, const QString &conversationId, const QString &senderId,
                                const QString &clientId, const QString &text, qint64 now)
{
    // One read for the sender's right to send, who receives it, whether anyone had deleted the
    // conversation from their list, and the message if this client_id was sent before (on the
    // sender's row): sending is the hot path.
    PARLEY_TRY(rows, sql::run(db,
                              QStringLiteral("SELECT mb.user_id, mb.role, mb.hidden, c.admins_only, %1 FROM members mb "
                                             "JOIN conversations c ON c.id = mb.conversation_id "
                                             "LEFT JOIN messages m ON mb.user_id = ? AND m.sender_id = mb.user_id AND "
                                             "m.conversation_id = mb.conversation_id AND m.client_id = ? "
                                             "WHERE mb.conversation_id = ? ORDER BY mb.join_order")
                                  .arg(kColumns),
                              {senderId, clientId, conversationId}));
    QStringList members;
    std::optional<Message> earlier;
    bool isMember = false;
    bool isAdmin = false;
    bool anyHidden = false;
    bool adminsOnly = false;
    while (rows.next()) {
        const QString userId = rows.value(0).toString();
        if (userId == senderId) {
            isMember = true;
            isAdmin = rows.value(1).toString() == QLatin1StringView("admin");
            if (!rows.value(4).isNull())
                earlier = fromRow(rows, 4);
        }
        anyHidden = anyHidden || rows.value(2).toLongLong() != 0;
        adminsOnly = rows.value(3).toLongLong() != 0;
        members.append(userId);
    }
    if (!isMember)
        return sql::notFound(QStringLiteral("no such conversation"));
    if (adminsOnly && !isAdmin)
        return sql::forbidden(QStringLiteral("only admins may send in this group"));
    if (earlier)
        return SendOutcome{*earlier, true, {}};

    // A new message brings the conversation back to every list it was deleted from, and the
    // sender has of course seen everything up to it.
    if (anyHidden) {
        PARLEY_CHECK(sql::run(db,
                              QStringLiteral("UPDATE members SET hidden = 0 WHERE conversation_id = ? AND hidden = 1"),
                              {conversationId}));
    }
    if (!sql::isSqlite(db)) {
        PARLEY_TRY(stored, appendSent(db, draft(conversationId, senderId, Message::Kind::Text, text, clientId, now)));
        return SendOutcome{stored, false, members};
    }
    PARLEY_TRY(stored, append(db, conversationId, senderId, Message::Kind::Text, text, clientId, now));
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("UPDATE members SET delivered_seq = ?, read_seq = ? "
                                         "WHERE conversation_id = ? AND user_id = ?"),
                          {stored.seq, stored.seq, conversationId, senderId}));
    return SendOutcome{stored, false, members};
}

StorageResult<Message> appendSystem(QSqlDatabase &db, const QString &conversationId, const QString &actorId,
                                    const QJsonObject &event, qint64 now)
{
    return append(db, conversationId, actorId, Message::Kind::System,
                  QString::fromUtf8(QJsonDocument(event).toJson(QJsonDocument::Compact)), QString(), now);
}

StorageResult<MessagePage> history(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                   std::optional<qint64> beforeSeq, int limit)
{
    PARLEY_TRY(member, membership(db, conversationId, userId));
    QString statement =
        QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND ").arg(kColumns) + kVisible;
    QVariantList values{conversationId, member.clearedSeq, userId};
    if (beforeSeq) {
        statement += QStringLiteral(" AND m.seq < ?");
        values.append(*beforeSeq);
    }
    statement += QStringLiteral(" ORDER BY m.seq DESC LIMIT ?");
    return page(db, statement, values, limit, true);
}

StorageResult<MessagePage> sync(QSqlDatabase &db, const QString &conversationId, const QString &userId, qint64 afterRev,
                                int limit)
{
    PARLEY_TRY(member, membership(db, conversationId, userId));
    const QString statement =
        QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND m.rev > ? AND ").arg(kColumns) +
        kVisible + QStringLiteral(" ORDER BY m.rev ASC LIMIT ?");
    return page(db, statement, {conversationId, afterRev, member.clearedSeq, userId}, limit, false);
}

StorageResult<WatermarkChange> raiseWatermark(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                              qint64 seq, bool read)
{
    PARLEY_TRY(member, membership(db, conversationId, userId));
    PARLEY_TRY(lastSeq,
               sql::scalar(db, QStringLiteral("SELECT last_seq FROM conversations WHERE id = ?"), {conversationId}));
    const qint64 target = std::min(seq, lastSeq);
    WatermarkChange change;
    change.deliveredSeq = std::max(member.deliveredSeq, target);
    change.readSeq = read ? std::max(member.readSeq, target) : member.readSeq;
    change.rose = change.deliveredSeq > member.deliveredSeq || change.readSeq > member.readSeq;
    if (!change.rose)
        return change;
    if (change.readSeq > member.readSeq) {
        PARLEY_TRY(marked,
                   sql::scalar(db,
                               QStringLiteral("SELECT COUNT(*) FROM messages m WHERE m.conversation_id = ? "
                                              "AND m.seq > ? AND m.seq <= ? AND m.sender_id <> ? "
                                              "AND m.deleted = 0 AND m.kind = 'text' AND ") +
                                   kVisible,
                               {conversationId, member.readSeq, change.readSeq, userId, member.clearedSeq, userId}));
        change.markedCount = marked;
    }
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("UPDATE members SET delivered_seq = ?, read_seq = ? "
                                         "WHERE conversation_id = ? AND user_id = ?"),
                          {change.deliveredSeq, change.readSeq, conversationId, userId}));
    PARLEY_TRY(members, memberIds(db, conversationId));
    change.memberIds = members;
    return change;
}

StorageResult<MessageChange> deleteForEveryone(QSqlDatabase &db, const QString &messageId, const QString &userId)
{
    PARLEY_TRY(message, visibleMessage(db, messageId, userId));
    if (message.senderId != userId || message.kind == Message::Kind::System)
        return sql::forbidden(QStringLiteral("only the sender may delete a message for everyone"));
    if (message.deleted)
        return MessageChange{message, {}}; // nothing changes, nobody needs telling
    message.deleted = true;
    message.text.clear();
    return rewrite(db, message, QStringLiteral("UPDATE messages SET rev = ?, deleted = 1, text = '' WHERE id = ?"), {});
}

StorageResult<std::monostate> deleteForMe(QSqlDatabase &db, const QString &messageId, const QString &userId)
{
    PARLEY_TRY(message, visibleMessage(db, messageId, userId));
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("INSERT INTO hidden_messages (user_id, message_id, conversation_id) "
                                         "VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
                          {userId, message.id, message.conversationId}));
    return kSuccess;
}

StorageResult<MessageChange> edit(QSqlDatabase &db, const QString &messageId, const QString &userId,
                                  const QString &text, qint64 now)
{
    PARLEY_TRY(message, visibleMessage(db, messageId, userId));
    if (message.senderId != userId || message.kind == Message::Kind::System || message.deleted)
        return sql::forbidden(QStringLiteral("only the sender may edit a message, and not once deleted"));
    message.text = text;
    message.editedAtMsecs = now;
    return rewrite(db, message, QStringLiteral("UPDATE messages SET rev = ?, text = ?, edited_at = ? WHERE id = ?"),
                   {text, now});
}

} // namespace parley::server::messages
