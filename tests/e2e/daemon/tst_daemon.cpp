// End-to-end: parleyd as a process — command line, configuration file, start-up failures,
// TLS, and clean shutdown on SIGTERM.
#include <DaemonFixture.h>

#include <QCoroTask>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <storage/ThreadConnection.h>

#include <csignal>

using namespace parley;
using namespace parley::test;

class tst_Daemon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void helpAndVersion();
    void badFlagIsOneLineAndExitTwo();
    void ephemeralPortIsLogged();
    void portInUseFails();
    void unwritableDataDirFails();
    void unreachablePostgresFails();
    void newerDatabaseIsRefused();
    void configFileProvidesSettings();
    void configFileErrorsAreReported();
    void sigtermClosesConnectionsWith1001AndExitsZero();
    void sigtermFinishesRequestsInFlight();
    void servesWssWithCertificate();
    void requestsAreRateLimitedPerConnection();
    void servesHealthAndMetrics();
    void sighupReloadsTheCertificate();

private:
    static QStringList nonEmptyLines(const QString &text);
    /// Writes `content` to `name` in the scratch directory; its path, or empty when that fails.
    QString writeScratchFile(const char *name, const QByteArray &content);

    QTemporaryDir m_scratch;
};

QStringList tst_Daemon::nonEmptyLines(const QString &text)
{
    return text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QString tst_Daemon::writeScratchFile(const char *name, const QByteArray &content)
{
    QFile file(m_scratch.filePath(QString::fromLatin1(name)));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return {};
    return file.fileName();
}

void tst_Daemon::initTestCase()
{
    QVERIFY(m_scratch.isValid());
}

void tst_Daemon::helpAndVersion()
{
    ParleydProcess daemon;
    QCOMPARE(daemon.runToExit({QStringLiteral("--help")}), 0);
    const QString help = daemon.output();
    for (const char *option : {"--listen", "--data", "--database", "--config", "--tls-cert", "--tls-key"})
        QVERIFY2(help.contains(QLatin1StringView(option)), option);
    QCOMPARE(daemon.runToExit({QStringLiteral("--version")}), 0);
    QCOMPARE(daemon.output().trimmed(), QStringLiteral("parleyd " PARLEY_VERSION));
}

void tst_Daemon::badFlagIsOneLineAndExitTwo()
{
    ParleydProcess daemon;
    QCOMPARE(daemon.runToExit({QStringLiteral("--no-such-flag")}), 2);
    QCOMPARE(nonEmptyLines(daemon.output()).size(), 1);
    QVERIFY(daemon.output().startsWith(QLatin1StringView("parleyd: ")));
    QCOMPARE(daemon.runToExit({QStringLiteral("--listen"), QStringLiteral("nonsense")}), 2);
    QCOMPARE(nonEmptyLines(daemon.output()).size(), 1);
}

void tst_Daemon::ephemeralPortIsLogged()
{
    ParleydProcess daemon;
    QVERIFY2(daemon.start(daemon.ownDataArgs()), qPrintable(daemon.output()));
    QCOMPARE(daemon.url().scheme(), QStringLiteral("ws"));
    QCOMPARE(daemon.url().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(daemon.url().port() > 0);
    QVERIFY(daemon.output().contains(QStringLiteral("listening on ws://127.0.0.1:%1").arg(daemon.url().port())));
    auto client = connectClient(daemon.url());
    QVERIFY(client);
    QCOMPARE(client->hello()->protocol, 1);
    QVERIFY(QFile::exists(daemon.dataDir() + QStringLiteral("/parley.db")));
    QCOMPARE(daemon.terminate(), 0);
}

void tst_Daemon::portInUseFails()
{
    QTcpServer occupier;
    QVERIFY(occupier.listen(QHostAddress::LocalHost, 0));
    ParleydProcess daemon;
    const QStringList args =
        daemon.ownDataArgs({QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(occupier.serverPort())});
    QCOMPARE(daemon.runToExit(args), 1);
    const QStringList lines = nonEmptyLines(daemon.output());
    QVERIFY2(lines.last().startsWith(QLatin1StringView("parleyd: cannot listen on")), qPrintable(daemon.output()));
}

void tst_Daemon::unwritableDataDirFails()
{
    // A path below a regular file can never be created, not even by root.
    QFile file(m_scratch.filePath(QStringLiteral("a-file")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    ParleydProcess daemon;
    QCOMPARE(daemon.runToExit(ParleydProcess::fastArgs() +
                              QStringList{QStringLiteral("--data"), file.fileName() + QStringLiteral("/data")}),
             1);
    QVERIFY2(nonEmptyLines(daemon.output()).last().contains(QLatin1StringView("data directory")),
             qPrintable(daemon.output()));
}

void tst_Daemon::unreachablePostgresFails()
{
    ParleydProcess daemon;
    QCOMPARE(daemon.runToExit(ParleydProcess::fastArgs() +
                              QStringList{QStringLiteral("--database"),
                                          QStringLiteral("postgresql://nobody@/parley?host=/nonexistent-parley-dir")}),
             1);
    const QString last = nonEmptyLines(daemon.output()).last();
    QVERIFY2(last.startsWith(QLatin1StringView("parleyd: cannot open postgresql://")), qPrintable(last));
}

void tst_Daemon::newerDatabaseIsRefused()
{
    ParleydProcess daemon;
    const QStringList args = daemon.ownDataArgs();
    QVERIFY(daemon.start(args));
    QCOMPARE(daemon.terminate(), 0);
    {
        const auto config = storage::DatabaseConfig::sqlite(daemon.dataDir() + QStringLiteral("/parley.db"));
        auto db = storage::threadConnection(config);
        QVERIFY(db);
        QSqlQuery query(db.value());
        QVERIFY(query.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (9999, 0)")));
        query.finish();
        db.value() = QSqlDatabase();
        storage::closeThreadConnection(config);
    }
    QCOMPARE(daemon.runToExit(args), 1);
    const QString last = nonEmptyLines(daemon.output()).last();
    QVERIFY2(last.contains(QLatin1StringView("newer")), qPrintable(last));
}

void tst_Daemon::configFileProvidesSettings()
{
    ParleydProcess daemon;
    const QString iniPath = writeScratchFile(
        "parleyd.conf", "; a comment\nlisten = 127.0.0.1:0\nargon2-ops = 1\nargon2-memory-kib = 8\n" +
                            QString(QStringLiteral("data = ") + daemon.dataDir() + QStringLiteral("\n")).toUtf8());
    QVERIFY(!iniPath.isEmpty());
    QVERIFY2(daemon.start({QStringLiteral("--config"), iniPath}), qPrintable(daemon.output()));
    QVERIFY(QFile::exists(daemon.dataDir() + QStringLiteral("/parley.db")));
    const Person configured = DaemonFixture::newUserAt(daemon.url(), QStringLiteral("configured"));
    QVERIFY(configured.client->isConnected());
    QCOMPARE(daemon.terminate(), 0);
}

void tst_Daemon::configFileErrorsAreReported()
{
    ParleydProcess daemon;
    const QString iniPath = writeScratchFile("bad.conf", "listen = 127.0.0.1:0\nlisten-port = 7\n");
    QVERIFY(!iniPath.isEmpty());
    QCOMPARE(daemon.runToExit({QStringLiteral("--config"), iniPath}), 2);
    QVERIFY2(daemon.output().contains(QLatin1StringView("unknown key 'listen-port'")), qPrintable(daemon.output()));
    QCOMPARE(daemon.runToExit({QStringLiteral("--config"), m_scratch.filePath(QStringLiteral("missing.conf"))}), 2);
    QCOMPARE(nonEmptyLines(daemon.output()).size(), 1);
}

void tst_Daemon::sigtermClosesConnectionsWith1001AndExitsZero()
{
    ParleydProcess daemon;
    QVERIFY(daemon.start(daemon.ownDataArgs()));
    auto anonymous = connectClient(daemon.url());
    auto member = connectClient(daemon.url());
    QVERIFY(anonymous && member);
    registerAccount(*member, QStringLiteral("leaving"));

    QSignalSpy anonymousClosed(&anonymous->socket(), &QWebSocket::disconnected);
    QSignalSpy memberClosed(&member->socket(), &QWebSocket::disconnected);
    ::kill(pid_t(daemon.pid()), SIGTERM);
    QTRY_VERIFY_WITH_TIMEOUT(anonymousClosed.size() == 1 && memberClosed.size() == 1, 10000);
    QCOMPARE(int(anonymous->socket().closeCode()), int(QWebSocketProtocol::CloseCodeGoingAway));
    QCOMPARE(int(member->socket().closeCode()), int(QWebSocketProtocol::CloseCodeGoingAway));
    QCOMPARE(daemon.terminate(), 0); // already exiting; collects the status
    QVERIFY(daemon.output().contains(QLatin1StringView("shutting down")));
}

void tst_Daemon::sigtermFinishesRequestsInFlight()
{
    // Registrations sent right before SIGTERM are answered (or never started): whatever was
    // acknowledged must be in the database after the restart.
    ParleydProcess daemon;
    const QStringList args = daemon.ownDataArgs();
    QVERIFY(daemon.start(args));
    auto client = connectClient(daemon.url());
    QVERIFY(client);
    constexpr int kRequests = 20;
    QList<QString> acknowledged;
    QSignalSpy frames(&client->socket(), &QWebSocket::textMessageReceived);
    for (int i = 0; i < kRequests; ++i) {
        client->sendRawText(
            QStringLiteral("{\"id\":\"r%1\",\"op\":\"auth.register\",\"data\":{\"username\":\"inflight%1\","
                           "\"password\":\"password%1\"}}")
                .arg(i));
    }
    ::kill(pid_t(daemon.pid()), SIGTERM);
    QSignalSpy closed(&client->socket(), &QWebSocket::disconnected);
    QTRY_VERIFY_WITH_TIMEOUT(closed.size() == 1 || !client->isConnected(), 10000);
    for (const QList<QVariant> &frame : std::as_const(frames)) {
        const QString text = frame.first().toString();
        if (text.contains(QLatin1StringView("\"ok\":true"))) {
            const qsizetype at = text.indexOf(QLatin1StringView("\"username\":\"")) + 12;
            acknowledged.append(text.mid(at, text.indexOf(QLatin1Char('"'), at) - at));
        }
    }
    QCOMPARE(daemon.terminate(), 0);

    QVERIFY(daemon.start(args));
    for (const QString &username : std::as_const(acknowledged)) {
        auto again = connectClient(daemon.url());
        QVERIFY(again);
        const Reply login = call(*again, QStringLiteral("auth.login"),
                                 {{QStringLiteral("username"), username},
                                  {QStringLiteral("password"), QString(QStringLiteral("password") + username.mid(8))}});
        QVERIFY2(login.ok, qPrintable(username + QStringLiteral(": ") + login.error.message));
    }
    QCOMPARE(daemon.terminate(), 0);
}

void tst_Daemon::servesWssWithCertificate()
{
    const QString cert = m_scratch.filePath(QStringLiteral("cert.pem"));
    const QString key = m_scratch.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
                   QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=localhost")});
    QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0, "openssl could not make a test certificate");

    ParleydProcess daemon;
    QVERIFY2(daemon.start(daemon.ownDataArgs({QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key})),
             qPrintable(daemon.output()));
    QCOMPARE(daemon.url().scheme(), QStringLiteral("wss"));

    net::ProtocolClient client;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromPath(cert));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // self-signed, and issued for "localhost"
    client.socket().setSslConfiguration(tls);
    QVERIFY(QCoro::waitFor(client.open(daemon.url())));
    QCOMPARE(client.hello()->protocol, 1);
    registerAccount(client, QStringLiteral("secure"));

    // A plain ws:// client gets nowhere on the TLS port.
    net::ProtocolClient plain;
    QUrl plainUrl = daemon.url();
    plainUrl.setScheme(QStringLiteral("ws"));
    QVERIFY(!QCoro::waitFor(plain.open(plainUrl, {}, std::chrono::milliseconds(3000))));
    QCOMPARE(daemon.terminate(), 0);

    ParleydProcess broken;
    QCOMPARE(
        broken.runToExit(broken.ownDataArgs({QStringLiteral("--tls-cert"), key, QStringLiteral("--tls-key"), key})), 1);
    QVERIFY2(broken.output().contains(QLatin1StringView("certificate")), qPrintable(broken.output()));
}

void tst_Daemon::requestsAreRateLimitedPerConnection()
{
    ParleydProcess daemon;
    QVERIFY(daemon.start(daemon.ownDataArgs(
        {QStringLiteral("--rate-limit"), QStringLiteral("2"), QStringLiteral("--rate-burst"), QStringLiteral("3")})));
    auto client = connectClient(daemon.url());
    QVERIFY(client);
    QSignalSpy frames(&client->socket(), &QWebSocket::textMessageReceived);
    for (int i = 0; i < 10; ++i)
        client->sendRawText(QStringLiteral("{\"id\":\"p%1\",\"op\":\"ping\"}").arg(i));
    QTRY_COMPARE_WITH_TIMEOUT(frames.size(), 10, 5000);
    int accepted = 0;
    int limited = 0;
    for (const QList<QVariant> &frame : std::as_const(frames)) {
        const QJsonObject reply = QJsonDocument::fromJson(frame.first().toString().toUtf8()).object();
        if (reply.value(QLatin1StringView("ok")).toBool()) {
            ++accepted;
            continue;
        }
        const QJsonObject error = reply.value(QLatin1StringView("error")).toObject();
        QCOMPARE(error.value(QLatin1StringView("code")).toString(), QStringLiteral("rate_limited"));
        QVERIFY(error.value(QLatin1StringView("retry_after_ms")).toDouble() > 0);
        QVERIFY(reply.value(QLatin1StringView("re")).isString()); // answered for that request
        ++limited;
    }
    QVERIFY2(accepted >= 3 && accepted <= 4, qPrintable(QString::number(accepted))); // the burst, maybe one refill
    QCOMPARE(accepted + limited, 10);
    QTest::qWait(600); // a token refills every 500 ms
    QVERIFY(call(*client, QStringLiteral("ping")).ok);
    // Another connection has its own budget.
    auto other = connectClient(daemon.url());
    QVERIFY(call(*other, QStringLiteral("ping")).ok);
    QCOMPARE(daemon.terminate(), 0);
}

namespace {

// A plain HTTP/1.0 GET; returns the status line and body.
QPair<QString, QString> httpGet(const QUrl &base, const QString &path)
{
    QTcpSocket socket;
    socket.connectToHost(base.host(), quint16(base.port()));
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(QStringLiteral("GET %1 HTTP/1.0\r\nHost: localhost\r\n\r\n").arg(path).toLatin1());
    QByteArray response;
    static const QRegularExpression contentLength(QStringLiteral("content-length: *(\\d+)"),
                                                  QRegularExpression::CaseInsensitiveOption);
    while (socket.waitForReadyRead(5000)) {
        response += socket.readAll();
        const qsizetype headerEnd = response.indexOf("\r\n\r\n");
        const auto length = contentLength.match(QString::fromLatin1(response.left(headerEnd)));
        if (headerEnd >= 0 && length.hasMatch() && response.size() - headerEnd - 4 >= length.captured(1).toInt())
            break; // the server keeps the connection open; the body is complete
    }
    const QString text = QString::fromUtf8(response);
    return {text.section(QStringLiteral("\r\n"), 0, 0), text.section(QStringLiteral("\r\n\r\n"), 1)};
}

} // namespace

void tst_Daemon::servesHealthAndMetrics()
{
    ParleydProcess daemon;
    QVERIFY(daemon.start(daemon.ownDataArgs({QStringLiteral("--metrics"), QStringLiteral("0")})));
    const auto match = QRegularExpression(QStringLiteral("metrics on (http://[^\\s]+)")).match(daemon.output());
    QVERIFY2(match.hasMatch(), qPrintable(daemon.output()));
    const QUrl metrics(match.captured(1));
    QCOMPARE(metrics.host(), QStringLiteral("127.0.0.1")); // a bare port means loopback

    QTRY_VERIFY_WITH_TIMEOUT(httpGet(metrics, QStringLiteral("/health")).first.contains(QLatin1StringView("200")),
                             5000);
    QCOMPARE(httpGet(metrics, QStringLiteral("/health")).second, QStringLiteral("ok\n"));

    Person metered = DaemonFixture::newUserAt(daemon.url(), QStringLiteral("metered"));
    QVERIFY(metered.call("ping").ok);
    QVERIFY(!call(*metered.client, QStringLiteral("messages.history"),
                  {{QStringLiteral("conversation_id"), QStringLiteral("nope")}})
                 .ok);
    const QString body = httpGet(metrics, QStringLiteral("/metrics")).second;
    QVERIFY2(body.contains(QLatin1StringView("parley_connections 1")), qPrintable(body));
    QVERIFY(body.contains(QLatin1StringView("parley_sessions_authenticated 1")));
    QVERIFY(body.contains(QLatin1StringView("parley_requests_total{op=\"ping\",outcome=\"ok\"} 1")));
    QVERIFY(body.contains(QLatin1StringView("parley_requests_total{op=\"messages.history\",outcome=\"not_found\"} 1")));
    QVERIFY(body.contains(QLatin1StringView("parley_request_duration_milliseconds_bucket{le=\"+Inf\"}")));
    QVERIFY(body.contains(QLatin1StringView("parley_commit_batch_size_bucket")));
    QVERIFY(body.contains(QLatin1StringView("parley_commit_duration_milliseconds_count")));
    QVERIFY(!body.contains(QLatin1StringView("correct horse"))); // never a secret
    QVERIFY(httpGet(metrics, QStringLiteral("/nothing-here")).first.contains(QLatin1StringView("404")));
    QCOMPARE(daemon.terminate(), 0);
    // Logs carry no message text, password or token either.
    QVERIFY(!daemon.output().contains(QLatin1StringView("correct horse")));
}

namespace {

bool makeCertificate(const QString &commonName, const QString &cert, const QString &key)
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"), key,
                   QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=") + commonName});
    return openssl.waitForFinished(60000) && openssl.exitCode() == 0;
}

QString servedCommonName(const QUrl &url)
{
    net::ProtocolClient client;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    client.socket().setSslConfiguration(tls);
    if (!QCoro::waitFor(client.open(url)))
        return {};
    return client.socket().sslConfiguration().peerCertificate().subjectInfo(QSslCertificate::CommonName).value(0);
}

} // namespace

void tst_Daemon::sighupReloadsTheCertificate()
{
    const QString cert = m_scratch.filePath(QStringLiteral("served-cert.pem"));
    const QString key = m_scratch.filePath(QStringLiteral("served-key.pem"));
    QVERIFY(makeCertificate(QStringLiteral("alpha"), cert, key));
    ParleydProcess daemon;
    QVERIFY2(daemon.start(daemon.ownDataArgs({QStringLiteral("--tls-cert"), cert, QStringLiteral("--tls-key"), key})),
             qPrintable(daemon.output()));
    QCOMPARE(servedCommonName(daemon.url()), QStringLiteral("alpha"));

    QVERIFY(makeCertificate(QStringLiteral("beta"), cert, key));
    ::kill(pid_t(daemon.pid()), SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(daemon.output().contains(QLatin1StringView("reloaded")), 5000);
    QCOMPARE(servedCommonName(daemon.url()), QStringLiteral("beta"));

    // A broken certificate is refused and the running one stays.
    QFile broken(cert);
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("not a certificate");
    broken.close();
    ::kill(pid_t(daemon.pid()), SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(daemon.output().contains(QLatin1StringView("keeping the running certificate")), 5000);
    QCOMPARE(servedCommonName(daemon.url()), QStringLiteral("beta"));
    QCOMPARE(daemon.terminate(), 0);
}

QTEST_GUILESS_MAIN(tst_Daemon)
#include "tst_daemon.moc"
