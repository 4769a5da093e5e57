#pragma once

#include "storage/Storage.h"

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

/// SQL for who is in a conversation. Runs on the storage thread; every domain that checks
/// membership (messages, groups, typing) asks here.
namespace members {

/// The caller's member row; NotFound when the caller is not a member (or no such conversation).
StorageResult<MemberRow> membership(QSqlDatabase &db, const QString &conversationId, const QString &userId);
/// The members in join order.
StorageResult<QStringList> memberIds(QSqlDatabase &db, const QString &conversationId);
/// Adds `userId` as the newest member.
StorageResult<std::monostate> add(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                  Member::Role role, qint64 now);
/// NotFound (on `field`) unless every id is an enabled user.
StorageResult<std::monostate> requireUsersExist(QSqlDatabase &db, const QStringList &ids, const QString &field);
StorageResult<qint64> adminCount(QSqlDatabase &db, const QString &conversationId);

} // namespace members
} // namespace parley::server
