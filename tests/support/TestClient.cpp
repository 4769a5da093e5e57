#include "TestClient.h"

#include <QCoroTask>
#include <QSignalSpy>
#include <QTest>

namespace parley::test {

std::unique_ptr<net::ProtocolClient> connectClient(const QUrl &url, const QString &bearerToken)
{
    auto client = std::make_unique<net::ProtocolClient>();
    const bool opened = QCoro::waitFor(client->open(url, bearerToken));
    if (!opened)
        return nullptr;
    return client;
}

Reply call(net::ProtocolClient &client, const QString &op, const QJsonObject &data)
{
    return QCoro::waitFor(client.request(op, data));
}

Account registerAccount(net::ProtocolClient &client, const QString &username, const QString &password,
                        const QString &displayName)
{
    QJsonObject data{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
    if (!displayName.isEmpty())
        data.insert(QStringLiteral("display_name"), displayName);
    const Reply reply = call(client, QStringLiteral("auth.register"), data);
    if (!reply.ok)
        qFatal("registering %s failed: %s", qPrintable(username), qPrintable(reply.error.message));
    return Account{reply.data.value(QLatin1StringView("user")).toObject().value(QLatin1StringView("id")).toString(),
                   username, password, reply.data.value(QLatin1StringView("token")).toString()};
}

std::optional<Reply> nextUnmatchedReply(net::ProtocolClient &client, int timeoutMs)
{
    QSignalSpy spy(&client, &net::ProtocolClient::unmatchedReply);
    if (!spy.wait(timeoutMs))
        return std::nullopt;
    return spy.first().first().value<Reply>();
}

EventLog::EventLog(net::ProtocolClient &client)
{
    connect(&client, &net::ProtocolClient::eventReceived, this,
            [this](const EventFrame &event) { m_events.append(event); });
}

std::optional<EventFrame> EventLog::take(const QString &name, int timeoutMs,
                                         const std::function<bool(const QJsonObject &)> &predicate)
{
    qsizetype found = -1;
    const auto find = [&] {
        for (qsizetype i = 0; i < m_events.size(); ++i) {
            if (m_events.at(i).name == name && (!predicate || predicate(m_events.at(i).data))) {
                found = i;
                return true;
            }
        }
        return false;
    };
    if (!find() && !QTest::qWaitFor(find, timeoutMs))
        return std::nullopt;
    return m_events.takeAt(found);
}

bool EventLog::none(const QString &name, int waitMs)
{
    QTest::qWait(waitMs); // the window in which the event would show up: there is nothing to wait for
    for (const EventFrame &event : std::as_const(m_events)) {
        if (event.name == name)
            return false;
    }
    return true;
}

std::optional<int> waitForClose(net::ProtocolClient &client, int timeoutMs)
{
    if (client.socket().state() != QAbstractSocket::UnconnectedState) {
        QSignalSpy spy(&client.socket(), &QWebSocket::disconnected);
        if (!spy.wait(timeoutMs))
            return std::nullopt;
    }
    return int(client.socket().closeCode());
}

} // namespace parley::test
