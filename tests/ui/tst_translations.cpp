// Checks the desktop app's German translation (translations/parley_de.ts):
//  - the .ts file: every message is finished and non-empty, numerus messages have German's two
//    forms, no translation drops or adds a %1…%99 / %n placeholder or a keyboard accelerator, and
//    lupdate found the strings of client/core, client/ui and client/app;
//  - the compiled .qm (built from the same .ts for this test, tests/ui/CMakeLists.txt): loaded the
//    way main.cpp loads it, every message of the .ts is looked up and comes back in German, plural
//    forms included, also through the client's own functions (presenceText(), dayLabel(), …).

#include "core/presence/PresenceText.h"
#include "ui/paint/BubbleLayout.h"
#include "ui/paint/PillPainter.h"

#include <protocol/UserPayloads.h>

#include <QFile>
#include <QKeySequence>
#include <QLibraryInfo>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

#ifndef PARLEY_SOURCE_DIR
#error "PARLEY_SOURCE_DIR must name the source tree (tests/ui/CMakeLists.txt)"
#endif

using namespace parley;
using namespace parley::client;

namespace {

/// One <message> of a .ts file.
struct TsMessage
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString translationType; ///< "unfinished", "vanished", "obsolete" or empty when finished
    QString translation;     ///< the text of a non-numerus message
    QStringList forms;       ///< the <numerusform>s of a numerus message
};

struct TsFile
{
    QString language;
    QList<TsMessage> messages;
    QString error;
};

QString tsPath()
{
    return QStringLiteral(PARLEY_SOURCE_DIR "/translations/parley_de.ts");
}

TsFile parseTs(const QString &path)
{
    TsFile ts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        ts.error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return ts;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("TS")) {
                ts.language = xml.attributes().value(QLatin1String("language")).toString();
            } else if (name == QLatin1String("name")) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                message = TsMessage();
                message.context = context;
                message.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
            } else if (name == QLatin1String("source")) {
                message.source = xml.readElementText();
            } else if (name == QLatin1String("comment")) {
                message.comment = xml.readElementText();
            } else if (name == QLatin1String("translation")) {
                message.translationType = xml.attributes().value(QLatin1String("type")).toString();
                if (!message.numerus)
                    message.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            } else if (name == QLatin1String("numerusform")) {
                message.forms.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            ts.messages.append(message);
        }
    }
    if (xml.hasError())
        ts.error = QStringLiteral("%1:%2: %3").arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return ts;
}

/// The placeholders of @p text, sorted: "%1", "%2", "%n", … ("%L1" counts as "%1").
QStringList placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%L?(\\d{1,2}|n)"));
    QStringList found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.append(QLatin1Char('%') + it.next().captured(1));
    found.sort();
    return found;
}

/// Number of keyboard accelerators ("&x", not "&&") in @p text.
int accelerators(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) != QLatin1Char('&'))
            ++count;
        ++i;
    }
    return count;
}

QString describe(const TsMessage &message)
{
    QString source = message.source;
    return message.context + QStringLiteral(" / \"") + source.replace(QLatin1Char('\n'), QStringLiteral("\\n")) +
           QLatin1Char('"');
}

/// What the translator must return for @p message with count @p n (the form chosen for German:
/// the first for n == 1, the second otherwise, with %n replaced).
QString expectedTranslation(const TsMessage &message, int n)
{
    if (!message.numerus)
        return message.translation;
    QString form = message.forms.value(n == 1 ? 0 : 1);
    return form.replace(QStringLiteral("%n"), QString::number(n));
}

} // namespace

class TstTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void tsFileIsGerman();
    void contextsOfEveryPartAreThere();
    void messageIsComplete_data();
    void messageIsComplete();

    void compiledTranslationLoads();
    void everyMessageIsLookedUp_data();
    void everyMessageIsLookedUp();
    void samplesFromTheBrief();
    void pluralForms();
    void clientFunctionsSpeakGerman();

private:
    TsFile m_ts;
    QTranslator m_translator;
    bool m_installed = false;
};

void TstTranslations::initTestCase()
{
    m_ts = parseTs(tsPath());
    QVERIFY2(m_ts.error.isEmpty(), qPrintable(m_ts.error));
    QVERIFY2(!m_ts.messages.isEmpty(), "the .ts file has no messages: run the update_translations target");

    // As main.cpp does, with the locale forced to German whatever the machine's is.
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(m_translator.load(QLocale(), QStringLiteral("parley"), QStringLiteral("_"), QStringLiteral(":/i18n")),
             "cannot load :/i18n/parley_de.qm");
    QVERIFY(QCoreApplication::installTranslator(&m_translator));
    m_installed = true;
}

void TstTranslations::cleanupTestCase()
{
    if (m_installed)
        QCoreApplication::removeTranslator(&m_translator);
    QLocale::setDefault(QLocale::c());
}

void TstTranslations::tsFileIsGerman()
{
    QVERIFY2(m_ts.language == QLatin1String("de") || m_ts.language.startsWith(QLatin1String("de_")),
             qPrintable(m_ts.language));
}

void TstTranslations::contextsOfEveryPartAreThere()
{
    QSet<QString> contexts;
    QSet<QString> keys;
    for (const TsMessage &message : std::as_const(m_ts.messages)) {
        contexts.insert(message.context);
        keys.insert(message.context + QLatin1Char('\n') + message.source);
    }
    // One context of each part of the client: core (tr() and translate("Presence", …)), ui
    // (widgets' tr() and the painters' translate("parley", …)) and app (translate("main", …)).
    const QStringList expected = {
        QStringLiteral("Presence"),
        QStringLiteral("parley::client::ChatSession"),
        QStringLiteral("parley::client::ConversationListModel"),
        QStringLiteral("parley"),
        QStringLiteral("parley::client::ui::MainWindow"),
        QStringLiteral("parley::client::ui::SignInDialog"),
        QStringLiteral("main"),
    };
    for (const QString &context : expected)
        QVERIFY2(contexts.contains(context), qPrintable(QStringLiteral("no context ") + context));
    // lupdate 6.4 silently drops a translate() whose count is an expression: this one must be there.
    QVERIFY2(keys.contains(QStringLiteral("Presence\nlast seen %n minute(s) ago")),
             "lupdate missed \"last seen %n minute(s) ago\" (client/core/PresenceText.cpp)");
}

void TstTranslations::messageIsComplete_data()
{
    QTest::addColumn<int>("index");
    for (qsizetype i = 0; i < m_ts.messages.size(); ++i)
        QTest::addRow("%s", qPrintable(describe(m_ts.messages.at(i)))) << int(i);
}

void TstTranslations::messageIsComplete()
{
    QFETCH(int, index);
    const TsMessage &message = m_ts.messages.at(index);
    QVERIFY2(message.translationType.isEmpty(), qPrintable(QStringLiteral("type=") + message.translationType));

    const QStringList texts = message.numerus ? message.forms : QStringList{message.translation};
    if (message.numerus)
        QCOMPARE(message.forms.size(), 2); // German: singular, plural
    const QStringList sourcePlaceholders = placeholders(message.source);
    for (const QString &text : texts) {
        QVERIFY2(!text.trimmed().isEmpty(), "empty translation");
        QCOMPARE(placeholders(text), sourcePlaceholders);
        QCOMPARE(accelerators(text), accelerators(message.source));
        // German quotes are „…“; straight double quotes have no place in the UI texts.
        QVERIFY2(!text.contains(QLatin1Char('"')), qPrintable(text));
    }
}

void TstTranslations::compiledTranslationLoads()
{
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/parley_de.qm")));
    QCOMPARE(m_translator.language(), QStringLiteral("de_DE"));
    QVERIFY(!m_translator.isEmpty());
}

void TstTranslations::everyMessageIsLookedUp_data()
{
    messageIsComplete_data();
}

void TstTranslations::everyMessageIsLookedUp()
{
    QFETCH(int, index);
    const TsMessage &message = m_ts.messages.at(index);
    const QByteArray context = message.context.toUtf8();
    const QByteArray source = message.source.toUtf8();
    const QByteArray comment = message.comment.toUtf8();
    const char *disambiguation = comment.isEmpty() ? nullptr : comment.constData();
    const QList<int> counts = message.numerus ? QList<int>{0, 1, 2, 5, 21} : QList<int>{-1};
    for (int n : counts) {
        const QString translated =
            QCoreApplication::translate(context.constData(), source.constData(), disambiguation, n);
        QCOMPARE(translated, expectedTranslation(message, n));
    }
}

void TstTranslations::samplesFromTheBrief()
{
    QCOMPARE(QCoreApplication::translate("parley::client::ChatSession", "This message was deleted"),
             QStringLiteral("Diese Nachricht wurde gelöscht"));
    QCOMPARE(QCoreApplication::translate("parley", "This message was deleted"),
             QStringLiteral("Diese Nachricht wurde gelöscht"));
    QCOMPARE(QCoreApplication::translate("parley::client::ui::SignInDialog", "Log in"), QStringLiteral("Anmelden"));
    QCOMPARE(QCoreApplication::translate("parley::client::ui::SignInDialog", "Create account"),
             QStringLiteral("Konto erstellen"));
    QCOMPARE(QCoreApplication::translate("Presence", "online"), QStringLiteral("online"));
    QCOMPARE(QCoreApplication::translate("main", "Parley, a fast and reliable messenger."),
             QStringLiteral("Parley, ein schneller und zuverlässiger Messenger."));
    QCOMPARE(QCoreApplication::translate("parley::client::ChatSession", "%1 renamed the group to “%2”")
                 .arg(QStringLiteral("Anna"), QStringLiteral("Team")),
             QStringLiteral("Anna hat die Gruppe in „Team“ umbenannt"));
}

void TstTranslations::pluralForms()
{
    QCOMPARE(QCoreApplication::translate("Presence", "last seen %n minute(s) ago", nullptr, 1),
             QStringLiteral("zuletzt online vor 1 Minute"));
    QCOMPARE(QCoreApplication::translate("Presence", "last seen %n minute(s) ago", nullptr, 5),
             QStringLiteral("zuletzt online vor 5 Minuten"));
    QCOMPARE(QCoreApplication::translate("parley::client::ui::ChatView", "%n member(s)", nullptr, 1),
             QStringLiteral("1 Mitglied"));
    QCOMPARE(QCoreApplication::translate("parley::client::ui::ChatView", "%n member(s)", nullptr, 0),
             QStringLiteral("0 Mitglieder"));
    QCOMPARE(QCoreApplication::translate("parley::client::ChatSession", "%n people are typing…", nullptr, 3),
             QStringLiteral("3 Personen schreiben…"));
}

void TstTranslations::clientFunctionsSpeakGerman()
{
    const QDateTime now(QDate(2024, 3, 14), QTime(12, 0));
    User user;
    user.online = true;
    QCOMPARE(presenceText(user, now), QStringLiteral("online"));
    user.online = false;
    user.lastSeenMsecs = now.addSecs(-7 * 60).toMSecsSinceEpoch();
    QCOMPARE(presenceText(user, now), QStringLiteral("zuletzt online vor 7 Minuten"));
    user.lastSeenMsecs = now.addSecs(-60).toMSecsSinceEpoch();
    QCOMPARE(presenceText(user, now), QStringLiteral("zuletzt online vor 1 Minute"));
    user.lastSeenMsecs = now.addSecs(-10).toMSecsSinceEpoch();
    QCOMPARE(presenceText(user, now), QStringLiteral("zuletzt online vor wenigen Sekunden"));
    user.lastSeenMsecs = now.addDays(-1).toMSecsSinceEpoch();
    QVERIFY2(presenceText(user, now).startsWith(QStringLiteral("zuletzt online gestern um ")),
             qPrintable(presenceText(user, now)));

    ui::BubbleSpec deleted;
    deleted.deleted = true;
    QCOMPARE(ui::bubbleDisplayText(deleted), QStringLiteral("Diese Nachricht wurde gelöscht"));
    const QDate today(2024, 3, 14);
    QCOMPARE(ui::dayLabel(today, today), QStringLiteral("Heute"));
    QCOMPARE(ui::dayLabel(today.addDays(-1), today), QStringLiteral("Gestern"));
}

QTEST_MAIN(TstTranslations)
#include "tst_translations.moc"
