#pragma once

#include <QObject>
#include <QString>

namespace parley::server {

class EventBus;
class Storage;

/// Who is online, as contacts see it: a user's first session makes them online, the last one
/// leaving stamps last_seen and makes them offline; each change is announced to everyone who
/// shares a conversation with them. Follows the bus's online/offline signals.
class Presence : public QObject
{
    Q_OBJECT
public:
    Presence(EventBus &bus, Storage &storage, QObject *parent = nullptr);

    bool isOnline(const QString &userId) const;

private:
    void announce(const QString &userId, bool online);

    EventBus &m_bus;
    Storage &m_storage;
};

} // namespace parley::server
