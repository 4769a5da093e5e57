#include "ConversationActions.h"

#include "core/connection/Guarded.h"
#include "core/store/ChatStore.h"
#include "core/sync/Synchronizer.h"

#include <QCoroTask>

namespace parley::client {

ConversationActions::ConversationActions(Api &api, ChatStore &store, Synchronizer &sync, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
    , m_sync(sync)
{
}

QCoro::Task<ApiResult<QList<User>>> ConversationActions::searchUsers(QString query)
{
    return m_api.searchUsers(std::move(query));
}

QCoro::Task<ApiResult<QString>> ConversationActions::adopt(QCoro::Task<ApiResult<Conversation>> change,
                                                           bool withMessages)
{
    auto pending = guardedResult(this, std::move(change));
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    const Conversation conversation = reply.value();
    auto adopting = guarded(this, m_sync.adopt(conversation, withMessages));
    co_await adopting;
    co_return conversation.id;
}

QCoro::Task<ApiResult<std::monostate>> ConversationActions::change(QCoro::Task<ApiResult<Conversation>> change)
{
    auto pending = adopt(std::move(change), true);
    auto adopted = co_await pending;
    if (!adopted)
        co_return adopted.error();
    co_return ApiResult<std::monostate>(kSuccess);
}

template <typename T>
QCoro::Task<ApiResult<std::monostate>> ConversationActions::leave(QString conversationId,
                                                                  QCoro::Task<ApiResult<T>> call)
{
    auto pending = guardedResult(this, std::move(call));
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    m_store.forgetConversation(conversationId);
    co_return ApiResult<std::monostate>(kSuccess);
}

QCoro::Task<ApiResult<QString>> ConversationActions::openDirect(QString userId)
{
    return adopt(m_api.directConversation(std::move(userId)), false);
}

QCoro::Task<ApiResult<QString>> ConversationActions::createGroup(QString title, QStringList memberIds,
                                                                 QString description)
{
    return adopt(m_api.createGroup(std::move(title), std::move(memberIds), std::move(description)), true);
}

QCoro::Task<ApiResult<std::monostate>> ConversationActions::updateGroup(QString conversationId, GroupChanges changes)
{
    return change(m_api.updateGroup(std::move(conversationId), std::move(changes)));
}

QCoro::Task<ApiResult<std::monostate>> ConversationActions::addMembers(QString conversationId, QStringList userIds)
{
    return change(m_api.addMembers(std::move(conversationId), std::move(userIds)));
}

QCoro::Task<ApiResult<std::monostate>> ConversationActions::removeMember(QString conversationId, QString userId)
{
    return change(m_api.removeMember(std::move(conversationId), std::move(userId)));
}

QCoro::Task<ApiResult<std::monostate>> ConversationActions::promote(QString conversationId, QString userId, bool admin)
{
    return change(m_api.promote(std::move(conversationId), std::move(userId), admin));
}

QCoro::Task<ApiResult<std::monostate>> ConversationActions::leaveGroup(QString conversationId)
{
    return leave(conversationId, m_api.leaveGroup(conversationId));
}

QCoro::Task<ApiResult<std::monostate>> ConversationActions::deleteConversation(QString conversationId)
{
    return leave(conversationId, m_api.deleteConversation(conversationId));
}

} // namespace parley::client
