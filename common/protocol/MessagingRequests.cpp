#include "MessagingRequests.h"

#include "Fields.h"

namespace parley {
namespace {

using namespace rules;

const QLatin1StringView kConversationId("conversation_id");
const QLatin1StringView kUserId("user_id");

// Unwraps a field reader's result into `target`, or returns its error from the caller.
#define PARLEY_READ(target, expression)                                                                                \
    do {                                                                                                               \
        auto parsed_ = (expression);                                                                                   \
        if (!parsed_)                                                                                                  \
            return std::move(parsed_).error();                                                                         \
        target = std::move(parsed_).value();                                                                           \
    } while (false)

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

// Message text: trimmed, not empty, at most max_text_chars code points (too_large beyond).
Result<QString, ProtocolError> readText(const QJsonObject &data, const Limits &limits)
{
    const QJsonValue value = data.value(QLatin1StringView("text"));
    if (!value.isString())
        return ProtocolError::badRequest(QStringLiteral("text must be a string"), QStringLiteral("text"));
    QString text = value.toString().trimmed();
    if (text.isEmpty())
        return ProtocolError::badRequest(QStringLiteral("text must not be empty"), QStringLiteral("text"));
    if (codePointCount(text) > limits.maxTextChars) {
        return ProtocolError::make(ErrorCode::TooLarge,
                                   QStringLiteral("text is longer than %1 characters").arg(limits.maxTextChars),
                                   QStringLiteral("text"));
    }
    return text;
}

int clampLimit(std::optional<qint64> requested, int fallback, int maximum)
{
    return int(std::min<qint64>(requested.value_or(fallback), maximum));
}

} // namespace

qsizetype codePointCount(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (!(text.at(i).isLowSurrogate() && i > 0 && text.at(i - 1).isHighSurrogate()))
            ++count;
    }
    return count;
}

Result<ConversationRef, ProtocolError> ConversationRef::fromJson(const QJsonObject &data)
{
    ConversationRef ref;
    PARLEY_READ(ref.conversationId, fields::requiredId(data, kConversationId));
    return ref;
}

Result<DirectRequest, ProtocolError> DirectRequest::fromJson(const QJsonObject &data)
{
    DirectRequest request;
    PARLEY_READ(request.userId, fields::requiredId(data, kUserId));
    return request;
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
    request.limit = clampLimit(limit, kSearchLimitDefault, kSearchLimitMax);
    return request;
}

Result<UsersGetRequest, ProtocolError> UsersGetRequest::fromJson(const QJsonObject &data)
{
    UsersGetRequest request;
    if (!data.value(QLatin1StringView("ids")).isArray())
        return ProtocolError::badRequest(QStringLiteral("ids must be an array of ids"), QStringLiteral("ids"));
    PARLEY_READ(request.ids, fields::idList(data, QLatin1StringView("ids"), kUsersGetMax));
    return request;
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

Result<GroupMemberRequest, ProtocolError> GroupMemberRequest::fromJson(const QJsonObject &data, bool withAdminFlag)
{
    GroupMemberRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.userId, fields::requiredId(data, kUserId));
    if (withAdminFlag)
        PARLEY_READ(request.admin, fields::requiredBool(data, QLatin1StringView("admin")));
    return request;
}

Result<SendRequest, ProtocolError> SendRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    SendRequest request;
    PARLEY_READ(request.conversationId, fields::optionalId(data, kConversationId));
    PARLEY_READ(request.toUserId, fields::optionalId(data, QLatin1StringView("to_user_id")));
    if (request.conversationId.has_value() == request.toUserId.has_value()) {
        return ProtocolError::badRequest(QStringLiteral("give exactly one of conversation_id and to_user_id"),
                                         request.conversationId ? QStringLiteral("to_user_id") : kConversationId);
    }
    PARLEY_READ(request.clientId, fields::requiredString(data, QLatin1StringView("client_id"), kClientIdMaxChars));
    if (request.clientId.isEmpty())
        return ProtocolError::badRequest(QStringLiteral("client_id must not be empty"), QStringLiteral("client_id"));

    PARLEY_READ(request.text, readText(data, limits));
    return request;
}

Result<HistoryRequest, ProtocolError> HistoryRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    HistoryRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.beforeSeq,
                fields::optionalInteger(data, QLatin1StringView("before_seq"), 1, fields::kMaxSafeInteger));
    std::optional<qint64> limit;
    PARLEY_READ(limit, fields::optionalInteger(data, QLatin1StringView("limit"), 1, fields::kMaxSafeInteger));
    request.limit = clampLimit(limit, kHistoryLimitDefault, limits.historyLimitMax);
    return request;
}

Result<SyncRequest, ProtocolError> SyncRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    SyncRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.afterRev,
                fields::requiredInteger(data, QLatin1StringView("after_rev"), 0, fields::kMaxSafeInteger));
    std::optional<qint64> limit;
    PARLEY_READ(limit, fields::optionalInteger(data, QLatin1StringView("limit"), 1, fields::kMaxSafeInteger));
    request.limit = clampLimit(limit, limits.historyLimitMax, limits.historyLimitMax);
    return request;
}

Result<WatermarkRequest, ProtocolError> WatermarkRequest::fromJson(const QJsonObject &data)
{
    WatermarkRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.seq, fields::requiredInteger(data, QLatin1StringView("seq"), 0, fields::kMaxSafeInteger));
    return request;
}

Result<DeleteMessageRequest, ProtocolError> DeleteMessageRequest::fromJson(const QJsonObject &data)
{
    DeleteMessageRequest request;
    PARLEY_READ(request.messageId, fields::requiredId(data, QLatin1StringView("message_id")));
    QString scope;
    PARLEY_READ(scope, fields::requiredString(data, QLatin1StringView("scope"), 16));
    if (scope == QLatin1StringView("me"))
        request.scope = Scope::Me;
    else if (scope == QLatin1StringView("everyone"))
        request.scope = Scope::Everyone;
    else
        return ProtocolError::badRequest(QStringLiteral("scope must be \"me\" or \"everyone\""),
                                         QStringLiteral("scope"));
    return request;
}

Result<EditRequest, ProtocolError> EditRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    EditRequest request;
    PARLEY_READ(request.messageId, fields::requiredId(data, QLatin1StringView("message_id")));
    PARLEY_READ(request.text, readText(data, limits));
    return request;
}

Result<TypingRequest, ProtocolError> TypingRequest::fromJson(const QJsonObject &data)
{
    TypingRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.active, fields::requiredBool(data, QLatin1StringView("active")));
    return request;
}

} // namespace parley
