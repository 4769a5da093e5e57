#pragma once

#include <protocol/UserPayloads.h>

#include <QString>

namespace parley::server {

class Hub;
class LoginThrottle;
class Metrics;
class PasswordHasher;
class SessionRegistry;
class Storage;
struct ServerConfig;

/// Who a connection is, once authenticated. Identity only ever comes from here, never from
/// a request body.
struct Identity
{
    User user;
    QString tokenHash; ///< the session token this connection authenticated with
};

/// The daemon's shared services, as handlers see them. All live on the network thread
/// except Storage's and PasswordHasher's workers, which are reached through co_await.
struct ServerContext
{
    const ServerConfig &config;
    Storage &storage;
    PasswordHasher &hasher;
    LoginThrottle &loginThrottle;
    SessionRegistry &sessions;
    Hub &hub;
    Metrics &metrics;
};

} // namespace parley::server
