#pragma once

#include "ServerContext.h"
#include "daemon/RateLimiter.h"
#include "realtime/Recipient.h"

#include <protocol/Envelope.h>

#include <QCoroFwd>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QWebSocket>

#include <optional>

namespace parley::server {

class RequestRouter;
struct ServerConfig;

/// One client connection: frames in, frames out. It enforces the transport rules (size caps,
/// text frames only, garbage limit, time allowed before authentication) and hands decoded
/// requests to the router. It never blocks: everything slow happens behind co_await.
class ClientSession : public QObject, public Recipient
{
    Q_OBJECT
public:
    ClientSession(QWebSocket *socket, RequestRouter &router, const ServerConfig &config, QObject *parent = nullptr);
    ~ClientSession() override;

    /// Checks a bearer token from the upgrade request, then sends `hello`.
    void start();

    const std::optional<Identity> &identity() const { return m_identity; }
    /// Unique for the daemon's lifetime; lets events skip the session that caused them.
    quint64 id() const { return m_id; }
    quint64 sessionId() const override { return m_id; }
    void deliver(const QByteArray &frame) override { sendFrame(frame); }
    void tokenRevoked() override { deauthenticate(); }
    void authenticate(const Identity &identity);
    void deauthenticate();

    void sendOk(const QString &replyTo, QByteArrayView dataJson);
    void sendError(const std::optional<QString> &replyTo, const ProtocolError &error);
    void sendFrame(const QByteArray &utf8);
    void closeConnection(QWebSocketProtocol::CloseCode code, const QString &reason);

Q_SIGNALS:
    void closed(parley::server::ClientSession *session);

private:
    QCoro::Task<void> greet(QString bearerToken);
    void onText(const QString &message);
    void onBinary(const QByteArray &message);
    void handleFrame(const QString &message);
    void countBadFrame();
    void onDisconnected();

    const quint64 m_id;
    QWebSocket *m_socket;
    RequestRouter &m_router;
    ServerContext &m_context;
    const ServerConfig &m_config;
    std::optional<Identity> m_identity;
    bool m_greeted = false;
    bool m_closing = false;
    int m_badFramesInARow = 0;
    QList<QString> m_framesBeforeHello;
    QTimer m_authTimer;
    RateLimiter m_rateLimiter;
};

} // namespace parley::server
