#pragma once

#include "ErrorCode.h"
#include "Limits.h"
#include "Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace parley {

/// Request data of the conversation, group, message and user ops. Each fromJson applies the
/// contract's rules and names the offending field in its error.

/// Ops that name only a conversation: conversations.get, conversations.delete, groups.leave.
struct ConversationRef
{
    QString conversationId;
    static Result<ConversationRef, ProtocolError> fromJson(const QJsonObject &data);
};

/// conversations.direct
struct DirectRequest
{
    QString userId;
    static Result<DirectRequest, ProtocolError> fromJson(const QJsonObject &data);
};

struct UsersSearchRequest
{
    QString query; ///< trimmed, lower-cased
    int limit = rules::kSearchLimitDefault;
    static Result<UsersSearchRequest, ProtocolError> fromJson(const QJsonObject &data);
};

struct UsersGetRequest
{
    QStringList ids;
    static Result<UsersGetRequest, ProtocolError> fromJson(const QJsonObject &data);
};

struct GroupCreateRequest
{
    QString title;
    QStringList memberIds;
    QString description;
    static Result<GroupCreateRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

struct GroupUpdateRequest
{
    QString conversationId;
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<bool> adminsOnly;
    static Result<GroupUpdateRequest, ProtocolError> fromJson(const QJsonObject &data);
};

struct GroupAddRequest
{
    QString conversationId;
    QStringList userIds;
    static Result<GroupAddRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// groups.remove and groups.promote (`admin` only for promote).
struct GroupMemberRequest
{
    QString conversationId;
    QString userId;
    bool admin = false;
    static Result<GroupMemberRequest, ProtocolError> fromJson(const QJsonObject &data, bool withAdminFlag);
};

struct SendRequest
{
    std::optional<QString> conversationId;
    std::optional<QString> toUserId;
    QString clientId;
    QString text; ///< trimmed
    static Result<SendRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

struct HistoryRequest
{
    QString conversationId;
    std::optional<qint64> beforeSeq;
    int limit = rules::kHistoryLimitDefault;
    static Result<HistoryRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

struct SyncRequest
{
    QString conversationId;
    qint64 afterRev = 0;
    int limit = 0;
    static Result<SyncRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// messages.delivered and messages.read
struct WatermarkRequest
{
    QString conversationId;
    qint64 seq = 0;
    static Result<WatermarkRequest, ProtocolError> fromJson(const QJsonObject &data);
};

struct DeleteMessageRequest
{
    enum class Scope { Me, Everyone };
    QString messageId;
    Scope scope = Scope::Me;
    static Result<DeleteMessageRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// messages.edit (an addition to the v1 contract)
struct EditRequest
{
    QString messageId;
    QString text; ///< trimmed
    static Result<EditRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

struct TypingRequest
{
    QString conversationId;
    bool active = false;
    static Result<TypingRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// Number of Unicode code points (what `max_text_chars` counts).
qsizetype codePointCount(const QString &text);

} // namespace parley
