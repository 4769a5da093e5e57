#include "Receipts.h"

#include "core/connection/Connection.h"
#include "core/connection/Guarded.h"
#include "core/store/ChatStore.h"

#include <QCoroTask>

namespace parley::client {

Receipts::Receipts(Api &api, ChatStore &store, Connection &connection, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
    , m_connection(connection)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        auto task = flush();
        Q_UNUSED(task);
    });
}

void Receipts::markRead(const QString &conversationId)
{
    const auto seq = m_store.markReadLocally(conversationId);
    if (!seq)
        return;
    m_pendingRead.insert(conversationId, *seq);
    m_pendingDelivered.remove(conversationId); // messages.read raises the delivered mark too
    startTimer();
}

void Receipts::queueDelivered(const QString &conversationId)
{
    if (!m_store.deliveryDue(conversationId))
        return;
    m_pendingDelivered.insert(conversationId);
    startTimer();
}

void Receipts::queueAllDelivered()
{
    for (const QString &conversationId : m_store.conversationIds())
        queueDelivered(conversationId);
}

QCoro::Task<void> Receipts::flush()
{
    if (!m_connection.isOnline())
        co_return;
    const auto reads = std::exchange(m_pendingRead, {});
    for (auto it = reads.begin(); it != reads.end(); ++it) {
        auto pending = guarded(this, m_api.markRead(it.key(), it.value()));
        auto reply = co_await pending;
        if (!reply)
            co_return;
        if (!*reply && isTransient(reply->error()))
            m_pendingRead.insert(it.key(), std::max(m_pendingRead.value(it.key()), it.value()));
    }
    const auto delivered = std::exchange(m_pendingDelivered, {});
    for (const QString &conversationId : delivered) {
        const Conversation *found = m_store.conversation(conversationId);
        if (!found)
            continue;
        auto pending = guarded(this, m_api.markDelivered(conversationId, found->lastSeq));
        if (!co_await pending)
            co_return;
    }
}

DeliveryState Receipts::deliveryState(const Message &message) const
{
    const QString &selfId = m_store.self().id;
    if (message.senderId != selfId || message.kind != Message::Kind::Text)
        return DeliveryState::None;
    const Conversation *found = m_store.conversation(message.conversationId);
    if (!found)
        return DeliveryState::Sent;
    bool delivered = true;
    bool seen = true;
    bool others = false;
    for (const Member &member : found->members) {
        if (member.userId == selfId)
            continue;
        others = true;
        delivered = delivered && member.deliveredSeq >= message.seq;
        seen = seen && member.readSeq >= message.seq;
    }
    if (!others)
        return DeliveryState::Sent;
    if (seen)
        return DeliveryState::Seen;
    return delivered ? DeliveryState::Delivered : DeliveryState::Sent;
}

void Receipts::startTimer()
{
    if (!m_timer.isActive())
        m_timer.start();
}

} // namespace parley::client
