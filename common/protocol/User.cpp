#include "User.h"

#include "Timestamp.h"

namespace parley {

QJsonObject User::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("username"), username},
        {QStringLiteral("display_name"), displayName},
        {QStringLiteral("online"), online},
        {QStringLiteral("last_seen"),
         lastSeenMsecs ? QJsonValue(formatTimestamp(*lastSeenMsecs)) : QJsonValue(QJsonValue::Null)},
    };
}

std::optional<User> User::fromJson(const QJsonObject &object)
{
    const QJsonValue id = object.value(QLatin1StringView("id"));
    const QJsonValue username = object.value(QLatin1StringView("username"));
    if (!id.isString() || !username.isString())
        return std::nullopt;
    User user;
    user.id = id.toString();
    user.username = username.toString();
    user.displayName = object.value(QLatin1StringView("display_name")).toString();
    user.online = object.value(QLatin1StringView("online")).toBool();
    const QJsonValue lastSeen = object.value(QLatin1StringView("last_seen"));
    if (lastSeen.isString())
        user.lastSeenMsecs = parseTimestamp(lastSeen.toString());
    return user;
}

} // namespace parley
