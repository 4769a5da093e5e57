#pragma once

#include "core/ModelRoles.h"
#include "core/connection/Api.h"
#include "core/connection/Connection.h"
#include "core/connection/EventRouter.h"
#include "core/conversations/ConversationActions.h"
#include "core/messages/MessageActions.h"
#include "core/messages/Outbox.h"
#include "core/messages/Receipts.h"
#include "core/presence/Typing.h"
#include "core/store/ChatStore.h"
#include "core/store/LocalCache.h"
#include "core/sync/Synchronizer.h"

#include <QCoroTask>
#include <QDateTime>
#include <QObject>

#include <memory>

namespace parley::client {

/// The signed-in account: its connection, the local cache and everything the app shows. It
/// opens from the cache at once, then keeps the cache in step with the server (list, sync by
/// rev, events) and sends the outbox whenever it is online. Models and widgets read from it
/// and listen to its signals; they never talk to the server themselves.
///
/// A composition root: the state lives in the ChatStore, each domain in its part
/// (Synchronizer, Outbox, Receipts, Typing, MessageActions, ConversationActions), and this
/// class wires them to the connection's events and offers them as one API to the UI.
class ChatSession : public QObject
{
    Q_OBJECT
public:
    ChatSession(std::unique_ptr<LocalCache> cache, const QUrl &server, const QString &token, const User &self,
                QObject *parent = nullptr);
    ~ChatSession() override;

    /// Loads the cache (synchronously, it is local) and starts connecting.
    void start();
    void stop();

    Connection &connection() { return m_connection; }
    Api &api() { return m_api; }
    /// For reading; the store is the one writer.
    LocalCache &cache() { return m_store.cache(); }
    const User &self() const { return m_store.self(); }

    // What the app shows.
    QStringList conversationIds() const { return m_store.conversationIds(); }
    const Conversation *conversation(const QString &conversationId) const
    {
        return m_store.conversation(conversationId);
    }
    SyncCursor cursor(const QString &conversationId) const { return m_store.cursor(conversationId); }
    const User *user(const QString &userId) const { return m_store.user(userId); }
    QString displayName(const QString &userId) const { return m_store.displayName(userId); }
    /// The group's title, or the other member's name.
    QString title(const Conversation &conversation) const { return m_store.title(conversation); }
    /// The other member of a direct conversation; empty for groups.
    QString peerId(const Conversation &conversation) const { return m_store.peerId(conversation); }
    QDateTime activityTime(const Conversation &conversation) const;
    /// The same as milliseconds since the epoch (sorting needs no time zone).
    static qint64 activityMsecs(const Conversation &conversation);
    /// The message shown as plain text: system events described, deletions as a placeholder.
    QString describe(const Message &message) const;
    DeliveryState deliveryState(const Message &message) const { return m_receipts.deliveryState(message); }
    QList<OutboxEntry> outbox(const QString &conversationId) const { return m_store.outbox(conversationId); }
    /// "Alice is typing…", "Alice and Bob are typing…", or empty.
    QString typingText(const QString &conversationId) const { return m_typing.typingText(conversationId); }
    int totalUnread() const { return m_store.totalUnread(); }
    /// False until the first conversations.list after start has been applied.
    bool isSynced() const { return m_sync.isSynced(); }

    // What the user does.
    /// Puts the message in the outbox (it survives restarts) and sends it when online.
    /// Returns its client_id, or an empty string when the text is empty.
    QString sendText(const QString &conversationId, const QString &text);
    /// Sends a failed outbox entry again, or drops it.
    void retry(const QString &clientId) { m_outbox.retry(clientId); }
    void discard(const QString &clientId) { m_outbox.discard(clientId); }
    /// The user sees the conversation's newest message.
    void markRead(const QString &conversationId) { m_receipts.markRead(conversationId); }
    /// The user typed in the composer; notices are throttled. `false` when the composer emptied.
    void noteTyping(const QString &conversationId, bool active) { m_typing.noteTyping(conversationId, active); }
    /// Older messages for the chat view: from the cache, else from the server. Returns the
    /// messages (ascending) and whether still older ones exist.
    QCoro::Task<ApiResult<MessagePage>> loadOlder(QString conversationId, qint64 beforeSeq, int limit = 50)
    {
        return m_sync.loadOlder(std::move(conversationId), beforeSeq, limit);
    }

    QCoro::Task<ApiResult<QList<User>>> searchUsers(QString query)
    {
        return m_conversationActions.searchUsers(std::move(query));
    }
    QCoro::Task<ApiResult<QString>> openDirect(QString userId)
    {
        return m_conversationActions.openDirect(std::move(userId));
    }
    QCoro::Task<ApiResult<QString>> createGroup(QString title, QStringList memberIds, QString description)
    {
        return m_conversationActions.createGroup(std::move(title), std::move(memberIds), std::move(description));
    }
    QCoro::Task<ApiResult<std::monostate>> updateGroup(QString conversationId, GroupChanges changes)
    {
        return m_conversationActions.updateGroup(std::move(conversationId), std::move(changes));
    }
    QCoro::Task<ApiResult<std::monostate>> addMembers(QString conversationId, QStringList userIds)
    {
        return m_conversationActions.addMembers(std::move(conversationId), std::move(userIds));
    }
    QCoro::Task<ApiResult<std::monostate>> removeMember(QString conversationId, QString userId)
    {
        return m_conversationActions.removeMember(std::move(conversationId), std::move(userId));
    }
    QCoro::Task<ApiResult<std::monostate>> promote(QString conversationId, QString userId, bool admin)
    {
        return m_conversationActions.promote(std::move(conversationId), std::move(userId), admin);
    }
    QCoro::Task<ApiResult<std::monostate>> leaveGroup(QString conversationId)
    {
        return m_conversationActions.leaveGroup(std::move(conversationId));
    }
    QCoro::Task<ApiResult<std::monostate>> deleteConversation(QString conversationId)
    {
        return m_conversationActions.deleteConversation(std::move(conversationId));
    }
    QCoro::Task<ApiResult<std::monostate>> deleteMessage(QString messageId, bool forEveryone)
    {
        return m_messageActions.deleteMessage(std::move(messageId), forEveryone);
    }
    QCoro::Task<ApiResult<std::monostate>> editMessage(QString messageId, QString text)
    {
        return m_messageActions.editMessage(std::move(messageId), std::move(text));
    }
    /// Revokes the session on the server (when reachable) and stops.
    QCoro::Task<void> logout();

Q_SIGNALS:
    void conversationChanged(const QString &conversationId);
    void conversationRemoved(const QString &conversationId);
    /// Messages stored or changed (new, edited, deleted for everyone, own sends acknowledged).
    void messagesChanged(const QString &conversationId, const QList<parley::Message> &messages);
    void messageRemoved(const QString &conversationId, const QString &messageId);
    void outboxChanged(const QString &conversationId);
    /// Watermarks moved: ticks may change.
    void receiptsChanged(const QString &conversationId);
    void userChanged(const QString &userId);
    void typingChanged(const QString &conversationId);
    /// A new text message from someone else arrived live (for notifications).
    void incomingMessage(const parley::Message &message);
    void totalUnreadChanged(int count);
    void syncFinished();
    void sessionRejected();

private:
    void forwardSignals();
    void routeEvents();
    void onMessage(const Message &message, bool live);
    QCoro::Task<void> onAuthenticated();

    ChatStore m_store;
    Connection m_connection;
    Api m_api;
    EventRouter m_events;
    Synchronizer m_sync;
    Receipts m_receipts;
    Outbox m_outbox;
    Typing m_typing;
    MessageActions m_messageActions;
    ConversationActions m_conversationActions;
};

} // namespace parley::client
