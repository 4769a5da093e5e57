#pragma once

#include <QCoroFwd>
#include <QObject>
#include <QString>

namespace parley::client {

class Api;
class ChatStore;
class Connection;

/// Sends what the user writes. Each message waits in the store's outbox (it survives
/// restarts) with its client_id until the server acknowledges it; a transient failure leaves
/// it for the next connect (same client_id, so never a duplicate), a refusal marks it failed
/// until the user retries or discards it.
class Outbox : public QObject
{
    Q_OBJECT
public:
    Outbox(Api &api, ChatStore &store, Connection &connection, QObject *parent = nullptr);

    /// Queues the text and sends it when online. Its client_id, or empty when the text is
    /// blank or the conversation unknown.
    QString send(const QString &conversationId, const QString &text);
    void retry(const QString &clientId);
    void discard(const QString &clientId);
    /// Sends every queued entry, in order, while online.
    QCoro::Task<void> flush();

private:
    Api &m_api;
    ChatStore &m_store;
    Connection &m_connection;
    bool m_flushing = false;
    bool m_flushAgain = false;
};

} // namespace parley::client
