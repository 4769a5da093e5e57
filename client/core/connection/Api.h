#pragma once

#include <protocol/AuthPayloads.h>
#include <protocol/ConversationPayloads.h>
#include <protocol/Envelope.h>
#include <protocol/ErrorCode.h>
#include <protocol/MessagePayloads.h>
#include <protocol/Registry.h>
#include <protocol/Result.h>
#include <protocol/UserPayloads.h>

#include <QCoroFwd>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace parley::client {

template <typename T>
using ApiResult = Result<T, ProtocolError>;

/// True for the errors after which the same request may succeed later (offline, busy, rate
/// limited, a server bug, or a session that is signed in again).
bool isTransient(const ProtocolError &error);

struct GroupChanges
{
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<bool> adminsOnly;
};

/// Every protocol v1 op (and the messages.edit addition) as a typed call, built from the
/// protocol's request structs and read back with its reply structs. Replies that do not have
/// the promised shape become an `internal` error, never a half-filled value.
class Api
{
public:
    /// Sends one request and waits for its reply (a Connection or a bare ProtocolClient). The
    /// op arrives as its wire name, which only the protocol's registry spells.
    using Sender = std::function<QCoro::Task<Reply>(const QString &op, const QJsonObject &data)>;

    explicit Api(Sender sender);

    QCoro::Task<ApiResult<std::monostate>> ping();
    QCoro::Task<ApiResult<AuthReply>> registerAccount(QString username, QString password, QString displayName);
    QCoro::Task<ApiResult<AuthReply>> login(QString username, QString password, QString device);
    QCoro::Task<ApiResult<AuthReply>> resume(QString token);
    QCoro::Task<ApiResult<std::monostate>> logout();

    QCoro::Task<ApiResult<QList<User>>> searchUsers(QString query, int limit = 20);
    QCoro::Task<ApiResult<QList<User>>> getUsers(QStringList ids);

    QCoro::Task<ApiResult<QList<Conversation>>> listConversations();
    QCoro::Task<ApiResult<Conversation>> getConversation(QString conversationId);
    QCoro::Task<ApiResult<Conversation>> directConversation(QString userId);
    QCoro::Task<ApiResult<qint64>> deleteConversation(QString conversationId);

    QCoro::Task<ApiResult<Conversation>> createGroup(QString title, QStringList memberIds, QString description = {});
    QCoro::Task<ApiResult<Conversation>> updateGroup(QString conversationId, GroupChanges changes);
    QCoro::Task<ApiResult<Conversation>> addMembers(QString conversationId, QStringList userIds);
    QCoro::Task<ApiResult<Conversation>> removeMember(QString conversationId, QString userId);
    QCoro::Task<ApiResult<std::monostate>> leaveGroup(QString conversationId);
    QCoro::Task<ApiResult<Conversation>> promote(QString conversationId, QString userId, bool admin);

    QCoro::Task<ApiResult<Message>> send(QString conversationId, QString clientId, QString text);
    QCoro::Task<ApiResult<Message>> sendToUser(QString userId, QString clientId, QString text);
    QCoro::Task<ApiResult<Message>> edit(QString messageId, QString text);
    QCoro::Task<ApiResult<MessagePage>> history(QString conversationId, std::optional<qint64> beforeSeq,
                                                int limit = 50);
    QCoro::Task<ApiResult<MessagePage>> sync(QString conversationId, qint64 afterRev, int limit = 100);
    QCoro::Task<ApiResult<std::monostate>> markDelivered(QString conversationId, qint64 seq);
    QCoro::Task<ApiResult<qint64>> markRead(QString conversationId, qint64 seq);
    QCoro::Task<ApiResult<std::monostate>> deleteMessage(QString messageId, bool forEveryone);
    QCoro::Task<ApiResult<qint64>> unreadCount();
    QCoro::Task<ApiResult<std::monostate>> typing(QString conversationId, bool active);

private:
    /// The one request path: sends `op` and reads its reply data as `Payload` (`fromJson`).
    template <typename Payload>
    QCoro::Task<ApiResult<Payload>> call(Op op, QJsonObject data);
    /// A reply of which only one field (`&Payload::member`) is wanted: an object or a list.
    template <auto Field>
    auto field(Op op, QJsonObject data);
    /// A reply without data.
    QCoro::Task<ApiResult<std::monostate>> done(Op op, QJsonObject data);
    /// auth.register/login (with a token) and auth.resume (without).
    QCoro::Task<ApiResult<AuthReply>> auth(Op op, QJsonObject data, bool withToken);

    Sender m_sender;
};

} // namespace parley::client
