#pragma once

#include "core/connection/Api.h"

#include <QCoroFwd>
#include <QObject>

namespace parley::client {

class ChatStore;
class Synchronizer;

/// What the user does to conversations: open a direct one, create and change groups, leave,
/// delete. Each applies the server's answer to the store before it completes, so the caller
/// finds the conversation in its new state.
class ConversationActions : public QObject
{
    Q_OBJECT
public:
    ConversationActions(Api &api, ChatStore &store, Synchronizer &sync, QObject *parent = nullptr);

    QCoro::Task<ApiResult<QList<User>>> searchUsers(QString query);
    /// The conversation's id.
    QCoro::Task<ApiResult<QString>> openDirect(QString userId);
    QCoro::Task<ApiResult<QString>> createGroup(QString title, QStringList memberIds, QString description);
    QCoro::Task<ApiResult<std::monostate>> updateGroup(QString conversationId, GroupChanges changes);
    QCoro::Task<ApiResult<std::monostate>> addMembers(QString conversationId, QStringList userIds);
    QCoro::Task<ApiResult<std::monostate>> removeMember(QString conversationId, QString userId);
    QCoro::Task<ApiResult<std::monostate>> promote(QString conversationId, QString userId, bool admin);
    QCoro::Task<ApiResult<std::monostate>> leaveGroup(QString conversationId);
    QCoro::Task<ApiResult<std::monostate>> deleteConversation(QString conversationId);

private:
    /// The shared path of the ops that answer with the caller's new view of a conversation.
    QCoro::Task<ApiResult<QString>> adopt(QCoro::Task<ApiResult<Conversation>> change, bool withMessages);
    QCoro::Task<ApiResult<std::monostate>> change(QCoro::Task<ApiResult<Conversation>> change);
    /// The shared path of the ops after which the caller is no longer in the conversation.
    template <typename T>
    QCoro::Task<ApiResult<std::monostate>> leave(QString conversationId, QCoro::Task<ApiResult<T>> call);

    Api &m_api;
    ChatStore &m_store;
    Synchronizer &m_sync;
};

} // namespace parley::client
