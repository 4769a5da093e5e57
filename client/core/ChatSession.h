#pragma once

#include "Api.h"
#include "Connection.h"
#include "LocalCache.h"
#include "ModelRoles.h"

#include <QCoroFwd>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <memory>

namespace parley::client {

/// The signed-in account: its connection, the local cache and everything the app shows. It
/// opens from the cache at once, then keeps the cache in step with the server (list, sync by
/// rev, events) and sends the outbox whenever it is online. Models and widgets read from it
/// and listen to its signals; they never talk to the server themselves.
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
    LocalCache &cache() { return *m_cache; }
    const User &self() const { return m_self; }

    // What the app shows.
    QStringList conversationIds() const { return m_conversations.keys(); }
    const Conversation *conversation(const QString &conversationId) const;
    SyncCursor cursor(const QString &conversationId) const { return m_cursors.value(conversationId); }
    const User *user(const QString &userId) const;
    QString displayName(const QString &userId) const;
    /// The group's title, or the other member's name.
    QString title(const Conversation &conversation) const;
    /// The other member of a direct conversation; empty for groups.
    QString peerId(const Conversation &conversation) const;
    QDateTime activityTime(const Conversation &conversation) const;
    /// The same as milliseconds since the epoch (sorting needs no time zone).
    static qint64 activityMsecs(const Conversation &conversation);
    /// The message shown as plain text: system events described, deletions as a placeholder.
    QString describe(const Message &message) const;
    DeliveryState deliveryState(const Message &message) const;
    QList<OutboxEntry> outbox(const QString &conversationId) const;
    /// "Alice is typing…", "Alice and Bob are typing…", or empty.
    QString typingText(const QString &conversationId) const;
    int totalUnread() const;
    /// False until the first conversations.list after start has been applied.
    bool isSynced() const { return m_synced; }

    // What the user does.
    /// Puts the message in the outbox (it survives restarts) and sends it when online.
    /// Returns its client_id, or an empty string when the text is empty.
    QString sendText(const QString &conversationId, const QString &text);
    /// Sends a failed outbox entry again, or drops it.
    void retry(const QString &clientId);
    void discard(const QString &clientId);
    /// The user sees the conversation's newest message.
    void markRead(const QString &conversationId);
    /// The user typed in the composer; notices are throttled. `false` when the composer emptied.
    void noteTyping(const QString &conversationId, bool active);
    /// Older messages for the chat view: from the cache, else from the server. Returns the
    /// messages (ascending) and whether still older ones exist.
    QCoro::Task<ApiResult<MessagePage>> loadOlder(QString conversationId, qint64 beforeSeq, int limit = 50);

    QCoro::Task<ApiResult<QList<User>>> searchUsers(QString query);
    QCoro::Task<ApiResult<QString>> openDirect(QString userId);
    QCoro::Task<ApiResult<QString>> createGroup(QString title, QStringList memberIds, QString description);
    QCoro::Task<ApiResult<std::monostate>> updateGroup(QString conversationId, GroupChanges changes);
    QCoro::Task<ApiResult<std::monostate>> addMembers(QString conversationId, QStringList userIds);
    QCoro::Task<ApiResult<std::monostate>> removeMember(QString conversationId, QString userId);
    QCoro::Task<ApiResult<std::monostate>> promote(QString conversationId, QString userId, bool admin);
    QCoro::Task<ApiResult<std::monostate>> leaveGroup(QString conversationId);
    QCoro::Task<ApiResult<std::monostate>> deleteConversation(QString conversationId);
    QCoro::Task<ApiResult<std::monostate>> deleteMessage(QString messageId, bool forEveryone);
    QCoro::Task<ApiResult<std::monostate>> editMessage(QString messageId, QString text);
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
    QCoro::Task<void> onAuthenticated();
    /// The shared tail of the group ops that answer with the caller's new view.
    QCoro::Task<ApiResult<std::monostate>> applyGroupChange(QCoro::Task<ApiResult<Conversation>> change);
    QCoro::Task<void> syncConversation(Conversation conversation);
    QCoro::Task<void> fetchUnknownUsers(QStringList ids, bool refreshAll);
    QCoro::Task<void> flushOutbox();
    QCoro::Task<void> flushReceipts();
    QCoro::Task<void> fetchConversation(QString conversationId);
    void onEvent(const EventFrame &event);
    void applyMessages(const QString &conversationId, const QList<Message> &messages, bool live);
    void applyConversation(const Conversation &conversation);
    void forgetConversation(const QString &conversationId);
    void applyReceipt(const QJsonObject &data);
    void applyTyping(const QJsonObject &data);
    void applyPresence(const QJsonObject &data);
    void queueDelivered(const QString &conversationId);
    void expireTyping();
    void emitUnreadIfChanged();
    QStringList unknownUsers(const Conversation &conversation) const;
    Member *selfMember(Conversation &conversation);

    std::unique_ptr<LocalCache> m_cache;
    Connection m_connection;
    Api m_api;
    User m_self;
    QString m_token;

    QHash<QString, Conversation> m_conversations;
    QHash<QString, SyncCursor> m_cursors;
    QHash<QString, User> m_users;
    QList<OutboxEntry> m_outbox;
    bool m_synced = false;
    bool m_flushing = false;
    bool m_flushAgain = false;
    int m_lastUnread = -1;

    QHash<QString, qint64> m_pendingRead; ///< conversation → seq, sent when online
    QSet<QString> m_pendingDelivered;     ///< conversations whose delivered mark is due
    QTimer m_deliveredTimer;
    QHash<QString, qint64> m_typingSentAt;           ///< conversation → when we last said "typing"
    QHash<QString, QHash<QString, qint64>> m_typing; ///< conversation → typer → expiry (ms)
    QTimer m_typingTimer;
};

} // namespace parley::client
