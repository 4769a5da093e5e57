#pragma once

#include "conversations/ConversationStore.h"

#include <optional>

/// SQL for groups: creating them, their settings, adding and removing members, roles. Every
/// change is a ConversationChange for the handler to announce. Runs on the storage thread.
namespace parley::server::groups {

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

} // namespace parley::server::groups
