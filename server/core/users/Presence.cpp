#include "users/Presence.h"

#include "realtime/EventBus.h"
#include "storage/Storage.h"
#include "users/UserStore.h"

#include <protocol/Timestamp.h>
#include <protocol/UserPayloads.h>

#include <QCoroTask>
#include <QPointer>

namespace parley::server {
namespace {

QCoro::Task<void> announceTo(QPointer<Presence> presence, EventBus &bus, Storage &storage, QString userId, bool online)
{
    const qint64 now = nowMsecs();
    if (!online) {
        auto stamp = storage.write<std::monostate>(
            [userId, now](QSqlDatabase &db) { return directory::setLastSeen(db, userId, now); });
        co_await stamp;
    }
    auto lookup = storage.read<QStringList>([userId](QSqlDatabase &db) { return directory::contactsOf(db, userId); });
    auto contacts = co_await lookup;
    // The state may have changed while storage answered; announce only what is still true.
    if (!presence || !contacts || presence->isOnline(userId) != online)
        co_return;
    const PresenceEvent event{userId, online, online ? std::nullopt : std::optional<qint64>(now)};
    bus.publish(Event::Presence, event.toJson(), contacts.value());
}

} // namespace

Presence::Presence(EventBus &bus, Storage &storage, QObject *parent)
    : QObject(parent)
    , m_bus(bus)
    , m_storage(storage)
{
    connect(&bus, &EventBus::userOnline, this, [this](const QString &userId) { announce(userId, true); });
    connect(&bus, &EventBus::userOffline, this, [this](const QString &userId) { announce(userId, false); });
}

bool Presence::isOnline(const QString &userId) const
{
    return m_bus.isOnline(userId);
}

void Presence::announce(const QString &userId, bool online)
{
    announceTo(QPointer<Presence>(this), m_bus, m_storage, userId, online);
}

} // namespace parley::server
