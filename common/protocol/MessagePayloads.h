#pragma once

#include "ErrorCode.h"
#include "JsonWriter.h"
#include "Limits.h"
#include "Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace parley {

/// Messages, their receipts and typing notices. Each request's fromJson applies the
/// contract's rules and names the offending field in its error; replies and events are read
/// leniently (unknown or missing optional fields do not fail them).

/// The `message` object (PROTOCOL.md, "Objects").
struct Message
{
    enum class Kind { Text, System };

    QString id;
    QString conversationId;
    qint64 seq = 0;
    qint64 rev = 0;
    QString senderId;
    Kind kind = Kind::Text;
    QString text;     ///< empty when deleted
    QString clientId; ///< sent only to the sender's own sessions
    qint64 createdAtMsecs = 0;
    std::optional<qint64> editedAtMsecs;
    bool deleted = false;

    /// `forUserId` decides whether `client_id` is shown (only to the sender). `writeJson` is
    /// the one definition of the object; `toJson` reads it back for code that wants a
    /// QJsonObject.
    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<Message> fromJson(const QJsonObject &object);
};

QString messageKindName(Message::Kind kind);

/// `messages.send` data: exactly one of conversation_id and to_user_id.
struct SendRequest
{
    std::optional<QString> conversationId;
    std::optional<QString> toUserId;
    QString clientId;
    QString text; ///< trimmed

    QJsonObject toJson() const;
    static Result<SendRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// `messages.history` data.
struct HistoryRequest
{
    QString conversationId;
    std::optional<qint64> beforeSeq;
    int limit = rules::kHistoryLimitDefault;

    QJsonObject toJson() const;
    static Result<HistoryRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// `messages.sync` data.
struct SyncRequest
{
    QString conversationId;
    qint64 afterRev = 0;
    int limit = 0;

    QJsonObject toJson() const;
    static Result<SyncRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// `messages.delivered` and `messages.read` data.
struct WatermarkRequest
{
    QString conversationId;
    qint64 seq = 0;

    QJsonObject toJson() const;
    static Result<WatermarkRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `messages.delete` data.
struct DeleteMessageRequest
{
    enum class Scope { Me, Everyone };
    QString messageId;
    Scope scope = Scope::Me;

    QJsonObject toJson() const;
    static Result<DeleteMessageRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `messages.edit` data (an addition to the v1 contract).
struct EditRequest
{
    QString messageId;
    QString text; ///< trimmed

    QJsonObject toJson() const;
    static Result<EditRequest, ProtocolError> fromJson(const QJsonObject &data, const Limits &limits);
};

/// `typing` request data.
struct TypingRequest
{
    QString conversationId;
    bool active = false;

    QJsonObject toJson() const;
    static Result<TypingRequest, ProtocolError> fromJson(const QJsonObject &data);
};

/// `{message}`: the reply of messages.send and messages.edit, and the data of the
/// message.new and message.updated events.
struct MessageReply
{
    Message message;

    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<MessageReply> fromJson(const QJsonObject &data);
};
using MessageEvent = MessageReply;

/// Reply of `messages.history` (`{messages, has_more}`) and of `messages.sync`
/// (`{messages, rev, has_more}`).
struct MessagePage
{
    QList<Message> messages; ///< ascending
    bool hasMore = false;
    std::optional<qint64> rev; ///< messages.sync only: the cursor to continue from

    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<MessagePage> fromJson(const QJsonObject &data);
};

/// Reply of `messages.read`: `{marked_count}`.
struct MarkReadReply
{
    qint64 markedCount = 0;

    QJsonObject toJson() const;
    static std::optional<MarkReadReply> fromJson(const QJsonObject &data);
};

/// Reply of `unread.count`: `{count}`.
struct UnreadCountReply
{
    qint64 count = 0;

    QJsonObject toJson() const;
    static std::optional<UnreadCountReply> fromJson(const QJsonObject &data);
};

/// The `receipt` event: `{conversation_id, user_id, delivered_seq, read_seq}`.
struct ReceiptEvent
{
    QString conversationId;
    QString userId;
    qint64 deliveredSeq = 0;
    qint64 readSeq = 0;

    QJsonObject toJson() const;
    static std::optional<ReceiptEvent> fromJson(const QJsonObject &data);
};

/// The `typing` event: `{conversation_id, user_id, active}`.
struct TypingEvent
{
    QString conversationId;
    QString userId;
    bool active = false;

    QJsonObject toJson() const;
    static std::optional<TypingEvent> fromJson(const QJsonObject &data);
};

/// Number of Unicode code points (what `max_text_chars` counts).
qsizetype codePointCount(const QString &text);

} // namespace parley
