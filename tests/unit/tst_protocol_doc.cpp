// Checks docs/PROTOCOL.md against the protocol registry (common/protocol/Registry.h): every op in
// parley::allOps() has a "### `op.name`" section and every event in parley::allEvents() an
// "### event `name`" section, the document documents nothing the registry lacks, and each such
// section shows at least one JSON example (a fenced block containing "op" for an op, "ev" for an
// event).
//
// Any "### `name`" heading counts as an op heading, wherever it is in the document, so other
// kinds of section (objects, for instance) must use another heading form.

#include <protocol/Registry.h>

#include <QFile>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#ifndef PARLEY_SOURCE_DIR
#error "PARLEY_SOURCE_DIR must name the source tree (tests/unit/CMakeLists.txt)"
#endif

using namespace parley;

namespace {

/// One "### `x`" or "### event `x`" section of the document.
struct Section
{
    QString name;
    int line = 0;       ///< 1-based line of the heading
    QStringList fences; ///< the contents of the fenced code blocks in the section
    bool isEvent = false;
};

struct ProtocolDoc
{
    QList<Section> ops;
    QList<Section> events;
};

/// Splits a Markdown document into its op and event sections. A section runs from its heading to
/// the next heading of level 1–3 outside a code fence.
ProtocolDoc parseProtocolDoc(const QString &text)
{
    // A remark in parentheses may follow the name: "### `messages.edit` (Parley addition)".
    static const QRegularExpression opHeading(QStringLiteral("^###\\s+`([^`]+)`(\\s+\\(.*\\))?\\s*$"));
    static const QRegularExpression eventHeading(QStringLiteral("^###\\s+event\\s+`([^`]+)`(\\s+\\(.*\\))?\\s*$"));
    static const QRegularExpression anyHeading(QStringLiteral("^#{1,3}\\s"));
    static const QRegularExpression fence(QStringLiteral("^\\s*(```|~~~)"));

    ProtocolDoc doc;
    Section *current = nullptr;
    bool inFence = false;
    QString fenceMarker;
    QString fenceText;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QString line = lines.at(i);
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QRegularExpressionMatch fenceMatch = fence.match(line);
        if (inFence) {
            if (fenceMatch.hasMatch() && fenceMatch.captured(1) == fenceMarker) {
                inFence = false;
                if (current)
                    current->fences.append(fenceText);
            } else {
                fenceText += line + QLatin1Char('\n');
            }
            continue;
        }
        if (fenceMatch.hasMatch()) {
            inFence = true;
            fenceMarker = fenceMatch.captured(1);
            fenceText.clear();
            continue;
        }
        if (!anyHeading.match(line).hasMatch())
            continue;
        current = nullptr;
        if (const auto match = eventHeading.match(line); match.hasMatch()) {
            doc.events.append(Section{match.captured(1), int(i + 1), {}, true});
            current = &doc.events.last();
        } else if (const auto match = opHeading.match(line); match.hasMatch()) {
            doc.ops.append(Section{match.captured(1), int(i + 1), {}, false});
            current = &doc.ops.last();
        }
    }
    return doc;
}

QStringList names(const QList<Section> &sections)
{
    QStringList result;
    for (const Section &section : sections)
        result.append(section.name);
    return result;
}

QStringList registryOps()
{
    QStringList result;
    for (Op op : allOps())
        result.append(opName(op));
    return result;
}

QStringList registryEvents()
{
    QStringList result;
    for (Event event : allEvents())
        result.append(eventName(event));
    return result;
}

/// Names in `wanted` that `present` lacks, in `wanted`'s order.
QStringList missing(const QStringList &wanted, const QStringList &present)
{
    const QSet<QString> have(present.cbegin(), present.cend());
    QStringList result;
    for (const QString &name : wanted) {
        if (!have.contains(name))
            result.append(name);
    }
    return result;
}

QStringList duplicates(const QStringList &list)
{
    QSet<QString> seen;
    QStringList result;
    for (const QString &name : list) {
        if (seen.contains(name) && !result.contains(name))
            result.append(name);
        seen.insert(name);
    }
    return result;
}

/// Sections that have no fenced block containing `key` (`"op"` or `"ev"`).
QStringList sectionsWithoutExample(const QList<Section> &sections, const QString &key)
{
    QStringList result;
    for (const Section &section : sections) {
        bool found = false;
        for (const QString &block : section.fences)
            found = found || block.contains(key);
        if (!found)
            result.append(QStringLiteral("%1 (line %2)").arg(section.name).arg(section.line));
    }
    return result;
}

QString joined(const QStringList &list)
{
    return list.join(QStringLiteral(", "));
}

} // namespace

class tst_ProtocolDoc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void parserFindsSectionsAndExamples();
    void parserIgnoresHeadingsInsideCodeFences();
    void registryIsNotEmpty();
    void everyRegistryOpIsDocumented();
    void everyDocumentedOpIsInRegistry();
    void everyRegistryEventIsDocumented();
    void everyDocumentedEventIsInRegistry();
    void noSectionIsDocumentedTwice();
    void everyOpSectionHasJsonExample();
    void everyEventSectionHasJsonExample();

private:
    ProtocolDoc m_doc;
};

void tst_ProtocolDoc::initTestCase()
{
    const QString path = QStringLiteral(PARLEY_SOURCE_DIR "/docs/PROTOCOL.md");
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path + QStringLiteral(": ") + file.errorString()));
    m_doc = parseProtocolDoc(QString::fromUtf8(file.readAll()));
    // The document exists and has the expected shape at all (guards against a parser that
    // silently finds nothing, which would make the "documents nothing extra" checks vacuous).
    QVERIFY2(!m_doc.ops.isEmpty(), "no \"### `op`\" heading found in docs/PROTOCOL.md");
    QVERIFY2(!m_doc.events.isEmpty(), "no \"### event `name`\" heading found in docs/PROTOCOL.md");
}

void tst_ProtocolDoc::parserFindsSectionsAndExamples()
{
    const QString text = QStringLiteral("# Title\n"
                                        "## Ops\n"
                                        "### `ping`\n"
                                        "Text.\n"
                                        "```json\n"
                                        "{\"id\": \"1\", \"op\": \"ping\"}\n"
                                        "```\n"
                                        "### `auth.login` (with a remark)\n"
                                        "No example here.\n"
                                        "```\n"
                                        "{\"re\": \"1\", \"ok\": true}\n"
                                        "```\n"
                                        "### Something else\n"
                                        "### `not an op` heading with more text\n"
                                        "```json\n"
                                        "{\"op\": \"auth.login\"}\n"
                                        "```\n"
                                        "## Events\n"
                                        "### event `hello`\n"
                                        "```\n"
                                        "{\"ev\": \"hello\"}\n"
                                        "```\n");
    const ProtocolDoc doc = parseProtocolDoc(text);
    QCOMPARE(names(doc.ops), (QStringList{QStringLiteral("ping"), QStringLiteral("auth.login")}));
    QCOMPARE(names(doc.events), QStringList{QStringLiteral("hello")});
    QCOMPARE(doc.ops.at(0).line, 3);
    // The example under "### Something else" does not belong to auth.login.
    QCOMPARE(sectionsWithoutExample(doc.ops, QStringLiteral("\"op\"")),
             QStringList{QStringLiteral("auth.login (line 8)")});
    QVERIFY(sectionsWithoutExample(doc.events, QStringLiteral("\"ev\"")).isEmpty());
    QCOMPARE(missing(registryOps(), names(doc.ops)).contains(QStringLiteral("auth.register")), true);
    QCOMPARE(missing(QStringList{QStringLiteral("ping"), QStringLiteral("no.such")}, registryOps()),
             QStringList{QStringLiteral("no.such")});
}

void tst_ProtocolDoc::parserIgnoresHeadingsInsideCodeFences()
{
    const QString text = QStringLiteral("### `ping`\n"
                                        "```\n"
                                        "### `not.an.op`\n"
                                        "{\"op\": \"ping\"}\n"
                                        "```\n"
                                        "### event `typing`\n"
                                        "~~~json\n"
                                        "{\"ev\": \"typing\"}\n"
                                        "~~~\n");
    const ProtocolDoc doc = parseProtocolDoc(text);
    QCOMPARE(names(doc.ops), QStringList{QStringLiteral("ping")});
    QCOMPARE(names(doc.events), QStringList{QStringLiteral("typing")});
    QVERIFY(sectionsWithoutExample(doc.ops, QStringLiteral("\"op\"")).isEmpty());
    QVERIFY(sectionsWithoutExample(doc.events, QStringLiteral("\"ev\"")).isEmpty());
}

void tst_ProtocolDoc::registryIsNotEmpty()
{
    QVERIFY(registryOps().contains(QStringLiteral("messages.send")));
    QVERIFY(registryEvents().contains(QStringLiteral("message.new")));
    QVERIFY(duplicates(registryOps()).isEmpty());
    QVERIFY(duplicates(registryEvents()).isEmpty());
}

void tst_ProtocolDoc::everyRegistryOpIsDocumented()
{
    const QStringList absent = missing(registryOps(), names(m_doc.ops));
    QVERIFY2(absent.isEmpty(),
             qPrintable(QStringLiteral("ops without a \"### `op`\" section in docs/PROTOCOL.md: ") + joined(absent)));
}

void tst_ProtocolDoc::everyDocumentedOpIsInRegistry()
{
    const QStringList extra = missing(names(m_doc.ops), registryOps());
    QVERIFY2(extra.isEmpty(),
             qPrintable(QStringLiteral("docs/PROTOCOL.md documents ops the registry lacks: ") + joined(extra)));
}

void tst_ProtocolDoc::everyRegistryEventIsDocumented()
{
    const QStringList absent = missing(registryEvents(), names(m_doc.events));
    QVERIFY2(absent.isEmpty(),
             qPrintable(QStringLiteral("events without a \"### event `name`\" section in docs/PROTOCOL.md: ") +
                        joined(absent)));
}

void tst_ProtocolDoc::everyDocumentedEventIsInRegistry()
{
    const QStringList extra = missing(names(m_doc.events), registryEvents());
    QVERIFY2(extra.isEmpty(),
             qPrintable(QStringLiteral("docs/PROTOCOL.md documents events the registry lacks: ") + joined(extra)));
}

void tst_ProtocolDoc::noSectionIsDocumentedTwice()
{
    const QStringList ops = duplicates(names(m_doc.ops));
    const QStringList events = duplicates(names(m_doc.events));
    QVERIFY2(ops.isEmpty(), qPrintable(QStringLiteral("ops with more than one section: ") + joined(ops)));
    QVERIFY2(events.isEmpty(), qPrintable(QStringLiteral("events with more than one section: ") + joined(events)));
}

void tst_ProtocolDoc::everyOpSectionHasJsonExample()
{
    const QStringList bare = sectionsWithoutExample(m_doc.ops, QStringLiteral("\"op\""));
    QVERIFY2(bare.isEmpty(),
             qPrintable(QStringLiteral("op sections without a fenced example containing \"op\": ") + joined(bare)));
}

void tst_ProtocolDoc::everyEventSectionHasJsonExample()
{
    const QStringList bare = sectionsWithoutExample(m_doc.events, QStringLiteral("\"ev\""));
    QVERIFY2(bare.isEmpty(),
             qPrintable(QStringLiteral("event sections without a fenced example containing \"ev\": ") + joined(bare)));
}

QTEST_GUILESS_MAIN(tst_ProtocolDoc)
#include "tst_protocol_doc.moc"
