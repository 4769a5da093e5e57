#pragma once

#include <QByteArray>

namespace parley::server {

/// Where events are delivered: a client connection of this daemon (daemon/ClientSession), or a
/// test's FakeRecipient. The realtime layer knows connections only through this.
class Recipient
{
public:
    virtual ~Recipient() = default;

    /// Unique for the daemon's lifetime; lets an event skip the session that caused it.
    virtual quint64 sessionId() const = 0;
    /// One encoded frame (an event), sent as it is.
    virtual void deliver(const QByteArray &frame) = 0;
    /// The session token this recipient authenticated with was revoked: it is logged out.
    virtual void tokenRevoked() = 0;
};

} // namespace parley::server
