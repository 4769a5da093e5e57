#pragma once

#include "ErrorCode.h"
#include "JsonWriter.h"
#include "Limits.h"
#include "MessagePayloads.h"
#include "Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace parley {

/// Conversations and groups: the objects, the requests (fromJson applies the contract's rules
/// and names the offending field), the replies and the events.

/// The `member` object.
struct Member
{
    enum class Role { Member, Admin };

    QString userId;
    Role role = Role::Member;
    qint64 deliveredSeq = 0;
    qint64 readSeq = 0;

    void writeJson(JsonWriter &out) const;
    QJsonObject toJson() const;
    static std::optional<Member> fromJson(const QJsonObject &object);
};

/// The `conversation` object, as one member sees it.
struct Conversation
{
    enum class Type { Direct, Group };

    QString id;
    Type type = Type::Direct;
    QString title; ///< null for direct conversations
    QString description;
    bool adminsOnly = false;
    QList<Member> members;
    qint64 createdAtMsecs = 0;
    qint64 lastSeq = 0;
    qint64 rev = 0;
    std::optional<Message> lastMessage;
    qint64 unreadCount = 0;

    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<Conversation> fromJson(const QJsonObject &object);
};

QString memberRoleName(Member::Role role);
QString conversationTypeName(Conversation::Type type);

/// Ops that name only a conversation: conversations.get, conversations.delete, groups.leave.
/// Also the data of the `conversation.removed` event.
struct ConversationRef
{
    QString conversationId;

    QJsonObject toJson() const;
    static Result<ConversationRef, ProtocolError> fromJson(const QJsonObject &data);
};
using ConversationRemovedEvent = ConversationRef;

/// `conversations.direct` data.
struct DirectRequest
{
    QString userId;

    QJsonObject toJson() const;
    static Result<DirectRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `groups.create` data.
struct GroupCreateRequest
{
    QString title;
    QStringList memberIds;
    QString description; ///< not sent when empty

    QJsonObject toJson() const;
    static Result<GroupCreateRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// `groups.update` data: only what changes.
struct GroupUpdateRequest
{
    QString conversationId;
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<bool> adminsOnly;

    QJsonObject toJson() const;
    static Result<GroupUpdateRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `groups.add` data.
struct GroupAddRequest
{
    QString conversationId;
    QStringList userIds;

    QJsonObject toJson() const;
    static Result<GroupAddRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// `groups.remove` and `groups.promote` data (`admin` only for promote, hence the flag on
/// both directions).
struct GroupMemberRequest
{
    QString conversationId;
    QString userId;
    bool admin = false;

    QJsonObject toJson(bool withAdminFlag) const;
    static Result<GroupMemberRequest, ProtocolError> fromJson(const QJsonObject &data, bool withAdminFlag);
};

/// `{conversation}`: the reply of conversations.get/direct and of the group ops that change a
/// group, and the data of the `conversation.updated` event.
struct ConversationReply
{
    Conversation conversation;

    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<ConversationReply> fromJson(const QJsonObject &data);
};
using ConversationUpdatedEvent = ConversationReply;

/// Reply of `conversations.list`: `{conversations}`.
struct ConversationsReply
{
    QList<Conversation> conversations;

    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<ConversationsReply> fromJson(const QJsonObject &data);
};

/// Reply of `conversations.delete`: `{messages_deleted}`.
struct DeleteConversationReply
{
    qint64 messagesDeleted = 0;

    QJsonObject toJson() const;
    static std::optional<DeleteConversationReply> fromJson(const QJsonObject &data);
};

} // namespace parley
