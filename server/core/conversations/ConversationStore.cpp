#include "conversations/ConversationStore.h"

#include "Secrets.h"
#include "conversations/MemberStore.h"
#include "conversations/TimelineStore.h"
#include "storage/Sql.h"

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
                                  .arg(timeline::kColumns, scope.where(), kNotHiddenForMe.arg(QStringLiteral("x"))),
                              scope.values()));
    while (last.next()) {
        const Message message = timeline::fromRow(last);
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

StorageResult<std::monostate> purge(QSqlDatabase &db, const QString &conversationId)
{
    PARLEY_CHECK(sql::run(db, QStringLiteral("DELETE FROM conversations WHERE id = ?"), {conversationId}));
    return kSuccess;
}

} // namespace

StorageResult<ConversationChange> finish(QSqlDatabase &db, ConversationChange change)
{
    if (change.purged)
        return change;
    PARLEY_TRY(ids, members::memberIds(db, change.conversationId));
    change.memberIds = ids;
    PARLEY_TRY(views, viewsForAll(db, change.conversationId, ids));
    change.views = views;
    return change;
}

StorageResult<std::monostate> systemEvent(QSqlDatabase &db, ConversationChange &change, const QString &actorId,
                                          const QString &event, QJsonObject details, qint64 now)
{
    details.insert(QStringLiteral("event"), event);
    if (!details.contains(QStringLiteral("by")))
        details.insert(QStringLiteral("by"), actorId);
    PARLEY_TRY(message, timeline::appendSystem(db, change.conversationId, actorId, details, now));
    change.systemMessages.append(message);
    return kSuccess;
}

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
    PARLEY_TRY(admins, members::adminCount(db, conversationId));
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
    PARLEY_CHECK(members::requireUsersExist(db, {otherId}, QStringLiteral("user_id")));
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
        PARLEY_CHECK(members::add(db, change.conversationId, member, Member::Role::Member, now));
    return finish(db, change);
}

StorageResult<DeleteOutcome> deleteFor(QSqlDatabase &db, const QString &conversationId, const QString &userId,
                                       qint64 now)
{
    PARLEY_CHECK(members::membership(db, conversationId, userId)); // NotFound for non-members
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
