#include "daemon/Listener.h"

#include <QLoggingCategory>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

Q_LOGGING_CATEGORY(lcListener, "parley.listener")

namespace parley::server {
namespace {

QString ipOf(const QTcpSocket *socket)
{
    return socket->peerAddress().toString();
}

} // namespace

Listener::Listener(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    m_upgrader = new QWebSocketServer(QStringLiteral("parleyd"), QWebSocketServer::NonSecureMode, this);
    m_upgrader->setHandshakeTimeout(m_options.handshakeTimeoutMs);
    connect(m_upgrader, &QWebSocketServer::newConnection, this, &Listener::onUpgraded);

    if (m_options.tls) {
        auto *tls = new QSslServer(this);
        tls->setSslConfiguration(*m_options.tls);
        tls->setHandshakeTimeout(m_options.handshakeTimeoutMs);
        // Count TLS handshakes too: they are the costliest half-open state.
        connect(tls, &QSslServer::startedEncryptionHandshake, this, [this](QSslSocket *socket) { admit(socket); });
        connect(tls, &QSslServer::errorOccurred, this, [](QSslSocket *socket, QAbstractSocket::SocketError) {
            qCDebug(lcListener, "TLS connection from %s failed: %s", qPrintable(ipOf(socket)),
                    qPrintable(socket->errorString()));
        });
        m_tcp = tls;
    } else {
        m_tcp = new QTcpServer(this);
    }
    // pendingConnectionAvailable (not newConnection): QSslServer queues a socket only once its
    // TLS handshake is done, after newConnection has already fired.
    connect(m_tcp, &QTcpServer::pendingConnectionAvailable, this, [this] {
        while (QTcpSocket *socket = m_tcp->nextPendingConnection()) {
            const Endpoint endpoint{ipOf(socket), socket->peerPort()};
            qCDebug(lcListener, "accepted %s:%u (%lld bytes waiting)", qPrintable(endpoint.first), endpoint.second,
                    socket->bytesAvailable());
            if (!m_options.tls)
                admit(socket);
            if (socket->state() != QAbstractSocket::ConnectedState || !m_handshaking.contains(endpoint)) {
                socket->deleteLater();
                continue;
            }
            // Replies go out at once: with Nagle's algorithm a reply of a few tens of KB waits
            // for the client's delayed ACK (~40 ms on Linux).
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            m_upgrader->handleConnection(socket);
            // With TLS the upgrade request may have arrived (and readyRead fired) while the
            // socket waited in the server's queue; make the upgrader read it.
            if (socket->bytesAvailable() > 0)
                QMetaObject::invokeMethod(
                    socket, [socket] { Q_EMIT socket->readyRead(); }, Qt::QueuedConnection);
        }
    });
}

Listener::~Listener()
{
    stop();
}

Status<QString> Listener::listen()
{
    const QHostAddress address = m_options.host == QLatin1StringView("localhost")
                                     ? QHostAddress(QHostAddress::LocalHost)
                                     : QHostAddress(m_options.host);
    if (!m_tcp->listen(address, m_options.port)) {
        return QStringLiteral("cannot listen on %1:%2: %3")
            .arg(m_options.host)
            .arg(m_options.port)
            .arg(m_tcp->errorString());
    }
    return kSuccess;
}

void Listener::stop()
{
    if (m_tcp)
        m_tcp->close();
    const auto sockets = m_handshaking.values();
    m_handshaking.clear();
    m_handshakesPerIp.clear();
    for (QTcpSocket *socket : sockets)
        socket->abort();
}

QUrl Listener::url() const
{
    QUrl url;
    url.setScheme(m_options.tls ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setHost(m_tcp->serverAddress().toString());
    url.setPort(m_tcp->serverPort());
    return url;
}

void Listener::setTlsConfiguration(const QSslConfiguration &tls)
{
    if (auto *server = qobject_cast<QSslServer *>(m_tcp))
        server->setSslConfiguration(tls);
    m_options.tls = tls;
}

void Listener::admit(QTcpSocket *socket)
{
    const QString ip = ipOf(socket);
    int &count = m_handshakesPerIp[ip];
    if (count >= m_options.maxHandshakesPerIp) {
        qCInfo(lcListener, "refusing a connection from %s: %d handshakes already in progress", qPrintable(ip), count);
        if (count == 0)
            m_handshakesPerIp.remove(ip);
        socket->abort();
        return;
    }
    ++count;
    const Endpoint endpoint{ip, socket->peerPort()};
    m_handshaking.insert(endpoint, socket);
    // Whatever ends the socket before the upgrade (timeout, bad request, peer gone) frees its slot.
    connect(socket, &QObject::destroyed, this, [this, endpoint] { forget(endpoint); });
    connect(socket, &QAbstractSocket::disconnected, this, [this, endpoint] { forget(endpoint); });
    // QWebSocketServer's own handshake timeout does not cover sockets handed to it with
    // handleConnection(), so the listener enforces it.
    QTimer::singleShot(m_options.handshakeTimeoutMs, socket, [this, endpoint, socket] {
        if (m_handshaking.value(endpoint) == socket) {
            qCDebug(lcListener, "handshake from %s timed out", qPrintable(endpoint.first));
            socket->abort();
        }
    });
}

void Listener::forget(const Endpoint &endpoint)
{
    if (m_handshaking.remove(endpoint) == 0)
        return;
    auto it = m_handshakesPerIp.find(endpoint.first);
    if (it != m_handshakesPerIp.end() && --*it <= 0)
        m_handshakesPerIp.erase(it);
}

void Listener::onUpgraded()
{
    while (QWebSocket *socket = m_upgrader->nextPendingConnection()) {
        const Endpoint endpoint{socket->peerAddress().toString(), socket->peerPort()};
        if (QTcpSocket *raw = m_handshaking.value(endpoint))
            raw->disconnect(this); // it lives on inside the QWebSocket; its slot is free now
        forget(endpoint);
        Q_EMIT connectionReady(socket);
    }
}

} // namespace parley::server
