#include "daemon/Daemon.h"

#include "Metrics.h"
#include "ServerContext.h"
#include "auth/LoginThrottle.h"
#include "auth/PasswordHasher.h"
#include "conversations/Typing.h"
#include "daemon/ClientSession.h"
#include "daemon/Listener.h"
#include "daemon/RequestRouter.h"
#include "daemon/TlsConfiguration.h"
#include "http/MetricsServer.h"
#include "realtime/EventBus.h"
#include "storage/Schema.h"
#include "storage/Storage.h"
#include "users/Presence.h"

#include <QDir>
#include <QSslConfiguration>
#include <QTemporaryFile>
#include <QTimer>
#include <QWebSocket>

namespace parley::server {
namespace {

// How long shutdown waits for requests in flight and for peers to acknowledge the close.
constexpr int kShutdownGraceMs = 5000;

Status<QString> prepareDataDir(const QString &dir)
{
    if (!QDir().mkpath(dir))
        return QStringLiteral("cannot create the data directory %1").arg(dir);
    QTemporaryFile probe(QDir(dir).filePath(QStringLiteral(".write-test-XXXXXX")));
    if (!probe.open())
        return QStringLiteral("the data directory %1 is not writable").arg(dir);
    return kSuccess;
}

} // namespace

Daemon::Daemon(const ServerConfig &config)
    : m_config(config)
{
}

Daemon::~Daemon()
{
    // Connections first: they unregister from the registry the context points at.
    for (ClientSession *session : std::as_const(m_sessions))
        delete session;
    m_sessions.clear();
}

Result<std::unique_ptr<Daemon>, QString> Daemon::start(const ServerConfig &config)
{
    std::unique_ptr<Daemon> daemon(new Daemon(config));

    auto database = config.database();
    if (!database)
        return std::move(database).error();
    if (database->backend == storage::DatabaseConfig::Backend::Sqlite) {
        if (auto ready = prepareDataDir(config.dataDir); !ready)
            return std::move(ready).error();
    }
    std::optional<QSslConfiguration> tls;
    if (config.usesTls()) {
        auto loaded = loadTlsConfiguration(config.tlsCertFile, config.tlsKeyFile);
        if (!loaded)
            return std::move(loaded).error();
        tls = loaded.value();
    }

    auto storage = Storage::open(database.value(), serverSchema());
    if (!storage)
        return std::move(storage).error();
    daemon->m_storage = std::move(storage).value();
    daemon->m_hasher = std::make_unique<PasswordHasher>(config.argon2, config.hashThreads, config.maxQueuedHashes);
    daemon->m_loginThrottle = std::make_unique<LoginThrottle>();
    daemon->m_metrics = std::make_unique<Metrics>();
    daemon->m_bus = std::make_unique<EventBus>(*daemon->m_metrics);
    // Typing first: a user going offline stops their typing before presence is announced.
    daemon->m_typing = std::make_unique<Typing>(*daemon->m_bus);
    daemon->m_presence = std::make_unique<Presence>(*daemon->m_bus, *daemon->m_storage);
    daemon->m_context = std::make_unique<ServerContext>(
        ServerContext{daemon->m_config.limits, *daemon->m_storage, *daemon->m_hasher, *daemon->m_loginThrottle,
                      *daemon->m_bus, *daemon->m_presence, *daemon->m_typing, *daemon->m_metrics});
    daemon->m_router = new RequestRouter(*daemon->m_context, daemon.get());

    daemon->m_listener = new Listener(Listener::Options{config.listenHost, config.listenPort, tls,
                                                        config.maxHandshakesPerIp, config.handshakeTimeoutMs},
                                      daemon.get());
    Daemon *self = daemon.get();
    connect(daemon->m_listener, &Listener::connectionReady, self, &Daemon::onConnection);
    if (auto listening = daemon->m_listener->listen(); !listening)
        return std::move(listening).error();
    if (!config.metricsHost.isEmpty()) {
        daemon->m_metricsServer = new MetricsServer(
            *daemon->m_storage, [self] { return self->renderMetrics(); }, daemon.get());
        if (auto serving = daemon->m_metricsServer->listen(config.metricsHost, config.metricsPort); !serving)
            return std::move(serving).error();
    }
    return daemon;
}

QUrl Daemon::url() const
{
    return m_listener->url();
}

Status<QString> Daemon::reloadTls(const ServerConfig &config)
{
    if (config.usesTls() != m_config.usesTls())
        return QStringLiteral("switching TLS on or off needs a restart");
    if (!config.usesTls())
        return kSuccess;
    auto tls = loadTlsConfiguration(config.tlsCertFile, config.tlsKeyFile);
    if (!tls)
        return std::move(tls).error();
    m_listener->setTlsConfiguration(tls.value());
    m_config.tlsCertFile = config.tlsCertFile;
    m_config.tlsKeyFile = config.tlsKeyFile;
    return kSuccess;
}

QUrl Daemon::metricsUrl() const
{
    if (!m_metricsServer)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_config.metricsHost == QLatin1StringView("localhost") ? QStringLiteral("127.0.0.1")
                                                                       : m_config.metricsHost);
    url.setPort(m_metricsServer->port());
    return url;
}

QString Daemon::renderMetrics() const
{
    const Storage::Stats storage = m_storage->stats();
    const QString storageText =
        QStringLiteral("# TYPE parley_commits_total counter\nparley_commits_total %1\n"
                       "# TYPE parley_writes_total counter\nparley_writes_total %2\n"
                       "# TYPE parley_commit_batch_size histogram\n")
            .arg(storage.commits)
            .arg(storage.writes) +
        storage.batchSizes.render(QStringLiteral("parley_commit_batch_size")) +
        QStringLiteral("# TYPE parley_commit_duration_milliseconds histogram\n") +
        storage.commitMilliseconds.render(QStringLiteral("parley_commit_duration_milliseconds"));
    return m_metrics->render(
        {{QStringLiteral("parley_connections"), double(m_sessions.size())},
         {QStringLiteral("parley_sessions_authenticated"), double(m_bus->sessions().authenticatedCount())},
         {QStringLiteral("parley_handshakes_in_progress"), double(m_listener->handshakesInProgress())}},
        storageText);
}

void Daemon::onConnection(QWebSocket *socket)
{
    if (m_shuttingDown) {
        socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server is shutting down"));
        socket->deleteLater();
        return;
    }
    auto *session = new ClientSession(socket, *m_router, m_config);
    m_sessions.insert(session);
    connect(session, &ClientSession::closed, this, [this](ClientSession *closed) {
        m_sessions.remove(closed);
        closed->deleteLater();
        if (m_shuttingDown && m_sessions.isEmpty() && m_router->inFlight() == 0)
            finishShutdown();
    });
    session->start();
}

void Daemon::shutdown(std::function<void()> done)
{
    if (m_shuttingDown)
        return;
    m_shuttingDown = true;
    m_shutdownDone = std::move(done);
    m_listener->stop();

    auto closeAll = [this] {
        const auto sessions = m_sessions.values();
        for (ClientSession *session : sessions)
            session->closeConnection(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server is shutting down"));
        if (m_sessions.isEmpty())
            finishShutdown();
    };
    if (m_router->inFlight() == 0) {
        closeAll();
    } else {
        connect(m_router, &RequestRouter::drained, this, closeAll, Qt::SingleShotConnection);
    }
    // Peers that never answer the close (or requests that never finish) do not hold the exit.
    QTimer::singleShot(kShutdownGraceMs, this, [this] { finishShutdown(); });
}

void Daemon::finishShutdown()
{
    if (!m_shutdownDone)
        return;
    m_storage->stop(); // every queued write is committed before this returns
    auto done = std::exchange(m_shutdownDone, nullptr);
    done();
}

} // namespace parley::server
