#pragma once

#include "MessageRepository.h"

#include <protocol/ConversationPayloads.h>

#include <QHash>
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

/// SQL for conversations, their members and groups. Runs on the storage thread.
namespace conversations {

/// The conversation as `userId` sees it; NotFound unless `userId` is a member.
StorageResult<Conversation> viewFor(QSqlDatabase &db, const QString &conversationId, const QString &userId);
/// The caller's conversations, most recent activity first, without the ones they deleted.
StorageResult<QList<Conversation>> listFor(QSqlDatabase &db, const QString &userId);
/// Sum of unread counts over the caller's listed conversations.
StorageResult<qint64> unreadTotal(QSqlDatabase &db, const QString &userId);

/// Gets or creates the one direct conversation of two users (NotFound if `otherId` does not exist).
StorageResult<ConversationChange> direct(QSqlDatabase &db, const QString &userId, const QString &otherId, qint64 now);

StorageResult<ConversationChange> createGroup(QSqlDatabase &db, const QString &creatorId, const QString &title,
                                              const QString &description, const QStringList &memberIds, int maxMembers,
                                              qint64 now);
StorageResult<ConversationChange> updateGroup(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                              const std::optional<QString> &title,
                                              const std::optional<QString> &description,
                                              const std::optional<bool> &adminsOnly, qint64 now);
StorageResult<ConversationChange> addMembers(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                             const QStringList &userIds, int maxMembers, qint64 now);
StorageResult<ConversationChange> removeMember(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                               const QString &targetId, qint64 now);
StorageResult<ConversationChange> leave(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                        qint64 now);
StorageResult<ConversationChange> promote(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                          const QString &targetId, bool admin, qint64 now);
/// conversations.delete: clears the caller's history and hides it (a group: also leaves it).
StorageResult<DeleteOutcome> deleteFor(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                       qint64 now);

} // namespace conversations
} // namespace parley::server
