#pragma once

#include "LocalCache.h"

#include <protocol/ConversationPayloads.h>
#include <protocol/MessagePayloads.h>
#include <protocol/UserPayloads.h>

#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

namespace parley::client {

/// The one owner of the signed-in account's state: conversations, their sync cursors, users
/// and the outbox, in memory and in the LocalCache. Every change goes through it, so memory
/// and cache never disagree, and it is the only writer of the cache. The other parts read
/// from it and call its apply… functions; it announces every change with a signal.
class ChatStore : public QObject
{
    Q_OBJECT
public:
    ChatStore(std::unique_ptr<LocalCache> cache, const User &self, QObject *parent = nullptr);
    ~ChatStore() override;

    /// Reads the cache into memory (it is local, so synchronously).
    void load();
    /// For reading; writes go through the store.
    LocalCache &cache() { return *m_cache; }

    const User &self() const { return m_self; }
    void setSelf(const User &user) { m_self = user; }

    QStringList conversationIds() const { return m_conversations.keys(); }
    QList<Conversation> conversations() const { return m_conversations.values(); }
    const Conversation *conversation(const QString &conversationId) const;
    SyncCursor cursor(const QString &conversationId) const { return m_cursors.value(conversationId); }
    const User *user(const QString &userId) const;
    /// The user's display name, else username, else "Unknown user".
    QString displayName(const QString &userId) const;
    /// The group's title, or the other member's name.
    QString title(const Conversation &conversation) const;
    /// The other member of a direct conversation; empty for groups.
    QString peerId(const Conversation &conversation) const;
    /// The members of `conversation` this client knows nothing about.
    QStringList unknownUsers(const Conversation &conversation) const;
    const QList<OutboxEntry> &outbox() const { return m_outbox; }
    QList<OutboxEntry> outbox(const QString &conversationId) const;
    int totalUnread() const;
    std::optional<Message> message(const QString &messageId) { return m_cache->message(messageId); }
    /// Up to `limit` cached messages below `beforeSeq` and at or above the history floor, and
    /// whether older ones exist (in the cache or on the server).
    MessagePage cachedPage(const QString &conversationId, qint64 beforeSeq, int limit);

    /// conversations.list after connecting: drops what is no longer listed, applies the rest.
    void applyConversationList(const QList<Conversation> &listed);
    void applyConversation(const Conversation &conversation);
    /// The user left it, deleted it or was removed: unsent messages to it fail.
    void forgetConversation(const QString &conversationId);
    /// Stores new or changed messages. `live`: pushed by the server just now (counts unread).
    void applyMessages(const QString &conversationId, const QList<Message> &messages, bool live);
    /// The newest page of a conversation seen for the first time, current as of `rev`.
    void applyFirstPage(const QString &conversationId, qint64 rev, const MessagePage &page);
    /// One page of messages.sync.
    void applySyncPage(const QString &conversationId, const MessagePage &page);
    /// An older page of messages.history below the history floor.
    void applyOlderPage(const QString &conversationId, const MessagePage &page);
    /// Deleted for this user only.
    void removeMessage(const Message &message);
    void applyUsers(const QList<User> &users);
    /// False when the user is not known here (nothing to update).
    bool applyPresence(const PresenceEvent &presence);
    void applyReceipt(const ReceiptEvent &receipt);
    /// The user sees the newest message: the seq to report, or nullopt when already read.
    std::optional<qint64> markReadLocally(const QString &conversationId);
    /// True when this client has not yet reported the newest message as delivered.
    bool deliveryDue(const QString &conversationId) const;

    bool addToOutbox(const OutboxEntry &entry);
    /// `failure` empty: the entry is to be sent again.
    void setOutboxFailure(const QString &clientId, const QString &failure);
    bool discardFromOutbox(const QString &clientId);
    /// The server stored the entry as `sent`.
    void acknowledge(const OutboxEntry &entry, const Message &sent);

Q_SIGNALS:
    // ChatSession passes these on as its own (documented there).
    void conversationChanged(const QString &conversationId);
    /// Emitted after the conversation has left memory and cache.
    void conversationRemoved(const QString &conversationId);
    void messagesChanged(const QString &conversationId, const QList<parley::Message> &messages);
    /// Deleted for this user only.
    void messageRemoved(const QString &conversationId, const QString &messageId);
    void outboxChanged(const QString &conversationId);
    /// A member's watermark rose, or the conversation was replaced by the server's view.
    void receiptsChanged(const QString &conversationId);
    void userChanged(const QString &userId);
    /// Only live text messages from others, never those from sync.
    void incomingMessage(const parley::Message &message);
    void totalUnreadChanged(int count);

private:
    void applyPage(const QString &conversationId, const SyncCursor &cursor, const MessagePage &page);
    void saveCursor(const QString &conversationId, const SyncCursor &cursor);
    Member *selfMember(Conversation &conversation);
    void emitUnreadIfChanged();

    std::unique_ptr<LocalCache> m_cache;
    User m_self;
    QHash<QString, Conversation> m_conversations;
    QHash<QString, SyncCursor> m_cursors;
    QHash<QString, User> m_users;
    QList<OutboxEntry> m_outbox;
    int m_lastUnread = -1;
};

} // namespace parley::client
