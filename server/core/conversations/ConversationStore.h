#pragma once

#include "storage/Storage.h"

#include <protocol/ConversationPayloads.h>

#include <QHash>
#include <QJsonObject>
#include <QSqlDatabase>

namespace parley::server {

/// A change to a conversation's membership or settings, for the handler to announce.
struct ConversationChange
{
    QString conversationId;
    QStringList memberIds;  ///< members after the change
    QStringList removedIds; ///< users no longer members (removed, left)
    bool created = false;
    bool purged = false;                ///< nothing is left of it
    QHash<QString, Conversation> views; ///< each remaining member's view of it
    QList<Message> systemMessages;      ///< what the change wrote into the history
};

struct DeleteOutcome
{
    qint64 messagesDeleted = 0;
    ConversationChange change;
};

/// SQL for conversations and the views members have of them. Runs on the storage thread.
namespace conversations {

/// The conversation as `userId` sees it; NotFound unless `userId` is a member.
StorageResult<Conversation> viewFor(QSqlDatabase &db, const QString &conversationId, const QString &userId);
/// The caller's conversations, most recent activity first, without the ones they deleted.
StorageResult<QList<Conversation>> listFor(QSqlDatabase &db, const QString &userId);
/// Sum of unread counts over the caller's listed conversations.
StorageResult<qint64> unreadTotal(QSqlDatabase &db, const QString &userId);

/// Gets or creates the one direct conversation of two users (NotFound if `otherId` does not exist).
StorageResult<ConversationChange> direct(QSqlDatabase &db, const QString &userId, const QString &otherId, qint64 now);

/// conversations.delete: clears the caller's history and hides it (a group: also leaves it).
StorageResult<DeleteOutcome> deleteFor(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                       qint64 now);

/// For changes of membership (groups/): completes `change` with the members after it and
/// each one's view.
StorageResult<ConversationChange> finish(QSqlDatabase &db, ConversationChange change);
/// Writes a system message (`event` with `details`, "by" the actor unless given) into the
/// history and records it in `change`.
StorageResult<std::monostate> systemEvent(QSqlDatabase &db, ConversationChange &change, const QString &actorId,
                                          const QString &event, QJsonObject details, qint64 now);
/// Removes a member; promotes the longest-standing member when no admin is left; purges an
/// empty group.
StorageResult<ConversationChange> dropMember(QSqlDatabase &db, const QString &conversationId, const QString &actorId,
                                             const QString &targetId, const QString &event, qint64 now);

} // namespace conversations
} // namespace parley::server
