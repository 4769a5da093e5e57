// Unit tests of the auth.* message structs (PROTOCOL.md, "Ops": auth.register, auth.login,
// auth.resume) and of the value objects they carry: User, Hello, timestamps.

#include <protocol/AuthPayloads.h>
#include <protocol/Limits.h>
#include <protocol/Timestamp.h>
#include <protocol/UserPayloads.h>

#include <OptionalToString.h>

#include <QJsonArray>
#include <QTest>

#include <time.h>

using namespace parley;

namespace {

// 2026-11-21T10:00:00.123Z
constexpr qint64 kSampleMs = 1795255200123;

const QString kGoodPassword = QStringLiteral("correct horse");

QJsonObject registerData(const QJsonValue &username, const QJsonValue &password = kGoodPassword)
{
    QJsonObject data;
    if (!username.isUndefined())
        data.insert(QStringLiteral("username"), username);
    if (!password.isUndefined())
        data.insert(QStringLiteral("password"), password);
    return data;
}

QString repeated(const QString &unit, int count)
{
    return unit.repeated(count);
}

} // namespace

class TestAuthMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void registerUsername_data();
    void registerUsername();
    void registerPassword_data();
    void registerPassword();
    void registerDisplayName_data();
    void registerDisplayName();
    void registerWrongTypes_data();
    void registerWrongTypes();
    void registerRoundTrip();
    void isValidUsername_data();
    void isValidUsername();

    void loginShapes_data();
    void loginShapes();
    void loginNormalises();
    void loginChecksShapesOnly();
    void loginRoundTrip();

    void resumeShapes_data();
    void resumeShapes();
    void resumeRoundTrip();

    void authReplyRoundTrip();
    void authReplyRejectsBadUser();
    void userRoundTrip();
    void userFromJsonRequiresIdAndUsername();
    void helloRoundTrip();
    void helloRejectsBadInput();

    void timestampFormat_data();
    void timestampFormat();
    void timestampParse_data();
    void timestampParse();
    void timestampRejects_data();
    void timestampRejects();
};

void TestAuthMessages::initTestCase()
{
    // Run in a zone far from UTC, so that any accidental use of local time shows.
    qputenv("TZ", "PLY-05:30");
    tzset();
}

void TestAuthMessages::registerUsername_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("stored");

    QTest::newRow("2 chars") << QStringLiteral("ab") << false << QString();
    QTest::newRow("3 chars") << QStringLiteral("abc") << true << QStringLiteral("abc");
    QTest::newRow("32 chars") << repeated(QStringLiteral("a"), 32) << true << repeated(QStringLiteral("a"), 32);
    QTest::newRow("33 chars") << repeated(QStringLiteral("a"), 33) << false << QString();
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("1 char") << QStringLiteral("a") << false << QString();
    QTest::newRow("upper case") << QStringLiteral("ALICE") << true << QStringLiteral("alice");
    QTest::newRow("mixed case and all allowed kinds") << QStringLiteral("Al_1.Ce") << true << QStringLiteral("al_1.ce");
    QTest::newRow("32 upper case") << repeated(QStringLiteral("Z"), 32) << true << repeated(QStringLiteral("z"), 32);
    QTest::newRow("2 upper case") << QStringLiteral("AB") << false << QString();
    QTest::newRow("digits only") << QStringLiteral("007") << true << QStringLiteral("007");
    QTest::newRow("dots only") << QStringLiteral("...") << true << QStringLiteral("...");
    QTest::newRow("underscores") << QStringLiteral("___") << true << QStringLiteral("___");
    QTest::newRow("hyphen") << QStringLiteral("bad-name") << false << QString();
    QTest::newRow("space inside") << QStringLiteral("bad name") << false << QString();
    QTest::newRow("leading space") << QStringLiteral(" alice") << false << QString();
    QTest::newRow("trailing space") << QStringLiteral("alice ") << false << QString();
    QTest::newRow("tab") << QStringLiteral("ali\tce") << false << QString();
    QTest::newRow("e acute") << QStringLiteral("josé") << false << QString();
    QTest::newRow("upper E acute") << QStringLiteral("JOSÉ") << false << QString();
    QTest::newRow("emoji") << QStringLiteral("ali😀") << false << QString();
    QTest::newRow("cyrillic a") << QStringLiteral("аlice") << false << QString();
    QTest::newRow("fullwidth a") << QStringLiteral("ａlice") << false << QString();
    QTest::newRow("at sign") << QStringLiteral("a@b.c") << false << QString();
    QTest::newRow("slash") << QStringLiteral("a/b") << false << QString();
    QTest::newRow("plus") << QStringLiteral("a+b") << false << QString();
    QTest::newRow("NUL") << QString(QStringLiteral("abc") + QChar(0)) << false << QString();
    QTest::newRow("newline") << QStringLiteral("abc\n") << false << QString();
}

void TestAuthMessages::registerUsername()
{
    QFETCH(QString, username);
    QFETCH(bool, valid);
    QFETCH(QString, stored);

    const auto request = RegisterRequest::fromJson(registerData(username));
    if (valid) {
        QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().message));
        QCOMPARE(request->username, stored);
        QCOMPARE(request->password, kGoodPassword);
        QCOMPARE(request->displayName, stored); // defaults to the (lower-cased) username
    } else {
        QVERIFY(!request.ok());
        QCOMPARE(request.error().code, ErrorCode::BadRequest);
        QCOMPARE(request.error().field, QStringLiteral("username"));
        QVERIFY(!request.error().message.isEmpty());
    }
}

void TestAuthMessages::registerPassword_data()
{
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("valid");

    const QString eAcute = QStringLiteral("é");   // 2 bytes
    const QString euro = QStringLiteral("€");     // 3 bytes
    const QString grinning = QStringLiteral("😀"); // 4 bytes, 2 UTF-16 units

    QTest::newRow("empty") << QString() << false;
    QTest::newRow("7 bytes") << QStringLiteral("1234567") << false;
    QTest::newRow("8 bytes") << QStringLiteral("12345678") << true;
    QTest::newRow("1024 bytes") << repeated(QStringLiteral("p"), 1024) << true;
    QTest::newRow("1025 bytes") << repeated(QStringLiteral("p"), 1025) << false;
    QTest::newRow("100000 bytes") << repeated(QStringLiteral("p"), 100000) << false;
    QTest::newRow("8 spaces") << QStringLiteral("        ") << true;
    QTest::newRow("4 x e-acute = 8 bytes, 4 chars") << repeated(eAcute, 4) << true;
    QTest::newRow("3 x e-acute + 1 = 7 bytes") << QString(repeated(eAcute, 3) + u'x') << false;
    QTest::newRow("2 x emoji = 8 bytes") << repeated(grinning, 2) << true;
    QTest::newRow("emoji + 3 = 7 bytes") << QString(grinning + QStringLiteral("abc")) << false;
    QTest::newRow("euro x 2 + 1 = 7 bytes") << QString(repeated(euro, 2) + u'x') << false;
    QTest::newRow("512 x e-acute = 1024 bytes") << repeated(eAcute, 512) << true;
    QTest::newRow("512 x e-acute + 1 = 1025 bytes") << QString(repeated(eAcute, 512) + u'x') << false;
    QTest::newRow("341 x euro + 1 = 1024 bytes") << QString(repeated(euro, 341) + u'x') << true;
    QTest::newRow("342 x euro = 1026 bytes") << repeated(euro, 342) << false;
    QTest::newRow("256 x emoji = 1024 bytes") << repeated(grinning, 256) << true;
    QTest::newRow("256 x emoji + 1 = 1025 bytes") << QString(repeated(grinning, 256) + u'x') << false;
}

void TestAuthMessages::registerPassword()
{
    QFETCH(QString, password);
    QFETCH(bool, valid);

    const auto request = RegisterRequest::fromJson(registerData(QStringLiteral("alice"), password));
    if (valid) {
        QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().message));
        QCOMPARE(request->password, password); // exactly as given: never trimmed or folded
    } else {
        QVERIFY(!request.ok());
        QCOMPARE(request.error().code, ErrorCode::BadRequest);
        QCOMPARE(request.error().field, QStringLiteral("password"));
    }
}

void TestAuthMessages::registerDisplayName_data()
{
    QTest::addColumn<QJsonValue>("displayName"); // Undefined: the key is absent
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("stored");

    const QString username = QStringLiteral("alice");
    QTest::newRow("absent") << QJsonValue(QJsonValue::Undefined) << true << username;
    QTest::newRow("null") << QJsonValue(QJsonValue::Null) << true << username;
    QTest::newRow("empty") << QJsonValue(QString()) << true << username;
    QTest::newRow("blank") << QJsonValue(QStringLiteral("   \t ")) << true << username;
    QTest::newRow("plain") << QJsonValue(QStringLiteral("Alice Smith")) << true << QStringLiteral("Alice Smith");
    QTest::newRow("trimmed") << QJsonValue(QStringLiteral("  Alice Smith \t")) << true << QStringLiteral("Alice Smith");
    QTest::newRow("non-ASCII") << QJsonValue(QStringLiteral("Zoë Ångström 😀")) << true
                               << QStringLiteral("Zoë Ångström 😀");
    QTest::newRow("1 char") << QJsonValue(QStringLiteral("Z")) << true << QStringLiteral("Z");
    QTest::newRow("64 chars") << QJsonValue(repeated(QStringLiteral("d"), 64)) << true
                              << repeated(QStringLiteral("d"), 64);
    QTest::newRow("65 chars") << QJsonValue(repeated(QStringLiteral("d"), 65)) << false << QString();
    QTest::newRow("10000 chars") << QJsonValue(repeated(QStringLiteral("d"), 10000)) << false << QString();
    QTest::newRow("newline inside") << QJsonValue(QStringLiteral("Al\nice")) << false << QString();
    QTest::newRow("carriage return inside") << QJsonValue(QStringLiteral("Al\rice")) << false << QString();
    QTest::newRow("tab inside") << QJsonValue(QStringLiteral("Al\tice")) << false << QString();
    QTest::newRow("NUL inside") << QJsonValue(QString(QStringLiteral("Al") + QChar(0) + QStringLiteral("ice"))) << false
                                << QString();
    QTest::newRow("BEL inside") << QJsonValue(QStringLiteral("Al\aice")) << false << QString();
    QTest::newRow("ESC inside") << QJsonValue(QStringLiteral("Al\x1b[31mice")) << false << QString();
    QTest::newRow("DEL inside") << QJsonValue(QStringLiteral("Al\x7fice")) << false << QString();
    QTest::newRow("C1 control inside") << QJsonValue(
                                              QString(QStringLiteral("Al") + QChar(0x85) + QStringLiteral("ice")))
                                       << false << QString();
    QTest::newRow("line separator inside")
        << QJsonValue(QString(QStringLiteral("Al") + QChar(0x2028) + QStringLiteral("ice"))) << false << QString();
    QTest::newRow("right-to-left override inside")
        << QJsonValue(QString(QStringLiteral("Al") + QChar(0x202e) + QStringLiteral("ice"))) << false << QString();
    QTest::newRow("a number") << QJsonValue(42) << false << QString();
    QTest::newRow("a bool") << QJsonValue(true) << false << QString();
    QTest::newRow("an array") << QJsonValue(QJsonArray{QStringLiteral("Alice")}) << false << QString();
    QTest::newRow("an object") << QJsonValue(QJsonObject{{QStringLiteral("name"), QStringLiteral("Alice")}}) << false
                               << QString();
}

void TestAuthMessages::registerDisplayName()
{
    QFETCH(QJsonValue, displayName);
    QFETCH(bool, valid);
    QFETCH(QString, stored);

    QJsonObject data = registerData(QStringLiteral("Alice"));
    if (!displayName.isUndefined())
        data.insert(QStringLiteral("display_name"), displayName);
    const auto request = RegisterRequest::fromJson(data);
    if (valid) {
        QVERIFY2(request.ok(), qPrintable(request.ok() ? QString() : request.error().message));
        QCOMPARE(request->displayName, stored);
        QCOMPARE(request->username, QStringLiteral("alice"));
    } else {
        QVERIFY(!request.ok());
        QCOMPARE(request.error().code, ErrorCode::BadRequest);
        QCOMPARE(request.error().field, QStringLiteral("display_name"));
    }
}

void TestAuthMessages::registerWrongTypes_data()
{
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<QString>("field");

    const QJsonValue absent(QJsonValue::Undefined);
    const QString name = QStringLiteral("alice");
    QTest::newRow("empty data") << QJsonObject() << QStringLiteral("username");
    QTest::newRow("username absent") << registerData(absent) << QStringLiteral("username");
    QTest::newRow("username null") << registerData(QJsonValue::Null) << QStringLiteral("username");
    QTest::newRow("username a number") << registerData(12345) << QStringLiteral("username");
    QTest::newRow("username a bool") << registerData(true) << QStringLiteral("username");
    QTest::newRow("username an array") << registerData(QJsonArray{name}) << QStringLiteral("username");
    QTest::newRow("username an object") << registerData(QJsonObject{{QStringLiteral("v"), name}})
                                        << QStringLiteral("username");
    QTest::newRow("password absent") << registerData(name, absent) << QStringLiteral("password");
    QTest::newRow("password null") << registerData(name, QJsonValue::Null) << QStringLiteral("password");
    QTest::newRow("password a number") << registerData(name, 12345678) << QStringLiteral("password");
    QTest::newRow("password a bool") << registerData(name, false) << QStringLiteral("password");
    QTest::newRow("password an array") << registerData(name, QJsonArray{kGoodPassword}) << QStringLiteral("password");
    QTest::newRow("password an object") << registerData(name, QJsonObject{{QStringLiteral("v"), kGoodPassword}})
                                        << QStringLiteral("password");
}

void TestAuthMessages::registerWrongTypes()
{
    QFETCH(QJsonObject, data);
    QFETCH(QString, field);
    const auto request = RegisterRequest::fromJson(data);
    QVERIFY(!request.ok());
    QCOMPARE(request.error().code, ErrorCode::BadRequest);
    QCOMPARE(request.error().field, field);
    QVERIFY(!request.error().message.isEmpty());
}

void TestAuthMessages::registerRoundTrip()
{
    RegisterRequest request;
    request.username = QStringLiteral("bob.the_2nd");
    request.password = QStringLiteral("pässwörd 😀 ");
    request.displayName = QStringLiteral("Bob the Second");
    const QJsonObject json = request.toJson();
    QCOMPARE(json.value(QLatin1StringView("username")).toString(), request.username);
    QCOMPARE(json.value(QLatin1StringView("password")).toString(), request.password);
    QCOMPARE(json.value(QLatin1StringView("display_name")).toString(), request.displayName);

    const auto parsed = RegisterRequest::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->username, request.username);
    QCOMPARE(parsed->password, request.password);
    QCOMPARE(parsed->displayName, request.displayName);

    // Unknown fields are ignored.
    QJsonObject extra = json;
    extra.insert(QStringLiteral("user_id"), QStringLiteral("u-1"));
    QVERIFY(RegisterRequest::fromJson(extra).ok());
}

void TestAuthMessages::isValidUsername_data()
{
    QTest::addColumn<QString>("username");
    QTest::addColumn<bool>("valid");
    QTest::newRow("lower") << QStringLiteral("alice") << true;
    QTest::newRow("upper is not lower-cased here") << QStringLiteral("Alice") << false;
    QTest::newRow("2") << QStringLiteral("al") << false;
    QTest::newRow("3") << QStringLiteral("a.b") << true;
    QTest::newRow("32") << repeated(QStringLiteral("9"), 32) << true;
    QTest::newRow("33") << repeated(QStringLiteral("9"), 33) << false;
    QTest::newRow("hyphen") << QStringLiteral("a-b") << false;
}

void TestAuthMessages::isValidUsername()
{
    QFETCH(QString, username);
    QFETCH(bool, valid);
    QCOMPARE(parley::isValidUsername(username), valid);
}

void TestAuthMessages::loginShapes_data()
{
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<QString>("field");

    const QString user = QStringLiteral("alice");
    const QString pass = kGoodPassword;
    const auto login = [&](const QJsonValue &username, const QJsonValue &password, const QJsonValue &device) {
        QJsonObject data;
        if (!username.isUndefined())
            data.insert(QStringLiteral("username"), username);
        if (!password.isUndefined())
            data.insert(QStringLiteral("password"), password);
        if (!device.isUndefined())
            data.insert(QStringLiteral("device"), device);
        return data;
    };
    const QJsonValue absent(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);

    QTest::newRow("empty data") << QJsonObject() << QStringLiteral("username");
    QTest::newRow("username absent") << login(absent, pass, absent) << QStringLiteral("username");
    QTest::newRow("username null") << login(null, pass, absent) << QStringLiteral("username");
    QTest::newRow("username a number") << login(7, pass, absent) << QStringLiteral("username");
    QTest::newRow("username an array") << login(QJsonArray{user}, pass, absent) << QStringLiteral("username");
    QTest::newRow("password absent") << login(user, absent, absent) << QStringLiteral("password");
    QTest::newRow("password null") << login(user, null, absent) << QStringLiteral("password");
    QTest::newRow("password a number") << login(user, 12345678, absent) << QStringLiteral("password");
    QTest::newRow("password an object") << login(user, QJsonObject(), absent) << QStringLiteral("password");
    QTest::newRow("password of 100000 chars")
        << login(user, repeated(QStringLiteral("p"), 100000), absent) << QStringLiteral("password");
    QTest::newRow("device a number") << login(user, pass, 1) << QStringLiteral("device");
    QTest::newRow("device a bool") << login(user, pass, true) << QStringLiteral("device");
    QTest::newRow("device of 65 chars") << login(user, pass, repeated(QStringLiteral("d"), 65))
                                        << QStringLiteral("device");
    QTest::newRow("device with a newline") << login(user, pass, QStringLiteral("lap\ntop")) << QStringLiteral("device");
    QTest::newRow("device with NUL") << login(user, pass,
                                              QString(QStringLiteral("lap") + QChar(0) + QStringLiteral("top")))
                                     << QStringLiteral("device");
}

void TestAuthMessages::loginShapes()
{
    QFETCH(QJsonObject, data);
    QFETCH(QString, field);
    const auto request = LoginRequest::fromJson(data);
    QVERIFY(!request.ok());
    QCOMPARE(request.error().code, ErrorCode::BadRequest);
    QCOMPARE(request.error().field, field);
}

void TestAuthMessages::loginNormalises()
{
    const auto request = LoginRequest::fromJson({{QStringLiteral("username"), QStringLiteral("ALICE")},
                                                 {QStringLiteral("password"), QStringLiteral(" Secret 1 ")},
                                                 {QStringLiteral("device"), QStringLiteral("  Laptop  ")}});
    QVERIFY(request.ok());
    QCOMPARE(request->username, QStringLiteral("alice"));
    QCOMPARE(request->password, QStringLiteral(" Secret 1 ")); // never trimmed
    QCOMPARE(request->device, QStringLiteral("Laptop"));

    const auto withoutDevice = LoginRequest::fromJson(
        {{QStringLiteral("username"), QStringLiteral("bob")}, {QStringLiteral("password"), kGoodPassword}});
    QVERIFY(withoutDevice.ok());
    QVERIFY(withoutDevice->device.isEmpty());

    const auto nullDevice = LoginRequest::fromJson({{QStringLiteral("username"), QStringLiteral("bob")},
                                                    {QStringLiteral("password"), kGoodPassword},
                                                    {QStringLiteral("device"), QJsonValue::Null}});
    QVERIFY(nullDevice.ok());
    QVERIFY(nullDevice->device.isEmpty());

    const auto longestDevice = LoginRequest::fromJson({{QStringLiteral("username"), QStringLiteral("bob")},
                                                       {QStringLiteral("password"), kGoodPassword},
                                                       {QStringLiteral("device"), repeated(QStringLiteral("d"), 64)}});
    QVERIFY(longestDevice.ok());
    QCOMPARE(longestDevice->device, repeated(QStringLiteral("d"), 64));
}

void TestAuthMessages::loginChecksShapesOnly()
{
    // A username or password that registration would refuse is not a bad_request at login:
    // it must get the same `unauthorized` as a wrong one, decided later by the handler.
    const QList<std::pair<QString, QString>> attempts{
        {QStringLiteral("no-such-user"), kGoodPassword},
        {QStringLiteral("ab"), kGoodPassword},
        {QStringLiteral("josé"), kGoodPassword},
        {QStringLiteral("alice"), QStringLiteral("short")},
        {QStringLiteral("alice"), QString()},
    };
    for (const auto &[username, password] : attempts) {
        const auto request =
            LoginRequest::fromJson({{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
        QVERIFY2(request.ok(), qPrintable(QString(username + u'/' + password)));
        QCOMPARE(request->username, username.toLower());
        QCOMPARE(request->password, password);
    }
}

void TestAuthMessages::loginRoundTrip()
{
    LoginRequest request;
    request.username = QStringLiteral("carol");
    request.password = QStringLiteral("hunter2hunter2");
    request.device = QStringLiteral("Desktop");
    const auto parsed = LoginRequest::fromJson(request.toJson());
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->username, request.username);
    QCOMPARE(parsed->password, request.password);
    QCOMPARE(parsed->device, request.device);

    request.device.clear();
    QVERIFY(!request.toJson().contains(QLatin1StringView("device")));
}

void TestAuthMessages::resumeShapes_data()
{
    QTest::addColumn<QJsonObject>("data");
    QTest::addColumn<bool>("valid");

    const QString key = QStringLiteral("token");
    QTest::newRow("token") << QJsonObject{{key, QStringLiteral("abc.def")}} << true;
    QTest::newRow("128 chars") << QJsonObject{{key, repeated(QStringLiteral("t"), 128)}} << true;
    QTest::newRow("129 chars") << QJsonObject{{key, repeated(QStringLiteral("t"), 129)}} << false;
    QTest::newRow("1 MB") << QJsonObject{{key, repeated(QStringLiteral("t"), 1 << 20)}} << false;
    QTest::newRow("absent") << QJsonObject() << false;
    QTest::newRow("null") << QJsonObject{{key, QJsonValue::Null}} << false;
    QTest::newRow("a number") << QJsonObject{{key, 123}} << false;
    QTest::newRow("a bool") << QJsonObject{{key, true}} << false;
    QTest::newRow("an array") << QJsonObject{{key, QJsonArray{QStringLiteral("abc")}}} << false;
    QTest::newRow("an object") << QJsonObject{{key, QJsonObject()}} << false;
    QTest::newRow("user_id is not a token") << QJsonObject{{QStringLiteral("user_id"), QStringLiteral("u1")}} << false;
}

void TestAuthMessages::resumeShapes()
{
    QFETCH(QJsonObject, data);
    QFETCH(bool, valid);
    const auto request = ResumeRequest::fromJson(data);
    QCOMPARE(request.ok(), valid);
    if (valid) {
        QCOMPARE(request->token, data.value(QLatin1StringView("token")).toString());
    } else {
        QCOMPARE(request.error().code, ErrorCode::BadRequest);
        QCOMPARE(request.error().field, QStringLiteral("token"));
    }
}

void TestAuthMessages::resumeRoundTrip()
{
    const ResumeRequest request{QStringLiteral("tok_123")};
    const QJsonObject json = request.toJson();
    QCOMPARE(json.value(QLatin1StringView("token")).toString(), QStringLiteral("tok_123"));
    const auto parsed = ResumeRequest::fromJson(json);
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->token, request.token);
}

void TestAuthMessages::authReplyRoundTrip()
{
    AuthReply reply;
    reply.user.id = QStringLiteral("u-42");
    reply.user.username = QStringLiteral("alice");
    reply.user.displayName = QStringLiteral("Alice");
    reply.user.online = true;
    reply.token = QStringLiteral("secret-token");

    QJsonObject json = reply.toJson();
    QCOMPARE(json.value(QLatin1StringView("token")).toString(), reply.token);
    QCOMPARE(json.value(QLatin1StringView("user")).toObject().value(QLatin1StringView("id")).toString(),
             QStringLiteral("u-42"));
    auto parsed = AuthReply::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->token, reply.token);
    QCOMPARE(parsed->user.id, reply.user.id);
    QCOMPARE(parsed->user.username, reply.user.username);
    QCOMPARE(parsed->user.displayName, reply.user.displayName);
    QCOMPARE(parsed->user.online, true);

    // auth.resume replies {user} only.
    reply.token.clear();
    json = reply.toJson();
    QVERIFY(!json.contains(QLatin1StringView("token")));
    QVERIFY(json.contains(QLatin1StringView("user")));
    parsed = AuthReply::fromJson(json);
    QVERIFY(parsed);
    QVERIFY(parsed->token.isEmpty());
    QCOMPARE(parsed->user.id, reply.user.id);
}

void TestAuthMessages::authReplyRejectsBadUser()
{
    QVERIFY(!AuthReply::fromJson({}));
    QVERIFY(!AuthReply::fromJson({{QStringLiteral("token"), QStringLiteral("t")}}));
    QVERIFY(!AuthReply::fromJson({{QStringLiteral("user"), QStringLiteral("alice")}}));
    QVERIFY(!AuthReply::fromJson({{QStringLiteral("user"), QJsonObject{{QStringLiteral("username"), 1}}}}));
}

void TestAuthMessages::userRoundTrip()
{
    User user;
    user.id = QStringLiteral("u1");
    user.username = QStringLiteral("bob");
    user.displayName = QStringLiteral("Bob 😀");
    user.online = false;

    QJsonObject json = user.toJson();
    // Every field of the contract's user object, last_seen explicitly null.
    QCOMPARE(json.value(QLatin1StringView("id")).toString(), QStringLiteral("u1"));
    QCOMPARE(json.value(QLatin1StringView("username")).toString(), QStringLiteral("bob"));
    QCOMPARE(json.value(QLatin1StringView("display_name")).toString(), QStringLiteral("Bob 😀"));
    QCOMPARE(json.value(QLatin1StringView("online")), QJsonValue(false));
    QVERIFY(json.contains(QLatin1StringView("last_seen")));
    QVERIFY(json.value(QLatin1StringView("last_seen")).isNull());

    auto parsed = User::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->id, user.id);
    QCOMPARE(parsed->username, user.username);
    QCOMPARE(parsed->displayName, user.displayName);
    QCOMPARE(parsed->online, false);
    QVERIFY(!parsed->lastSeenMsecs);

    user.lastSeenMsecs = kSampleMs;
    user.online = true;
    json = user.toJson();
    QCOMPARE(json.value(QLatin1StringView("last_seen")).toString(), QStringLiteral("2026-11-21T10:00:00.123Z"));
    QCOMPARE(json.value(QLatin1StringView("online")), QJsonValue(true));
    parsed = User::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->online, true);
    QCOMPARE(parsed->lastSeenMsecs, std::optional<qint64>(kSampleMs));
}

void TestAuthMessages::userFromJsonRequiresIdAndUsername()
{
    const QString id = QStringLiteral("id");
    const QString username = QStringLiteral("username");
    QVERIFY(!User::fromJson({}));
    QVERIFY(!User::fromJson({{id, QStringLiteral("u1")}}));
    QVERIFY(!User::fromJson({{username, QStringLiteral("bob")}}));
    QVERIFY(!User::fromJson({{id, 1}, {username, QStringLiteral("bob")}}));
    QVERIFY(!User::fromJson({{id, QStringLiteral("u1")}, {username, QJsonValue::Null}}));
    QVERIFY(User::fromJson({{id, QStringLiteral("u1")}, {username, QStringLiteral("bob")}}));
}

void TestAuthMessages::helloRoundTrip()
{
    Hello hello;
    hello.server = QStringLiteral("parleyd/0.1.0");
    hello.limits.maxTextChars = 1000;
    hello.limits.maxFrameBytes = 2000;
    hello.limits.maxGroupMembers = 30;
    hello.limits.historyLimitMax = 40;

    QJsonObject json = hello.toJson();
    QCOMPARE(json.value(QLatin1StringView("protocol")).toInt(), 1);
    QCOMPARE(json.value(QLatin1StringView("server")).toString(), QStringLiteral("parleyd/0.1.0"));
    QVERIFY(!json.contains(QLatin1StringView("user")));
    const QJsonObject limits = json.value(QLatin1StringView("limits")).toObject();
    // The limits the contract requires hello to advertise.
    QCOMPARE(limits.value(QLatin1StringView("max_text_chars")).toInt(), 1000);
    QCOMPARE(limits.value(QLatin1StringView("max_frame_bytes")).toInt(), 2000);
    QCOMPARE(limits.value(QLatin1StringView("max_group_members")).toInt(), 30);
    QCOMPARE(limits.value(QLatin1StringView("history_limit_max")).toInt(), 40);

    auto parsed = Hello::fromJson(json);
    QVERIFY(parsed);
    QCOMPARE(parsed->protocol, kProtocolVersion);
    QCOMPARE(parsed->server, hello.server);
    QCOMPARE(parsed->limits.maxTextChars, 1000);
    QCOMPARE(parsed->limits.maxFrameBytes, 2000);
    QCOMPARE(parsed->limits.maxGroupMembers, 30);
    QCOMPARE(parsed->limits.historyLimitMax, 40);
    QVERIFY(!parsed->user);

    User user;
    user.id = QStringLiteral("u7");
    user.username = QStringLiteral("dave");
    user.displayName = QStringLiteral("Dave");
    user.online = true;
    hello.user = user;
    json = hello.toJson();
    QVERIFY(json.value(QLatin1StringView("user")).isObject());
    parsed = Hello::fromJson(json);
    QVERIFY(parsed);
    QVERIFY(parsed->user);
    QCOMPARE(parsed->user->id, QStringLiteral("u7"));
    QCOMPARE(parsed->user->username, QStringLiteral("dave"));
    QCOMPARE(parsed->user->online, true);

    // Missing limits fall back to the defaults rather than zero.
    const auto bare = Hello::fromJson({{QStringLiteral("protocol"), 1}});
    QVERIFY(bare);
    QCOMPARE(bare->limits.maxTextChars, Limits().maxTextChars);
    QCOMPARE(bare->limits.historyLimitMax, Limits().historyLimitMax);
}

void TestAuthMessages::helloRejectsBadInput()
{
    QVERIFY(!Hello::fromJson({}));
    QVERIFY(!Hello::fromJson({{QStringLiteral("protocol"), QStringLiteral("1")}}));
    QVERIFY(!Hello::fromJson({{QStringLiteral("protocol"), 1}, {QStringLiteral("user"), QJsonObject()}}));
    QVERIFY(!Hello::fromJson({{QStringLiteral("protocol"), 1}, {QStringLiteral("user"), QStringLiteral("u")}}));
}

void TestAuthMessages::timestampFormat_data()
{
    QTest::addColumn<qint64>("msecs");
    QTest::addColumn<QString>("text");
    QTest::newRow("contract example") << kSampleMs << QStringLiteral("2026-11-21T10:00:00.123Z");
    QTest::newRow("epoch") << qint64(0) << QStringLiteral("1970-01-01T00:00:00.000Z");
    QTest::newRow("whole second keeps .000") << (kSampleMs - 123) << QStringLiteral("2026-11-21T10:00:00.000Z");
    QTest::newRow("5 ms keeps leading zeros") << (kSampleMs - 118) << QStringLiteral("2026-11-21T10:00:00.005Z");
    QTest::newRow("999 ms") << qint64(951868799999) << QStringLiteral("2000-02-29T23:59:59.999Z");
    QTest::newRow("leap day + 1 ms") << qint64(951868800001) << QStringLiteral("2000-03-01T00:00:00.001Z");
}

void TestAuthMessages::timestampFormat()
{
    QFETCH(qint64, msecs);
    QFETCH(QString, text);
    QCOMPARE(formatTimestamp(msecs), text);
    QCOMPARE(parseTimestamp(text), std::optional<qint64>(msecs));
    QCOMPARE(parseTimestamp(formatTimestamp(msecs)), std::optional<qint64>(msecs));
}

void TestAuthMessages::timestampParse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("msecs");
    QTest::newRow("UTC") << QStringLiteral("2026-11-21T10:00:00.123Z") << kSampleMs;
    QTest::newRow("positive offset") << QStringLiteral("2026-11-21T12:00:00.123+02:00") << kSampleMs;
    QTest::newRow("negative offset") << QStringLiteral("2026-11-21T05:30:00.123-04:30") << kSampleMs;
    QTest::newRow("without milliseconds") << QStringLiteral("2026-11-21T10:00:00Z") << (kSampleMs - 123);
}

void TestAuthMessages::timestampParse()
{
    QFETCH(QString, text);
    QFETCH(qint64, msecs);
    QCOMPARE(parseTimestamp(text), std::optional<qint64>(msecs));
}

void TestAuthMessages::timestampRejects_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << QStringLiteral("yesterday");
    QTest::newRow("month 13") << QStringLiteral("2026-13-01T00:00:00.000Z");
    QTest::newRow("hour 25") << QStringLiteral("2026-11-21T25:00:00.000Z");
    // RFC 3339 requires an offset; without one, the result would depend on the machine's zone.
    QTest::newRow("no offset") << QStringLiteral("2026-11-21T10:00:00.123");
    QTest::newRow("date only") << QStringLiteral("2026-11-21");
}

void TestAuthMessages::timestampRejects()
{
    QFETCH(QString, text);
    const auto parsed = parseTimestamp(text);
    QVERIFY2(!parsed, qPrintable(parsed ? formatTimestamp(*parsed) : QString()));
}

QTEST_GUILESS_MAIN(TestAuthMessages)
#include "tst_auth_messages.moc"
