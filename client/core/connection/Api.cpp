#include "Api.h"

#include <QCoroTask>

namespace parley::client {
namespace {

ProtocolError malformed(Op op)
{
    return ProtocolError::make(ErrorCode::Internal, QStringLiteral("malformed reply to %1").arg(opName(op)));
}

/// Reply data that is not read (`{}`); anything is accepted.
struct NoData
{
    static std::optional<NoData> fromJson(const QJsonObject &) { return NoData{}; }
};

/// The struct and the type of a pointer to a data member (`&UsersReply::users`).
template <typename>
struct FieldOf;
template <typename Payload, typename Type>
struct FieldOf<Type Payload::*>
{
    using PayloadType = Payload;
    using ValueType = Type;
};

} // namespace

bool isTransient(const ProtocolError &error)
{
    // `unauthorized`: the session is gone, not the request; it goes out after signing in again.
    return error.code == ErrorCode::Unavailable || error.code == ErrorCode::RateLimited ||
           error.code == ErrorCode::Internal || error.code == ErrorCode::Unauthorized;
}

Api::Api(Sender sender)
    : m_sender(std::move(sender))
{
}

template <typename Payload>
QCoro::Task<ApiResult<Payload>> Api::call(Op op, QJsonObject data)
{
    auto pending = m_sender(opName(op), data);
    Reply reply = co_await pending;
    if (!reply.ok)
        co_return reply.error;
    auto payload = Payload::fromJson(reply.data);
    if (!payload)
        co_return malformed(op);
    co_return std::move(*payload);
}

template <auto Field>
auto Api::field(Op op, QJsonObject data)
{
    using Types = FieldOf<decltype(Field)>;
    return [](Api *api, Op op, QJsonObject data) -> QCoro::Task<ApiResult<typename Types::ValueType>> {
        auto pending = api->call<typename Types::PayloadType>(op, std::move(data));
        auto reply = co_await pending;
        if (!reply)
            co_return reply.error();
        co_return std::move(reply.value().*Field);
    }(this, op, std::move(data));
}

QCoro::Task<ApiResult<std::monostate>> Api::done(Op op, QJsonObject data)
{
    auto pending = call<NoData>(op, std::move(data));
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    // Spelled out: QCoro keeps results in a variant whose empty state is std::monostate, so a
    // bare monostate would be taken for "no result yet".
    co_return ApiResult<std::monostate>(kSuccess);
}

QCoro::Task<ApiResult<AuthReply>> Api::auth(Op op, QJsonObject data, bool withToken)
{
    auto pending = call<AuthReply>(op, std::move(data));
    auto reply = co_await pending;
    if (reply && withToken && reply->token.isEmpty())
        co_return malformed(op);
    co_return reply;
}

QCoro::Task<ApiResult<std::monostate>> Api::ping()
{
    return done(Op::Ping, {});
}

QCoro::Task<ApiResult<AuthReply>> Api::registerAccount(QString username, QString password, QString displayName)
{
    // A blank name is left out: the server then uses the username.
    const RegisterRequest request{.username = std::move(username),
                                  .password = std::move(password),
                                  .displayName = displayName.trimmed().isEmpty() ? QString() : displayName};
    return auth(Op::AuthRegister, request.toJson(), true);
}

QCoro::Task<ApiResult<AuthReply>> Api::login(QString username, QString password, QString device)
{
    const LoginRequest request{.username = std::move(username), .password = std::move(password), .device = device};
    return auth(Op::AuthLogin, request.toJson(), true);
}

QCoro::Task<ApiResult<AuthReply>> Api::resume(QString token)
{
    return auth(Op::AuthResume, ResumeRequest{std::move(token)}.toJson(), false);
}

QCoro::Task<ApiResult<std::monostate>> Api::logout()
{
    return done(Op::AuthLogout, {});
}

QCoro::Task<ApiResult<QList<User>>> Api::searchUsers(QString query, int limit)
{
    return field<&UsersReply::users>(Op::UsersSearch, UsersSearchRequest{std::move(query), limit}.toJson());
}

QCoro::Task<ApiResult<QList<User>>> Api::getUsers(QStringList ids)
{
    return field<&UsersReply::users>(Op::UsersGet, UsersGetRequest{std::move(ids)}.toJson());
}

QCoro::Task<ApiResult<QList<Conversation>>> Api::listConversations()
{
    return field<&ConversationsReply::conversations>(Op::ConversationsList, {});
}

QCoro::Task<ApiResult<Conversation>> Api::getConversation(QString conversationId)
{
    return field<&ConversationReply::conversation>(Op::ConversationsGet,
                                                   ConversationRef{std::move(conversationId)}.toJson());
}

QCoro::Task<ApiResult<Conversation>> Api::directConversation(QString userId)
{
    return field<&ConversationReply::conversation>(Op::ConversationsDirect, DirectRequest{std::move(userId)}.toJson());
}

QCoro::Task<ApiResult<qint64>> Api::deleteConversation(QString conversationId)
{
    return field<&DeleteConversationReply::messagesDeleted>(Op::ConversationsDelete,
                                                            ConversationRef{std::move(conversationId)}.toJson());
}

QCoro::Task<ApiResult<Conversation>> Api::createGroup(QString title, QStringList memberIds, QString description)
{
    const GroupCreateRequest request{
        .title = std::move(title), .memberIds = std::move(memberIds), .description = std::move(description)};
    return field<&ConversationReply::conversation>(Op::GroupsCreate, request.toJson());
}

QCoro::Task<ApiResult<Conversation>> Api::updateGroup(QString conversationId, GroupChanges changes)
{
    const GroupUpdateRequest request{.conversationId = std::move(conversationId),
                                     .title = std::move(changes.title),
                                     .description = std::move(changes.description),
                                     .adminsOnly = changes.adminsOnly};
    return field<&ConversationReply::conversation>(Op::GroupsUpdate, request.toJson());
}

QCoro::Task<ApiResult<Conversation>> Api::addMembers(QString conversationId, QStringList userIds)
{
    const GroupAddRequest request{.conversationId = std::move(conversationId), .userIds = std::move(userIds)};
    return field<&ConversationReply::conversation>(Op::GroupsAdd, request.toJson());
}

QCoro::Task<ApiResult<Conversation>> Api::removeMember(QString conversationId, QString userId)
{
    const GroupMemberRequest request{.conversationId = std::move(conversationId), .userId = std::move(userId)};
    return field<&ConversationReply::conversation>(Op::GroupsRemove, request.toJson(false));
}

QCoro::Task<ApiResult<std::monostate>> Api::leaveGroup(QString conversationId)
{
    return done(Op::GroupsLeave, ConversationRef{std::move(conversationId)}.toJson());
}

QCoro::Task<ApiResult<Conversation>> Api::promote(QString conversationId, QString userId, bool admin)
{
    const GroupMemberRequest request{
        .conversationId = std::move(conversationId), .userId = std::move(userId), .admin = admin};
    return field<&ConversationReply::conversation>(Op::GroupsPromote, request.toJson(true));
}

QCoro::Task<ApiResult<Message>> Api::send(QString conversationId, QString clientId, QString text)
{
    const SendRequest request{.conversationId = std::move(conversationId),
                              .toUserId = std::nullopt,
                              .clientId = std::move(clientId),
                              .text = std::move(text)};
    return field<&MessageReply::message>(Op::MessagesSend, request.toJson());
}

QCoro::Task<ApiResult<Message>> Api::sendToUser(QString userId, QString clientId, QString text)
{
    const SendRequest request{.conversationId = std::nullopt,
                              .toUserId = std::move(userId),
                              .clientId = std::move(clientId),
                              .text = std::move(text)};
    return field<&MessageReply::message>(Op::MessagesSend, request.toJson());
}

QCoro::Task<ApiResult<Message>> Api::edit(QString messageId, QString text)
{
    return field<&MessageReply::message>(Op::MessagesEdit, EditRequest{std::move(messageId), std::move(text)}.toJson());
}

QCoro::Task<ApiResult<MessagePage>> Api::history(QString conversationId, std::optional<qint64> beforeSeq, int limit)
{
    const HistoryRequest request{.conversationId = std::move(conversationId), .beforeSeq = beforeSeq, .limit = limit};
    return call<MessagePage>(Op::MessagesHistory, request.toJson());
}

QCoro::Task<ApiResult<MessagePage>> Api::sync(QString conversationId, qint64 afterRev, int limit)
{
    const SyncRequest request{.conversationId = std::move(conversationId), .afterRev = afterRev, .limit = limit};
    return call<MessagePage>(Op::MessagesSync, request.toJson());
}

QCoro::Task<ApiResult<std::monostate>> Api::markDelivered(QString conversationId, qint64 seq)
{
    return done(Op::MessagesDelivered, WatermarkRequest{std::move(conversationId), seq}.toJson());
}

QCoro::Task<ApiResult<qint64>> Api::markRead(QString conversationId, qint64 seq)
{
    return field<&MarkReadReply::markedCount>(Op::MessagesRead,
                                              WatermarkRequest{std::move(conversationId), seq}.toJson());
}

QCoro::Task<ApiResult<std::monostate>> Api::deleteMessage(QString messageId, bool forEveryone)
{
    const DeleteMessageRequest request{.messageId = std::move(messageId),
                                       .scope = forEveryone ? DeleteMessageRequest::Scope::Everyone
                                                            : DeleteMessageRequest::Scope::Me};
    return done(Op::MessagesDelete, request.toJson());
}

QCoro::Task<ApiResult<qint64>> Api::unreadCount()
{
    return field<&UnreadCountReply::count>(Op::UnreadCount, {});
}

QCoro::Task<ApiResult<std::monostate>> Api::typing(QString conversationId, bool active)
{
    return done(Op::Typing, TypingRequest{std::move(conversationId), active}.toJson());
}

} // namespace parley::client
