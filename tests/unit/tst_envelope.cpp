// Unit tests of the wire envelope (PROTOCOL.md, "Envelope"): encoders and decoders of
// requests, replies and events, the registry of op/event names and the error codes.

#include <protocol/Envelope.h>
#include <protocol/ErrorCode.h>
#include <protocol/Registry.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace parley;

namespace QTest {
// Lets QCOMPARE print the values it compares.
template <>
char *toString(const std::optional<QString> &value)
{
    return value ? QTest::toString(*value) : qstrdup("nullopt");
}
} // namespace QTest

namespace {

enum class Outcome { Accepted, Rejected };

QJsonObject parseObject(const QByteArray &frame)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(frame, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return {};
    return document.object();
}

QByteArray nestedArrays(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

QByteArray nestedObjects(int depth)
{
    QByteArray text;
    text.reserve(depth * 6 + 2);
    for (int i = 0; i < depth; ++i)
        text += "{\"a\":";
    text += "1";
    text += QByteArray(depth, '}');
    return text;
}

template <std::size_t N>
QByteArray raw(const char (&bytes)[N])
{
    return QByteArray(bytes, qsizetype(N) - 1); // keeps embedded NUL bytes
}

QByteArray pingWithData(const QByteArray &dataJson)
{
    return "{\"id\":\"r1\",\"op\":\"ping\",\"data\":" + dataJson + "}";
}

const QList<std::pair<ErrorCode, QString>> &allErrorCodes()
{
    // The table of PROTOCOL.md, "Error codes", in its order.
    static const QList<std::pair<ErrorCode, QString>> codes{
        {ErrorCode::BadRequest, QStringLiteral("bad_request")},
        {ErrorCode::Unauthorized, QStringLiteral("unauthorized")},
        {ErrorCode::Forbidden, QStringLiteral("forbidden")},
        {ErrorCode::NotFound, QStringLiteral("not_found")},
        {ErrorCode::Conflict, QStringLiteral("conflict")},
        {ErrorCode::TooLarge, QStringLiteral("too_large")},
        {ErrorCode::RateLimited, QStringLiteral("rate_limited")},
        {ErrorCode::Unavailable, QStringLiteral("unavailable")},
        {ErrorCode::Internal, QStringLiteral("internal")},
    };
    return codes;
}

} // namespace

Q_DECLARE_METATYPE(Outcome)
Q_DECLARE_METATYPE(parley::Op)
Q_DECLARE_METATYPE(parley::ErrorCode)
Q_DECLARE_METATYPE(parley::Event)

class TestEnvelope : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestRoundTrip_data();
    void requestRoundTrip();
    void requestWithoutDataOmitsIt();
    void okReplyRoundTrip();
    void errorReplyRoundTrip_data();
    void errorReplyRoundTrip();
    void errorReplyWithNullReplyTo();
    void rateLimitedReplyCarriesRetryAfter();
    void eventRoundTrip();
    void unknownEventIsKeptAsText();
    void malformedServerFrames_data();
    void malformedServerFrames();

    void malformedRequests_data();
    void malformedRequests();
    void hugeStringsAreHandled();
    void decodedValuesAreExact();

    void opNamesRoundTrip();
    void contractOpNamesAreKnown();
    void opNameLookupIsExact();
    void eventNamesRoundTrip();
    void errorCodeNamesRoundTrip_data();
    void errorCodeNamesRoundTrip();
    void unknownErrorCodeNames();
    void protocolErrorToJson();
    void protocolErrorFromJson();
};

void TestEnvelope::requestRoundTrip_data()
{
    QTest::addColumn<Op>("op");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QJsonObject>("data");

    const QJsonObject rich{
        {QStringLiteral("text"), QStringLiteral("héllo \"wörld\" \\ 😀\n")},
        {QStringLiteral("n"), 42},
        {QStringLiteral("big"), 9007199254740991.0},
        {QStringLiteral("neg"), -1.5},
        {QStringLiteral("flag"), true},
        {QStringLiteral("nothing"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("list"), QJsonArray{1, QStringLiteral("two"), QJsonObject{{QStringLiteral("three"), 3}}}},
        {QStringLiteral("nested"), QJsonObject{{QStringLiteral("deeper"), QJsonObject{{QStringLiteral("x"), 1}}}}},
    };
    for (const Op op : allOps()) {
        const QByteArray name = opName(op).toUtf8();
        QTest::addRow("%s empty data", name.constData()) << op << QStringLiteral("1") << QJsonObject();
        QTest::addRow("%s rich data", name.constData()) << op << QStringLiteral("req-ü-😀") << rich;
        QTest::addRow("%s 64-char id", name.constData()) << op << QString(64, QLatin1Char('x')) << rich;
    }
}

void TestEnvelope::requestRoundTrip()
{
    QFETCH(Op, op);
    QFETCH(QString, id);
    QFETCH(QJsonObject, data);

    const QByteArray frame = encodeRequest(id, opName(op), data);
    QVERIFY2(!frame.contains('\n'), "frames are compact JSON");
    const auto decoded = decodeRequest(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().error.message));
    QCOMPARE(decoded->id, id);
    QCOMPARE(decoded->op, op);
    QCOMPARE(decoded->data, data);
}

void TestEnvelope::requestWithoutDataOmitsIt()
{
    const QByteArray frame = encodeRequest(QStringLiteral("7"), QStringLiteral("ping"), {});
    const QJsonObject envelope = parseObject(frame);
    QCOMPARE(envelope.value(QLatin1StringView("id")).toString(), QStringLiteral("7"));
    QCOMPARE(envelope.value(QLatin1StringView("op")).toString(), QStringLiteral("ping"));
    QVERIFY(!envelope.contains(QLatin1StringView("data")));

    const auto decoded = decodeRequest(frame);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->op, Op::Ping);
    QVERIFY(decoded->data.isEmpty());
}

void TestEnvelope::okReplyRoundTrip()
{
    const QJsonObject data{{QStringLiteral("token"), QStringLiteral("abc")},
                           {QStringLiteral("user"), QJsonObject{{QStringLiteral("id"), QStringLiteral("u1")}}}};
    const QByteArray frame = encodeOkReply(QStringLiteral("r-1"), data);
    QVERIFY(!frame.contains('\n'));

    const QJsonObject raw = parseObject(frame);
    QCOMPARE(raw.value(QLatin1StringView("re")).toString(), QStringLiteral("r-1"));
    QCOMPARE(raw.value(QLatin1StringView("ok")), QJsonValue(true));
    QVERIFY(!raw.contains(QLatin1StringView("error")));

    const auto decoded = decodeServerFrame(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error()));
    QVERIFY(std::holds_alternative<Reply>(decoded.value()));
    const Reply &reply = std::get<Reply>(decoded.value());
    QCOMPARE(reply.replyTo, std::optional<QString>(QStringLiteral("r-1")));
    QVERIFY(reply.ok);
    QCOMPARE(reply.data, data);

    // An empty reply (e.g. to ping) still decodes as ok with empty data.
    const auto empty = decodeServerFrame(encodeOkReply(QStringLiteral("p"), QJsonObject()));
    QVERIFY(empty.ok());
    QVERIFY(std::get<Reply>(empty.value()).ok);
    QVERIFY(std::get<Reply>(empty.value()).data.isEmpty());
}

void TestEnvelope::errorReplyRoundTrip_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("field");
    for (const auto &[code, name] : allErrorCodes()) {
        QTest::addRow("%s without field", qPrintable(name)) << code << QString();
        QTest::addRow("%s with field", qPrintable(name)) << code << QStringLiteral("username");
    }
}

void TestEnvelope::errorReplyRoundTrip()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, field);

    const ProtocolError error = ProtocolError::make(code, QStringLiteral("went wrong: ü"), field);
    const QByteArray frame = encodeErrorReply(QStringLiteral("r9"), error);
    QVERIFY(!frame.contains('\n'));

    const QJsonObject raw = parseObject(frame);
    QCOMPARE(raw.value(QLatin1StringView("re")).toString(), QStringLiteral("r9"));
    QCOMPARE(raw.value(QLatin1StringView("ok")), QJsonValue(false));
    const QJsonObject rawError = raw.value(QLatin1StringView("error")).toObject();
    QCOMPARE(rawError.value(QLatin1StringView("code")).toString(), errorCodeName(code));
    QCOMPARE(rawError.contains(QLatin1StringView("field")), !field.isEmpty());

    const auto decoded = decodeServerFrame(frame);
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error()));
    const Reply &reply = std::get<Reply>(decoded.value());
    QCOMPARE(reply.replyTo, std::optional<QString>(QStringLiteral("r9")));
    QVERIFY(!reply.ok);
    QCOMPARE(reply.error.code, code);
    QCOMPARE(reply.error.message, QStringLiteral("went wrong: ü"));
    QCOMPARE(reply.error.field, field);
    QVERIFY(!reply.error.retryAfterMs);
}

void TestEnvelope::errorReplyWithNullReplyTo()
{
    const QByteArray frame = encodeErrorReply(std::nullopt, ProtocolError::badRequest(QStringLiteral("garbage")));
    const QJsonObject raw = parseObject(frame);
    // The contract wants `"re": null`, not a missing key.
    QVERIFY(raw.contains(QLatin1StringView("re")));
    QVERIFY(raw.value(QLatin1StringView("re")).isNull());
    QCOMPARE(raw.value(QLatin1StringView("ok")), QJsonValue(false));

    const auto decoded = decodeServerFrame(frame);
    QVERIFY(decoded.ok());
    const Reply &reply = std::get<Reply>(decoded.value());
    QVERIFY(!reply.replyTo.has_value());
    QVERIFY(!reply.ok);
    QCOMPARE(reply.error.code, ErrorCode::BadRequest);
    QCOMPARE(reply.error.message, QStringLiteral("garbage"));
    QVERIFY(reply.error.field.isEmpty());
}

void TestEnvelope::rateLimitedReplyCarriesRetryAfter()
{
    ProtocolError error = ProtocolError::make(ErrorCode::RateLimited, QStringLiteral("slow down"));
    error.retryAfterMs = 1500;
    const QByteArray frame = encodeErrorReply(QStringLiteral("r"), error);
    QCOMPARE(parseObject(frame)
                 .value(QLatin1StringView("error"))
                 .toObject()
                 .value(QLatin1StringView("retry_after_ms"))
                 .toInteger(),
             1500);

    const auto decoded = decodeServerFrame(frame);
    QVERIFY(decoded.ok());
    const Reply &reply = std::get<Reply>(decoded.value());
    QCOMPARE(reply.error.code, ErrorCode::RateLimited);
    QCOMPARE(reply.error.retryAfterMs, std::optional<qint64>(1500));
}

void TestEnvelope::eventRoundTrip()
{
    const QJsonObject data{{QStringLiteral("protocol"), 1}, {QStringLiteral("server"), QStringLiteral("parleyd/1")}};
    for (const Event event : allEvents()) {
        const QByteArray frame = encodeEvent(event, data);
        QVERIFY(!frame.contains('\n'));
        const QJsonObject raw = parseObject(frame);
        QCOMPARE(raw.value(QLatin1StringView("ev")).toString(), eventName(event));
        QVERIFY(!raw.contains(QLatin1StringView("re")));

        const auto decoded = decodeServerFrame(frame);
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error()));
        QVERIFY(std::holds_alternative<EventFrame>(decoded.value()));
        const EventFrame &eventFrame = std::get<EventFrame>(decoded.value());
        QCOMPARE(eventFrame.name, eventName(event));
        QCOMPARE(eventFrame.data, data);
    }
    QCOMPARE(eventName(Event::Hello), QStringLiteral("hello"));
}

void TestEnvelope::unknownEventIsKeptAsText()
{
    const auto decoded =
        decodeServerFrame(QByteArrayView("{\"ev\":\"message.reacted\",\"data\":{\"x\":1},\"extra\":true}"));
    QVERIFY(decoded.ok());
    const EventFrame &event = std::get<EventFrame>(decoded.value());
    QCOMPARE(event.name, QStringLiteral("message.reacted"));
    QCOMPARE(event.data.value(QLatin1StringView("x")).toInt(), 1);
}

void TestEnvelope::malformedServerFrames_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::newRow("not JSON") << QByteArray("nope");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("array") << QByteArray("[]");
    QTest::newRow("neither reply nor event") << QByteArray("{\"data\":{}}");
    QTest::newRow("reply without ok") << QByteArray("{\"re\":\"1\",\"data\":{}}");
    QTest::newRow("ok not a bool") << QByteArray("{\"re\":\"1\",\"ok\":\"yes\"}");
    QTest::newRow("re a number") << QByteArray("{\"re\":1,\"ok\":true}");
    QTest::newRow("error code unknown") << QByteArray(
        "{\"re\":\"1\",\"ok\":false,\"error\":{\"code\":\"oops\",\"message\":\"\"}}");
    QTest::newRow("error missing") << QByteArray("{\"re\":\"1\",\"ok\":false}");
    QTest::newRow("ev a number") << QByteArray("{\"ev\":5,\"data\":{}}");
}

void TestEnvelope::malformedServerFrames()
{
    QFETCH(QByteArray, frame);
    const auto decoded = decodeServerFrame(frame);
    QVERIFY(!decoded.ok());
    QVERIFY(!decoded.error().isEmpty());
}

void TestEnvelope::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QString>("replyTo"); // a null QString: the reply must carry "re": null
    QTest::addColumn<QString>("field");
    QTest::addColumn<bool>("undecodable");

    const QString none;
    const QString noField;
    const QString id = QStringLiteral("id");
    const QString op = QStringLiteral("op");
    const QString data = QStringLiteral("data");
    const auto reject = [&](const char *name, const QByteArray &frame, const QString &field) {
        QTest::newRow(name) << frame << Outcome::Rejected << none << field << true;
    };
    const auto rejectKnownId = [&](const char *name, const QByteArray &frame, const QString &replyTo,
                                   const QString &field) {
        QTest::newRow(name) << frame << Outcome::Rejected << replyTo << field << false;
    };
    const auto accept = [&](const char *name, const QByteArray &frame, const QString &requestId) {
        QTest::newRow(name) << frame << Outcome::Accepted << requestId << noField << false;
    };

    // Not a JSON object at all.
    reject("not JSON", "hello there", noField);
    reject("truncated object", "{\"id\":\"1\",\"op\":\"ping\"", noField);
    reject("trailing garbage", "{\"id\":\"1\",\"op\":\"ping\"} x", noField);
    reject("single quotes", "{'id':'1','op':'ping'}", noField);
    reject("empty frame", QByteArray(), noField);
    reject("whitespace only", "  \n\t ", noField);
    reject("JSON array", "[]", noField);
    reject("JSON array of an envelope", "[{\"id\":\"1\",\"op\":\"ping\"}]", noField);
    reject("JSON string", "\"ping\"", noField);
    reject("JSON number", "42", noField);
    reject("JSON null", "null", noField);
    reject("JSON true", "true", noField);

    // An object, but no usable id or op: "re": null.
    reject("empty object", "{}", id);
    reject("missing id", "{\"op\":\"ping\"}", id);
    reject("missing op", "{\"id\":\"1\"}", op);
    reject("id a number", "{\"id\":1,\"op\":\"ping\"}", id);
    reject("id null", "{\"id\":null,\"op\":\"ping\"}", id);
    reject("id an object", "{\"id\":{\"a\":\"1\"},\"op\":\"ping\"}", id);
    reject("id an array", "{\"id\":[\"1\"],\"op\":\"ping\"}", id);
    reject("id a bool", "{\"id\":true,\"op\":\"ping\"}", id);
    reject("id empty", "{\"id\":\"\",\"op\":\"ping\"}", id);
    reject("id of 65 chars", "{\"id\":\"" + QByteArray(65, 'a') + "\",\"op\":\"ping\"}", id);
    accept("id of 64 chars", "{\"id\":\"" + QByteArray(64, 'a') + "\",\"op\":\"ping\"}", QString(64, QLatin1Char('a')));
    accept("id of 1 char", "{\"id\":\"z\",\"op\":\"ping\"}", QStringLiteral("z"));
    reject("op a number", "{\"id\":\"1\",\"op\":1}", op);
    reject("op null", "{\"id\":\"1\",\"op\":null}", op);
    reject("op an object", "{\"id\":\"1\",\"op\":{}}", op);
    reject("op an array", "{\"id\":\"1\",\"op\":[\"ping\"]}", op);

    // A usable id but an unknown op: the reply goes to that id, and it is not garbage.
    rejectKnownId("unknown op", "{\"id\":\"7\",\"op\":\"nope\"}", QStringLiteral("7"), op);
    rejectKnownId("empty op", "{\"id\":\"7\",\"op\":\"\"}", QStringLiteral("7"), op);
    rejectKnownId("op in upper case", "{\"id\":\"7\",\"op\":\"PING\"}", QStringLiteral("7"), op);
    rejectKnownId("op with a trailing space", "{\"id\":\"7\",\"op\":\"ping \"}", QStringLiteral("7"), op);
    rejectKnownId("reserved op", "{\"id\":\"7\",\"op\":\"messages.react\"}", QStringLiteral("7"), op);

    // data must be an object when present.
    rejectKnownId("data an array", "{\"id\":\"8\",\"op\":\"ping\",\"data\":[]}", QStringLiteral("8"), data);
    rejectKnownId("data a string", "{\"id\":\"8\",\"op\":\"ping\",\"data\":\"x\"}", QStringLiteral("8"), data);
    rejectKnownId("data a number", "{\"id\":\"8\",\"op\":\"ping\",\"data\":3}", QStringLiteral("8"), data);
    rejectKnownId("data a bool", "{\"id\":\"8\",\"op\":\"ping\",\"data\":false}", QStringLiteral("8"), data);
    accept("data null", "{\"id\":\"8\",\"op\":\"ping\",\"data\":null}", QStringLiteral("8"));
    accept("data absent", "{\"id\":\"8\",\"op\":\"ping\"}", QStringLiteral("8"));
    accept("data empty", "{\"id\":\"8\",\"op\":\"ping\",\"data\":{}}", QStringLiteral("8"));
    accept("unknown fields ignored", "{\"id\":\"8\",\"op\":\"ping\",\"v\":2,\"data\":{\"x\":[1,{}]}}",
           QStringLiteral("8"));
    accept("fields in another order", "{\"data\":{},\"op\":\"auth.logout\",\"id\":\"8\"}", QStringLiteral("8"));

    // Deep nesting: moderately deep is fine, absurdly deep is refused (never a stack overflow).
    accept("100 nested arrays in data", pingWithData("{\"x\":" + nestedArrays(100) + "}"), QStringLiteral("r1"));
    reject("10,000 nested arrays in data", pingWithData("{\"x\":" + nestedArrays(10000) + "}"), noField);
    reject("100,000 nested arrays in data", pingWithData("{\"x\":" + nestedArrays(100000) + "}"), noField);
    reject("10,000 nested objects in data", pingWithData(nestedObjects(10000)), noField);
    reject("100,000 unclosed arrays", "{\"id\":\"1\",\"op\":\"ping\",\"data\":" + QByteArray(100000, '['), noField);
    reject("10,000 nested arrays as the frame", nestedArrays(10000), noField);

    // Not UTF-8: the frame is not text, so it is not JSON.
    reject("invalid UTF-8 in data", pingWithData("{\"t\":\"a\xff\xfe z\"}"), noField);
    reject("invalid UTF-8 in id", "{\"id\":\"\xff\",\"op\":\"ping\"}", noField);
    reject("lone continuation byte", pingWithData("{\"t\":\"\x80\"}"), noField);
    reject("truncated sequence", pingWithData("{\"t\":\"\xe2\x82\"}"), noField);
    reject("overlong slash (2 bytes)", pingWithData("{\"t\":\"\xc0\xaf\"}"), noField);
    reject("overlong slash (3 bytes)", pingWithData("{\"t\":\"\xe0\x80\xaf\"}"), noField);
    reject("overlong NUL", pingWithData("{\"t\":\"\xc0\x80\"}"), noField);
    reject("overlong quote", "{\"id\":\"1\xc0\xa2,\"op\":\"ping\"}", noField);
    reject("UTF-8 encoded surrogate", pingWithData("{\"t\":\"\xed\xa0\x80\"}"), noField);
    reject("beyond U+10FFFF", pingWithData("{\"t\":\"\xf4\x90\x80\x80\"}"), noField);
    accept("valid multi-byte UTF-8", pingWithData("{\"t\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}"),
           QStringLiteral("r1"));

    // Huge numbers. As id they are not strings. Beyond the range of a double, Qt's parser refuses
    // the whole frame (RFC 8259 section 9 lets a parser limit the range of numbers), so such a
    // frame is "not JSON" to the server: "re": null. It must never crash or become infinity.
    reject("id 1e400", "{\"id\":1e400,\"op\":\"ping\"}", noField);
    reject("id -1e400", "{\"id\":-1e400,\"op\":\"ping\"}", noField);
    reject("id 123456789012345678901234567890", "{\"id\":123456789012345678901234567890,\"op\":\"ping\"}", id);
    reject("1e400 in data", pingWithData("{\"n\":1e400}"), noField);
    reject("-1e400 in data", pingWithData("{\"n\":-1e400}"), noField);
    reject("1e-400 in data", pingWithData("{\"n\":1e-400}"), noField);
    accept("123456789012345678901234567890 in data", pingWithData("{\"n\":123456789012345678901234567890}"),
           QStringLiteral("r1"));
    accept("1e308 in data", pingWithData("{\"n\":1e308}"), QStringLiteral("r1"));

    // NUL bytes. Qt's parser tolerates raw control characters inside strings (strict JSON wants
    // them escaped); they must then survive whole, exactly like the escaped form.
    accept("raw NUL inside id", raw("{\"id\":\"a\0b\",\"op\":\"ping\"}"),
           QString(QStringLiteral("a") + QChar(0) + u'b'));
    accept("raw NUL inside data", raw("{\"id\":\"1\",\"op\":\"ping\",\"data\":{\"t\":\"\0\"}}"), QStringLiteral("1"));
    reject("raw NUL before the frame", raw("\0{\"id\":\"1\",\"op\":\"ping\"}"), noField);
    reject("raw NUL after the frame", raw("{\"id\":\"1\",\"op\":\"ping\"}\0"), noField);
    reject("raw NUL between the fields", raw("{\"id\":\"1\",\0\"op\":\"ping\"}"), noField);
    reject("only NUL bytes", QByteArray(16, '\0'), noField);
    accept("escaped NUL inside data", pingWithData("{\"t\":\"a\\u0000b\"}"), QStringLiteral("r1"));
    accept("escaped NUL inside id", "{\"id\":\"a\\u0000b\",\"op\":\"ping\"}",
           QString(QStringLiteral("a") + QChar(0) + u'b'));
    rejectKnownId("escaped NUL inside op", "{\"id\":\"2\",\"op\":\"ping\\u0000\"}", QStringLiteral("2"), op);

    // A 1 MB string: as data it is the transport's business (max_frame_bytes), not the decoder's.
    const QByteArray megabyte(1024 * 1024, 'm');
    accept("1 MB string in data", pingWithData("{\"t\":\"" + megabyte + "\"}"), QStringLiteral("r1"));
    reject("1 MB string as id", "{\"id\":\"" + megabyte + "\",\"op\":\"ping\"}", id);
    rejectKnownId("1 MB string as op", "{\"id\":\"3\",\"op\":\"" + megabyte + "\"}", QStringLiteral("3"), op);
    reject("1 MB of garbage", QByteArray(1024 * 1024, '\xff'), noField);
}

void TestEnvelope::malformedRequests()
{
    QFETCH(QByteArray, frame);
    QFETCH(Outcome, outcome);
    QFETCH(QString, replyTo);
    QFETCH(QString, field);
    QFETCH(bool, undecodable);

    const auto decoded = decodeRequest(frame);
    if (outcome == Outcome::Accepted) {
        QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().error.message));
        QCOMPARE(decoded->id, replyTo);
        return;
    }

    QVERIFY2(!decoded.ok(), "the frame must be rejected");
    const RejectedFrame &rejected = decoded.error();
    QCOMPARE(rejected.error.code, ErrorCode::BadRequest);
    QCOMPARE(rejected.error.field, field);
    QCOMPARE(rejected.undecodable, undecodable);
    // Only an unknown op in an otherwise good envelope is flagged as such (it is answered
    // `unauthorized` before login, like any other op outside auth.* and ping).
    QCOMPARE(rejected.unknownOp, !undecodable && field == QLatin1StringView("op"));
    QVERIFY(!rejected.error.message.isEmpty());
    QVERIFY(!rejected.error.retryAfterMs);
    if (replyTo.isNull()) {
        QVERIFY2(!rejected.replyTo.has_value(), qPrintable(rejected.replyTo.value_or(QString()).left(80)));
    } else {
        QVERIFY(rejected.replyTo.has_value());
        QCOMPARE(*rejected.replyTo, replyTo);
    }

    // The reply the server sends for it decodes on the client side, addressed the same way.
    const auto reply = decodeServerFrame(encodeErrorReply(rejected.replyTo, rejected.error));
    QVERIFY(reply.ok());
    const Reply &decodedReply = std::get<Reply>(reply.value());
    QCOMPARE(decodedReply.replyTo, rejected.replyTo);
    QVERIFY(!decodedReply.ok);
    QCOMPARE(decodedReply.error.code, ErrorCode::BadRequest);
    QCOMPARE(decodedReply.error.field, field);
}

void TestEnvelope::hugeStringsAreHandled()
{
    const QString text(1024 * 1024, QChar(u'é'));
    const QByteArray frame =
        encodeRequest(QStringLiteral("big"), QStringLiteral("ping"), {{QStringLiteral("t"), text}});
    QVERIFY(frame.size() > 2 * 1024 * 1024);
    const auto decoded = decodeRequest(frame);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->data.value(QLatin1StringView("t")).toString(), text);
}

void TestEnvelope::decodedValuesAreExact()
{
    // A NUL inside a string does not cut it short, raw or escaped.
    for (const QByteArray &frame : {raw("{\"id\":\"1\",\"op\":\"ping\",\"data\":{\"t\":\"x\0y\"}}"),
                                    QByteArray("{\"id\":\"1\",\"op\":\"ping\",\"data\":{\"t\":\"x\\u0000y\"}}")}) {
        const auto decoded = decodeRequest(frame);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->data.value(QLatin1StringView("t")).toString(), QString(u'x' + QChar(0) + u'y'));
    }

    // A number beyond 2^53 arrives as the nearest double, not as garbage.
    const auto big = decodeRequest(pingWithData("{\"n\":123456789012345678901234567890}"));
    QVERIFY(big.ok());
    QCOMPARE(big->data.value(QLatin1StringView("n")).toDouble(), 1.2345678901234568e29);

    // Valid multi-byte UTF-8 decodes to the right characters.
    const auto text = decodeRequest(pingWithData("{\"t\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}"));
    QVERIFY(text.ok());
    QCOMPARE(text->data.value(QLatin1StringView("t")).toString(), QStringLiteral("é€😀"));
}

void TestEnvelope::opNamesRoundTrip()
{
    QVERIFY(!allOps().isEmpty());
    QSet<QString> names;
    for (const Op op : allOps()) {
        const QString name = opName(op);
        QVERIFY(!name.isEmpty());
        QCOMPARE(name, name.toLower());
        QVERIFY2(!names.contains(name), qPrintable(name));
        names.insert(name);
        QCOMPARE(opFromName(name), std::optional<Op>(op));
    }
    QCOMPARE(names.size(), allOps().size());
}

void TestEnvelope::contractOpNamesAreKnown()
{
    // PROTOCOL.md, "Ops (v1)": the ones this build implements, with their exact names.
    const QList<std::pair<QString, Op>> expected{
        {QStringLiteral("ping"), Op::Ping},
        {QStringLiteral("auth.register"), Op::AuthRegister},
        {QStringLiteral("auth.login"), Op::AuthLogin},
        {QStringLiteral("auth.resume"), Op::AuthResume},
        {QStringLiteral("auth.logout"), Op::AuthLogout},
    };
    for (const auto &[name, op] : expected) {
        QCOMPARE(opName(op), name);
        QCOMPARE(opFromName(name), std::optional<Op>(op));
        QVERIFY(allOps().contains(op));
        // Before authentication only auth.* and ping are accepted.
        QVERIFY(opAllowedBeforeAuth(op));
    }
}

void TestEnvelope::opNameLookupIsExact()
{
    QVERIFY(!opFromName(u""));
    QVERIFY(!opFromName(u"PING"));
    QVERIFY(!opFromName(u" ping"));
    QVERIFY(!opFromName(u"auth"));
    QVERIFY(!opFromName(u"auth.login.x"));
    QVERIFY(!opFromName(u"messages.react"));
    QVERIFY(!opFromName(u"calls.start"));
}

void TestEnvelope::eventNamesRoundTrip()
{
    QVERIFY(!allEvents().isEmpty());
    QSet<QString> names;
    for (const Event event : allEvents()) {
        const QString name = eventName(event);
        QVERIFY(!name.isEmpty());
        QVERIFY(!names.contains(name));
        names.insert(name);
        QCOMPARE(eventFromName(name), std::optional<Event>(event));
    }
    QVERIFY(!eventFromName(u"Hello"));
    QVERIFY(!eventFromName(u""));
}

void TestEnvelope::errorCodeNamesRoundTrip_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<QString>("name");
    for (const auto &[code, name] : allErrorCodes())
        QTest::newRow(qPrintable(name)) << code << name;
}

void TestEnvelope::errorCodeNamesRoundTrip()
{
    QFETCH(ErrorCode, code);
    QFETCH(QString, name);
    QCOMPARE(errorCodeName(code), name);
    QCOMPARE(errorCodeFromName(name), std::optional<ErrorCode>(code));

    const ProtocolError error = ProtocolError::make(code, QStringLiteral("m"));
    QCOMPARE(error.toJson().value(QLatin1StringView("code")).toString(), name);
    const auto parsed = ProtocolError::fromJson(error.toJson());
    QVERIFY(parsed);
    QCOMPARE(parsed->code, code);
}

void TestEnvelope::unknownErrorCodeNames()
{
    QVERIFY(!errorCodeFromName(QString()));
    QVERIFY(!errorCodeFromName(QStringLiteral("BAD_REQUEST")));
    QVERIFY(!errorCodeFromName(QStringLiteral("bad request")));
    QVERIFY(!errorCodeFromName(QStringLiteral("teapot")));
    QVERIFY(!ProtocolError::fromJson({{QStringLiteral("code"), QStringLiteral("teapot")}}));
    QVERIFY(!ProtocolError::fromJson({}));
    QVERIFY(!ProtocolError::fromJson({{QStringLiteral("code"), 3}}));
}

void TestEnvelope::protocolErrorToJson()
{
    const QLatin1StringView retry("retry_after_ms");
    const QLatin1StringView fieldKey("field");

    const ProtocolError plain = ProtocolError::badRequest(QStringLiteral("no"));
    QJsonObject json = plain.toJson();
    QCOMPARE(json.value(QLatin1StringView("code")).toString(), QStringLiteral("bad_request"));
    QCOMPARE(json.value(QLatin1StringView("message")).toString(), QStringLiteral("no"));
    QVERIFY(!json.contains(retry));
    QVERIFY(!json.contains(fieldKey));

    const ProtocolError withField = ProtocolError::badRequest(QStringLiteral("no"), QStringLiteral("password"));
    json = withField.toJson();
    QCOMPARE(json.value(fieldKey).toString(), QStringLiteral("password"));
    QVERIFY(!json.contains(retry));

    ProtocolError limited = ProtocolError::make(ErrorCode::RateLimited, QStringLiteral("later"));
    QVERIFY(!limited.toJson().contains(retry)); // not set: not sent
    limited.retryAfterMs = 2500;
    json = limited.toJson();
    QVERIFY(json.contains(retry));
    QVERIFY(json.value(retry).isDouble());
    QCOMPARE(json.value(retry).toInteger(), 2500);
    QCOMPARE(json.value(QLatin1StringView("code")).toString(), QStringLiteral("rate_limited"));

    limited.retryAfterMs = 0; // set to zero is still set
    QVERIFY(limited.toJson().contains(retry));
    QCOMPARE(limited.toJson().value(retry).toInteger(), 0);
}

void TestEnvelope::protocolErrorFromJson()
{
    const auto parsed = ProtocolError::fromJson({{QStringLiteral("code"), QStringLiteral("rate_limited")},
                                                 {QStringLiteral("message"), QStringLiteral("wait")},
                                                 {QStringLiteral("retry_after_ms"), 900000}});
    QVERIFY(parsed);
    QCOMPARE(parsed->code, ErrorCode::RateLimited);
    QCOMPARE(parsed->message, QStringLiteral("wait"));
    QVERIFY(parsed->field.isEmpty());
    QCOMPARE(parsed->retryAfterMs, std::optional<qint64>(900000));

    const auto withoutRetry = ProtocolError::fromJson(
        {{QStringLiteral("code"), QStringLiteral("not_found")}, {QStringLiteral("field"), QStringLiteral("id")}});
    QVERIFY(withoutRetry);
    QCOMPARE(withoutRetry->code, ErrorCode::NotFound);
    QCOMPARE(withoutRetry->field, QStringLiteral("id"));
    QVERIFY(!withoutRetry->retryAfterMs);
}

QTEST_GUILESS_MAIN(TestEnvelope)
#include "tst_envelope.moc"
