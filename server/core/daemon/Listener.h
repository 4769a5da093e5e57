#pragma once

#include <protocol/Result.h>

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace parley::server {

/// Accepts TCP (or TLS) connections and upgrades them to WebSockets. It limits how many
/// connections one IP address may have in the handshake at once and how long a handshake
/// may take, so half-open connections cannot exhaust the daemon.
class Listener : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString host;
        quint16 port = 0;
        std::optional<QSslConfiguration> tls;
        int maxHandshakesPerIp = 32;
        int handshakeTimeoutMs = 10000;
    };

    explicit Listener(Options options, QObject *parent = nullptr);
    ~Listener() override;

    Status<QString> listen();
    /// Stops accepting and drops connections still in the handshake.
    void stop();
    /// The address clients connect to, e.g. ws://127.0.0.1:7600.
    QUrl url() const;
    int handshakesInProgress() const { return int(m_handshaking.size()); }
    /// Replaces the TLS certificate and key for new connections.
    void setTlsConfiguration(const QSslConfiguration &tls);

Q_SIGNALS:
    void connectionReady(QWebSocket *socket);

private:
    using Endpoint = QPair<QString, quint16>;
    void admit(QTcpSocket *socket);
    void onUpgraded();
    void forget(const Endpoint &endpoint);

    Options m_options;
    QTcpServer *m_tcp = nullptr;
    QWebSocketServer *m_upgrader = nullptr;
    QHash<Endpoint, QTcpSocket *> m_handshaking;
    QHash<QString, int> m_handshakesPerIp;
};

} // namespace parley::server
