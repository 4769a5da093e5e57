#pragma once

#include <protocol/UserPayloads.h>

#include <QString>

namespace parley {
struct Limits;
}

namespace parley::server {

class EventBus;
class LoginThrottle;
class Metrics;
class PasswordHasher;
class Presence;
class Storage;
class Typing;

/// Who a connection is, once authenticated. Identity only ever comes from here, never from
/// a request body.
struct Identity
{
    User user;
    QString tokenHash; ///< the session token this connection authenticated with
};

/// The daemon's shared services, as handlers see them. All live on the network thread
/// except Storage's and PasswordHasher's workers, which are reached through co_await.
/// Events leave only through `bus`.
struct ServerContext
{
    const Limits &limits;
    Storage &storage;
    PasswordHasher &hasher;
    LoginThrottle &loginThrottle;
    EventBus &bus;
    Presence &presence;
    Typing &typing;
    Metrics &metrics;
};

} // namespace parley::server
