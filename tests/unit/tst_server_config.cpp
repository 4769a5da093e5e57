// Unit tests of parleyd's command line and ini configuration.

#include <daemon/ServerConfig.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using parley::server::CommandLineOutcome;
using parley::server::parseServerCommandLine;
using parley::server::ServerConfig;
using parley::storage::DatabaseConfig;

namespace {

CommandLineOutcome parse(const QStringList &arguments)
{
    return parseServerCommandLine(QStringList{QStringLiteral("parleyd")} + arguments);
}

} // namespace

class TestServerConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void defaults();
    void listen_data();
    void listen();
    void badListen_data();
    void badListen();
    void helpAndVersion_data();
    void helpAndVersion();
    void badArguments_data();
    void badArguments();
    void numericAndChoiceOptions();
    void badOptionValues_data();
    void badOptionValues();
    void configFile();
    void commandLineOverridesConfigFile();
    void configFileUnknownKey();
    void configFileBadValue();
    void configFileMissing();
    void configFileDatabaseUrl();
    void tlsNeedsCertAndKey_data();
    void tlsNeedsCertAndKey();
    void tlsInConfigFileNeedsBoth();
    void sqliteDatabase();
    void databaseUrl_data();
    void databaseUrl();
    void badDatabaseUrl_data();
    void badDatabaseUrl();

private:
    QString writeIni(const QByteArray &contents);

    std::unique_ptr<QTemporaryDir> m_dir;
    int m_files = 0;
};

void TestServerConfig::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

QString TestServerConfig::writeIni(const QByteArray &contents)
{
    const QString path = m_dir->filePath(QStringLiteral("parleyd-%1.ini").arg(++m_files));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(contents);
    return path;
}

void TestServerConfig::defaults()
{
    const CommandLineOutcome outcome = parse({});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.output.isEmpty(), qPrintable(outcome.output));
    QVERIFY(outcome.config);
    const ServerConfig &config = *outcome.config;
    QCOMPARE(config.listenHost, QStringLiteral("127.0.0.1"));
    QCOMPARE(config.listenPort, quint16(7600));
    QVERIFY(config.databaseUrl.isEmpty());
    QVERIFY(config.tlsCertFile.isEmpty());
    QVERIFY(config.tlsKeyFile.isEmpty());
    QVERIFY(!config.usesTls());
    QCOMPARE(config.logLevel, QStringLiteral("info"));
    QCOMPARE(config.sqliteSynchronous, QStringLiteral("FULL"));
    QVERIFY(config.hashThreads >= 1);
    QVERIFY(!config.dataDir.isEmpty());

    const auto database = config.database();
    QVERIFY(database.ok());
    QCOMPARE(database->backend, DatabaseConfig::Backend::Sqlite);
    QCOMPARE(database->sqlitePath, QDir(config.dataDir).filePath(QStringLiteral("parley.db")));
    QCOMPARE(database->sqliteSynchronous, QStringLiteral("FULL"));
}

void TestServerConfig::listen_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    const QString listen = QStringLiteral("--listen");
    QTest::newRow("port 0") << QStringList{listen, QStringLiteral("127.0.0.1:0")} << QStringLiteral("127.0.0.1") << 0;
    QTest::newRow("any address") << QStringList{listen, QStringLiteral("0.0.0.0:9000")} << QStringLiteral("0.0.0.0")
                                 << 9000;
    QTest::newRow("highest port") << QStringList{listen, QStringLiteral("127.0.0.1:65535")}
                                  << QStringLiteral("127.0.0.1") << 65535;
    QTest::newRow("IPv6 in brackets") << QStringList{listen, QStringLiteral("[::1]:7601")} << QStringLiteral("::1")
                                      << 7601;
    QTest::newRow("IPv6 any") << QStringList{listen, QStringLiteral("[::]:0")} << QStringLiteral("::") << 0;
    QTest::newRow("localhost") << QStringList{listen, QStringLiteral("localhost:7602")} << QStringLiteral("localhost")
                               << 7602;
    QTest::newRow("--listen=VALUE") << QStringList{QStringLiteral("--listen=10.1.2.3:8080")}
                                    << QStringLiteral("10.1.2.3") << 8080;
}

void TestServerConfig::listen()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, host);
    QFETCH(int, port);
    const CommandLineOutcome outcome = parse(arguments);
    QVERIFY2(outcome.config, qPrintable(outcome.output));
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(outcome.config->listenHost, host);
    QCOMPARE(int(outcome.config->listenPort), port);
}

void TestServerConfig::badListen_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("empty") << QString();
    QTest::newRow("no port") << QStringLiteral("127.0.0.1");
    QTest::newRow("no host") << QStringLiteral(":7600");
    QTest::newRow("empty port") << QStringLiteral("127.0.0.1:");
    QTest::newRow("port 65536") << QStringLiteral("127.0.0.1:65536");
    QTest::newRow("port 99999999999") << QStringLiteral("127.0.0.1:99999999999");
    QTest::newRow("negative port") << QStringLiteral("127.0.0.1:-1");
    QTest::newRow("named port") << QStringLiteral("127.0.0.1:http");
    QTest::newRow("port with junk") << QStringLiteral("127.0.0.1:80x");
    QTest::newRow("host name") << QStringLiteral("example.com:7600");
    QTest::newRow("bad IPv4") << QStringLiteral("999.1.1.1:7600");
    QTest::newRow("bad IPv6") << QStringLiteral("[::g]:7600");
    QTest::newRow("words") << QStringLiteral("anywhere");
}

void TestServerConfig::badListen()
{
    QFETCH(QString, value);
    const CommandLineOutcome outcome = parse({QStringLiteral("--listen"), value});
    QVERIFY(!outcome.config);
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
    QVERIFY2(!outcome.output.trimmed().contains(QLatin1Char('\n')), qPrintable(outcome.output));
}

void TestServerConfig::helpAndVersion_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<bool>("help");
    QTest::newRow("--help") << QStringLiteral("--help") << true;
    QTest::newRow("-h") << QStringLiteral("-h") << true;
    QTest::newRow("--version") << QStringLiteral("--version") << false;
    QTest::newRow("-v") << QStringLiteral("-v") << false;
}

void TestServerConfig::helpAndVersion()
{
    QFETCH(QString, argument);
    QFETCH(bool, help);
    const CommandLineOutcome outcome = parse({argument});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(!outcome.config); // print and exit, do not run
    if (help) {
        for (const char *option : {"--listen", "--config", "--data", "--database", "--tls-cert", "--tls-key"})
            QVERIFY2(outcome.output.contains(QLatin1StringView(option)), option);
    } else {
        QCOMPARE(outcome.output, QStringLiteral("parleyd " PARLEY_VERSION));
    }

    // Help wins over a broken value elsewhere on the line.
    const CommandLineOutcome withJunk = parse({argument, QStringLiteral("--listen"), QStringLiteral("nope")});
    QCOMPARE(withJunk.exitCode, 0);
}

void TestServerConfig::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("unknown long flag") << QStringList{QStringLiteral("--bogus")};
    QTest::newRow("unknown flag with value") << QStringList{QStringLiteral("--port"), QStringLiteral("7600")};
    QTest::newRow("unknown short flag") << QStringList{QStringLiteral("-x")};
    QTest::newRow("missing value") << QStringList{QStringLiteral("--listen")};
    QTest::newRow("positional argument") << QStringList{QStringLiteral("serve")};
    QTest::newRow("value without flag") << QStringList{QStringLiteral("127.0.0.1:7600")};
    QTest::newRow("unknown after a good one")
        << QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:1"), QStringLiteral("--nope")};
}

void TestServerConfig::badArguments()
{
    QFETCH(QStringList, arguments);
    const CommandLineOutcome outcome = parse(arguments);
    QVERIFY(!outcome.config);
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
}

void TestServerConfig::numericAndChoiceOptions()
{
    const CommandLineOutcome outcome = parse({
        QStringLiteral("--data"),
        m_dir->path(),
        QStringLiteral("--argon2-ops"),
        QStringLiteral("3"),
        QStringLiteral("--argon2-memory-kib"),
        QStringLiteral("4096"),
        QStringLiteral("--hash-threads"),
        QStringLiteral("5"),
        QStringLiteral("--max-handshakes-per-ip"),
        QStringLiteral("7"),
        QStringLiteral("--handshake-timeout-ms"),
        QStringLiteral("1500"),
        QStringLiteral("--auth-timeout-ms"),
        QStringLiteral("2500"),
        QStringLiteral("--sqlite-synchronous"),
        QStringLiteral("normal"),
        QStringLiteral("--log-level"),
        QStringLiteral("debug"),
    });
    QVERIFY2(outcome.config, qPrintable(outcome.output));
    const ServerConfig &config = *outcome.config;
    QCOMPARE(config.dataDir, m_dir->path());
    QCOMPARE(config.argon2.opsLimit, quint64(3));
    QCOMPARE(config.argon2.memoryKib, quint64(4096));
    QCOMPARE(config.hashThreads, 5);
    QCOMPARE(config.maxHandshakesPerIp, 7);
    QCOMPARE(config.handshakeTimeoutMs, 1500);
    QCOMPARE(config.authTimeoutMs, 2500);
    QCOMPARE(config.sqliteSynchronous, QStringLiteral("NORMAL"));
    QCOMPARE(config.logLevel, QStringLiteral("debug"));
    QCOMPARE(config.database()->sqliteSynchronous, QStringLiteral("NORMAL"));
}

void TestServerConfig::badOptionValues_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<QString>("value");
    QTest::newRow("hash-threads 0") << QStringLiteral("--hash-threads") << QStringLiteral("0");
    QTest::newRow("hash-threads word") << QStringLiteral("--hash-threads") << QStringLiteral("many");
    QTest::newRow("argon2-ops 0") << QStringLiteral("--argon2-ops") << QStringLiteral("0");
    QTest::newRow("argon2-ops 65") << QStringLiteral("--argon2-ops") << QStringLiteral("65");
    QTest::newRow("argon2-memory-kib 7") << QStringLiteral("--argon2-memory-kib") << QStringLiteral("7");
    QTest::newRow("auth-timeout-ms 99") << QStringLiteral("--auth-timeout-ms") << QStringLiteral("99");
    QTest::newRow("handshake-timeout-ms empty") << QStringLiteral("--handshake-timeout-ms") << QString();
    QTest::newRow("log-level verbose") << QStringLiteral("--log-level") << QStringLiteral("verbose");
    QTest::newRow("sqlite-synchronous OFF") << QStringLiteral("--sqlite-synchronous") << QStringLiteral("OFF");
}

void TestServerConfig::badOptionValues()
{
    QFETCH(QString, option);
    QFETCH(QString, value);
    const CommandLineOutcome outcome = parse({option, value});
    QVERIFY(!outcome.config);
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
}

void TestServerConfig::configFile()
{
    const QString data = m_dir->filePath(QStringLiteral("data"));
    const QString path = writeIni("listen=0.0.0.0:9000\n"
                                  "data=" +
                                  data.toUtf8() +
                                  "\n"
                                  "log-level=debug\n"
                                  "sqlite-synchronous=normal\n"
                                  "hash-threads=3\n"
                                  "auth-timeout-ms=4000\n"
                                  "tls-cert=/etc/parley/cert.pem\n"
                                  "tls-key=/etc/parley/key.pem\n");
    QVERIFY(!path.isEmpty());
    const CommandLineOutcome outcome = parse({QStringLiteral("--config"), path});
    QVERIFY2(outcome.config, qPrintable(outcome.output));
    QCOMPARE(outcome.exitCode, 0);
    const ServerConfig &config = *outcome.config;
    QCOMPARE(config.listenHost, QStringLiteral("0.0.0.0"));
    QCOMPARE(config.listenPort, quint16(9000));
    QCOMPARE(config.dataDir, data);
    QCOMPARE(config.logLevel, QStringLiteral("debug"));
    QCOMPARE(config.sqliteSynchronous, QStringLiteral("NORMAL"));
    QCOMPARE(config.hashThreads, 3);
    QCOMPARE(config.authTimeoutMs, 4000);
    QCOMPARE(config.tlsCertFile, QStringLiteral("/etc/parley/cert.pem"));
    QCOMPARE(config.tlsKeyFile, QStringLiteral("/etc/parley/key.pem"));
    QVERIFY(config.usesTls());
    QCOMPARE(config.sqlitePath(), QDir(data).filePath(QStringLiteral("parley.db")));
}

void TestServerConfig::commandLineOverridesConfigFile()
{
    const QString path = writeIni("listen=0.0.0.0:9000\nlog-level=debug\nhash-threads=3\n");
    QVERIFY(!path.isEmpty());

    // The command line wins wherever it stands relative to --config.
    const QList<QStringList> orders{
        {QStringLiteral("--config"), path, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:9001"),
         QStringLiteral("--log-level"), QStringLiteral("warning")},
        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:9001"), QStringLiteral("--log-level"),
         QStringLiteral("warning"), QStringLiteral("--config"), path},
    };
    for (const QStringList &arguments : orders) {
        const CommandLineOutcome outcome = parse(arguments);
        QVERIFY2(outcome.config, qPrintable(outcome.output));
        QCOMPARE(outcome.config->listenHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(outcome.config->listenPort, quint16(9001));
        QCOMPARE(outcome.config->logLevel, QStringLiteral("warning"));
        QCOMPARE(outcome.config->hashThreads, 3); // not overridden: from the file
    }

    // The file must be valid on its own: a broken value there is reported, not masked by
    // the command line.
    const QString broken = writeIni("listen=nowhere\n");
    const CommandLineOutcome outcome =
        parse({QStringLiteral("--config"), broken, QStringLiteral("--listen"), QStringLiteral("127.0.0.1:1")});
    QCOMPARE(outcome.exitCode, 2);
}

void TestServerConfig::configFileUnknownKey()
{
    const QString path = writeIni("listen=127.0.0.1:7600\nbogus-key=1\n");
    QVERIFY(!path.isEmpty());
    const CommandLineOutcome outcome = parse({QStringLiteral("--config"), path});
    QVERIFY(!outcome.config);
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
    QVERIFY2(outcome.output.contains(QLatin1StringView("bogus-key")), qPrintable(outcome.output));

    // "config" itself is a command-line option, not a key of the file.
    const QString nested = writeIni("config=/etc/other.ini\n");
    QCOMPARE(parse({QStringLiteral("--config"), nested}).exitCode, 2);
    // Keys are exact.
    const QString upper = writeIni("Listen=127.0.0.1:7600\n");
    QCOMPARE(parse({QStringLiteral("--config"), upper}).exitCode, 2);
}

void TestServerConfig::configFileBadValue()
{
    const QString path = writeIni("hash-threads=0\n");
    const CommandLineOutcome outcome = parse({QStringLiteral("--config"), path});
    QVERIFY(!outcome.config);
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
    QVERIFY2(outcome.output.contains(path), qPrintable(outcome.output));
}

void TestServerConfig::configFileMissing()
{
    const CommandLineOutcome outcome =
        parse({QStringLiteral("--config"), m_dir->filePath(QStringLiteral("does-not-exist.ini"))});
    QVERIFY(!outcome.config);
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
}

void TestServerConfig::configFileDatabaseUrl()
{
    // The same URL forms as on the command line, percent-encoded socket directory included.
    const QString path = writeIni("database=postgresql://parley@%2Ftmp%2Fsock/chat\n");
    const CommandLineOutcome outcome = parse({QStringLiteral("--config"), path});
    QVERIFY2(outcome.config, qPrintable(outcome.output));
    QCOMPARE(outcome.config->databaseUrl, QStringLiteral("postgresql://parley@%2Ftmp%2Fsock/chat"));
    const auto database = outcome.config->database();
    QVERIFY2(database.ok(), qPrintable(database.ok() ? QString() : database.error()));
    QCOMPARE(database->host, QStringLiteral("/tmp/sock"));
    QCOMPARE(database->databaseName, QStringLiteral("chat"));
}

void TestServerConfig::tlsNeedsCertAndKey_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("valid");
    const QString cert = QStringLiteral("--tls-cert");
    const QString key = QStringLiteral("--tls-key");
    QTest::newRow("cert only") << QStringList{cert, QStringLiteral("/c.pem")} << false;
    QTest::newRow("key only") << QStringList{key, QStringLiteral("/k.pem")} << false;
    QTest::newRow("both") << QStringList{cert, QStringLiteral("/c.pem"), key, QStringLiteral("/k.pem")} << true;
    QTest::newRow("neither") << QStringList{} << true;
}

void TestServerConfig::tlsNeedsCertAndKey()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, valid);
    const CommandLineOutcome outcome = parse(arguments);
    QCOMPARE(bool(outcome.config), valid);
    if (valid) {
        QCOMPARE(outcome.exitCode, 0);
        QCOMPARE(outcome.config->usesTls(), !arguments.isEmpty());
    } else {
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
    }
}

void TestServerConfig::tlsInConfigFileNeedsBoth()
{
    const QString certOnly = writeIni("tls-cert=/c.pem\n");
    QCOMPARE(parse({QStringLiteral("--config"), certOnly}).exitCode, 2);
    // The file gives the cert, the command line the key: together they are complete.
    const CommandLineOutcome outcome =
        parse({QStringLiteral("--config"), certOnly, QStringLiteral("--tls-key"), QStringLiteral("/k.pem")});
    QVERIFY2(outcome.config, qPrintable(outcome.output));
    QVERIFY(outcome.config->usesTls());
    QCOMPARE(outcome.config->tlsCertFile, QStringLiteral("/c.pem"));
    QCOMPARE(outcome.config->tlsKeyFile, QStringLiteral("/k.pem"));
}

void TestServerConfig::sqliteDatabase()
{
    const CommandLineOutcome outcome = parse({QStringLiteral("--data"), m_dir->path()});
    QVERIFY2(outcome.config, qPrintable(outcome.output));
    QCOMPARE(outcome.config->sqlitePath(), QDir(m_dir->path()).filePath(QStringLiteral("parley.db")));
    const auto database = outcome.config->database();
    QVERIFY(database.ok());
    QCOMPARE(database->backend, DatabaseConfig::Backend::Sqlite);
    QCOMPARE(database->sqlitePath, outcome.config->sqlitePath());
    QCOMPARE(database->qtDriverName(), QStringLiteral("QSQLITE"));
}

void TestServerConfig::databaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("database");

    QTest::newRow("host and port") << QStringLiteral("postgresql://u@host:5433/db") << QStringLiteral("host") << 5433
                                   << QStringLiteral("u") << QString() << QStringLiteral("db");
    QTest::newRow("default port") << QStringLiteral("postgresql://u@db.example.org/parley")
                                  << QStringLiteral("db.example.org") << 5432 << QStringLiteral("u") << QString()
                                  << QStringLiteral("parley");
    QTest::newRow("postgres scheme") << QStringLiteral("postgres://u@10.0.0.5/db") << QStringLiteral("10.0.0.5") << 5432
                                     << QStringLiteral("u") << QString() << QStringLiteral("db");
    QTest::newRow("with password") << QStringLiteral("postgresql://u:s3cr%40t@host/db") << QStringLiteral("host")
                                   << 5432 << QStringLiteral("u") << QStringLiteral("s3cr@t") << QStringLiteral("db");
    QTest::newRow("percent-encoded socket directory")
        << QStringLiteral("postgresql://u@%2Ftmp%2Fsock/db") << QStringLiteral("/tmp/sock") << 5432
        << QStringLiteral("u") << QString() << QStringLiteral("db");
    QTest::newRow("percent-encoded socket directory and port")
        << QStringLiteral("postgresql://u@%2Frun%2Fpostgresql:5433/db") << QStringLiteral("/run/postgresql") << 5433
        << QStringLiteral("u") << QString() << QStringLiteral("db");
    QTest::newRow("socket directory as ?host=")
        << QStringLiteral("postgresql://u@/db?host=/run/pg") << QStringLiteral("/run/pg") << 5432 << QStringLiteral("u")
        << QString() << QStringLiteral("db");
}

void TestServerConfig::databaseUrl()
{
    QFETCH(QString, url);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(QString, database);

    // No --data needed: the data lives in PostgreSQL.
    const CommandLineOutcome outcome = parse({QStringLiteral("--database"), url});
    QVERIFY2(outcome.config, qPrintable(outcome.output));
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(outcome.config->databaseUrl, url);
    const auto config = outcome.config->database();
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error()));
    QCOMPARE(config->backend, DatabaseConfig::Backend::Postgresql);
    QCOMPARE(config->qtDriverName(), QStringLiteral("QPSQL"));
    QCOMPARE(config->host, host);
    QCOMPARE(config->port, port);
    QCOMPARE(config->user, user);
    QCOMPARE(config->password, password);
    QCOMPARE(config->databaseName, database);
    if (!password.isEmpty())
        QVERIFY(!config->describe().contains(password));
}

void TestServerConfig::badDatabaseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::newRow("other scheme") << QStringLiteral("mysql://u@host/db");
    QTest::newRow("sqlite scheme") << QStringLiteral("sqlite:///var/lib/parley.db");
    QTest::newRow("no scheme") << QStringLiteral("u@host/db");
    QTest::newRow("no database") << QStringLiteral("postgresql://u@host");
    QTest::newRow("empty database") << QStringLiteral("postgresql://u@host/");
    QTest::newRow("two path segments") << QStringLiteral("postgresql://u@host/a/b");
    QTest::newRow("port not a number") << QStringLiteral("postgresql://u@host:port/db");
    QTest::newRow("port too large") << QStringLiteral("postgresql://u@host:99999/db");
    QTest::newRow("spaces") << QStringLiteral("not a url");
}

void TestServerConfig::badDatabaseUrl()
{
    QFETCH(QString, url);
    const CommandLineOutcome outcome = parse({QStringLiteral("--database"), url});
    QVERIFY2(!outcome.config, qPrintable(outcome.config ? outcome.config->database()->describe() : QString()));
    QCOMPARE(outcome.exitCode, 2);
    QVERIFY2(outcome.output.startsWith(QLatin1StringView("parleyd: ")), qPrintable(outcome.output));
}

QTEST_GUILESS_MAIN(TestServerConfig)
#include "tst_server_config.moc"
