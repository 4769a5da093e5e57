#pragma once

#include "core/store/LocalCache.h"

#include <QAbstractListModel>
#include <QCoroFwd>

namespace parley::client {

class ChatSession;

/// One conversation's messages for the chat view (MessageRole roles), oldest first, with the
/// outbox's pending messages at the end. It starts with the newest page from the cache and
/// grows upwards with loadOlder() as the user scrolls.
class MessageListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    MessageListModel(ChatSession &session, const QString &conversationId, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString conversationId() const { return m_conversationId; }
    bool canLoadOlder() const { return m_hasOlder && !m_loading; }
    bool isLoading() const { return m_loading; }
    /// Fetches the page before the oldest loaded message (cache first, then the server).
    void loadOlder();
    /// The row of a message by id, or of a pending message by client_id; -1 when not loaded.
    int rowOf(const QString &messageOrClientId) const;

Q_SIGNALS:
    /// `count` rows were inserted at the top by loadOlder().
    void olderLoaded(int count);
    /// loadOlder() could not reach the server; the view may offer to retry.
    void loadFailed(const QString &message);

private:
    QCoro::Task<void> fetchOlder();
    void onMessagesChanged(const QString &conversationId, const QList<parley::Message> &messages);
    void onMessageRemoved(const QString &conversationId, const QString &messageId);
    void onOutboxChanged(const QString &conversationId);
    void onReceiptsChanged(const QString &conversationId);
    void onUserChanged(const QString &userId);
    void insertOlder(const QList<Message> &messages);
    /// Index in m_messages of the first message with seq >= `seq`.
    qsizetype lowerBound(qint64 seq) const;
    void touchRows(int first, int last);
    bool isGroup() const;

    ChatSession &m_session;
    QString m_conversationId;
    /// Converting to local time asks the C library about the time zone, which stats
    /// /etc/localtime each time: each message's local time is computed once.
    static QDateTime localTime(const Message &message);
    /// The row in the list with its local time, computed once.
    struct Row
    {
        Message message;
        QDateTime local;
    };

    QList<Row> m_messages;        ///< ascending seq
    QList<OutboxEntry> m_pending; ///< shown after the messages
    bool m_hasOlder = true;
    bool m_loading = false;
};

} // namespace parley::client
