#include "daemon/ClientSession.h"

#include "Metrics.h"
#include "auth/AuthOps.h"
#include "daemon/RequestRouter.h"
#include "daemon/ServerConfig.h"
#include "realtime/EventBus.h"

#include <QCoroTask>
#include <protocol/AuthPayloads.h>
#include <protocol/Limits.h>
#include <protocol/Timestamp.h>

#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QPointer>

Q_LOGGING_CATEGORY(lcSession, "parley.session")

namespace parley::server {
namespace {

quint64 s_lastId = 0;

// Frames a client may send before `hello` has gone out; a well-behaved client waits for it.
constexpr int kMaxFramesBeforeHello = 32;

QString bearerToken(const QWebSocket &socket)
{
    // The scheme name is case-insensitive (RFC 9110, section 11.1).
    const QByteArray header = socket.request().rawHeader("Authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space <= 0 || header.left(space).compare("bearer", Qt::CaseInsensitive) != 0)
        return {};
    return QString::fromUtf8(header.mid(space + 1).trimmed());
}

} // namespace

ClientSession::ClientSession(QWebSocket *socket, RequestRouter &router, const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_id(++s_lastId)
    , m_socket(socket)
    , m_router(router)
    , m_context(router.context())
    , m_config(config)
    , m_rateLimiter(config.rateLimit, config.rateBurst)
{
    const Limits &limits = m_config.limits;
    // Frames up to twice the advertised limit are read and answered `too_large`; anything
    // bigger is cut off by the WebSocket layer (close 1009) before it is buffered.
    m_socket->setMaxAllowedIncomingFrameSize(quint64(limits.maxFrameBytes) * 2);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(limits.maxFrameBytes) * 2);
    m_socket->setParent(this);

    connect(m_socket, &QWebSocket::textMessageReceived, this, &ClientSession::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &ClientSession::onBinary);
    connect(m_socket, &QWebSocket::disconnected, this, &ClientSession::onDisconnected);

    m_authTimer.setSingleShot(true);
    m_authTimer.setInterval(m_config.authTimeoutMs);
    connect(&m_authTimer, &QTimer::timeout, this, [this] {
        closeConnection(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("authentication timed out"));
    });
}

ClientSession::~ClientSession()
{
    m_context.bus.detach(this);
    m_socket->disconnect(this);
}

void ClientSession::start()
{
    m_authTimer.start();
    greet(bearerToken(*m_socket));
}

QCoro::Task<void> ClientSession::greet(QString token)
{
    QPointer<ClientSession> self(this);
    Hello hello;
    hello.server = QStringLiteral("parleyd/" PARLEY_VERSION);
    hello.limits = m_config.limits;
    if (!token.isEmpty()) {
        auto lookup = auth::identityForToken(m_context, token);
        auto identity = co_await std::move(lookup);
        if (!self)
            co_return;
        if (identity && identity.value()) {
            authenticate(*identity.value());
            hello.user = identity.value()->user;
        }
    }
    m_context.bus.sendTo(*this, Event::Hello, hello.toJson());
    m_greeted = true;
    const QList<QString> early = std::exchange(m_framesBeforeHello, {});
    for (const QString &frame : early) {
        if (!self || m_closing)
            break;
        handleFrame(frame);
    }
}

void ClientSession::authenticate(const Identity &identity)
{
    m_context.bus.attach(this, identity.user.id, identity.tokenHash);
    m_identity = identity;
    m_authTimer.stop();
}

void ClientSession::deauthenticate()
{
    if (!m_identity)
        return;
    m_context.bus.detach(this);
    m_identity.reset();
    if (!m_closing)
        m_authTimer.start();
}

void ClientSession::sendOk(const QString &replyTo, QByteArrayView dataJson)
{
    sendFrame(encodeOkReply(replyTo, dataJson));
}

void ClientSession::sendError(const std::optional<QString> &replyTo, const ProtocolError &error)
{
    sendFrame(encodeErrorReply(replyTo, error));
}

void ClientSession::sendFrame(const QByteArray &utf8)
{
    if (m_closing)
        return;
    m_socket->sendTextMessage(QString::fromUtf8(utf8));
}

void ClientSession::closeConnection(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    m_authTimer.stop();
    m_socket->close(code, reason);
}

void ClientSession::onText(const QString &message)
{
    if (m_closing)
        return;
    if (!m_greeted) {
        if (m_framesBeforeHello.size() >= kMaxFramesBeforeHello) {
            closeConnection(QWebSocketProtocol::CloseCodePolicyViolated,
                            QStringLiteral("too many frames before hello"));
            return;
        }
        m_framesBeforeHello.append(message);
        return;
    }
    handleFrame(message);
}

void ClientSession::onBinary(const QByteArray &)
{
    if (m_closing)
        return;
    sendError(std::nullopt, ProtocolError::badRequest(QStringLiteral("binary frames are not accepted in protocol v1")));
    countBadFrame();
}

void ClientSession::handleFrame(const QString &message)
{
    const QByteArray utf8 = message.toUtf8();
    if (utf8.size() > m_config.limits.maxFrameBytes) {
        sendError(
            std::nullopt,
            ProtocolError::make(ErrorCode::TooLarge,
                                QStringLiteral("frame is larger than %1 bytes").arg(m_config.limits.maxFrameBytes)));
        countBadFrame();
        return;
    }
    auto decoded = decodeRequest(utf8);
    if (!decoded) {
        const RejectedFrame &rejected = decoded.error();
        if (rejected.undecodable) {
            sendError(rejected.replyTo, rejected.error);
            countBadFrame();
            return;
        }
        m_badFramesInARow = 0;
        m_context.metrics.requestRefused(QStringLiteral("unknown"), errorCodeName(rejected.error.code));
        if (rejected.unknownOp && !m_identity)
            sendError(rejected.replyTo, ProtocolError::make(ErrorCode::Unauthorized, QStringLiteral("log in first")));
        else
            sendError(rejected.replyTo, rejected.error);
        return;
    }
    m_badFramesInARow = 0;
    Request request = std::move(decoded).value();
    if (const auto waitMs = m_rateLimiter.take(nowMsecs())) {
        ProtocolError error = ProtocolError::make(ErrorCode::RateLimited, QStringLiteral("too many requests"));
        error.retryAfterMs = *waitMs;
        sendError(request.id, error);
        m_context.metrics.requestRefused(opName(request.op), errorCodeName(error.code));
        return;
    }
    if (!m_identity && !opAllowedBeforeAuth(request.op)) {
        sendError(request.id, ProtocolError::make(ErrorCode::Unauthorized, QStringLiteral("log in first")));
        m_context.metrics.requestRefused(opName(request.op), QStringLiteral("unauthorized"));
        return;
    }
    m_router.dispatch(this, std::move(request));
}

void ClientSession::countBadFrame()
{
    if (++m_badFramesInARow >= rules::kMaxBadFramesInARow) {
        qCInfo(lcSession, "closing a connection that sent %d bad frames in a row", m_badFramesInARow);
        closeConnection(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many malformed frames"));
    }
}

void ClientSession::onDisconnected()
{
    m_closing = true;
    m_authTimer.stop();
    m_context.bus.detach(this);
    m_identity.reset();
    Q_EMIT closed(this);
}

} // namespace parley::server
