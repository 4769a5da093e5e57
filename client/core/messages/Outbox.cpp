#include "Outbox.h"

#include "core/connection/Connection.h"
#include "core/connection/Guarded.h"
#include "core/store/ChatStore.h"

#include <QCoroTask>
#include <QDateTime>
#include <QUuid>

namespace parley::client {

Outbox::Outbox(Api &api, ChatStore &store, Connection &connection, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
    , m_connection(connection)
{
}

QString Outbox::send(const QString &conversationId, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || !m_store.conversation(conversationId))
        return {};
    OutboxEntry entry;
    entry.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.conversationId = conversationId;
    entry.text = trimmed;
    entry.createdAtMsecs = QDateTime::currentMSecsSinceEpoch();
    if (!m_store.addToOutbox(entry))
        return {};
    auto task = flush();
    Q_UNUSED(task);
    return entry.clientId;
}

void Outbox::retry(const QString &clientId)
{
    m_store.setOutboxFailure(clientId, {});
    auto task = flush();
    Q_UNUSED(task);
}

void Outbox::discard(const QString &clientId)
{
    m_store.discardFromOutbox(clientId);
}

QCoro::Task<void> Outbox::flush()
{
    if (m_flushing) {
        m_flushAgain = true;
        co_return;
    }
    m_flushing = true;
    do {
        m_flushAgain = false;
        const QList<OutboxEntry> entries = m_store.outbox();
        for (const OutboxEntry &entry : entries) {
            if (!entry.failure.isEmpty() || !m_connection.isOnline())
                continue;
            auto pending = guarded(this, m_api.send(entry.conversationId, entry.clientId, entry.text));
            auto sent = co_await pending;
            if (!sent)
                co_return;
            if (!*sent) {
                if (isTransient(sent->error()))
                    break; // sent again, with the same client_id, after the next connect
                m_store.setOutboxFailure(entry.clientId, sent->error().message);
                continue;
            }
            m_store.acknowledge(entry, sent->value());
        }
    } while (m_flushAgain && m_connection.isOnline());
    m_flushing = false;
}

} // namespace parley::client
