#include "ConversationPayloads.h"

#include "Fields.h"
#include "Timestamp.h"

#include <QJsonArray>

namespace parley {
namespace {

using namespace rules;
using fields::integerOrZero;

const QLatin1StringView kConversationId("conversation_id");
const QLatin1StringView kUserId("user_id");
const QLatin1StringView kConversation("conversation");
const QLatin1StringView kConversations("conversations");

Result<QString, ProtocolError> readTitle(const QJsonObject &data, bool required)
{
    auto title = fields::optionalString(data, QLatin1StringView("title"), kTitleMaxChars * 4);
    if (!title)
        return std::move(title).error();
    const QString trimmed = title.value().value_or(QString()).trimmed();
    if (trimmed.isEmpty() && (required || title.value()))
        return ProtocolError::badRequest(QStringLiteral("title must not be empty"), QStringLiteral("title"));
    if (codePointCount(trimmed) > kTitleMaxChars) {
        return ProtocolError::badRequest(QStringLiteral("title is longer than %1 characters").arg(kTitleMaxChars),
                                         QStringLiteral("title"));
    }
    return trimmed;
}

} // namespace

QString memberRoleName(Member::Role role)
{
    return role == Member::Role::Admin ? QStringLiteral("admin") : QStringLiteral("member");
}

QString conversationTypeName(Conversation::Type type)
{
    return type == Conversation::Type::Group ? QStringLiteral("group") : QStringLiteral("direct");
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
    member.deliveredSeq = integerOrZero(object, QLatin1StringView("delivered_seq"));
    member.readSeq = integerOrZero(object, QLatin1StringView("read_seq"));
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
    conversation.lastSeq = integerOrZero(object, QLatin1StringView("last_seq"));
    conversation.rev = integerOrZero(object, QLatin1StringView("rev"));
    if (object.value(QLatin1StringView("last_message")).isObject())
        conversation.lastMessage = Message::fromJson(object.value(QLatin1StringView("last_message")).toObject());
    conversation.unreadCount = integerOrZero(object, QLatin1StringView("unread_count"));
    return conversation;
}

QJsonObject ConversationRef::toJson() const
{
    return {{kConversationId, conversationId}};
}

Result<ConversationRef, ProtocolError> ConversationRef::fromJson(const QJsonObject &data)
{
    ConversationRef ref;
    PARLEY_READ(ref.conversationId, fields::requiredId(data, kConversationId));
    return ref;
}

QJsonObject DirectRequest::toJson() const
{
    return {{kUserId, userId}};
}

Result<DirectRequest, ProtocolError> DirectRequest::fromJson(const QJsonObject &data)
{
    DirectRequest request;
    PARLEY_READ(request.userId, fields::requiredId(data, kUserId));
    return request;
}

QJsonObject GroupCreateRequest::toJson() const
{
    QJsonObject data{{QStringLiteral("title"), title},
                     {QStringLiteral("member_ids"), QJsonArray::fromStringList(memberIds)}};
    if (!description.isEmpty())
        data.insert(QStringLiteral("description"), description);
    return data;
}

Result<GroupCreateRequest, ProtocolError> GroupCreateRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    GroupCreateRequest request;
    PARLEY_READ(request.title, readTitle(data, true));
    if (!data.value(QLatin1StringView("member_ids")).isArray()) {
        return ProtocolError::badRequest(QStringLiteral("member_ids must be an array of ids"),
                                         QStringLiteral("member_ids"));
    }
    PARLEY_READ(request.memberIds, fields::idList(data, QLatin1StringView("member_ids"), limits.maxGroupMembers));
    std::optional<QString> description;
    PARLEY_READ(description, fields::optionalString(data, QLatin1StringView("description"), kDescriptionMaxChars));
    request.description = description.value_or(QString()).trimmed();
    return request;
}

QJsonObject GroupUpdateRequest::toJson() const
{
    QJsonObject data{{kConversationId, conversationId}};
    if (title)
        data.insert(QStringLiteral("title"), *title);
    if (description)
        data.insert(QStringLiteral("description"), *description);
    if (adminsOnly)
        data.insert(QStringLiteral("admins_only"), *adminsOnly);
    return data;
}

Result<GroupUpdateRequest, ProtocolError> GroupUpdateRequest::fromJson(const QJsonObject &data)
{
    GroupUpdateRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    if (data.contains(QLatin1StringView("title")) && !data.value(QLatin1StringView("title")).isNull()) {
        QString title;
        PARLEY_READ(title, readTitle(data, true));
        request.title = title;
    }
    std::optional<QString> description;
    PARLEY_READ(description, fields::optionalString(data, QLatin1StringView("description"), kDescriptionMaxChars));
    if (description)
        request.description = description->trimmed();
    PARLEY_READ(request.adminsOnly, fields::optionalBool(data, QLatin1StringView("admins_only")));
    if (!request.title && !request.description && !request.adminsOnly)
        return ProtocolError::badRequest(QStringLiteral("nothing to update: give title, description or admins_only"));
    return request;
}

QJsonObject GroupAddRequest::toJson() const
{
    return {{kConversationId, conversationId}, {QStringLiteral("user_ids"), QJsonArray::fromStringList(userIds)}};
}

Result<GroupAddRequest, ProtocolError> GroupAddRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    GroupAddRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    if (!data.value(QLatin1StringView("user_ids")).isArray())
        return ProtocolError::badRequest(QStringLiteral("user_ids must be an array of ids"),
                                         QStringLiteral("user_ids"));
    PARLEY_READ(request.userIds, fields::idList(data, QLatin1StringView("user_ids"), limits.maxGroupMembers));
    if (request.userIds.isEmpty())
        return ProtocolError::badRequest(QStringLiteral("user_ids must not be empty"), QStringLiteral("user_ids"));
    return request;
}

QJsonObject GroupMemberRequest::toJson(bool withAdminFlag) const
{
    QJsonObject data{{kConversationId, conversationId}, {kUserId, userId}};
    if (withAdminFlag)
        data.insert(QStringLiteral("admin"), admin);
    return data;
}

Result<GroupMemberRequest, ProtocolError> GroupMemberRequest::fromJson(const QJsonObject &data, bool withAdminFlag)
{
    GroupMemberRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.userId, fields::requiredId(data, kUserId));
    if (withAdminFlag)
        PARLEY_READ(request.admin, fields::requiredBool(data, QLatin1StringView("admin")));
    return request;
}

void ConversationReply::writeJson(JsonWriter &out, const QString &forUserId) const
{
    out.beginObject().key(kConversation);
    conversation.writeJson(out, forUserId);
    out.endObject();
}

QJsonObject ConversationReply::toJson(const QString &forUserId) const
{
    return readBack([&](JsonWriter &out) { writeJson(out, forUserId); });
}

std::optional<ConversationReply> ConversationReply::fromJson(const QJsonObject &data)
{
    auto conversation = Conversation::fromJson(data.value(kConversation).toObject());
    if (!conversation)
        return std::nullopt;
    return ConversationReply{std::move(*conversation)};
}

void ConversationsReply::writeJson(JsonWriter &out, const QString &forUserId) const
{
    out.beginObject().key(kConversations).beginArray();
    for (const Conversation &conversation : conversations)
        conversation.writeJson(out, forUserId);
    out.endArray();
    out.endObject();
}

QJsonObject ConversationsReply::toJson(const QString &forUserId) const
{
    return readBack([&](JsonWriter &out) { writeJson(out, forUserId); });
}

std::optional<ConversationsReply> ConversationsReply::fromJson(const QJsonObject &data)
{
    auto conversations = fields::objectList<Conversation>(data.value(kConversations));
    if (!conversations)
        return std::nullopt;
    return ConversationsReply{std::move(*conversations)};
}

QJsonObject DeleteConversationReply::toJson() const
{
    return {{QStringLiteral("messages_deleted"), messagesDeleted}};
}

std::optional<DeleteConversationReply> DeleteConversationReply::fromJson(const QJsonObject &data)
{
    return DeleteConversationReply{integerOrZero(data, QLatin1StringView("messages_deleted"))};
}

} // namespace parley
