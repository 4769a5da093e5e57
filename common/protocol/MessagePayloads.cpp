#include "MessagePayloads.h"

#include "Fields.h"
#include "Timestamp.h"

#include <QJsonArray>

namespace parley {
namespace {

using namespace rules;
using fields::integerOrZero;

const QLatin1StringView kConversationId("conversation_id");
const QLatin1StringView kUserId("user_id");
const QLatin1StringView kMessageId("message_id");
const QLatin1StringView kMessage("message");
const QLatin1StringView kMessages("messages");

void writeTime(JsonWriter &out, const std::optional<qint64> &msecs)
{
    if (msecs)
        out.string(formatTimestamp(*msecs));
    else
        out.null();
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

// The conversation and user ids of a receipt or typing event; nullopt when one is missing.
std::optional<std::pair<QString, QString>> eventIds(const QJsonObject &data)
{
    const QJsonValue conversationId = data.value(kConversationId);
    const QJsonValue userId = data.value(kUserId);
    if (!conversationId.isString() || !userId.isString())
        return std::nullopt;
    return std::pair{conversationId.toString(), userId.toString()};
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

QString messageKindName(Message::Kind kind)
{
    return kind == Message::Kind::System ? QStringLiteral("system") : QStringLiteral("text");
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
    message.seq = integerOrZero(object, QLatin1StringView("seq"));
    message.rev = integerOrZero(object, QLatin1StringView("rev"));
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

QJsonObject SendRequest::toJson() const
{
    QJsonObject data{{QStringLiteral("client_id"), clientId}, {QStringLiteral("text"), text}};
    if (conversationId)
        data.insert(kConversationId, *conversationId);
    if (toUserId)
        data.insert(QStringLiteral("to_user_id"), *toUserId);
    return data;
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

QJsonObject HistoryRequest::toJson() const
{
    QJsonObject data{{kConversationId, conversationId}, {QStringLiteral("limit"), limit}};
    if (beforeSeq)
        data.insert(QStringLiteral("before_seq"), *beforeSeq);
    return data;
}

Result<HistoryRequest, ProtocolError> HistoryRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    HistoryRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.beforeSeq,
                fields::optionalInteger(data, QLatin1StringView("before_seq"), 1, fields::kMaxSafeInteger));
    std::optional<qint64> limit;
    PARLEY_READ(limit, fields::optionalInteger(data, QLatin1StringView("limit"), 1, fields::kMaxSafeInteger));
    request.limit = fields::clampLimit(limit, kHistoryLimitDefault, limits.historyLimitMax);
    return request;
}

QJsonObject SyncRequest::toJson() const
{
    return {
        {kConversationId, conversationId}, {QStringLiteral("after_rev"), afterRev}, {QStringLiteral("limit"), limit}};
}

Result<SyncRequest, ProtocolError> SyncRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    SyncRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.afterRev,
                fields::requiredInteger(data, QLatin1StringView("after_rev"), 0, fields::kMaxSafeInteger));
    std::optional<qint64> limit;
    PARLEY_READ(limit, fields::optionalInteger(data, QLatin1StringView("limit"), 1, fields::kMaxSafeInteger));
    request.limit = fields::clampLimit(limit, limits.historyLimitMax, limits.historyLimitMax);
    return request;
}

QJsonObject WatermarkRequest::toJson() const
{
    return {{kConversationId, conversationId}, {QStringLiteral("seq"), seq}};
}

Result<WatermarkRequest, ProtocolError> WatermarkRequest::fromJson(const QJsonObject &data)
{
    WatermarkRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.seq, fields::requiredInteger(data, QLatin1StringView("seq"), 0, fields::kMaxSafeInteger));
    return request;
}

QJsonObject DeleteMessageRequest::toJson() const
{
    return {{kMessageId, messageId},
            {QStringLiteral("scope"), scope == Scope::Everyone ? QStringLiteral("everyone") : QStringLiteral("me")}};
}

Result<DeleteMessageRequest, ProtocolError> DeleteMessageRequest::fromJson(const QJsonObject &data)
{
    DeleteMessageRequest request;
    PARLEY_READ(request.messageId, fields::requiredId(data, kMessageId));
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

QJsonObject EditRequest::toJson() const
{
    return {{kMessageId, messageId}, {QStringLiteral("text"), text}};
}

Result<EditRequest, ProtocolError> EditRequest::fromJson(const QJsonObject &data, const Limits &limits)
{
    EditRequest request;
    PARLEY_READ(request.messageId, fields::requiredId(data, kMessageId));
    PARLEY_READ(request.text, readText(data, limits));
    return request;
}

QJsonObject TypingRequest::toJson() const
{
    return {{kConversationId, conversationId}, {QStringLiteral("active"), active}};
}

Result<TypingRequest, ProtocolError> TypingRequest::fromJson(const QJsonObject &data)
{
    TypingRequest request;
    PARLEY_READ(request.conversationId, fields::requiredId(data, kConversationId));
    PARLEY_READ(request.active, fields::requiredBool(data, QLatin1StringView("active")));
    return request;
}

void MessageReply::writeJson(JsonWriter &out, const QString &forUserId) const
{
    out.beginObject().key(kMessage);
    message.writeJson(out, forUserId);
    out.endObject();
}

QJsonObject MessageReply::toJson(const QString &forUserId) const
{
    return readBack([&](JsonWriter &out) { writeJson(out, forUserId); });
}

std::optional<MessageReply> MessageReply::fromJson(const QJsonObject &data)
{
    auto message = Message::fromJson(data.value(kMessage).toObject());
    if (!message)
        return std::nullopt;
    return MessageReply{std::move(*message)};
}

void MessagePage::writeJson(JsonWriter &out, const QString &forUserId) const
{
    out.beginObject().key(kMessages).beginArray();
    for (const Message &message : messages)
        message.writeJson(out, forUserId);
    out.endArray();
    if (rev)
        out.key(QLatin1StringView("rev")).number(*rev);
    out.key(QLatin1StringView("has_more")).boolean(hasMore);
    out.endObject();
}

QJsonObject MessagePage::toJson(const QString &forUserId) const
{
    return readBack([&](JsonWriter &out) { writeJson(out, forUserId); });
}

std::optional<MessagePage> MessagePage::fromJson(const QJsonObject &data)
{
    auto messages = fields::objectList<Message>(data.value(kMessages));
    if (!messages)
        return std::nullopt;
    MessagePage page;
    page.messages = std::move(*messages);
    page.hasMore = data.value(QLatin1StringView("has_more")).toBool();
    if (data.contains(QLatin1StringView("rev")))
        page.rev = integerOrZero(data, QLatin1StringView("rev"));
    return page;
}

QJsonObject MarkReadReply::toJson() const
{
    return {{QStringLiteral("marked_count"), markedCount}};
}

std::optional<MarkReadReply> MarkReadReply::fromJson(const QJsonObject &data)
{
    return MarkReadReply{integerOrZero(data, QLatin1StringView("marked_count"))};
}

QJsonObject UnreadCountReply::toJson() const
{
    return {{QStringLiteral("count"), count}};
}

std::optional<UnreadCountReply> UnreadCountReply::fromJson(const QJsonObject &data)
{
    return UnreadCountReply{integerOrZero(data, QLatin1StringView("count"))};
}

QJsonObject ReceiptEvent::toJson() const
{
    return {{kConversationId, conversationId},
            {kUserId, userId},
            {QStringLiteral("delivered_seq"), deliveredSeq},
            {QStringLiteral("read_seq"), readSeq}};
}

std::optional<ReceiptEvent> ReceiptEvent::fromJson(const QJsonObject &data)
{
    auto ids = eventIds(data);
    if (!ids)
        return std::nullopt;
    return ReceiptEvent{ids->first, ids->second, integerOrZero(data, QLatin1StringView("delivered_seq")),
                        integerOrZero(data, QLatin1StringView("read_seq"))};
}

QJsonObject TypingEvent::toJson() const
{
    return {{kConversationId, conversationId}, {kUserId, userId}, {QStringLiteral("active"), active}};
}

std::optional<TypingEvent> TypingEvent::fromJson(const QJsonObject &data)
{
    auto ids = eventIds(data);
    if (!ids)
        return std::nullopt;
    return TypingEvent{ids->first, ids->second, data.value(QLatin1StringView("active")).toBool()};
}

} // namespace parley
