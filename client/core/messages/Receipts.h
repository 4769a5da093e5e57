#pragma once

#include "core/ModelRoles.h"

#include <protocol/MessagePayloads.h>

#include <QCoroFwd>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

namespace parley::client {

class Api;
class ChatStore;
class Connection;

/// This user's watermarks going out (messages.read when the user sees a conversation,
/// messages.delivered when new messages arrive, batched and kept while offline) and the
/// status ticks the others' watermarks give this user's own messages.
class Receipts : public QObject
{
    Q_OBJECT
public:
    Receipts(Api &api, ChatStore &store, Connection &connection, QObject *parent = nullptr);

    /// The user sees the conversation's newest message.
    void markRead(const QString &conversationId);
    /// Reports the newest message as delivered soon, unless already done.
    void queueDelivered(const QString &conversationId);
    void queueAllDelivered();
    /// Sends what is queued (when online).
    QCoro::Task<void> flush();

    DeliveryState deliveryState(const Message &message) const;

private:
    void startTimer();

    Api &m_api;
    ChatStore &m_store;
    Connection &m_connection;
    QHash<QString, qint64> m_pendingRead; ///< conversation → seq, sent when online
    QSet<QString> m_pendingDelivered;     ///< conversations whose delivered mark is due
    QTimer m_timer;
};

} // namespace parley::client
