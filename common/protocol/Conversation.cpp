#include "Conversation.h"

#include "Fields.h"
#include "Timestamp.h"

#include <QJsonArray>

namespace parley {
namespace {

using fields::wholeNumber;

QJsonValue nullableTime(const std::optional<qint64> &msecs)
{
    return msecs ? QJsonValue(formatTimestamp(*msecs)) : QJsonValue(QJsonValue::Null);
}

// A whole number from a server's JSON; anything out of range or fractional reads as 0.
qint64 integer(const QJsonObject &object, QLatin1StringView key)
{
    return wholeNumber(object.value(key)).value_or(0);
}

} // namespace

QString messageKindName(Message::Kind kind)
{
    return kind == Message::Kind::System ? QStringLiteral("system") : QStringLiteral("text");
}

QString memberRoleName(Member::Role role)
{
    return role == Member::Role::Admin ? QStringLiteral("admin") : QStringLiteral("member");
}

QString conversationTypeName(Conversation::Type type)
{
    return type == Conversation::Type::Group ? QStringLiteral("group") : QStringLiteral("direct");
}

QJsonObject Message::toJson(const QString &forUserId) const
{
    const bool ownMessage = forUserId == senderId && !clientId.isEmpty();
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("conversation_id"), conversationId},
        {QStringLiteral("seq"), seq},
        {QStringLiteral("rev"), rev},
        {QStringLiteral("sender_id"), senderId},
        {QStringLiteral("kind"), messageKindName(kind)},
        {QStringLiteral("text"), deleted ? QString() : text},
        {QStringLiteral("client_id"), ownMessage ? QJsonValue(clientId) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("created_at"), formatTimestamp(createdAtMsecs)},
        {QStringLiteral("edited_at"), nullableTime(editedAtMsecs)},
        {QStringLiteral("deleted"), deleted},
    };
}

std::optional<Message> Message::fromJson(const QJsonObject &object)
{
    if (!object.value(QLatin1StringView("id")).isString() || !object.value(QLatin1StringView("seq")).isDouble())
        return std::nullopt;
    Message message;
    message.id = object.value(QLatin1StringView("id")).toString();
    message.conversationId = object.value(QLatin1StringView("conversation_id")).toString();
    message.seq = integer(object, QLatin1StringView("seq"));
    message.rev = integer(object, QLatin1StringView("rev"));
    message.senderId = object.value(QLatin1StringView("sender_id")).toString();
    message.kind =
        object.value(QLatin1StringView("kind")).toString() == QLatin1StringView("system") ? Kind::System : Kind::Text;
    message.text = object.value(QLatin1StringView("text")).toString();
    message.clientId = object.value(QLatin1StringView("client_id")).toString();
    message.createdAtMsecs = parseTimestamp(object.value(QLatin1StringView("created_at")).toString()).value_or(0);
    if (object.value(QLatin1StringView("edited_at")).isString())
        message.editedAtMsecs = parseTimestamp(object.value(QLatin1StringView("edited_at")).toString());
    message.deleted = object.value(QLatin1StringView("deleted")).toBool();
    return message;
}

QJsonObject Member::toJson() const
{
    return {
        {QStringLiteral("user_id"), userId},
        {QStringLiteral("role"), memberRoleName(role)},
        {QStringLiteral("delivered_seq"), deliveredSeq},
        {QStringLiteral("read_seq"), readSeq},
    };
}

std::optional<Member> Member::fromJson(const QJsonObject &object)
{
    if (!object.value(QLatin1StringView("user_id")).isString())
        return std::nullopt;
    Member member;
    member.userId = object.value(QLatin1StringView("user_id")).toString();
    member.role =
        object.value(QLatin1StringView("role")).toString() == QLatin1StringView("admin") ? Role::Admin : Role::Member;
    member.deliveredSeq = integer(object, QLatin1StringView("delivered_seq"));
    member.readSeq = integer(object, QLatin1StringView("read_seq"));
    return member;
}

QJsonObject Conversation::toJson(const QString &forUserId) const
{
    QJsonArray memberArray;
    for (const Member &member : members)
        memberArray.append(member.toJson());
    return {
        {QStringLiteral("id"), id},
        {QStringLiteral("type"), conversationTypeName(type)},
        {QStringLiteral("title"), type == Type::Group ? QJsonValue(title) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("description"), description},
        {QStringLiteral("admins_only"), adminsOnly},
        {QStringLiteral("members"), memberArray},
        {QStringLiteral("created_at"), formatTimestamp(createdAtMsecs)},
        {QStringLiteral("last_seq"), lastSeq},
        {QStringLiteral("rev"), rev},
        {QStringLiteral("last_message"),
         lastMessage ? QJsonValue(lastMessage->toJson(forUserId)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("unread_count"), unreadCount},
    };
}

std::optional<Conversation> Conversation::fromJson(const QJsonObject &object)
{
    if (!object.value(QLatin1StringView("id")).isString())
        return std::nullopt;
    Conversation conversation;
    conversation.id = object.value(QLatin1StringView("id")).toString();
    conversation.type =
        object.value(QLatin1StringView("type")).toString() == QLatin1StringView("group") ? Type::Group : Type::Direct;
    conversation.title = object.value(QLatin1StringView("title")).toString();
    conversation.description = object.value(QLatin1StringView("description")).toString();
    conversation.adminsOnly = object.value(QLatin1StringView("admins_only")).toBool();
    for (const QJsonValue &value : object.value(QLatin1StringView("members")).toArray()) {
        if (auto member = Member::fromJson(value.toObject()))
            conversation.members.append(*member);
    }
    conversation.createdAtMsecs = parseTimestamp(object.value(QLatin1StringView("created_at")).toString()).value_or(0);
    conversation.lastSeq = integer(object, QLatin1StringView("last_seq"));
    conversation.rev = integer(object, QLatin1StringView("rev"));
    if (object.value(QLatin1StringView("last_message")).isObject())
        conversation.lastMessage = Message::fromJson(object.value(QLatin1StringView("last_message")).toObject());
    conversation.unreadCount = integer(object, QLatin1StringView("unread_count"));
    return conversation;
}

} // namespace parley
