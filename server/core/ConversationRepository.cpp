#include "ConversationRepository.h"

#include "Secrets.h"
#include "Sql.h"

namespace parley::server::conversations {
namespace {

// Filters every view query shares: the viewer's member row `me`, optionally one conversation,
// optionally without the conversations the viewer deleted.
struct Scope
{
    QString userId;
    std::optional<QString> conversationId;
    bool listedOnly = false;

    QString where() const
    {
        QString clause = QStringLiteral("me.user_id = ?");
        if (listedOnly)
            clause += QStringLiteral(" AND me.hidden = 0");
        if (conversationId)
            clause += QStringLiteral(" AND me.conversation_id = ?");
        return clause;
    }
    QVariantList values() const
    {
        QVariantList list{userId};
        if (conversationId)
            list.append(*conversationId);
        return list;
    }
};

const QString kNotHiddenForMe = QStringLiteral(
    "NOT EXISTS (SELECT 1 FROM hidden_messages h WHERE h.user_id = me.user_id AND h.message_id = %1.id)");

StorageResult<QList<Conversation>> loadViews(QSqlDatabase &db, const Scope &scope)
{
    PARLEY_TRY(rows,
               sql::run(db,
                        QStringLiteral("SELECT c.id, c.type, c.title, c.description, c.admins_only, c.created_at, "
                                       "c.last_seq, c.rev FROM members me JOIN conversations c ON c.id = "
                                       "me.conversation_id WHERE %1 ORDER BY c.activity_at DESC, c.id")
                            .arg(scope.where()),
                        scope.values()));
    QList<Conversation> views;
    QHash<QString, qsizetype> index;
    while (rows.next()) {
        Conversation view;
        view.id = rows.value(0).toString();
        view.type = rows.value(1).toString() == QLatin1StringView("group") ? Conversation::Type::Group
                                                                           : Conversation::Type::Direct;
        view.title = rows.value(2).toString();
        view.description = rows.value(3).toString();
        view.adminsOnly = rows.value(4).toLongLong() != 0;
        view.createdAtMsecs = rows.value(5).toLongLong();
        view.lastSeq = rows.value(6).toLongLong();
        view.rev = rows.value(7).toLongLong();
        index.insert(view.id, views.size());
        views.append(view);
    }
    if (views.isEmpty())
        return views;

    PARLEY_TRY(members, sql::run(db,
                                 QStringLiteral("SELECT mm.conversation_id, mm.user_id, mm.role, mm.delivered_seq, "
                                                "mm.read_seq FROM members me JOIN members mm ON mm.conversation_id = "
                                                "me.conversation_id WHERE %1 ORDER BY mm.join_order")
                                     .arg(scope.where()),
                                 scope.values()));
    while (members.next()) {
        Member member;
        member.userId = members.value(1).toString();
        member.role =
            members.value(2).toString() == QLatin1StringView("admin") ? Member::Role::Admin : Member::Role::Member;
        member.deliveredSeq = members.value(3).toLongLong();
        member.readSeq = members.value(4).toLongLong();
        views[index.value(members.value(0).toString())].members.append(member);
    }

    PARLEY_TRY(last, sql::run(db,
                              // ORDER BY … LIMIT 1 rather than MAX(): PostgreSQL then walks the
                              // (conversation, seq) index backwards instead of reading every message.
                              QStringLiteral("SELECT %1 FROM members me JOIN messages m ON m.conversation_id = "
                                             "me.conversation_id WHERE %2 AND m.seq = (SELECT x.seq FROM messages x "
                                             "WHERE x.conversation_id = me.conversation_id AND x.seq > "
                                             "me.cleared_seq AND %3 ORDER BY x.seq DESC LIMIT 1)")
                                  .arg(messages::kColumns, scope.where(), kNotHiddenForMe.arg(QStringLiteral("x"))),
                              scope.values()));
    while (last.next()) {
        const Message message = messages::fromRow(last);
        views[index.value(message.conversationId)].lastMessage = message;
    }

    PARLEY_TRY(unread, sql::run(db,
                                // A count per membership over the index range past the read mark,
                                // not a join of every message (PostgreSQL hashed the whole table).
                                QStringLiteral("SELECT me.conversation_id, (SELECT COUNT(*) FROM messages m WHERE "
                                               "m.conversation_id = me.conversation_id AND m.seq > me.read_seq AND "
                                               "m.seq > me.cleared_seq AND m.sender_id <> me.user_id AND m.deleted = 0 "
                                               "AND m.kind = 'text' AND %1) FROM members me WHERE %2")
                                    .arg(kNotHiddenForMe.arg(QStringLiteral("m")), scope.where()),
                                scope.values()));
    while (unread.next())
        views[index.value(unread.value(0).toString())].unreadCount = unread.value(1).toLongLong();
    return views;
}

StorageResult<QHash<QString, Conversation>> viewsForAll(QSqlDatabase &db, const QString &conversationId,
                                                        const QStringList &memberIds)
{
    QHash<QString, Conversation> views;
    for (const QString &memberId : memberIds) {
        PARLEY_TRY(view, viewFor(db, conversationId, memberId));
        views.insert(memberId, view);
    }
    return views;
}

// Finishes a change: the members now, and each one's view.
StorageResult<ConversationChange> finish(QSqlDatabase &db, ConversationChange change)
{
    if (change.purged)
        return change;
    PARLEY_TRY(members, messages::memberIds(db, change.conversationId));
    change.memberIds = members;
    PARLEY_TRY(views, viewsForAll(db, change.conversationId, members));
    change.views = views;
    return change;
}

StorageResult<std::monostate> requireUsersExist(QSqlDatabase &db, const QStringList &ids, const QString &field)
{
    if (ids.isEmpty())
        return kSuccess;
    QStringList placeholders;
    QVariantList values;
    for (const QString &id : ids) {
        placeholders.append(QStringLiteral("?"));
        values.append(id);
    }
    PARLEY_TRY(found, sql::scalar(db,
                                  QStringLiteral("SELECT COUNT(*) FROM users WHERE disabled = 0 AND id IN (%1)")
                                      .arg(placeholders.join(QLatin1Char(','))),
                                  values));
    if (found != ids.size())
        return StorageError{StorageError::Kind::NotFound, QStringLiteral("no such user"), field};
    return kSuccess;
}

StorageResult<std::monostate> addMember(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                        Member::Role role, qint64 now)
{
    // join_order ranks members by seniority: the longest-standing one inherits the admin role.
    PARLEY_TRY(lastJoin,
               sql::scalar(db, QStringLiteral("SELECT MAX(join_order) FROM members WHERE conversation_id = ?"),
                           {conversationId}));
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("INSERT INTO members (conversation_id, user_id, role, join_order, joined_at) "
                                         "VALUES (?, ?, ?, ?, ?)"),
                          {conversationId, userId, memberRoleName(role), lastJoin + 1, now}));
    return kSuccess;
}

// Writes a system message into the history and records it in the change.
StorageResult<std::monostate> systemEvent(QSqlDatabase &db, ConversationChange &change, const QString &actorId,
                                          const QString &event, QJsonObject details, qint64 now)
{
    details.insert(QStringLiteral("event"), event);
    if (!details.contains(QStringLiteral("by")))
        details.insert(QStringLiteral("by"), actorId);
    PARLEY_TRY(message, messages::appendSystem(db, change.conversationId, actorId, details, now));
    change.systemMessages.append(message);
    return kSuccess;
}

// The caller's member row in a group: NotFound if not a member, Invalid for a direct one,
// Forbidden when `adminNeeded` and the caller is not an admin.
StorageResult<MemberRow> groupMembership(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                         bool adminNeeded)
{
    PARLEY_TRY(member, messages::membership(db, conversationId, userId));
    PARLEY_TRY(type, sql::run(db, QStringLiteral("SELECT type FROM conversations WHERE id = ?"), {conversationId}));
    if (!type.next() || type.value(0).toString() != QLatin1StringView("group"))
        return sql::invalid(QStringLiteral("this is not a group"), QStringLiteral("conversation_id"));
    if (adminNeeded && member.role != Member::Role::Admin)
        return sql::forbidden(QStringLiteral("only group admins may do this"));
    return member;
}

StorageResult<std::monostate> purge(QSqlDatabase &db, const QString &conversationId)
{
    PARLEY_CHECK(sql::run(db, QStringLiteral("DELETE FROM conversations WHERE id = ?"), {conversationId}));
    return kSuccess;
}

// Removes a member; promotes the longest-standing member when no admin is left; purges an
// empty group.
StorageResult<ConversationChange> dropMember(QSqlDatabase &db, const QString &conversationId, const QString &actorId,
                                             const QString &targetId, const QString &event, qint64 now)
{
    PARLEY_CHECK(sql::run(db, QStringLiteral("DELETE FROM members WHERE conversation_id = ? AND user_id = ?"),
                          {conversationId, targetId}));
    PARLEY_CHECK(sql::run(db, QStringLiteral("DELETE FROM hidden_messages WHERE user_id = ? AND conversation_id = ?"),
                          {targetId, conversationId}));
    ConversationChange change;
    change.conversationId = conversationId;
    change.removedIds = {targetId};

    PARLEY_TRY(remaining, sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM members WHERE conversation_id = ?"),
                                      {conversationId}));
    if (remaining == 0) {
        PARLEY_CHECK(purge(db, conversationId));
        change.purged = true;
        return change;
    }
    QJsonObject details{{QStringLiteral("user"), targetId}};
    PARLEY_CHECK(systemEvent(db, change, actorId, event, details, now));
    PARLEY_TRY(admins,
               sql::scalar(db,
                           QStringLiteral("SELECT COUNT(*) FROM members WHERE conversation_id = ? AND role = 'admin'"),
                           {conversationId}));
    if (admins == 0) {
        PARLEY_TRY(eldest, sql::run(db,
                                    QStringLiteral("SELECT user_id FROM members WHERE conversation_id = ? "
                                                   "ORDER BY join_order LIMIT 1"),
                                    {conversationId}));
        if (eldest.next()) {
            const QString heir = eldest.value(0).toString();
            PARLEY_CHECK(sql::run(db,
                                  QStringLiteral("UPDATE members SET role = 'admin' WHERE conversation_id = ? "
                                                 "AND user_id = ?"),
                                  {conversationId, heir}));
            PARLEY_CHECK(systemEvent(db, change, actorId, QStringLiteral("admin_granted"),
                                     {{QStringLiteral("by"), QJsonValue()}, {QStringLiteral("user"), heir}}, now));
        }
    }
    return finish(db, change);
}

} // namespace

StorageResult<Conversation> viewFor(QSqlDatabase &db, const QString &conversationId, const QString &userId)
{
    PARLEY_TRY(views, loadViews(db, Scope{userId, conversationId, false}));
    if (views.isEmpty())
        return sql::notFound(QStringLiteral("no such conversation"));
    return views.first();
}

StorageResult<QList<Conversation>> listFor(QSqlDatabase &db, const QString &userId)
{
    return loadViews(db, Scope{userId, std::nullopt, true});
}

StorageResult<qint64> unreadTotal(QSqlDatabase &db, const QString &userId)
{
    return sql::scalar(db,
                       QStringLiteral("SELECT COUNT(*) FROM members me JOIN messages m ON m.conversation_id = "
                                      "me.conversation_id AND m.seq > me.read_seq AND m.seq > me.cleared_seq AND "
                                      "m.sender_id <> me.user_id AND m.deleted = 0 AND m.kind = 'text' AND %1 "
                                      "WHERE me.user_id = ? AND me.hidden = 0")
                           .arg(kNotHiddenForMe.arg(QStringLiteral("m"))),
                       {userId});
}

StorageResult<ConversationChange> direct(QSqlDatabase &db, const QString &userId, const QString &otherId, qint64 now)
{
    PARLEY_CHECK(requireUsersExist(db, {otherId}, QStringLiteral("user_id")));
    const QString key = userId < otherId ? userId + QLatin1Char(' ') + otherId : otherId + QLatin1Char(' ') + userId;
    ConversationChange change;
    // ON CONFLICT settles two users creating the same pair at once, also across daemons.
    PARLEY_TRY(inserted, sql::run(db,
                                  QStringLiteral("INSERT INTO conversations (id, type, title, direct_key, created_at, "
                                                 "activity_at) VALUES (?, 'direct', NULL, ?, ?, ?) "
                                                 "ON CONFLICT (direct_key) DO NOTHING"),
                                  {newObjectId(), key, now, now}));
    change.created = inserted.numRowsAffected() == 1;
    PARLEY_TRY(id, sql::run(db, QStringLiteral("SELECT id FROM conversations WHERE direct_key = ?"), {key}));
    if (!id.next())
        return sql::notFound(QStringLiteral("no such conversation"));
    change.conversationId = id.value(0).toString();
    if (!change.created) {
        // Nothing to announce: only the caller's view is needed, not every member's.
        PARLEY_TRY(view, viewFor(db, change.conversationId, userId));
        change.views.insert(userId, view);
        return change;
    }
    for (const QString &member : {userId, otherId})
        PARLEY_CHECK(addMember(db, change.conversationId, member, Member::Role::Member, now));
    return finish(db, change);
}

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
    PARLEY_CHECK(requireUsersExist(db, others, QStringLiteral("member_ids")));
    ConversationChange change;
    change.conversationId = newObjectId();
    change.created = true;
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("INSERT INTO conversations (id, type, title, description, created_at, "
                                         "activity_at) VALUES (?, 'group', ?, ?, ?, ?)"),
                          {change.conversationId, title, sql::text(description), now, now}));
    PARLEY_CHECK(addMember(db, change.conversationId, creatorId, Member::Role::Admin, now));
    PARLEY_CHECK(systemEvent(db, change, creatorId, QStringLiteral("group_created"), {}, now));
    for (const QString &member : others) {
        PARLEY_CHECK(addMember(db, change.conversationId, member, Member::Role::Member, now));
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
    PARLEY_CHECK(requireUsersExist(db, userIds, QStringLiteral("user_ids")));
    PARLEY_TRY(current, messages::memberIds(db, conversationId));
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
        PARLEY_CHECK(addMember(db, conversationId, id, Member::Role::Member, now));
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
    auto target = messages::membership(db, conversationId, targetId);
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
    auto target = messages::membership(db, conversationId, targetId);
    if (!target) {
        return StorageError{StorageError::Kind::NotFound, QStringLiteral("not a member of this group"),
                            QStringLiteral("user_id")};
    }
    const bool isAdmin = target.value().role == Member::Role::Admin;
    if (isAdmin != admin) {
        if (!admin) {
            PARLEY_TRY(
                admins,
                sql::scalar(db,
                            QStringLiteral("SELECT COUNT(*) FROM members WHERE conversation_id = ? AND role = 'admin'"),
                            {conversationId}));
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

StorageResult<DeleteOutcome> deleteFor(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                       qint64 now)
{
    PARLEY_CHECK(messages::membership(db, conversationId, userId)); // NotFound for non-members
    PARLEY_TRY(visible,
               sql::scalar(db,
                           QStringLiteral("SELECT COUNT(*) FROM members me JOIN messages m ON m.conversation_id = "
                                          "me.conversation_id WHERE me.conversation_id = ? AND me.user_id = ? AND "
                                          "m.seq > me.cleared_seq AND %1")
                               .arg(kNotHiddenForMe.arg(QStringLiteral("m"))),
                           {conversationId, userId}));
    PARLEY_TRY(type, sql::run(db, QStringLiteral("SELECT type FROM conversations WHERE id = ?"), {conversationId}));
    const bool group = type.next() && type.value(0).toString() == QLatin1StringView("group");
    DeleteOutcome outcome;
    outcome.messagesDeleted = visible;
    if (group) {
        PARLEY_TRY(left, dropMember(db, conversationId, userId, userId, QStringLiteral("member_left"), now));
        outcome.change = left;
        return outcome;
    }
    PARLEY_CHECK(sql::run(db,
                          QStringLiteral("UPDATE members SET cleared_seq = (SELECT last_seq FROM conversations "
                                         "WHERE id = ?), hidden = 1 WHERE conversation_id = ? AND user_id = ?"),
                          {conversationId, conversationId, userId}));
    PARLEY_CHECK(sql::run(db, QStringLiteral("DELETE FROM hidden_messages WHERE user_id = ? AND conversation_id = ?"),
                          {userId, conversationId}));
    outcome.change.conversationId = conversationId;
    outcome.change.removedIds = {userId};
    PARLEY_TRY(listed,
               sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM members WHERE conversation_id = ? AND hidden = 0"),
                           {conversationId}));
    if (listed == 0) {
        PARLEY_CHECK(purge(db, conversationId));
        outcome.change.purged = true;
    }
    return outcome;
}

} // namespace parley::server::conversations
