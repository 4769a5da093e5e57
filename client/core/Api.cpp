#include "Api.h"

#include <QCoroTask>
#include <QJsonArray>

namespace parley::client {
namespace {

ProtocolError malformed(QString op)
{
    return ProtocolError::make(ErrorCode::Internal, QStringLiteral("malformed reply to %1").arg(op));
}

template <typename T>
std::optional<QList<T>> listOf(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QList<T> items;
    const QJsonArray array = value.toArray();
    items.reserve(array.size());
    for (const QJsonValue &item : array) {
        auto parsed = T::fromJson(item.toObject());
        if (!parsed)
            return std::nullopt;
        items.append(std::move(*parsed));
    }
    return items;
}

std::optional<AuthReply> authReply(const QJsonObject &data)
{
    auto user = User::fromJson(data.value(QStringLiteral("user")).toObject());
    if (!user)
        return std::nullopt;
    return AuthReply{std::move(*user), data.value(QStringLiteral("token")).toString()};
}

std::optional<MessagePage> messagePage(const QJsonObject &data)
{
    auto messages = listOf<Message>(data.value(QStringLiteral("messages")));
    if (!messages)
        return std::nullopt;
    MessagePage page;
    page.messages = std::move(*messages);
    page.hasMore = data.value(QStringLiteral("has_more")).toBool();
    page.rev = data.value(QStringLiteral("rev")).toInteger();
    return page;
}

} // namespace

Api::Api(Sender sender)
    : m_sender(std::move(sender))
{
}

QCoro::Task<ApiResult<QJsonObject>> Api::call(QString op, QJsonObject data)
{
    auto pending = m_sender(op, data);
    Reply reply = co_await pending;
    if (!reply.ok)
        co_return reply.error;
    co_return reply.data;
}

template <typename T>
QCoro::Task<ApiResult<T>> Api::objectCall(QString op, QJsonObject data, QString key)
{
    auto pending = call(op, data);
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    auto object = T::fromJson(reply->value(key).toObject());
    if (!object)
        co_return malformed(op);
    co_return std::move(*object);
}

template <typename T>
QCoro::Task<ApiResult<QList<T>>> Api::listCall(QString op, QJsonObject data, QString key)
{
    auto pending = call(op, data);
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    auto items = listOf<T>(reply->value(key));
    if (!items)
        co_return malformed(op);
    co_return std::move(*items);
}

QCoro::Task<ApiResult<Conversation>> Api::conversationCall(QString op, QJsonObject data)
{
    return objectCall<Conversation>(std::move(op), std::move(data), QStringLiteral("conversation"));
}

QCoro::Task<ApiResult<Message>> Api::messageCall(QString op, QJsonObject data)
{
    return objectCall<Message>(std::move(op), std::move(data), QStringLiteral("message"));
}

QCoro::Task<ApiResult<AuthReply>> Api::authCall(QString op, QJsonObject data, bool withToken)
{
    auto pending = call(op, data);
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    auto auth = authReply(reply.value());
    if (!auth || (withToken && auth->token.isEmpty()))
        co_return malformed(op);
    co_return std::move(*auth);
}

QCoro::Task<ApiResult<std::monostate>> Api::emptyCall(QString op, QJsonObject data)
{
    auto pending = call(op, data);
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    // Spelled out: QCoro keeps results in a variant whose empty state is std::monostate, so a
    // bare monostate would be taken for "no result yet".
    co_return ApiResult<std::monostate>(kSuccess);
}

QCoro::Task<ApiResult<std::monostate>> Api::ping()
{
    return emptyCall(QStringLiteral("ping"), {});
}

QCoro::Task<ApiResult<AuthReply>> Api::registerAccount(QString username, QString password, QString displayName)
{
    QJsonObject data{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
    if (!displayName.trimmed().isEmpty())
        data.insert(QStringLiteral("display_name"), displayName);
    return authCall(QStringLiteral("auth.register"), data, true);
}

QCoro::Task<ApiResult<AuthReply>> Api::login(QString username, QString password, QString device)
{
    QJsonObject data{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
    if (!device.isEmpty())
        data.insert(QStringLiteral("device"), device);
    return authCall(QStringLiteral("auth.login"), data, true);
}

QCoro::Task<ApiResult<AuthReply>> Api::resume(QString token)
{
    return authCall(QStringLiteral("auth.resume"), {{QStringLiteral("token"), token}}, false);
}

QCoro::Task<ApiResult<std::monostate>> Api::logout()
{
    return emptyCall(QStringLiteral("auth.logout"), {});
}

QCoro::Task<ApiResult<QList<User>>> Api::searchUsers(QString query, int limit)
{
    return listCall<User>(QStringLiteral("users.search"),
                          {{QStringLiteral("query"), query}, {QStringLiteral("limit"), limit}},
                          QStringLiteral("users"));
}

QCoro::Task<ApiResult<QList<User>>> Api::getUsers(QStringList ids)
{
    return listCall<User>(QStringLiteral("users.get"), {{QStringLiteral("ids"), QJsonArray::fromStringList(ids)}},
                          QStringLiteral("users"));
}

QCoro::Task<ApiResult<QList<Conversation>>> Api::listConversations()
{
    return listCall<Conversation>(QStringLiteral("conversations.list"), {}, QStringLiteral("conversations"));
}

QCoro::Task<ApiResult<Conversation>> Api::getConversation(QString conversationId)
{
    return conversationCall(QStringLiteral("conversations.get"), {{QStringLiteral("conversation_id"), conversationId}});
}

QCoro::Task<ApiResult<Conversation>> Api::directConversation(QString userId)
{
    return conversationCall(QStringLiteral("conversations.direct"), {{QStringLiteral("user_id"), userId}});
}

QCoro::Task<ApiResult<qint64>> Api::deleteConversation(QString conversationId)
{
    auto pending = call(QStringLiteral("conversations.delete"), {{QStringLiteral("conversation_id"), conversationId}});
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    co_return reply->value(QStringLiteral("messages_deleted")).toInteger();
}

QCoro::Task<ApiResult<Conversation>> Api::createGroup(QString title, QStringList memberIds, QString description)
{
    QJsonObject data{{QStringLiteral("title"), title},
                     {QStringLiteral("member_ids"), QJsonArray::fromStringList(memberIds)}};
    if (!description.isEmpty())
        data.insert(QStringLiteral("description"), description);
    return conversationCall(QStringLiteral("groups.create"), data);
}

QCoro::Task<ApiResult<Conversation>> Api::updateGroup(QString conversationId, GroupChanges changes)
{
    QJsonObject data{{QStringLiteral("conversation_id"), conversationId}};
    if (changes.title)
        data.insert(QStringLiteral("title"), *changes.title);
    if (changes.description)
        data.insert(QStringLiteral("description"), *changes.description);
    if (changes.adminsOnly)
        data.insert(QStringLiteral("admins_only"), *changes.adminsOnly);
    return conversationCall(QStringLiteral("groups.update"), data);
}

QCoro::Task<ApiResult<Conversation>> Api::addMembers(QString conversationId, QStringList userIds)
{
    return conversationCall(QStringLiteral("groups.add"),
                            {{QStringLiteral("conversation_id"), conversationId},
                             {QStringLiteral("user_ids"), QJsonArray::fromStringList(userIds)}});
}

QCoro::Task<ApiResult<Conversation>> Api::removeMember(QString conversationId, QString userId)
{
    return conversationCall(QStringLiteral("groups.remove"),
                            {{QStringLiteral("conversation_id"), conversationId}, {QStringLiteral("user_id"), userId}});
}

QCoro::Task<ApiResult<std::monostate>> Api::leaveGroup(QString conversationId)
{
    return emptyCall(QStringLiteral("groups.leave"), {{QStringLiteral("conversation_id"), conversationId}});
}

QCoro::Task<ApiResult<Conversation>> Api::promote(QString conversationId, QString userId, bool admin)
{
    return conversationCall(QStringLiteral("groups.promote"), {{QStringLiteral("conversation_id"), conversationId},
                                                               {QStringLiteral("user_id"), userId},
                                                               {QStringLiteral("admin"), admin}});
}

QCoro::Task<ApiResult<Message>> Api::send(QString conversationId, QString clientId, QString text)
{
    return messageCall(QStringLiteral("messages.send"), {{QStringLiteral("conversation_id"), conversationId},
                                                         {QStringLiteral("client_id"), clientId},
                                                         {QStringLiteral("text"), text}});
}

QCoro::Task<ApiResult<Message>> Api::sendToUser(QString userId, QString clientId, QString text)
{
    return messageCall(QStringLiteral("messages.send"), {{QStringLiteral("to_user_id"), userId},
                                                         {QStringLiteral("client_id"), clientId},
                                                         {QStringLiteral("text"), text}});
}

QCoro::Task<ApiResult<Message>> Api::edit(QString messageId, QString text)
{
    return messageCall(QStringLiteral("messages.edit"),
                       {{QStringLiteral("message_id"), messageId}, {QStringLiteral("text"), text}});
}

QCoro::Task<ApiResult<MessagePage>> Api::history(QString conversationId, std::optional<qint64> beforeSeq, int limit)
{
    QJsonObject data{{QStringLiteral("conversation_id"), conversationId}, {QStringLiteral("limit"), limit}};
    if (beforeSeq)
        data.insert(QStringLiteral("before_seq"), *beforeSeq);
    const QString op = QStringLiteral("messages.history");
    auto pending = call(op, data);
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    auto page = messagePage(reply.value());
    if (!page)
        co_return malformed(op);
    co_return std::move(*page);
}

QCoro::Task<ApiResult<MessagePage>> Api::sync(QString conversationId, qint64 afterRev, int limit)
{
    const QString op = QStringLiteral("messages.sync");
    auto pending = call(op, {{QStringLiteral("conversation_id"), conversationId},
                             {QStringLiteral("after_rev"), afterRev},
                             {QStringLiteral("limit"), limit}});
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    auto page = messagePage(reply.value());
    if (!page)
        co_return malformed(op);
    co_return std::move(*page);
}

QCoro::Task<ApiResult<std::monostate>> Api::markDelivered(QString conversationId, qint64 seq)
{
    return emptyCall(QStringLiteral("messages.delivered"),
                     {{QStringLiteral("conversation_id"), conversationId}, {QStringLiteral("seq"), seq}});
}

QCoro::Task<ApiResult<qint64>> Api::markRead(QString conversationId, qint64 seq)
{
    auto pending = call(QStringLiteral("messages.read"),
                        {{QStringLiteral("conversation_id"), conversationId}, {QStringLiteral("seq"), seq}});
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    co_return reply->value(QStringLiteral("marked_count")).toInteger();
}

QCoro::Task<ApiResult<std::monostate>> Api::deleteMessage(QString messageId, bool forEveryone)
{
    return emptyCall(QStringLiteral("messages.delete"),
                     {{QStringLiteral("message_id"), messageId},
                      {QStringLiteral("scope"), forEveryone ? QStringLiteral("everyone") : QStringLiteral("me")}});
}

QCoro::Task<ApiResult<qint64>> Api::unreadCount()
{
    auto pending = call(QStringLiteral("unread.count"));
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    co_return reply->value(QStringLiteral("count")).toInteger();
}

QCoro::Task<ApiResult<std::monostate>> Api::typing(QString conversationId, bool active)
{
    return emptyCall(QStringLiteral("typing"),
                     {{QStringLiteral("conversation_id"), conversationId}, {QStringLiteral("active"), active}});
}

} // namespace parley::client
