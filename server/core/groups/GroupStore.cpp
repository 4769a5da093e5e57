#include "groups/GroupStore.h"

#include "Secrets.h"
#include "conversations/MemberStore.h"
#include "storage/Sql.h"

namespace parley::server::groups {
namespace {

using conversations::dropMember;
using conversations::finish;
using conversations::systemEvent;

// The caller's member row in a group: NotFound if not a member, Invalid for a direct one,
// Forbidden when `adminNeeded` and the caller is not an admin.
StorageResult<MemberRow> groupMembership(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                         bool adminNeeded)
{
    PARLEY_TRY(member, members::membership(db, conversationId, userId));
    PARLEY_TRY(type, sql::run(db, QStringLiteral("SELECT type FROM conversations WHERE id = ?"), {conversationId}));
    if (!type.next() || type.value(0).toString() != QLatin1StringView("group"))
        return sql::invalid(QStringLiteral("this is not a group"), QStringLiteral("conversation_id"));
    if (adminNeeded && member.role != Member::Role::Admin)
        return sql::forbidden(QStringLiteral("only group admins may do this"));
    return member;
}

} // namespace

StorageResult<ConversationChange> createGroup(QSqlDatabase &db, const QString &creatorId, const QString &title,
                                              const QString &description, const QStringList &memberIds, int maxMembers,
                                              qint64 now)
{
    QStringList others = memberIds;
    others.removeAll(creatorId);
    if (others.size() + 1 > maxMembers) {
        return StorageError{StorageError::Kind::TooLarge,
                            QStringLiteral("a group has at most %1 members").arg(maxMembers),
                            QStringLiteral("member_ids")};
    }
    PARLEY_CHECK(members::requireUsersExist(db, others, QStringLiteral("member_ids")));
    ConversationChange change;
    change.conversationId = newObjectId();
    change.created = true;
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("INSERT INTO conversations (id, type, title, description, created_at, "
                                         "activity_at) VALUES (?, 'group', ?, ?, ?, ?)"),
                          {change.conversationId, title, sql::text(description), now, now}));
    PARLEY_CHECK(members::add(db, change.conversationId, creatorId, Member::Role::Admin, now));
    PARLEY_CHECK(systemEvent(db, change, creatorId, QStringLiteral("group_created"), {}, now));
    for (const QString &member : others) {
        PARLEY_CHECK(members::add(db, change.conversationId, member, Member::Role::Member, now));
        PARLEY_CHECK(systemEvent(db, change, creatorId, QStringLiteral("member_added"),
                                 {{QStringLiteral("user"), member}}, now));
    }
    return finish(db, change);
}

StorageResult<ConversationChange> updateGroup(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                              const std::optional<QString> &title,
                                              const std::optional<QString> &description,
                                              const std::optional<bool> &adminsOnly, qint64 now)
{
    PARLEY_CHECK(groupMembership(db, conversationId, userId, true));
    ConversationChange change;
    change.conversationId = conversationId;
    PARLEY_TRY(current,
               sql::run(db, QStringLiteral("SELECT title, description, admins_only FROM conversations WHERE id = ?"),
                        {conversationId}));
    if (!current.next())
        return sql::notFound(QStringLiteral("no such conversation"));
    const QString oldTitle = current.value(0).toString();
    const QString oldDescription = current.value(1).toString();
    const bool oldAdminsOnly = current.value(2).toLongLong() != 0;

    if (title && *title != oldTitle) {
        PARLEY_CHECK(
            sql::run(db, QStringLiteral("UPDATE conversations SET title = ? WHERE id = ?"), {*title, conversationId}));
        PARLEY_CHECK(
            systemEvent(db, change, userId, QStringLiteral("title_changed"), {{QStringLiteral("title"), *title}}, now));
    }
    if (description && *description != oldDescription) {
        PARLEY_CHECK(sql::run(db, QStringLiteral("UPDATE conversations SET description = ? WHERE id = ?"),
                              {sql::text(*description), conversationId}));
        PARLEY_CHECK(systemEvent(db, change, userId, QStringLiteral("description_changed"), {}, now));
    }
    if (adminsOnly && *adminsOnly != oldAdminsOnly) {
        PARLEY_CHECK(sql::run(db, QStringLiteral("UPDATE conversations SET admins_only = ? WHERE id = ?"),
                              {*adminsOnly ? 1 : 0, conversationId}));
        PARLEY_CHECK(systemEvent(db, change, userId, QStringLiteral("admins_only_changed"),
                                 {{QStringLiteral("admins_only"), *adminsOnly}}, now));
    }
    return finish(db, change);
}

StorageResult<ConversationChange> addMembers(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                             const QStringList &userIds, int maxMembers, qint64 now)
{
    PARLEY_CHECK(groupMembership(db, conversationId, userId, true));
    ConversationChange change;
    change.conversationId = conversationId;
    PARLEY_CHECK(members::requireUsersExist(db, userIds, QStringLiteral("user_ids")));
    PARLEY_TRY(current, members::memberIds(db, conversationId));
    QStringList fresh;
    for (const QString &id : userIds) {
        if (!current.contains(id))
            fresh.append(id);
    }
    if (current.size() + fresh.size() > maxMembers) {
        return StorageError{StorageError::Kind::TooLarge,
                            QStringLiteral("a group has at most %1 members").arg(maxMembers),
                            QStringLiteral("user_ids")};
    }
    for (const QString &id : fresh) {
        PARLEY_CHECK(members::add(db, conversationId, id, Member::Role::Member, now));
        PARLEY_CHECK(
            systemEvent(db, change, userId, QStringLiteral("member_added"), {{QStringLiteral("user"), id}}, now));
    }
    return finish(db, change);
}

StorageResult<ConversationChange> removeMember(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                               const QString &targetId, qint64 now)
{
    PARLEY_CHECK(groupMembership(db, conversationId, userId, true));
    if (targetId == userId)
        return sql::invalid(QStringLiteral("use groups.leave to leave a group"), QStringLiteral("user_id"));
    auto target = members::membership(db, conversationId, targetId);
    if (!target) {
        return StorageError{StorageError::Kind::NotFound, QStringLiteral("not a member of this group"),
                            QStringLiteral("user_id")};
    }
    return dropMember(db, conversationId, userId, targetId, QStringLiteral("member_removed"), now);
}

StorageResult<ConversationChange> leave(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                        qint64 now)
{
    PARLEY_CHECK(groupMembership(db, conversationId, userId, false));
    return dropMember(db, conversationId, userId, userId, QStringLiteral("member_left"), now);
}

StorageResult<ConversationChange> promote(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                          const QString &targetId, bool admin, qint64 now)
{
    PARLEY_CHECK(groupMembership(db, conversationId, userId, true));
    ConversationChange change;
    change.conversationId = conversationId;
    auto target = members::membership(db, conversationId, targetId);
    if (!target) {
        return StorageError{StorageError::Kind::NotFound, QStringLiteral("not a member of this group"),
                            QStringLiteral("user_id")};
    }
    const bool isAdmin = target.value().role == Member::Role::Admin;
    if (isAdmin != admin) {
        if (!admin) {
            PARLEY_TRY(admins, members::adminCount(db, conversationId));
            if (admins <= 1)
                return sql::invalid(QStringLiteral("a group needs at least one admin"), QStringLiteral("admin"));
        }
        PARLEY_CHECK(sql::run(db,
                              QStringLiteral("UPDATE members SET role = ? WHERE conversation_id = ? AND user_id = ?"),
                              {admin ? QStringLiteral("admin") : QStringLiteral("member"), conversationId, targetId}));
        PARLEY_CHECK(systemEvent(db, change, userId,
                                 admin ? QStringLiteral("admin_granted") : QStringLiteral("admin_revoked"),
                                 {{QStringLiteral("user"), targetId}}, now));
    }
    return finish(db, change);
}

} // namespace parley::server::groups
