#include "realtime/EventBus.h"

#include "Metrics.h"
#include "realtime/Recipient.h"

#include <protocol/Envelope.h>

namespace parley::server {

EventBus::EventBus(Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_metrics(metrics)
{
}

void EventBus::publish(Event event, const QByteArray &data, const QStringList &userIds, quint64 exceptSession)
{
    const quint64 sent = m_local.deliver(encodeEvent(event, data), userIds, exceptSession);
    m_metrics.eventSent(eventName(event), sent);
}

void EventBus::publish(Event event, const QJsonObject &data, const QStringList &userIds, quint64 exceptSession)
{
    const quint64 sent = m_local.deliver(encodeEvent(event, data), userIds, exceptSession);
    m_metrics.eventSent(eventName(event), sent);
}

void EventBus::publishEach(Event event, const std::function<QByteArray(const QString &)> &frameFor,
                           const QStringList &userIds, quint64 exceptSession)
{
    const quint64 sent = m_local.deliverEach(frameFor, userIds, exceptSession);
    m_metrics.eventSent(eventName(event), sent);
}

void EventBus::sendTo(Recipient &recipient, Event event, const QJsonObject &data)
{
    recipient.deliver(encodeEvent(event, data));
    m_metrics.eventSent(eventName(event), 1);
}

void EventBus::attach(Recipient *recipient, const QString &userId, const QString &tokenHash)
{
    const std::optional<SessionRegistry::Entry> before = m_sessions.find(recipient);
    if (before && before->userId == userId) {
        // The same person with a new session token: they never went offline.
        m_sessions.add(recipient, userId, tokenHash);
        return;
    }
    detach(recipient);
    const bool wasOnline = isOnline(userId);
    m_sessions.add(recipient, userId, tokenHash);
    if (!wasOnline)
        Q_EMIT userOnline(userId);
}

void EventBus::detach(Recipient *recipient)
{
    const std::optional<SessionRegistry::Entry> entry = m_sessions.remove(recipient);
    if (entry && !isOnline(entry->userId))
        Q_EMIT userOffline(entry->userId);
}

void EventBus::revokeToken(const QString &tokenHash)
{
    for (Recipient *recipient : m_sessions.forToken(tokenHash))
        recipient->tokenRevoked();
}

} // namespace parley::server
