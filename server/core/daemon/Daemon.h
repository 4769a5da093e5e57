#pragma once

#include "daemon/ServerConfig.h"

#include <protocol/Result.h>

#include <QObject>
#include <QSet>
#include <QUrl>

#include <functional>

class QWebSocket;
#include <memory>

namespace parley::server {

class ClientSession;
class EventBus;
class Listener;
class Metrics;
class MetricsServer;
class LoginThrottle;
class PasswordHasher;
class RequestRouter;
class Presence;
class Storage;
class Typing;
struct ServerContext;

/// The whole daemon, minus main(): storage, password hashing, the listener and every
/// connection, wired together on the calling (network) thread.
class Daemon : public QObject
{
    Q_OBJECT
public:
    /// Opens storage (migrating it), then listens. Every failure is one readable line.
    static Result<std::unique_ptr<Daemon>, QString> start(const ServerConfig &config);
    ~Daemon() override;

    QUrl url() const;
    /// Where /health and /metrics are served; empty without --metrics.
    QUrl metricsUrl() const;
    int connectionCount() const { return int(m_sessions.size()); }

    /// Takes a new TLS certificate and key for new connections (SIGHUP). A daemon started
    /// without TLS cannot switch to it.
    Status<QString> reloadTls(const ServerConfig &config);

    /// Clean shutdown: stop accepting, let requests in flight finish (their commits included),
    /// close every connection with 1001 (going away), then call `done`.
    void shutdown(std::function<void()> done);

private:
    explicit Daemon(const ServerConfig &config);
    void onConnection(QWebSocket *socket);
    void finishShutdown();
    QString renderMetrics() const;

    ServerConfig m_config;
    std::unique_ptr<Storage> m_storage;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<LoginThrottle> m_loginThrottle;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<EventBus> m_bus;
    std::unique_ptr<Typing> m_typing;
    std::unique_ptr<Presence> m_presence;
    std::unique_ptr<ServerContext> m_context;
    RequestRouter *m_router = nullptr;
    Listener *m_listener = nullptr;
    MetricsServer *m_metricsServer = nullptr;
    QSet<ClientSession *> m_sessions;
    bool m_shuttingDown = false;
    std::function<void()> m_shutdownDone;
};

} // namespace parley::server
