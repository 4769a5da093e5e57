#include "Conversation.h"

#include "Fields.h"
#include "Timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace parley {
namespace {

using fields::wholeNumber;

void writeTime(JsonWriter &out, const std::optional<qint64> &msecs)
{
    if (msecs)
        out.string(formatTimestamp(*msecs));
    else
        out.null();
}

// What writeJson wrote, as a QJsonObject.
template <typename Write>
QJsonObject readBack(Write write)
{
    JsonWriter out;
    write(out);
    return QJsonDocument::fromJson(out.take()).object();
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

void Message::writeJson(JsonWriter &out, const QString &forUserId) const
{
    out.beginObject();
    out.key(QLatin1StringView("id")).string(id);
    out.key(QLatin1StringView("conversation_id")).string(conversationId);
    out.key(QLatin1StringView("seq")).number(seq);
    out.key(QLatin1StringView("rev")).number(rev);
    out.key(QLatin1StringView("sender_id")).string(senderId);
    out.key(QLatin1StringView("kind")).string(messageKindName(kind));
    out.key(QLatin1StringView("text")).string(deleted ? QString() : text);
    out.key(QLatin1StringView("client_id"));
    if (forUserId == senderId && !clientId.isEmpty())
        out.string(clientId);
    else
        out.null();
    out.key(QLatin1StringView("created_at")).string(formatTimestamp(createdAtMsecs));
    writeTime(out.key(QLatin1StringView("edited_at")), editedAtMsecs);
    out.key(QLatin1StringView("deleted")).boolean(deleted);
    out.endObject();
}

QJsonObject Message::toJson(const QString &forUserId) const
{
    return readBack([&](JsonWriter &out) { writeJson(out, forUserId); });
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

void Member::writeJson(JsonWriter &out) const
{
    out.beginObject();
    out.key(QLatin1StringView("user_id")).string(userId);
    out.key(QLatin1StringView("role")).string(memberRoleName(role));
    out.key(QLatin1StringView("delivered_seq")).number(deliveredSeq);
    out.key(QLatin1StringView("read_seq")).number(readSeq);
    out.endObject();
}

QJsonObject Member::toJson() const
{
    return readBack([&](JsonWriter &out) { writeJson(out); });
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

void Conversation::writeJson(JsonWriter &out, const QString &forUserId) const
{
    out.beginObject();
    out.key(QLatin1StringView("id")).string(id);
    out.key(QLatin1StringView("type")).string(conversationTypeName(type));
    out.key(QLatin1StringView("title"));
    if (type == Type::Group)
        out.string(title);
    else
        out.null();
    out.key(QLatin1StringView("description")).string(description);
    out.key(QLatin1StringView("admins_only")).boolean(adminsOnly);
    out.key(QLatin1StringView("members")).beginArray();
    for (const Member &member : members)
        member.writeJson(out);
    out.endArray();
    out.key(QLatin1StringView("created_at")).string(formatTimestamp(createdAtMsecs));
    out.key(QLatin1StringView("last_seq")).number(lastSeq);
    out.key(QLatin1StringView("rev")).number(rev);
    out.key(QLatin1StringView("last_message"));
    if (lastMessage)
        lastMessage->writeJson(out, forUserId);
    else
        out.null();
    out.key(QLatin1StringView("unread_count")).number(unreadCount);
    out.endObject();
}

QJsonObject Conversation::toJson(const QString &forUserId) const
{
    return readBack([&](JsonWriter &out) { writeJson(out, forUserId); });
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
