#pragma once

#include "RequestCorrelator.h"

#include <protocol/AuthPayloads.h>

#include <QCoroFwd>
#include <QObject>
#include <QUrl>
#include <QWebSocket>

#include <chrono>
#include <optional>

namespace parley::net {

/// A WebSocket connection speaking the Parley protocol: requests as QCoro tasks, events as a
/// signal. Used by the desktop client core, the tests and the load tools alike.
class ProtocolClient : public QObject
{
    Q_OBJECT
public:
    explicit ProtocolClient(QObject *parent = nullptr);
    ~ProtocolClient() override;

    /// Opens the connection and waits for `hello`. With a token, sends it as
    /// `Authorization: Bearer` in the upgrade request.
    QCoro::Task<bool> open(const QUrl &url, const QString &bearerToken = {},
                           std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void close(QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal);

    /// Sends a request and waits for its reply. Time-outs and lost connections come back as a
    /// failed reply (`unavailable`), never as a hang.
    QCoro::Task<Reply> request(const QString &op, const QJsonObject &data = {},
                               std::chrono::milliseconds timeout = std::chrono::seconds(10));

    /// Sends a frame as it is, for tests of hostile input.
    void sendRawText(const QString &text);
    void sendRawBinary(const QByteArray &bytes);

    bool isConnected() const;
    const std::optional<Hello> &hello() const { return m_hello; }
    QWebSocket &socket() { return *m_socket; }

Q_SIGNALS:
    void helloReceived();
    void eventReceived(const parley::EventFrame &event);
    /// A reply that answers no waiting request, e.g. `re: null` for a malformed frame.
    void unmatchedReply(const parley::Reply &reply);
    void disconnected();
    /// Internal: `open` is done, with hello or with a failure.
    void openFinished();

private:
    void onTextMessage(const QString &message);

    // Deleted later, not with the client: a reply's continuation may destroy the client while
    // the socket is still delivering that reply.
    QWebSocket *m_socket;
    RequestCorrelator m_correlator;
    std::optional<Hello> m_hello;
};

} // namespace parley::net
