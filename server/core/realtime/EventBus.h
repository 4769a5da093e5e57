#pragma once

#include "realtime/LocalFanout.h"
#include "realtime/SessionRegistry.h"

#include <protocol/Registry.h>

#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <functional>

namespace parley::server {

class Metrics;
class Recipient;

/// The one way any code emits an event, and the one owner of who is connected. Handlers
/// publish to users (every session of theirs, except the session that caused the event);
/// recipients attach when they authenticate and detach when they leave. Delivery is local
/// today (LocalFanout); the bus between daemons plugs in here. Lives on the network thread.
class EventBus : public QObject
{
    Q_OBJECT
public:
    explicit EventBus(Metrics &metrics, QObject *parent = nullptr);

    /// One event with the same `data` (a JSON object, encoded) to every session of `userIds`.
    void publish(Event event, const QByteArray &data, const QStringList &userIds, quint64 exceptSession = 0);
    void publish(Event event, const QJsonObject &data, const QStringList &userIds, quint64 exceptSession = 0);
    /// An event whose frame differs per recipient (a message's client_id, a conversation view):
    /// `frameFor` returns the whole encoded frame and is asked only for users with a session.
    void publishEach(Event event, const std::function<QByteArray(const QString &userId)> &frameFor,
                     const QStringList &userIds, quint64 exceptSession = 0);
    /// An event to one recipient, attached or not (hello).
    void sendTo(Recipient &recipient, Event event, const QJsonObject &data);

    /// `recipient` authenticated as `userId` with the token `tokenHash` (again, possibly as
    /// someone else). The first session of a user makes them online.
    void attach(Recipient *recipient, const QString &userId, const QString &tokenHash);
    /// `recipient` is no longer authenticated; the last session of a user makes them offline.
    void detach(Recipient *recipient);
    /// Every recipient that authenticated with `tokenHash` is told it was revoked.
    void revokeToken(const QString &tokenHash);

    bool isOnline(const QString &userId) const { return m_sessions.hasUser(userId); }
    const SessionRegistry &sessions() const { return m_sessions; }

Q_SIGNALS:
    void userOnline(const QString &userId);
    void userOffline(const QString &userId);

private:
    Metrics &m_metrics;
    SessionRegistry m_sessions;
    LocalFanout m_local{m_sessions};
};

} // namespace parley::server
