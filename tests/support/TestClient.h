#pragma once

#include <net/ProtocolClient.h>

#include <QJsonObject>
#include <QUrl>

#include <functional>
#include <memory>

namespace parley::test {

/// Blocking helpers over ProtocolClient for tests: each runs the event loop until done.
struct Account
{
    QString userId;
    QString username;
    QString password;
    QString token;
};

/// Connects and waits for hello; null on failure.
std::unique_ptr<net::ProtocolClient> connectClient(const QUrl &url, const QString &bearerToken = {});
/// Sends one request and waits for its reply.
Reply call(net::ProtocolClient &client, const QString &op, const QJsonObject &data = {});
/// Registers `username` (with `displayName`, if given) on `client`, which becomes authenticated;
/// stops the test run otherwise.
Account registerAccount(net::ProtocolClient &client, const QString &username,
                        const QString &password = QStringLiteral("correct horse battery"),
                        const QString &displayName = {});
/// Waits for the next `unmatchedReply` (a reply with `re: null`).
std::optional<Reply> nextUnmatchedReply(net::ProtocolClient &client, int timeoutMs = 5000);
/// Records every event a client receives, so a test can wait for one or check that none came.
class EventLog : public QObject
{
public:
    explicit EventLog(net::ProtocolClient &client);
    /// The first recorded event called `name` (and matching `predicate`, if given), waiting up to
    /// `timeoutMs` for it; it is removed from the log.
    std::optional<EventFrame> take(const QString &name, int timeoutMs = 5000,
                                   const std::function<bool(const QJsonObject &)> &predicate = {});
    /// True when no event called `name` arrives within `waitMs` (and none is recorded already).
    bool none(const QString &name, int waitMs = 300);
    QList<EventFrame> all() const { return m_events; }
    void clear() { m_events.clear(); }

private:
    QList<EventFrame> m_events;
};

/// Waits until the server closes the connection; returns the close code, or nullopt.
std::optional<int> waitForClose(net::ProtocolClient &client, int timeoutMs = 5000);

} // namespace parley::test
