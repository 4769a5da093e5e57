#pragma once

#include "Sql.h"
#include "Storage.h"

#include <protocol/ConversationPayloads.h>

#include <QSqlDatabase>
#include <QStringList>

namespace parley::server {

/// A member's row, with what the protocol does not show (cleared_seq, hidden, join order).
struct MemberRow
{
    QString userId;
    Member::Role role = Member::Role::Member;
    qint64 deliveredSeq = 0;
    qint64 readSeq = 0;
    qint64 clearedSeq = 0;
    bool hidden = false;
    qint64 joinOrder = 0;
};

struct SendOutcome
{
    Message message;
    bool duplicate = false; ///< the same client_id was sent before: nothing new happened
    QStringList memberIds;  ///< who gets message.new
};

struct MessageChange
{
    Message message;
    QStringList memberIds;
};

struct WatermarkChange
{
    bool rose = false;
    qint64 deliveredSeq = 0;
    qint64 readSeq = 0;
    qint64 markedCount = 0;
    QStringList memberIds;
};

struct MessagePage
{
    QList<Message> messages;
    bool hasMore = false;
};

/// SQL for messages and watermarks. Runs on the storage thread. Every function checks
/// membership inside the same transaction as its reads or writes.
namespace messages {

inline constexpr QLatin1StringView
    kColumns("m.id, m.conversation_id, m.seq, m.rev, m.sender_id, m.kind, m.text, m.client_id, m.created_at, "
             "m.edited_at, m.deleted");
/// Reads a message from a query row whose first columns are kColumns, starting at `offset`.
Message fromRow(const sql::Statement &row, int offset = 0);

/// The caller's member row; NotFound when the caller is not a member (or no such conversation).
StorageResult<MemberRow> membership(QSqlDatabase &db, const QString &conversationId, const QString &userId);
StorageResult<QStringList> memberIds(QSqlDatabase &db, const QString &conversationId);

StorageResult<SendOutcome> send(QSqlDatabase &db, const QString &conversationId, const QString &senderId,
                                const QString &clientId, const QString &text, qint64 now);
/// Appends a system message (group events) from `actorId`; returns it.
StorageResult<Message> appendSystem(QSqlDatabase &db, const QString &conversationId, const QString &actorId,
                                    const QJsonObject &event, qint64 now);

StorageResult<MessagePage> history(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                   std::optional<qint64> beforeSeq, int limit);
StorageResult<MessagePage> sync(QSqlDatabase &db, const QString &conversationId, const QString &userId, qint64 afterRev,
                                int limit);

/// Raises the caller's watermarks; `read` also raises delivered and counts newly read messages.
StorageResult<WatermarkChange> raiseWatermark(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                              qint64 seq, bool read);

StorageResult<MessageChange> deleteForEveryone(QSqlDatabase &db, const QString &messageId, const QString &userId);
StorageResult<std::monostate> deleteForMe(QSqlDatabase &db, const QString &messageId, const QString &userId);
StorageResult<MessageChange> edit(QSqlDatabase &db, const QString &messageId, const QString &userId,
                                  const QString &text, qint64 now);

} // namespace messages
} // namespace parley::server
