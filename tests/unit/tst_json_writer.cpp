// JsonWriter and the objects written with it: everything it writes must read back with
// QJsonDocument as exactly what was meant, whatever the text holds.
#include <protocol/ConversationPayloads.h>
#include <protocol/JsonWriter.h>
#include <protocol/Timestamp.h>

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace parley;

namespace {

QJsonValue readString(const QString &text)
{
    JsonWriter out;
    out.beginArray().string(text).endArray();
    const QByteArray json = out.take();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", json.constData());
    return document.array().at(0);
}

} // namespace

class TestJsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void escapesAndUnicode_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain") << QStringLiteral("see you at six");
        QTest::newRow("quote and backslash") << QStringLiteral("say \"hi\" \\ bye");
        QTest::newRow("controls") << QString::fromUtf16(u"a\nb\tc\rd\be\ff\x01g\x1fh\x7f");
        QTest::newRow("markup") << QStringLiteral("<b>x</b> & </script>");
        QTest::newRow("two-byte") << QString::fromUtf16(u"Grüße, café");
        QTest::newRow("three-byte") << QString::fromUtf16(u"日本語 \u2028 \uffff");
        QTest::newRow("emoji (surrogate pair)") << QString::fromUtf16(u"ok \U0001F600 \U0010FFFF");
        QTest::newRow("nul") << QString(QChar(0));
        // Built with QChar: QString::fromUtf16 itself would drop a leading byte order mark.
        QTest::newRow("byte order mark first (fuzz_decode found it)")
            << QString(QChar(0xfeff)) + QString::fromUtf16(u"\uffff\u654a\u9890\u654a");
        QTest::newRow("byte order mark alone") << QString(QChar(0xfeff));
        QTest::newRow("byte order mark inside") << QString::fromUtf16(u"a\ufeffb");
    }
    void escapesAndUnicode()
    {
        QFETCH(QString, text);
        const QJsonValue read = readString(text);
        QVERIFY(read.isString());
        QCOMPARE(read.toString(), text);
    }

    void loneSurrogatesBecomeReplacementCharacters()
    {
        const QString lone = QString(QChar(0xd800)) + QLatin1Char('x') + QChar(0xdc00);
        JsonWriter out;
        out.beginArray().string(lone).endArray();
        const QByteArray json = out.take();
        QCOMPARE(json, QByteArray("[\"\xef\xbf\xbdx\xef\xbf\xbd\"]"));
    }

    void randomTextReadsBack()
    {
        QRandomGenerator random(42);
        for (int round = 0; round < 2000; ++round) {
            QString text;
            const int length = int(random.bounded(40));
            for (int i = 0; i < length; ++i) {
                // Mostly valid text from every range, including control characters and pairs.
                const quint32 pick = random.bounded(6);
                if (pick == 0)
                    text.append(QChar(char16_t(random.bounded(0x20))));
                else if (pick == 1)
                    text.append(QChar(char16_t(0x20 + random.bounded(0x60))));
                else if (pick == 2)
                    text.append(QChar(char16_t(0x80 + random.bounded(0x780))));
                else if (pick == 3)
                    text.append(QChar(char16_t(0x800 + random.bounded(0xd000))));
                else if (pick == 4)
                    text.append(QChar(char16_t(0xe000 + random.bounded(0x2000))));
                else
                    text.append(QString::fromUcs4(
                        std::array<char32_t, 1>{char32_t(0x10000 + random.bounded(0xfffff))}.data(), 1));
            }
            QCOMPARE(readString(text).toString(), text);
        }
    }

    void numbersAndStructure()
    {
        JsonWriter out;
        out.beginObject()
            .key(QLatin1StringView("min"))
            .number(std::numeric_limits<qint64>::min() + 1)
            .key(QLatin1StringView("zero"))
            .number(0)
            .key(QLatin1StringView("big"))
            .number(9007199254740991)
            .key(QLatin1StringView("list"))
            .beginArray()
            .number(-1)
            .boolean(true)
            .boolean(false)
            .null()
            .beginObject()
            .endObject()
            .beginArray()
            .endArray()
            .raw("{\"a\":1}")
            .endArray()
            .key(QLatin1StringView("empty"))
            .beginObject()
            .endObject()
            .endObject();
        const QByteArray json = out.take();
        QCOMPARE(json, QByteArray("{\"min\":-9223372036854775807,\"zero\":0,\"big\":9007199254740991,"
                                  "\"list\":[-1,true,false,null,{},[],{\"a\":1}],\"empty\":{}}"));
        QVERIFY(QJsonDocument::fromJson(json).isObject());
        QVERIFY(out.take().isEmpty());
    }

    void timestampsMatchQDateTime()
    {
        QRandomGenerator random(7);
        QList<qint64> samples{0,
                              1,
                              999,
                              86399999,
                              86400000,
                              951782400000 /* 2000-02-29 */,
                              253402300799999,
                              4107542400000 /* 2100-03-01 */,
                              1700000000123};
        for (int i = 0; i < 20000; ++i)
            samples.append(qint64(random.bounded(quint64(253402300799999) + 1)));
        for (qint64 ms : samples) {
            const QString expected = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
            QCOMPARE(formatTimestamp(ms), expected);
        }
        // Outside 1970–9999 it still answers as QDateTime does.
        QCOMPARE(formatTimestamp(-1), QDateTime::fromMSecsSinceEpoch(-1, Qt::UTC).toString(Qt::ISODateWithMs));
    }

    void messageAndConversationObjects()
    {
        Message message;
        message.id = QStringLiteral("m1");
        message.conversationId = QStringLiteral("c1");
        message.seq = 7;
        message.rev = 9;
        message.senderId = QStringLiteral("alice");
        message.text = QStringLiteral("hi \"bob\"\n");
        message.clientId = QStringLiteral("c-1");
        message.createdAtMsecs = 1700000000123;
        message.editedAtMsecs = 1700000001000;

        const QJsonObject forSender = message.toJson(QStringLiteral("alice"));
        QCOMPARE(forSender.value(QLatin1StringView("client_id")).toString(), QStringLiteral("c-1"));
        QCOMPARE(forSender.value(QLatin1StringView("text")).toString(), message.text);
        QCOMPARE(forSender.value(QLatin1StringView("edited_at")).toString(),
                 QStringLiteral("2023-11-14T22:13:21.000Z"));
        QCOMPARE(forSender.value(QLatin1StringView("created_at")).toString(),
                 QStringLiteral("2023-11-14T22:13:20.123Z"));
        QCOMPARE(forSender.size(), 11);
        const QJsonObject forOthers = message.toJson(QStringLiteral("bob"));
        QVERIFY(forOthers.value(QLatin1StringView("client_id")).isNull());
        const auto back = Message::fromJson(forSender);
        QVERIFY(back);
        QCOMPARE(back->text, message.text);
        QCOMPARE(back->seq, 7);
        QCOMPARE(back->editedAtMsecs, message.editedAtMsecs);

        message.deleted = true;
        const QJsonObject deleted = message.toJson(QStringLiteral("bob"));
        QCOMPARE(deleted.value(QLatin1StringView("text")).toString(), QString());
        QCOMPARE(deleted.value(QLatin1StringView("deleted")).toBool(), true);

        Conversation conversation;
        conversation.id = QStringLiteral("c1");
        conversation.title = QStringLiteral("ignored for direct");
        conversation.members = {Member{QStringLiteral("alice"), Member::Role::Admin, 3, 2},
                                Member{QStringLiteral("bob"), Member::Role::Member, 1, 0}};
        conversation.unreadCount = 4;
        const QJsonObject direct = conversation.toJson(QStringLiteral("bob"));
        QVERIFY(direct.value(QLatin1StringView("title")).isNull());
        QVERIFY(direct.value(QLatin1StringView("last_message")).isNull());
        QCOMPARE(direct.value(QLatin1StringView("members")).toArray().size(), 2);
        QCOMPARE(direct.value(QLatin1StringView("members")).toArray().at(0).toObject().value(QLatin1StringView("role")),
                 QStringLiteral("admin"));
        QCOMPARE(direct.value(QLatin1StringView("unread_count")).toInteger(), 4);
        conversation.type = Conversation::Type::Group;
        conversation.lastMessage = message;
        const QJsonObject group = conversation.toJson(QStringLiteral("alice"));
        QCOMPARE(group.value(QLatin1StringView("title")).toString(), conversation.title);
        QCOMPARE(group.value(QLatin1StringView("last_message")).toObject().value(QLatin1StringView("client_id")),
                 QStringLiteral("c-1"));
        QCOMPARE(group.size(), 11);
    }
};

QTEST_APPLESS_MAIN(TestJsonWriter)
#include "tst_json_writer.moc"
