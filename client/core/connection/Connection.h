#pragma once

#include <protocol/Envelope.h>
#include <protocol/UserPayloads.h>

#include "Backoff.h"

#include <QCoroFwd>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>

namespace parley::net {
class ProtocolClient;
}

namespace parley::client {

/// The app's one connection to parleyd, authenticated with a session token. It keeps itself
/// up: reconnects with jittered backoff, at once when the network comes back, and pings so a
/// silently dead link is noticed.
class Connection : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Offline,    ///< not connected; a retry is scheduled unless stopped
        Connecting, ///< opening the WebSocket and authenticating
        Online,     ///< authenticated; requests go through
    };
    Q_ENUM(State)

    explicit Connection(QObject *parent = nullptr);
    ~Connection() override;

    void setEndpoint(const QUrl &server, const QString &token);
    /// Starts connecting and keeps the connection up until stop().
    void start();
    void stop();
    /// Skips the backoff wait (e.g. the network came back, or the user asked).
    void reconnectNow();

    State state() const { return m_state; }
    bool isOnline() const { return m_state == State::Online; }
    QUrl server() const { return m_server; }
    /// When the next attempt is due while Offline; invalid otherwise.
    std::chrono::milliseconds retryIn() const;

    /// Sends a request on the current connection; `unavailable` when offline.
    QCoro::Task<Reply> request(const QString &op, const QJsonObject &data = {},
                               std::chrono::milliseconds timeout = std::chrono::seconds(15));

    /// Interval of keep-alive pings while online (tests shorten it).
    void setPingInterval(std::chrono::milliseconds interval);

Q_SIGNALS:
    void stateChanged(parley::client::Connection::State state);
    /// The connection is authenticated as this user (after every reconnect).
    void authenticated(const parley::User &user);
    /// The server refused the token: it was revoked or the account disabled. The connection
    /// stops; the app must sign in again.
    void sessionRejected();
    void eventReceived(const parley::EventFrame &event);

private:
    QCoro::Task<void> attempt();
    QCoro::Task<void> sendPing();
    void setState(State state);
    void scheduleRetry();
    void dropClient();
    void rejectSession();

    QUrl m_server;
    QString m_token;
    bool m_running = false;
    State m_state = State::Offline;
    Backoff m_backoff;
    QTimer m_retryTimer;
    QTimer m_pingTimer;
    quint64 m_generation = 0; ///< which attempt the current client belongs to
    QPointer<net::ProtocolClient> m_client;
};

} // namespace parley::client
