#include "PixelTestUtil.h"

#include "ui/paint/AvatarPainter.h"
#include "ui/paint/BubblePainter.h"
#include "ui/paint/PillPainter.h"
#include "ui/paint/TickPainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QtTest>

using namespace parley::client;
using namespace parley::client::ui;
using namespace parley::client::ui::test;

namespace {

const QRectF kTickArea(10, 10, 100, 40);

QPalette testPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xF0, 0xF0, 0xF0));
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::Highlight, QColor(0xE0, 0x30, 0x30));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

QImage ticksImage(DeliveryState state, const QPalette &palette = testPalette())
{
    QImage image = blankImage(120, 60);
    QPainter painter(&image);
    paintTicks(painter, kTickArea, state, palette);
    return image;
}

QImage avatarImage(const QString &initials, const QString &seed, bool online, const QColor &ring = Qt::white)
{
    QImage image = blankImage(64, 64, Qt::transparent);
    QPainter painter(&image);
    paintAvatar(painter, image.rect(), initials, seed, online, ring);
    return image;
}

BubbleSpec plainSpec(const QString &text)
{
    BubbleSpec spec;
    spec.text = text;
    spec.palette = testPalette();
    spec.font = QFont(QStringLiteral("DejaVu Sans"), 10);
    return spec;
}

} // namespace

class TstPainters : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noneTicksPaintNothing()
    {
        QVERIFY(tickSize(DeliveryState::None, 12).isEmpty());
        QCOMPARE(countInk(ticksImage(DeliveryState::None), Qt::white), 0);
    }

    void seenTicksAreBlue()
    {
        const QImage seen = ticksImage(DeliveryState::Seen);
        QVERIFY2(countNear(seen, kSeenColor, 24) > 30, "seen ticks must be painted in kSeenColor");
        QCOMPARE(countNear(seen, Qt::black, 60), 0);
    }

    void otherTicksAreNotBlue_data()
    {
        QTest::addColumn<int>("state");
        QTest::newRow("pending") << int(DeliveryState::Pending);
        QTest::newRow("sent") << int(DeliveryState::Sent);
        QTest::newRow("delivered") << int(DeliveryState::Delivered);
        QTest::newRow("failed") << int(DeliveryState::Failed);
    }

    void otherTicksAreNotBlue()
    {
        QFETCH(int, state);
        const QImage image = ticksImage(static_cast<DeliveryState>(state));
        QVERIFY(countInk(image, Qt::white) > 20);
        QCOMPARE(countPixels(image, isSeenBlue), 0);
    }

    void ticksUseThePaletteTextColour()
    {
        QPalette palette = testPalette();
        palette.setColor(QPalette::Text, QColor(0x00, 0x80, 0x00));
        const QImage delivered = ticksImage(DeliveryState::Delivered, palette);
        QVERIFY(countNear(delivered, QColor(0x00, 0x80, 0x00), 24) > 30);
        QCOMPARE(countNear(ticksImage(DeliveryState::Seen, palette), QColor(0x00, 0x80, 0x00), 60), 0);
    }

    void deliveredHasTwoChecks()
    {
        const QImage sent = ticksImage(DeliveryState::Sent);
        const QImage delivered = ticksImage(DeliveryState::Delivered);
        const int sentInk = countInk(sent, Qt::white);
        const int deliveredInk = countInk(delivered, Qt::white);
        QVERIFY2(deliveredInk > sentInk * 3 / 2,
                 qPrintable(QStringLiteral("sent %1, delivered %2").arg(sentInk).arg(deliveredInk)));
        QVERIFY(inkBounds(delivered, Qt::white).width() > inkBounds(sent, Qt::white).width() * 6 / 5);
        QVERIFY(tickSize(DeliveryState::Delivered, 12).width() > tickSize(DeliveryState::Sent, 12).width());
        QCOMPARE(tickSize(DeliveryState::Delivered, 12).height(), 12.0);
    }

    void pendingIsAClock()
    {
        const QImage pending = ticksImage(DeliveryState::Pending);
        const QImage sent = ticksImage(DeliveryState::Sent);
        QVERIFY(pending != sent);
        // A clock's circle has ink at the top of its box, a check mark does not.
        const QRect pendingBounds = inkBounds(pending, Qt::white);
        const QRect sentBounds = inkBounds(sent, Qt::white);
        const QRect pendingTop(pendingBounds.center().x() - 2, pendingBounds.top(), 5, 3);
        const QRect sentTop(sentBounds.center().x() - 2, sentBounds.top(), 5, 3);
        QVERIFY(countInk(pending, Qt::white, pendingTop) > 0);
        QCOMPARE(countInk(sent, Qt::white, sentTop), 0);
        // ...and at its bottom, in the middle, so it is round rather than a check.
        QVERIFY(countInk(pending, Qt::white, QRect(pendingBounds.center().x() - 2, pendingBounds.bottom() - 2, 5, 3)) >
                0);
        QCOMPARE(countNear(pending, kFailedColor, 60), 0);
    }

    void failedIsRed()
    {
        const QImage failed = ticksImage(DeliveryState::Failed);
        QVERIFY(countNear(failed, kFailedColor, 24) > 100);
        // The exclamation mark is white inside the red disc.
        const QRect bounds = inkBounds(failed, Qt::white);
        QVERIFY(countNear(failed, Qt::white, 24, bounds.adjusted(4, 4, -4, -4)) > 5);
        for (const auto state : {DeliveryState::Sent, DeliveryState::Delivered, DeliveryState::Seen}) {
            QCOMPARE(countNear(ticksImage(state), kFailedColor, 60), 0);
        }
    }

    void ticksStayInsideTheirArea()
    {
        for (const auto state : {DeliveryState::Pending, DeliveryState::Failed, DeliveryState::Sent,
                                 DeliveryState::Delivered, DeliveryState::Seen}) {
            const QRect bounds = inkBounds(ticksImage(state), Qt::white);
            QVERIFY(!bounds.isEmpty());
            QVERIFY2(kTickArea.toAlignedRect().contains(bounds), qPrintable(QString::number(int(state))));
        }
    }

    void avatarColourIsStable()
    {
        QCOMPARE(avatarColor(QStringLiteral("alice")), avatarColor(QStringLiteral("alice")));
        QSet<QRgb> colours;
        for (int i = 0; i < 40; ++i)
            colours.insert(avatarColor(QStringLiteral("user-%1").arg(i)).rgb());
        QVERIFY2(colours.size() >= 5, "seeds should spread over the palette");
        QVERIFY(colours.size() <= 8);
    }

    void avatarCentreHasTheSeedColour()
    {
        const QString seed = QStringLiteral("bob@example");
        const QImage image = avatarImage(QString(), seed, false);
        QVERIFY(isNear(image.pixel(32, 32), avatarColor(seed), 2));
        QCOMPARE(qAlpha(image.pixel(1, 1)), 0); // round, not square
        QCOMPARE(countNear(image, Qt::white, 30), 0);

        const QImage withInitials = avatarImage(QStringLiteral("BO"), seed, false);
        QVERIFY2(countNear(withInitials, Qt::white, 30) > 20, "initials are painted in white");
    }

    void onlineDotOnlyWhenOnline()
    {
        // Pick a seed whose colour cannot be mistaken for the online green.
        QString seed;
        for (int i = 0; seed.isEmpty(); ++i) {
            const QString candidate = QStringLiteral("seed-%1").arg(i);
            if (!isNear(avatarColor(candidate).rgb(), kOnlineColor, 60))
                seed = candidate;
        }
        const QColor ring(0xFF, 0x00, 0xFF);
        const QImage online = avatarImage(QStringLiteral("A"), seed, true, ring);
        const QImage offline = avatarImage(QStringLiteral("A"), seed, false, ring);
        QVERIFY(countNear(online, kOnlineColor, 20) > 10);
        QCOMPARE(countNear(offline, kOnlineColor, 20), 0);
        QVERIFY(countNear(online, ring, 20) > 5);
        QCOMPARE(countNear(offline, ring, 20), 0);
        // The dot is at the bottom right.
        QVERIFY(countNear(online, kOnlineColor, 20, QRect(40, 40, 24, 24)) > 10);
        QCOMPARE(countNear(online, kOnlineColor, 20, QRect(0, 0, 32, 32)), 0);
    }

    void bubbleGrowsWithText()
    {
        const QSize shortSize = bubbleSize(plainSpec(QStringLiteral("Hi")), 400);
        const QSize longSize = bubbleSize(plainSpec(QStringLiteral("Hello there, how are you today?")), 400);
        QVERIFY(longSize.width() > shortSize.width());
        QCOMPARE(longSize.height(), shortSize.height());
    }

    void bubbleWrapsAtMaxWidth()
    {
        QString text;
        for (int i = 0; i < 40; ++i)
            text += QStringLiteral("word%1 ").arg(i);
        const QSize oneLine = bubbleSize(plainSpec(QStringLiteral("word")), 200);
        const QSize narrow = bubbleSize(plainSpec(text), 200);
        const QSize wide = bubbleSize(plainSpec(text), 600);
        QVERIFY(narrow.width() <= 200);
        QVERIFY(wide.width() <= 600);
        QVERIFY(narrow.height() > 3 * oneLine.height() / 2);
        QVERIFY(narrow.height() > wide.height());

        // A long word without spaces (a URL) wraps anywhere instead of overflowing.
        const QSize unbroken = bubbleSize(plainSpec(QString(300, QLatin1Char('x'))), 200);
        QVERIFY(unbroken.width() <= 200);
        QVERIFY(unbroken.height() > 2 * oneLine.height());
    }

    void bubbleKeepsNewlines()
    {
        const QSize one = bubbleSize(plainSpec(QStringLiteral("a")), 400);
        const QSize three = bubbleSize(plainSpec(QStringLiteral("a\nb\r\nc")), 400);
        const qreal line = QFontMetricsF(plainSpec(QString()).font).height();
        QVERIFY(three.height() >= one.height() + 2 * line - 1);
    }

    void bubbleShowsMarkupLiterally()
    {
        const BubbleSpec markup = plainSpec(QStringLiteral("<b>x</b>"));
        const BubbleSpec plain = plainSpec(QStringLiteral("x"));
        const qreal literal = QFontMetricsF(markup.font).horizontalAdvance(markup.text);
        const int expected = int(std::ceil(literal)) + 2 * markup.style.paddingX;
        QVERIFY(std::abs(bubbleSize(markup, 1000).width() - expected) <= 2);
        QCOMPARE(bubbleSize(markup, 1000).height(), bubbleSize(plain, 1000).height());
        QCOMPARE(bubbleDisplayText(markup), QStringLiteral("<b>x</b>"));
    }

    void bubbleFooterAndName()
    {
        BubbleSpec spec = plainSpec(QStringLiteral("ok"));
        const QSize bare = bubbleSize(spec, 400);
        spec.timeText = QStringLiteral("12:34");
        spec.own = true;
        spec.state = DeliveryState::Seen;
        const QSize withFooter = bubbleSize(spec, 400);
        QVERIFY(withFooter.width() > bare.width());
        spec.edited = true;
        QVERIFY(bubbleSize(spec, 400).width() > withFooter.width());

        BubbleSpec named = plainSpec(QStringLiteral("ok"));
        named.senderName = QStringLiteral("Alice");
        QVERIFY(bubbleSize(named, 400).height() > bare.height());

        BubbleSpec deleted = plainSpec(QStringLiteral("secret"));
        deleted.deleted = true;
        QCOMPARE(bubbleDisplayText(deleted), QStringLiteral("This message was deleted"));
    }

    void paintBubbleFillsItsRectOnly()
    {
        BubbleSpec spec = plainSpec(QStringLiteral("Hello"));
        spec.own = true;
        spec.timeText = QStringLiteral("09:15");
        spec.state = DeliveryState::Seen;
        const QSize size = bubbleSize(spec, 300);
        QImage image = blankImage(400, 100);
        spec.rect = QRect(QPoint(400 - size.width() - 10, 10), size);
        {
            QPainter painter(&image);
            paintBubble(painter, spec);
        }
        // Own bubbles are tinted with the highlight colour (red here).
        const QRgb inside = image.pixel(spec.rect.left() + 4, spec.rect.center().y());
        QVERIFY(qRed(inside) > qGreen(inside) + 20);
        QVERIFY(countPixels(image, isSeenBlue, spec.rect) > 3);
        QVERIFY(spec.rect.contains(inkBounds(image, Qt::white)));

        BubbleSpec other = plainSpec(QStringLiteral("Hello"));
        other.rect = QRect(QPoint(10, 10), bubbleSize(other, 300));
        QImage otherImage = blankImage(400, 100);
        {
            QPainter painter(&otherImage);
            paintBubble(painter, other);
        }
        const QRgb otherInside = otherImage.pixel(other.rect.left() + 4, other.rect.center().y());
        QVERIFY(std::abs(qRed(otherInside) - qGreen(otherInside)) < 8);
        QVERIFY(qRed(otherInside) < 250);
    }

    void pillsAndDayLabels()
    {
        const QDate today(2024, 5, 17);
        QCOMPARE(dayLabel(today, today), QStringLiteral("Today"));
        QCOMPARE(dayLabel(today.addDays(-1), today), QStringLiteral("Yesterday"));
        const QString older = dayLabel(today.addDays(-2), today);
        QVERIFY(!older.isEmpty());
        QVERIFY(older != QStringLiteral("Yesterday"));

        PillSpec pill;
        pill.text = QStringLiteral("Alice added Bob");
        pill.palette = testPalette();
        pill.font = QFont(QStringLiteral("DejaVu Sans"), 10);
        const QRect row(0, 0, 400, 0);
        pill.rect = pillRect(pill, row, 400);
        QVERIFY(std::abs(pill.rect.center().x() - 200) <= 1);
        QImage image = blankImage(400, pill.rect.height() + 4);
        {
            QPainter painter(&image);
            paintPill(painter, pill);
        }
        QVERIFY(countInk(image, Qt::white) > 20);
        QVERIFY(pill.rect.contains(inkBounds(image, Qt::white)));
        QVERIFY(pillSize(pill, 80).height() > pillSize(pill, 400).height());
    }
};

QTEST_MAIN(TstPainters)
#include "tst_painters.moc"
