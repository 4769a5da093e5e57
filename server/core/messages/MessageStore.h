#pragma once

#include "storage/Storage.h"

#include <protocol/ConversationPayloads.h>

#include <QSqlDatabase>
#include <QStringList>

namespace parley::server {

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

/// SQL for messages and watermarks. Runs on the storage thread. Every function checks
/// membership inside the same transaction as its reads or writes.
namespace messages {

StorageResult<SendOutcome> send(QSqlDatabase &db, const QString &conversationId, const QString &senderId,
                                const QString &clientId, const QString &text, qint64 now);
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
