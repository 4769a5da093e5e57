#pragma once

#include "storage/Sql.h"
#include "storage/Storage.h"

#include <protocol/MessagePayloads.h>

#include <QJsonObject>
#include <QSqlDatabase>

/// SQL for a conversation's history as an ordered list: its seq and rev counters, appending a
/// message, reading message rows. Messages (text) and group changes (system messages) both
/// write through it. Runs on the storage thread.
namespace parley::server::timeline {

inline constexpr QLatin1StringView
    kColumns("m.id, m.conversation_id, m.seq, m.rev, m.sender_id, m.kind, m.text, m.client_id, m.created_at, "
             "m.edited_at, m.deleted");
/// Reads a message from a query row whose first columns are kColumns, starting at `offset`.
Message fromRow(const sql::Statement &row, int offset = 0);

struct Counters
{
    qint64 seq = 0;
    qint64 rev = 0;
};
/// Takes the conversation's next rev (and next seq for a new message) inside the transaction.
StorageResult<Counters> bump(QSqlDatabase &db, const QString &conversationId, bool newMessage, qint64 now);

/// A message about to be stored: everything but its seq and rev.
Message draft(const QString &conversationId, const QString &senderId, Message::Kind kind, const QString &text,
              const QString &clientId, qint64 now);
/// A new message at the conversation's next seq and rev.
StorageResult<Message> append(QSqlDatabase &db, const QString &conversationId, const QString &senderId,
                              Message::Kind kind, const QString &text, const QString &clientId, qint64 now);
/// Appends a system message (group events) from `actorId`; returns it.
StorageResult<Message> appendSystem(QSqlDatabase &db, const QString &conversationId, const QString &actorId,
                                    const QJsonObject &event, qint64 now);

} // namespace parley::server::timeline
