#include "conversations/Typing.h"

#include "realtime/EventBus.h"

#include <protocol/MessagePayloads.h>

#include <QTimer>

namespace parley::server {
namespace {

QString typingKey(const QString &conversationId, const QString &userId)
{
    return conversationId + QLatin1Char('\n') + userId;
}

} // namespace

Typing::Typing(EventBus &bus, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
{
    connect(&bus, &EventBus::userOffline, this, &Typing::stopAllOf);
}

void Typing::update(const QString &conversationId, const QString &userId, bool active, const QStringList &memberIds)
{
    const QString key = typingKey(conversationId, userId);
    if (!active) {
        stop(key);
        return;
    }
    State &state = m_typing[key];
    state.recipients = memberIds;
    state.recipients.removeAll(userId);
    if (!state.expiry) {
        state.expiry = new QTimer(this);
        state.expiry->setSingleShot(true);
        connect(state.expiry, &QTimer::timeout, this, [this, key] { stop(key); });
    }
    state.expiry->start(kExpiryMs);
    announce(key, true, state.recipients);
}

void Typing::stop(const QString &key)
{
    auto it = m_typing.find(key);
    if (it == m_typing.end())
        return;
    const QStringList recipients = it->recipients;
    QTimer *timer = it->expiry;
    m_typing.erase(it);
    if (timer) {
        timer->stop();
        timer->deleteLater(); // may be the timer whose timeout called us
    }
    announce(key, false, recipients);
}

void Typing::stopAllOf(const QString &userId)
{
    const QList<QString> keys = m_typing.keys();
    for (const QString &key : keys) {
        if (key.endsWith(QLatin1Char('\n') + userId))
            stop(key);
    }
}

void Typing::announce(const QString &key, bool active, const QStringList &recipients)
{
    const qsizetype split = key.indexOf(QLatin1Char('\n'));
    m_bus.publish(Event::Typing, TypingEvent{key.left(split), key.mid(split + 1), active}.toJson(), recipients);
}

} // namespace parley::server
