#pragma once

#include <protocol/ConversationPayloads.h>
#include <protocol/Result.h>
#include <protocol/UserPayloads.h>

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>

namespace parley::client {

/// Where the cache stands for one conversation.
struct SyncCursor
{
    /// Every change with a rev up to this one is in the cache (messages.sync continues here).
    qint64 syncedRev = 0;
    /// Every visible message with a seq from here up is in the cache; 0: the whole history.
    qint64 historyFloor = 0;
};

struct CachedConversation
{
    Conversation conversation;
    SyncCursor cursor;
};

/// A message written by the user and not yet acknowledged by the server.
struct OutboxEntry
{
    QString clientId;
    QString conversationId;
    QString text;
    qint64 createdAtMsecs = 0;
    /// Empty while it will be (re)sent; the server's reason once it refused it for good.
    QString failure;
};

/// The app's local SQLite database for one account on one server: users, conversations,
/// messages, sync cursors and the outbox. It lets the app open at once and work offline.
/// Used from the GUI thread only; every call is a few indexed statements.
class LocalCache
{
public:
    static Result<std::unique_ptr<LocalCache>, QString> open(const QString &path);
    ~LocalCache();

    QString path() const { return m_path; }

    bool saveUsers(const QList<User> &users);
    QList<User> users();

    bool saveConversation(const Conversation &conversation, const QString &selfId);
    bool saveCursor(const QString &conversationId, const SyncCursor &cursor);
    bool removeConversation(const QString &conversationId);
    QList<CachedConversation> conversations();

    /// Inserts or updates by id; an older state (lower rev) never replaces a newer one.
    bool saveMessages(const QList<Message> &messages, const QString &selfId);
    bool removeMessage(const QString &messageId);
    /// Up to `limit` messages with seq below `beforeSeq` (all when absent), ascending.
    QList<Message> messages(const QString &conversationId, std::optional<qint64> beforeSeq, int limit);
    std::optional<Message> message(const QString &messageId);
    qint64 messageCount();

    bool addToOutbox(const OutboxEntry &entry);
    bool markOutboxFailed(const QString &clientId, const QString &failure);
    bool removeFromOutbox(const QString &clientId);
    /// In the order written.
    QList<OutboxEntry> outbox();

    /// Groups many writes into one transaction (one fsync).
    bool begin();
    bool commit();

private:
    LocalCache(QString path, QSqlDatabase db);
    bool exec(const QString &what, class QSqlQuery &query);

    QString m_path;
    QSqlDatabase m_db;
};

} // namespace parley::client
