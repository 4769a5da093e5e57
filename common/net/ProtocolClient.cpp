#include "ProtocolClient.h"

#include <QCoroSignal>
#include <QCoroTask>
#include <QCoroWebSocket>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>

#include <coroutine>

namespace parley::net {
namespace {

ProtocolError connectionLost()
{
    return ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("connection lost"));
}

// Suspends a coroutine until the correlator finishes its request.
class ReplyAwaiter
{
public:
    ReplyAwaiter(RequestCorrelator &correlator, QString id)
        : m_correlator(correlator)
        , m_id(std::move(id))
    {
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle)
    {
        m_correlator.add(m_id, [this, handle](Reply reply) {
            m_reply = std::move(reply);
            handle.resume();
        });
    }
    Reply await_resume() { return std::move(m_reply); }

private:
    RequestCorrelator &m_correlator;
    QString m_id;
    Reply m_reply;
};

} // namespace

ProtocolClient::ProtocolClient(QObject *parent)
    : QObject(parent)
    , m_socket(new QWebSocket())
{
    connect(m_socket, &QWebSocket::textMessageReceived, this, &ProtocolClient::onTextMessage);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        m_correlator.failAll(connectionLost());
        Q_EMIT openFinished();
        Q_EMIT disconnected();
    });
}

ProtocolClient::~ProtocolClient()
{
    m_socket->disconnect(this);
    m_socket->abort();
    m_socket->deleteLater();
    m_correlator.failAll(connectionLost());
}

QCoro::Task<bool> ProtocolClient::open(const QUrl &url, const QString &bearerToken, std::chrono::milliseconds timeout)
{
    m_hello.reset();
    QNetworkRequest request(url);
    if (!bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearerToken.toUtf8());
    QPointer<ProtocolClient> self(this);
    m_socket->open(request);
    // Finishes with hello, or at once when the connection fails (an unreachable server must
    // not cost the whole timeout).
    auto finished = qCoro(this, &ProtocolClient::openFinished, timeout);
    co_await std::move(finished);
    co_return self &&m_hello.has_value() && isConnected();
}

void ProtocolClient::close(QWebSocketProtocol::CloseCode code)
{
    m_socket->close(code);
}

QCoro::Task<Reply> ProtocolClient::request(const QString &op, const QJsonObject &data,
                                           std::chrono::milliseconds timeout)
{
    const QString id = m_correlator.nextId();
    if (!isConnected()) {
        Reply reply;
        reply.replyTo = id;
        reply.error = ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("not connected"));
        co_return reply;
    }
    m_socket->sendTextMessage(QString::fromUtf8(encodeRequest(id, op, data)));
    QTimer::singleShot(timeout, this, [this, id] {
        m_correlator.fail(id, ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("request timed out")));
    });
    ReplyAwaiter awaiter(m_correlator, id);
    co_return co_await awaiter;
}

void ProtocolClient::sendRawText(const QString &text)
{
    m_socket->sendTextMessage(text);
}

void ProtocolClient::sendRawBinary(const QByteArray &bytes)
{
    m_socket->sendBinaryMessage(bytes);
}

bool ProtocolClient::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void ProtocolClient::onTextMessage(const QString &message)
{
    auto frame = decodeServerFrame(message.toUtf8());
    if (!frame) {
        qWarning("parley: ignoring a malformed server frame: %s", qPrintable(frame.error()));
        return;
    }
    if (auto *event = std::get_if<EventFrame>(&frame.value())) {
        if (event->name == eventName(Event::Hello)) {
            m_hello = Hello::fromJson(event->data);
            if (m_hello) {
                Q_EMIT helloReceived();
                Q_EMIT openFinished();
            }
            return;
        }
        Q_EMIT eventReceived(*event);
        return;
    }
    const Reply &reply = std::get<Reply>(frame.value());
    if (!m_correlator.complete(reply))
        Q_EMIT unmatchedReply(reply);
}

} // namespace parley::net
