#include "UserPayloads.h"

#include "Fields.h"
#include "Timestamp.h"

#include <QJsonArray>

namespace parley {
namespace {

using namespace rules;

const QLatin1StringView kUsers("users");

QJsonValue timeOrNull(const std::optional<qint64> &msecs)
{
    return msecs ? QJsonValue(formatTimestamp(*msecs)) : QJsonValue(QJsonValue::Null);
}

std::optional<qint64> optionalTime(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    return parseTimestamp(value.toString());
}

} // namespace

QJsonObject User::toJson() const
{
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("username"), username},
        {QStringLiteral("display_name"), displayName},
        {QStringLiteral("online"), online},
        {QStringLiteral("last_seen"), timeOrNull(lastSeenMsecs)},
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
    user.lastSeenMsecs = optionalTime(object.value(QLatin1StringView("last_seen")));
    return user;
}

QJsonObject UsersSearchRequest::toJson() const
{
    return {{QStringLiteral("query"), query}, {QStringLiteral("limit"), limit}};
}

Result<UsersSearchRequest, ProtocolError> UsersSearchRequest::fromJson(const QJsonObject &data)
{
    UsersSearchRequest request;
    QString query;
    PARLEY_READ(query, fields::requiredString(data, QLatin1StringView("query"), kSearchQueryMaxChars * 4));
    request.query = query.trimmed().toLower();
    if (request.query.isEmpty())
        return ProtocolError::badRequest(QStringLiteral("query must not be empty"), QStringLiteral("query"));
    if (request.query.size() > kSearchQueryMaxChars) {
        return ProtocolError::badRequest(QStringLiteral("query is longer than %1 characters").arg(kSearchQueryMaxChars),
                                         QStringLiteral("query"));
    }
    std::optional<qint64> limit;
    PARLEY_READ(limit, fields::optionalInteger(data, QLatin1StringView("limit"), 1, kSearchLimitMax));
    request.limit = fields::clampLimit(limit, kSearchLimitDefault, kSearchLimitMax);
    return request;
}

QJsonObject UsersGetRequest::toJson() const
{
    return {{QStringLiteral("ids"), QJsonArray::fromStringList(ids)}};
}

Result<UsersGetRequest, ProtocolError> UsersGetRequest::fromJson(const QJsonObject &data)
{
    UsersGetRequest request;
    if (!data.value(QLatin1StringView("ids")).isArray())
        return ProtocolError::badRequest(QStringLiteral("ids must be an array of ids"), QStringLiteral("ids"));
    PARLEY_READ(request.ids, fields::idList(data, QLatin1StringView("ids"), kUsersGetMax));
    return request;
}

QJsonObject UsersReply::toJson() const
{
    QJsonArray array;
    for (const User &user : users)
        array.append(user.toJson());
    return {{kUsers, array}};
}

std::optional<UsersReply> UsersReply::fromJson(const QJsonObject &data)
{
    auto users = fields::objectList<User>(data.value(kUsers));
    if (!users)
        return std::nullopt;
    return UsersReply{std::move(*users)};
}

QJsonObject PresenceEvent::toJson() const
{
    return {
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("online"), online},
        {QStringLiteral("last_seen"), timeOrNull(lastSeenMsecs)},
    };
}

std::optional<PresenceEvent> PresenceEvent::fromJson(const QJsonObject &data)
{
    const QJsonValue userId = data.value(QLatin1StringView("user_id"));
    if (!userId.isString())
        return std::nullopt;
    return PresenceEvent{userId.toString(), data.value(QLatin1StringView("online")).toBool(),
                         optionalTime(data.value(QLatin1StringView("last_seen")))};
}

} // namespace parley
