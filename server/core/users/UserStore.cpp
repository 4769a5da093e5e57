#include "users/UserStore.h"

#include "storage/Sql.h"

namespace parley::server::directory {
namespace {

const QString kUserColumns = QStringLiteral("u.id, u.username, u.display_name, u.last_seen");

User userFromRow(const sql::Statement &query)
{
    User user;
    user.id = query.value(0).toString();
    user.username = query.value(1).toString();
    user.displayName = query.value(2).toString();
    if (!query.value(3).isNull())
        user.lastSeenMsecs = query.value(3).toLongLong();
    return user;
}

QString escapeLike(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    text.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return text;
}

StorageResult<UserLookup> withContacts(QSqlDatabase &db, const QString &callerId, QList<User> users)
{
    PARLEY_TRY(contacts, contactsOf(db, callerId));
    UserLookup lookup;
    for (const QString &id : contacts)
        lookup.contacts.insert(id);
    lookup.users = std::move(users);
    return lookup;
}

} // namespace

StorageResult<UserLookup> search(QSqlDatabase &db, const QString &callerId, const QString &prefix, int limit)
{
    const QString pattern = escapeLike(prefix) + QLatin1Char('%');
    PARLEY_TRY(query, sql::run(db,
                               QStringLiteral("SELECT %1 FROM users u WHERE u.disabled = 0 AND (u.username LIKE ? "
                                              "ESCAPE '\\' OR lower(u.display_name) LIKE ? ESCAPE '\\') "
                                              "ORDER BY u.username LIMIT ?")
                                   .arg(kUserColumns),
                               {pattern, pattern, limit}));
    QList<User> users;
    while (query.next())
        users.append(userFromRow(query));
    return withContacts(db, callerId, users);
}

StorageResult<UserLookup> get(QSqlDatabase &db, const QString &callerId, const QStringList &ids)
{
    if (ids.isEmpty())
        return UserLookup{};
    QStringList placeholders;
    QVariantList values;
    for (const QString &id : ids) {
        placeholders.append(QStringLiteral("?"));
        values.append(id);
    }
    PARLEY_TRY(query, sql::run(db,
                               QStringLiteral("SELECT %1 FROM users u WHERE u.id IN (%2)")
                                   .arg(kUserColumns, placeholders.join(QLatin1Char(','))),
                               values));
    QHash<QString, User> found;
    while (query.next()) {
        User user = userFromRow(query);
        found.insert(user.id, user);
    }
    QList<User> ordered;
    for (const QString &id : ids) {
        if (found.contains(id))
            ordered.append(found.value(id));
    }
    return withContacts(db, callerId, ordered);
}

StorageResult<QStringList> contactsOf(QSqlDatabase &db, const QString &userId)
{
    PARLEY_TRY(query, sql::run(db,
                               QStringLiteral("SELECT DISTINCT other.user_id FROM members me JOIN members other ON "
                                              "other.conversation_id = me.conversation_id WHERE me.user_id = ? AND "
                                              "other.user_id <> ?"),
                               {userId, userId}));
    QStringList ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

StorageResult<std::monostate> setLastSeen(QSqlDatabase &db, const QString &userId, qint64 when)
{
    PARLEY_CHECK(sql::run(db, QStringLiteral("UPDATE users SET last_seen = ? WHERE id = ?"), {when, userId}));
    return kSuccess;
}

} // namespace parley::server::directory
