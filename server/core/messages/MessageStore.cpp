#include "messages/MessageStore.h"

#include "conversations/MemberStore.h"
#include "conversations/TimelineStore.h"
#include "storage/Sql.h"

namespace parley::server::messages {
namespace {

// Messages the user may see: above their cleared point and not deleted "for me".
const QString kVisible = QStringLiteral(
    "m.seq > ? AND NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = ? AND h.message_id = m.id)");

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
        result.messages.append(timeline::fromRow(query));
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
                                       .arg(timeline::kColumns) +
                                   QString(kVisible).replace(QStringLiteral("m.seq > ?"),
                                                             QStringLiteral("m.seq > me.cleared_seq")),
                               {userId, messageId, userId}));
    if (!query.next())
        return sql::notFound(QStringLiteral("no such message"));
    return timeline::fromRow(query);
}

StorageResult<MessageChange> rewrite(QSqlDatabase &db, Message message, const QString &statement, QVariantList values)
{
    PARLEY_TRY(counters, timeline::bump(db, message.conversationId, false, 0));
    values.prepend(counters.rev);
    values.append(message.id);
    PARLEY_CHECK(sql::run(db, statement, values));
    message.rev = counters.rev;
    PARLEY_TRY(members, members::memberIds(db, message.conversationId));
    return MessageChange{message, members};
}

} // namespace

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
                                  .arg(timeline::kColumns),
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
                earlier = timeline::fromRow(rows, 4);
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
        PARLEY_TRY(stored,
                   appendSent(db, timeline::draft(conversationId, senderId, Message::Kind::Text, text, clientId, now)));
        return SendOutcome{stored, false, members};
    }
    PARLEY_TRY(stored, timeline::append(db, conversationId, senderId, Message::Kind::Text, text, clientId, now));
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("UPDATE members SET delivered_seq = ?, read_seq = ? "
                                         "WHERE conversation_id = ? AND user_id = ?"),
                          {stored.seq, stored.seq, conversationId, senderId}));
    return SendOutcome{stored, false, members};
}

StorageResult<MessagePage> history(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                   std::optional<qint64> beforeSeq, int limit)
{
    PARLEY_TRY(member, members::membership(db, conversationId, userId));
    QString statement =
        QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND ").arg(timeline::kColumns) + kVisible;
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
    PARLEY_TRY(member, members::membership(db, conversationId, userId));
    const QString statement = QStringLiteral("SELECT %1 FROM messages m WHERE m.conversation_id = ? AND m.rev > ? AND ")
                                  .arg(timeline::kColumns) +
                              kVisible + QStringLiteral(" ORDER BY m.rev ASC LIMIT ?");
    return page(db, statement, {conversationId, afterRev, member.clearedSeq, userId}, limit, false);
}

StorageResult<WatermarkChange> raiseWatermark(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                              qint64 seq, bool read)
{
    PARLEY_TRY(member, members::membership(db, conversationId, userId));
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
    PARLEY_TRY(members, members::memberIds(db, conversationId));
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
