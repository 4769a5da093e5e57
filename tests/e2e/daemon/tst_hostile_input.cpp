// End-to-end: what a real parleyd does with malformed, oversized, binary, idle and half-open
// connections, on the backend PARLEY_TEST_BACKEND names.
#include <DaemonFixture.h>

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace parley;
using namespace parley::test;

class tst_HostileInput : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void malformedFramesGetBadRequestWithNullRe_data();
    void malformedFramesGetBadRequestWithNullRe();
    void unknownOpAfterLoginIsBadRequestForThatId();
    void dataThatIsNotAnObjectNamesTheField();
    void binaryFramesAreRefused();
    void oversizedFrameGetsTooLargeAndConnectionStays();
    void hugeFrameClosesTheConnection();
    void garbageInARowClosesWith1008();
    void goodFramesResetTheGarbageCount();
    void hostileJsonDoesNotHurtTheDaemon();
    void idleUnauthenticatedConnectionIsClosed();
    void authenticatedConnectionIsNotClosedForIdling();
    void handshakesPerIpAreCapped();

private:
    static void expectRejected(const std::optional<Reply> &reply, ErrorCode code);

    DaemonFixture m_fixture;
    int m_maxFrameBytes = 0;
};

void tst_HostileInput::initTestCase()
{
    QVERIFY2(m_fixture.start({QStringLiteral("--auth-timeout-ms"), QStringLiteral("1500"),
                              QStringLiteral("--max-handshakes-per-ip"), QStringLiteral("4"),
                              QStringLiteral("--handshake-timeout-ms"), QStringLiteral("1000")}),
             qPrintable(m_fixture.error()));
    auto client = m_fixture.connect();
    m_maxFrameBytes = client->hello()->limits.maxFrameBytes;
    QVERIFY(m_maxFrameBytes > 0);
}

void tst_HostileInput::cleanupTestCase()
{
    QCOMPARE(m_fixture.stop(), 0);
}

void tst_HostileInput::expectRejected(const std::optional<Reply> &reply, ErrorCode code)
{
    QVERIFY(reply.has_value());
    QVERIFY(!reply->ok);
    QVERIFY(!reply->replyTo.has_value()); // "re": null
    QCOMPARE(errorCodeName(reply->error.code), errorCodeName(code));
    QVERIFY(!reply->error.message.isEmpty());
}

void tst_HostileInput::malformedFramesGetBadRequestWithNullRe_data()
{
    QTest::addColumn<QString>("frame");
    QTest::newRow("not json") << QStringLiteral("hello there");
    QTest::newRow("truncated json") << QStringLiteral("{\"id\":\"1\",\"op\":\"ping\"");
    QTest::newRow("empty") << QString();
    QTest::newRow("array") << QStringLiteral("[1,2,3]");
    QTest::newRow("string") << QStringLiteral("\"ping\"");
    QTest::newRow("number") << QStringLiteral("42");
    QTest::newRow("null") << QStringLiteral("null");
    QTest::newRow("missing id") << QStringLiteral("{\"op\":\"ping\"}");
    QTest::newRow("missing op") << QStringLiteral("{\"id\":\"1\"}");
    QTest::newRow("numeric id") << QStringLiteral("{\"id\":1,\"op\":\"ping\"}");
    QTest::newRow("empty id") << QStringLiteral("{\"id\":\"\",\"op\":\"ping\"}");
    QTest::newRow("id too long")
        << QStringLiteral("{\"id\":\"%1\",\"op\":\"ping\"}").arg(QString(65, QLatin1Char('i')));
    QTest::newRow("op not a string") << QStringLiteral("{\"id\":\"1\",\"op\":[\"ping\"]}");
}

void tst_HostileInput::malformedFramesGetBadRequestWithNullRe()
{
    QFETCH(QString, frame);
    auto client = m_fixture.connect();
    client->sendRawText(frame);
    expectRejected(nextUnmatchedReply(*client), ErrorCode::BadRequest);
    QVERIFY(call(*client, QStringLiteral("ping")).ok); // still open and usable
}

void tst_HostileInput::unknownOpAfterLoginIsBadRequestForThatId()
{
    auto client = m_fixture.connect();
    registerAccount(*client, QStringLiteral("mallory"));
    const Reply reply = call(*client, QStringLiteral("no.such.op"));
    QVERIFY(!reply.ok);
    QVERIFY(reply.replyTo.has_value());
    QCOMPARE(errorCodeName(reply.error.code), QStringLiteral("bad_request"));
    QCOMPARE(reply.error.field, QStringLiteral("op"));
}

void tst_HostileInput::dataThatIsNotAnObjectNamesTheField()
{
    auto client = m_fixture.connect();
    QSignalSpy replies(&client->socket(), &QWebSocket::textMessageReceived);
    client->sendRawText(QStringLiteral("{\"id\":\"d1\",\"op\":\"ping\",\"data\":[1]}"));
    QVERIFY(replies.wait(5000));
    const QJsonObject reply = QJsonDocument::fromJson(replies.first().first().toString().toUtf8()).object();
    QCOMPARE(reply.value(QLatin1StringView("re")).toString(), QStringLiteral("d1"));
    QCOMPARE(reply.value(QLatin1StringView("ok")).toBool(true), false);
    const QJsonObject error = reply.value(QLatin1StringView("error")).toObject();
    QCOMPARE(error.value(QLatin1StringView("code")).toString(), QStringLiteral("bad_request"));
    QCOMPARE(error.value(QLatin1StringView("field")).toString(), QStringLiteral("data"));
}

void tst_HostileInput::binaryFramesAreRefused()
{
    auto client = m_fixture.connect();
    client->sendRawBinary(QByteArrayLiteral("{\"id\":\"1\",\"op\":\"ping\"}"));
    expectRejected(nextUnmatchedReply(*client), ErrorCode::BadRequest);
    QVERIFY(call(*client, QStringLiteral("ping")).ok);
}

void tst_HostileInput::oversizedFrameGetsTooLargeAndConnectionStays()
{
    auto client = m_fixture.connect();
    const QString padding(m_maxFrameBytes, QLatin1Char('x'));
    client->sendRawText(QStringLiteral("{\"id\":\"big\",\"op\":\"ping\",\"data\":{\"pad\":\"%1\"}}").arg(padding));
    expectRejected(nextUnmatchedReply(*client), ErrorCode::TooLarge);
    QVERIFY(call(*client, QStringLiteral("ping")).ok);

    // Exactly at the limit is still accepted.
    const QString prefix = QStringLiteral("{\"id\":\"edge\",\"op\":\"ping\",\"data\":{\"pad\":\"");
    const QString suffix = QStringLiteral("\"}}");
    const QString edge = prefix + QString(m_maxFrameBytes - prefix.size() - suffix.size(), QLatin1Char('y')) + suffix;
    QCOMPARE(edge.toUtf8().size(), m_maxFrameBytes);
    QSignalSpy replies(&client->socket(), &QWebSocket::textMessageReceived);
    client->sendRawText(edge);
    QVERIFY(replies.wait(5000));
    QVERIFY(replies.first().first().toString().contains(QLatin1StringView("\"re\":\"edge\"")));
}

void tst_HostileInput::hugeFrameClosesTheConnection()
{
    auto client = m_fixture.connect();
    client->sendRawText(QString(m_maxFrameBytes * 4, QLatin1Char('z')));
    const auto code = waitForClose(*client, 10000);
    QVERIFY(code.has_value());
    QCOMPARE(*code, int(QWebSocketProtocol::CloseCodeTooMuchData));
    // The daemon itself is fine.
    QVERIFY(call(*m_fixture.connect(), QStringLiteral("ping")).ok);
}

void tst_HostileInput::garbageInARowClosesWith1008()
{
    auto client = m_fixture.connect();
    QSignalSpy rejected(client.get(), &net::ProtocolClient::unmatchedReply);
    for (int i = 0; i < 20; ++i)
        client->sendRawText(QStringLiteral("garbage %1").arg(i));
    const auto code = waitForClose(*client, 10000);
    QVERIFY(code.has_value());
    QCOMPARE(*code, int(QWebSocketProtocol::CloseCodePolicyViolated));
    QCOMPARE(rejected.size(), 20); // every bad frame was still answered
}

void tst_HostileInput::goodFramesResetTheGarbageCount()
{
    auto client = m_fixture.connect();
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 19; ++i)
            client->sendRawText(QStringLiteral("garbage"));
        QVERIFY(call(*client, QStringLiteral("ping")).ok);
    }
    QVERIFY(client->isConnected());
}

void tst_HostileInput::hostileJsonDoesNotHurtTheDaemon()
{
    auto client = m_fixture.connect();
    const QString deep = QString(5000, QLatin1Char('[')) + QString(5000, QLatin1Char(']'));
    const QStringList frames{
        QStringLiteral("{\"id\":\"n1\",\"op\":\"ping\",\"data\":{\"x\":%1}}").arg(deep),
        QStringLiteral("{\"id\":1e400,\"op\":\"ping\"}"),
        QStringLiteral("{\"id\":\"n2\",\"op\":\"auth.login\",\"data\":{\"username\":1e400,\"password\":-1e400}}"),
        QStringLiteral(
            "{\"id\":\"n3\",\"op\":\"auth.register\",\"data\":{\"username\":\"a\\u0000b\",\"password\":\"12345678\"}}"),
        QStringLiteral("{\"id\":\"n4\",\"op\":\"auth.resume\",\"data\":{\"token\":{\"$ne\":null}}}"),
        QStringLiteral("{\"id\":\"n5\",\"op\":\"auth.login\",\"data\":{\"username\":\"x' OR '1'='1\",\"password\":\"x' "
                       "OR '1'='1\"}}"),
    };
    QSignalSpy replies(&client->socket(), &QWebSocket::textMessageReceived);
    for (const QString &frame : frames)
        client->sendRawText(frame);
    QTRY_COMPARE_WITH_TIMEOUT(replies.size(), frames.size(), 10000);
    for (const QList<QVariant> &reply : std::as_const(replies))
        QVERIFY2(reply.first().toString().contains(QLatin1StringView("\"ok\":false")),
                 qPrintable(reply.first().toString()));
    QVERIFY(call(*client, QStringLiteral("ping")).ok);
}

void tst_HostileInput::idleUnauthenticatedConnectionIsClosed()
{
    auto client = m_fixture.connect();
    const auto code = waitForClose(*client, 6000);
    QVERIFY(code.has_value());
    QCOMPARE(*code, int(QWebSocketProtocol::CloseCodePolicyViolated));
}

void tst_HostileInput::authenticatedConnectionIsNotClosedForIdling()
{
    auto client = m_fixture.connect();
    registerAccount(*client, QStringLiteral("patient"));
    QTest::qWait(2500); // longer than the 1.5 s allowed before authentication
    QVERIFY(client->isConnected());
    QVERIFY(call(*client, QStringLiteral("ping")).ok);
}

void tst_HostileInput::handshakesPerIpAreCapped()
{
    // Four raw TCP connections that never send the upgrade request fill this IP's slots.
    std::vector<std::unique_ptr<QTcpSocket>> halfOpen;
    for (int i = 0; i < 4; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(m_fixture.url().host(), quint16(m_fixture.url().port()));
        QVERIFY(socket->waitForConnected(5000));
        halfOpen.push_back(std::move(socket));
    }
    QTest::qWait(200); // the window in which a cap set too low would drop them
    for (const auto &socket : halfOpen)
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);

    // The fifth is refused at once.
    QTcpSocket fifth;
    fifth.connectToHost(m_fixture.url().host(), quint16(m_fixture.url().port()));
    QVERIFY(fifth.waitForConnected(5000));
    QTRY_COMPARE_WITH_TIMEOUT(fifth.state(), QAbstractSocket::UnconnectedState, 900);

    // The handshake timeout (1 s) drops the silent ones and frees the slots.
    for (const auto &socket : halfOpen)
        QTRY_COMPARE_WITH_TIMEOUT(socket->state(), QAbstractSocket::UnconnectedState, 5000);
    QVERIFY(call(*m_fixture.connect(), QStringLiteral("ping")).ok);
}

QTEST_GUILESS_MAIN(tst_HostileInput)
#include "tst_hostile_input.moc"
