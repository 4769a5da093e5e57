#pragma once

#include <protocol/Conversation.h>
#include <protocol/Envelope.h>
#include <protocol/ErrorCode.h>
#include <protocol/Result.h>
#include <protocol/User.h>

#include <QCoroFwd>
#include <QList>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <optional>

namespace parley::client {

template <typename T>
using ApiResult = Result<T, ProtocolError>;

struct AuthReply
{
    User user;
    QString token; ///< empty for auth.resume
};

struct MessagePage
{
    QList<Message> messages;
    bool hasMore = false;
    qint64 rev = 0; ///< messages.sync only: the cursor to continue from
};

struct GroupChanges
{
    std::optional<QString> title;
    std::optional<QString> description;
    std::optional<bool> adminsOnly;
};

/// Every protocol v1 op (and the messages.edit addition) as a typed call. Replies that do not
/// have the promised shape become an `internal` error, never a half-filled value.
class Api
{
public:
    /// Sends one request and waits for its reply (a Connection or a bare ProtocolClient).
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
    QCoro::Task<ApiResult<QJsonObject>> call(QString op, QJsonObject data = {});
    /// A reply whose `key` holds one T (`fromJson`), or a list of them.
    template <typename T>
    QCoro::Task<ApiResult<T>> objectCall(QString op, QJsonObject data, QString key);
    template <typename T>
    QCoro::Task<ApiResult<QList<T>>> listCall(QString op, QJsonObject data, QString key);
    /// auth.register/login (with a token) and auth.resume (without).
    QCoro::Task<ApiResult<AuthReply>> authCall(QString op, QJsonObject data, bool withToken);
    QCoro::Task<ApiResult<Conversation>> conversationCall(QString op, QJsonObject data);
    QCoro::Task<ApiResult<Message>> messageCall(QString op, QJsonObject data);
    QCoro::Task<ApiResult<std::monostate>> emptyCall(QString op, QJsonObject data);

    Sender m_sender;
};

} // namespace parley::client
