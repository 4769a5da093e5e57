#include "Connection.h"

#include <net/ProtocolClient.h>

#include <QCoroTask>
#include <QNetworkInformation>

namespace parley::client {
namespace {

constexpr std::chrono::milliseconds kOpenTimeout{10000};
constexpr std::chrono::milliseconds kPingTimeout{10000};
constexpr std::chrono::milliseconds kDefaultPingInterval{25000};

} // namespace

Connection::Connection(QObject *parent)
    : QObject(parent)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, [this] {
        auto task = attempt();
        Q_UNUSED(task);
    });
    m_pingTimer.setInterval(kDefaultPingInterval);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        auto task = sendPing();
        Q_UNUSED(task);
    });

    // Come back at once when the network does, instead of waiting out the backoff.
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        connect(QNetworkInformation::instance(), &QNetworkInformation::reachabilityChanged, this,
                [this](QNetworkInformation::Reachability reachability) {
                    if (reachability == QNetworkInformation::Reachability::Online && m_running &&
                        m_state == State::Offline)
                        reconnectNow();
                });
    }
}

Connection::~Connection()
{
    dropClient();
}

void Connection::setEndpoint(const QUrl &server, const QString &token)
{
    m_server = server;
    m_token = token;
}

void Connection::start()
{
    if (m_running)
        return;
    m_running = true;
    m_backoff.reset();
    reconnectNow();
}

void Connection::stop()
{
    m_running = false;
    ++m_generation;
    m_retryTimer.stop();
    m_pingTimer.stop();
    dropClient();
    setState(State::Offline);
}

void Connection::reconnectNow()
{
    if (!m_running || m_state != State::Offline)
        return;
    m_retryTimer.stop();
    auto task = attempt();
    Q_UNUSED(task);
}

std::chrono::milliseconds Connection::retryIn() const
{
    return std::chrono::milliseconds(m_retryTimer.isActive() ? m_retryTimer.remainingTime() : -1);
}

QCoro::Task<Reply> Connection::request(const QString &op, const QJsonObject &data, std::chrono::milliseconds timeout)
{
    if (m_state != State::Online || !m_client) {
        Reply reply;
        reply.error = ProtocolError::make(ErrorCode::Unavailable, tr("not connected"));
        co_return reply;
    }
    QPointer<net::ProtocolClient> client = m_client;
    QPointer<Connection> self(this);
    // An auth op's `unauthorized` is about its credentials, not about this session.
    const auto known = opFromName(op);
    const bool authOp = known && opAllowedBeforeAuth(*known) && *known != Op::Ping;
    auto pending = client->request(op, data, timeout);
    Reply reply = co_await pending;
    // The token was revoked (or the account disabled) while connected: the server answers
    // `unauthorized` from then on. Same outcome as a token refused at connect.
    if (self && client && m_client == client && !authOp && !reply.ok && reply.error.code == ErrorCode::Unauthorized)
        rejectSession();
    co_return reply;
}

void Connection::rejectSession()
{
    m_running = false;
    ++m_generation;
    m_retryTimer.stop();
    dropClient();
    setState(State::Offline);
    Q_EMIT sessionRejected();
}

void Connection::setPingInterval(std::chrono::milliseconds interval)
{
    m_pingTimer.setInterval(interval);
}

QCoro::Task<void> Connection::attempt()
{
    const quint64 generation = ++m_generation;
    dropClient();
    setState(State::Connecting);

    auto *client = new net::ProtocolClient(this);
    m_client = client;
    connect(client, &net::ProtocolClient::eventReceived, this, &Connection::eventReceived);
    connect(client, &net::ProtocolClient::disconnected, this, [this, client] {
        // Failures while connecting are handled by attempt() itself.
        if (m_client != client || m_state != State::Online)
            return;
        dropClient();
        setState(State::Offline);
        scheduleRetry();
    });

    QPointer<Connection> self(this);
    auto opening = client->open(m_server, m_token, kOpenTimeout);
    const bool opened = co_await opening;
    if (!self || generation != m_generation)
        co_return;
    if (!opened) {
        dropClient();
        setState(State::Offline);
        scheduleRetry();
        co_return;
    }
    const auto user = client->hello()->user;
    if (!user) {
        // The socket opened but the token was not accepted: revoked, or the account disabled.
        rejectSession();
        co_return;
    }
    m_backoff.reset();
    m_pingTimer.start();
    setState(State::Online);
    Q_EMIT authenticated(*user);
}

QCoro::Task<void> Connection::sendPing()
{
    if (m_state != State::Online || !m_client)
        co_return;
    QPointer<net::ProtocolClient> client = m_client;
    QPointer<Connection> self(this);
    auto pending = client->request(opName(Op::Ping), {}, kPingTimeout);
    const Reply reply = co_await pending;
    if (!self || !client || m_client != client)
        co_return;
    // Any answer, even an error, proves the link is alive; silence means it is not.
    if (!reply.ok && reply.error.code == ErrorCode::Unavailable)
        client->socket().abort();
}

void Connection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state != State::Online)
        m_pingTimer.stop();
    Q_EMIT stateChanged(state);
}

void Connection::scheduleRetry()
{
    if (!m_running)
        return;
    m_retryTimer.start(m_backoff.next());
}

void Connection::dropClient()
{
    if (!m_client)
        return;
    net::ProtocolClient *client = m_client;
    m_client = nullptr;
    client->disconnect(this);
    // Not a child: ~QObject would delete it at once, and its failed requests would resume the
    // owner's coroutines while the owner is half destroyed.
    client->setParent(nullptr);
    client->deleteLater();
}

} // namespace parley::client
