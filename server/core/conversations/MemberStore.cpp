#include "conversations/MemberStore.h"

#include "storage/Sql.h"

namespace parley::server::members {

StorageResult<MemberRow> membership(QSqlDatabase &db, const QString &conversationId, const QString &userId)
{
    PARLEY_TRY(query, sql::run(db,
                               QStringLiteral("SELECT role, delivered_seq, read_seq, cleared_seq, hidden, join_order "
                                              "FROM members WHERE conversation_id = ? AND user_id = ?"),
                               {conversationId, userId}));
    if (!query.next())
        return sql::notFound(QStringLiteral("no such conversation"));
    MemberRow row;
    row.userId = userId;
    row.role = query.value(0).toString() == QLatin1StringView("admin") ? Member::Role::Admin : Member::Role::Member;
    row.deliveredSeq = query.value(1).toLongLong();
    row.readSeq = query.value(2).toLongLong();
    row.clearedSeq = query.value(3).toLongLong();
    row.hidden = query.value(4).toLongLong() != 0;
    row.joinOrder = query.value(5).toLongLong();
    return row;
}

StorageResult<QStringList> memberIds(QSqlDatabase &db, const QString &conversationId)
{
    PARLEY_TRY(query,
               sql::run(db, QStringLiteral("SELECT user_id FROM members WHERE conversation_id = ? ORDER BY join_order"),
                        {conversationId}));
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

StorageResult<std::monostate> add(QSqlDatabase &db, const QString &conversationId, const QString &userId,
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

StorageResult<qint64> adminCount(QSqlDatabase &db, const QString &conversationId)
{
    return sql::scalar(db, QStringLiteral("SELECT COUNT(*) FROM members WHERE conversation_id = ? AND role = 'admin'"),
                       {conversationId});
}

} // namespace parley::server::members
