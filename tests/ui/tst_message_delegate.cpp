#include "PixelTestUtil.h"

#include "core/ModelRoles.h"
#include "ui/paint/MessageDelegate.h"
#include "ui/paint/TickPainter.h"

#include <QFontMetricsF>
#include <QListView>
#include <QPainter>
#include <QStandardItemModel>
#include <QtTest>

using namespace parley::client;
using namespace parley::client::ui;
using namespace parley::client::ui::test;

namespace {

constexpr int kRowWidth = 500;
const QColor kHighlight(0xFF, 0x8C, 0x00);

struct Message
{
    QString text{};
    bool own = false;
    DeliveryState state = DeliveryState::None;
    bool deleted = false;
    bool edited = false;
    bool system = false;
    bool daySeparator = false;
    QString senderName{};
};

QPalette testPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xF2, 0xF2, 0xF2));
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::Highlight, kHighlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

QStandardItem *makeItem(const Message &m)
{
    static int counter = 0;
    ++counter;
    auto *item = new QStandardItem;
    item->setData(m.own ? QString() : QStringLiteral("m%1").arg(counter), MessageIdRole);
    item->setData(QStringLiteral("c%1").arg(counter), ClientIdRole);
    item->setData(qint64(counter), SeqRole);
    item->setData(m.deleted ? QString() : m.text, TextRole);
    item->setData(m.deleted ? QString() : m.text, Qt::DisplayRole);
    item->setData(m.own ? QStringLiteral("me") : QStringLiteral("alice-id"), SenderIdRole);
    item->setData(m.senderName.isEmpty() ? QStringLiteral("Alice") : m.senderName, SenderNameRole);
    item->setData(m.own, IsOwnRole);
    item->setData(m.system, IsSystemRole);
    item->setData(m.deleted, IsDeletedRole);
    item->setData(m.edited, IsEditedRole);
    item->setData(QDateTime(QDate(2024, 5, 17), QTime(9, 41)), TimestampRole);
    item->setData(int(m.state), DeliveryStateRole);
    item->setData(!m.senderName.isEmpty(), ShowSenderNameRole);
    item->setData(m.daySeparator, ShowDaySeparatorRole);
    item->setEditable(false);
    return item;
}

QStyleOptionViewItem optionFor(int width, int height = 0)
{
    QStyleOptionViewItem option;
    option.rect = QRect(0, 0, width, height);
    option.palette = testPalette();
    option.font = QFont(QStringLiteral("DejaVu Sans"), 10);
    option.state = QStyle::State_Enabled;
    return option;
}

} // namespace

class TstMessageDelegate : public QObject
{
    Q_OBJECT

private:
    QStandardItemModel m_model;
    MessageDelegate m_delegate;

    QModelIndex add(const Message &m)
    {
        m_model.appendRow(makeItem(m));
        return m_model.index(m_model.rowCount() - 1, 0);
    }

    QImage render(const QModelIndex &index, int width = kRowWidth)
    {
        const QSize hint = m_delegate.sizeHint(optionFor(width), index);
        QImage image = blankImage(width, hint.height());
        QPainter painter(&image);
        m_delegate.paint(&painter, optionFor(width, hint.height()), index);
        return image;
    }

private Q_SLOTS:
    void seenRowIsBlueAndSentIsNot()
    {
        const QImage seen = render(add({.text = QStringLiteral("Hello"), .own = true, .state = DeliveryState::Seen}));
        const QImage sent = render(add({.text = QStringLiteral("Hello"), .own = true, .state = DeliveryState::Sent}));
        const QImage delivered =
            render(add({.text = QStringLiteral("Hello"), .own = true, .state = DeliveryState::Delivered}));
        QVERIFY2(countPixels(seen, isSeenBlue) > 3, "seen ticks are blue");
        QCOMPARE(countPixels(sent, isSeenBlue), 0);
        QCOMPARE(countPixels(delivered, isSeenBlue), 0);
        // Delivered has two checks, so more ink than sent at the same place.
        QVERIFY(countInk(delivered, Qt::white) > countInk(sent, Qt::white));
    }

    void everyStateRenders_data()
    {
        QTest::addColumn<int>("state");
        QTest::addColumn<bool>("own");
        QTest::newRow("other") << int(DeliveryState::None) << false;
        QTest::newRow("pending") << int(DeliveryState::Pending) << true;
        QTest::newRow("failed") << int(DeliveryState::Failed) << true;
        QTest::newRow("sent") << int(DeliveryState::Sent) << true;
        QTest::newRow("delivered") << int(DeliveryState::Delivered) << true;
        QTest::newRow("seen") << int(DeliveryState::Seen) << true;
        QTest::newRow("garbage state") << 42 << true;
    }

    void everyStateRenders()
    {
        QFETCH(int, state);
        QFETCH(bool, own);
        Message m{.text = QStringLiteral("Some text"), .own = own};
        const QModelIndex index = add(m);
        m_model.setData(index, state, DeliveryStateRole);
        const QImage image = render(index);
        QVERIFY(!image.isNull());
        const QRect ink = inkBounds(image, Qt::white);
        QVERIFY(!ink.isEmpty());
        if (own)
            QVERIFY2(ink.left() > kRowWidth / 4, "own messages are right-aligned");
        else
            QVERIFY2(ink.right() < kRowWidth * 3 / 4, "others' messages are left-aligned");
        QCOMPARE(countNear(image, kFailedColor, 30) > 0, state == int(DeliveryState::Failed));
    }

    void othersNeverShowTicks()
    {
        // A model bug giving someone else's message a state must not paint ticks.
        const QImage image = render(add({.text = QStringLiteral("Hello"), .state = DeliveryState::Seen}));
        QCOMPARE(countPixels(image, isSeenBlue), 0);
    }

    void separatorAddsARow()
    {
        const QModelIndex plain = add({.text = QStringLiteral("Morning")});
        const Message withDay{.text = QStringLiteral("Morning"), .daySeparator = true};
        const QModelIndex separated = add(withDay);
        const int plainHeight = m_delegate.sizeHint(optionFor(kRowWidth), plain).height();
        const int separatedHeight = m_delegate.sizeHint(optionFor(kRowWidth), separated).height();
        QVERIFY(separatedHeight > plainHeight + 10);

        // The separator pill is centred above the bubble.
        const QImage image = render(separated);
        const QImage top = image.copy(0, 0, kRowWidth, separatedHeight - plainHeight);
        const QRect pill = inkBounds(top, Qt::white);
        QVERIFY(!pill.isEmpty());
        QVERIFY(std::abs(pill.center().x() - kRowWidth / 2) <= 2);
    }

    void senderNameAddsHeight()
    {
        const QModelIndex plain = add({.text = QStringLiteral("Hi")});
        const Message named{.text = QStringLiteral("Hi"), .senderName = QStringLiteral("Carol")};
        const QModelIndex withName = add(named);
        QVERIFY(m_delegate.sizeHint(optionFor(kRowWidth), withName).height() >
                m_delegate.sizeHint(optionFor(kRowWidth), plain).height());
        // Own messages never show the name even if the role says so.
        const Message own{.text = QStringLiteral("Hi"), .own = true, .state = DeliveryState::Sent};
        const QModelIndex ownIndex = add(own);
        m_model.setData(ownIndex, true, ShowSenderNameRole);
        QVERIFY(MessageDelegate::bubbleSpec(optionFor(kRowWidth), ownIndex).senderName.isEmpty());
    }

    void systemMessageIsCentred()
    {
        const Message m{.text = QStringLiteral("Alice added Bob"), .system = true};
        const QImage image = render(add(m));
        const QRect ink = inkBounds(image, Qt::white);
        QVERIFY(!ink.isEmpty());
        QVERIFY(std::abs(ink.center().x() - kRowWidth / 2) <= 2);
    }

    void deletedShowsPlaceholder()
    {
        const Message m{.text = QStringLiteral("secret"), .own = true, .state = DeliveryState::Seen, .deleted = true};
        const QModelIndex index = add(m);
        m_model.setData(index, QStringLiteral("secret"), TextRole); // even if the model leaks it
        QCOMPARE(MessageDelegate::displayedText(index), QStringLiteral("This message was deleted"));
        QVERIFY(countInk(render(index), Qt::white) > 0);
    }

    void markupIsShownLiterally_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("bold") << QStringLiteral("<b>x</b>");
        QTest::newRow("image") << QStringLiteral("<img src=\"http://127.0.0.1:1/x.png\">");
        QTest::newRow("entity") << QStringLiteral("&lt;&amp;");
    }

    void markupIsShownLiterally()
    {
        QFETCH(QString, text);
        const QModelIndex index = add({.text = text});
        QCOMPARE(MessageDelegate::displayedText(index), text);

        // The bubble is exactly as wide as the literal characters, so nothing was interpreted.
        const QStyleOptionViewItem option = optionFor(2000);
        BubbleSpec spec = MessageDelegate::bubbleSpec(option, index);
        spec.timeText.clear();
        const qreal literal = QFontMetricsF(option.font).horizontalAdvance(text);
        const int width = bubbleSize(spec, 2000).width();
        QVERIFY2(std::abs(width - (int(std::ceil(literal)) + 2 * spec.style.paddingX)) <= 2,
                 qPrintable(QStringLiteral("bubble %1, literal %2").arg(width).arg(literal)));

        // One line of text, like a plain one-character message.
        const QModelIndex plain = add({.text = QStringLiteral("x")});
        QCOMPARE(m_delegate.sizeHint(option, index).height(), m_delegate.sizeHint(option, plain).height());
        QVERIFY(countInk(render(index), Qt::white) > 0);
    }

    void rowIsLaidOutOncePerWidth()
    {
        MessageDelegate delegate;
        const QModelIndex index =
            add({.text = QStringLiteral("Laid out once"), .own = true, .state = DeliveryState::Sent});
        const QSize hint = delegate.sizeHint(optionFor(kRowWidth), index);
        QCOMPARE(delegate.layoutCount(), 1);
        QImage image = blankImage(kRowWidth, hint.height());
        {
            QPainter painter(&image);
            delegate.paint(&painter, optionFor(kRowWidth, hint.height()), index);
            delegate.paint(&painter, optionFor(kRowWidth, hint.height()), index);
        }
        QCOMPARE(delegate.sizeHint(optionFor(kRowWidth), index), hint);
        QCOMPARE(delegate.layoutCount(), 1); // the size hint and both paints used one layout
        QVERIFY(countInk(image, Qt::white) > 0);

        // Another width lays the row out again; the first width is still cached.
        const QSize narrow = delegate.sizeHint(optionFor(160), index);
        QCOMPARE(delegate.layoutCount(), 2);
        QVERIFY(narrow.height() > hint.height()); // the text wraps
        QCOMPARE(delegate.sizeHint(optionFor(kRowWidth), index), hint);
        QCOMPARE(delegate.layoutCount(), 2);

        // New data is a new revision of the row.
        m_model.setData(index, int(DeliveryState::Seen), DeliveryStateRole);
        QImage seen = blankImage(kRowWidth, hint.height());
        {
            QPainter painter(&seen);
            delegate.paint(&painter, optionFor(kRowWidth, hint.height()), index);
        }
        QCOMPARE(delegate.layoutCount(), 3);
        QVERIFY(countPixels(seen, isSeenBlue) > 3);
        m_model.setData(index, QStringLiteral("Laid out once\nand again"), TextRole);
        QVERIFY(delegate.sizeHint(optionFor(kRowWidth), index).height() > hint.height());
        QCOMPARE(delegate.layoutCount(), 4);
    }

    void layoutKeyRoleIsTheRevision()
    {
        MessageDelegate delegate;
        const QModelIndex index = add({.text = QStringLiteral("Keyed")});
        m_model.setData(index, quint64(7), LayoutKeyRole);
        delegate.sizeHint(optionFor(kRowWidth), index);
        QCOMPARE(delegate.layoutCount(), 1);
        // A model with the role promises a new key for every change that matters...
        m_model.setData(index, QDateTime(QDate(2024, 5, 17), QTime(9, 42)), TimestampRole);
        delegate.sizeHint(optionFor(kRowWidth), index);
        QCOMPARE(delegate.layoutCount(), 1);
        m_model.setData(index, quint64(8), LayoutKeyRole);
        delegate.sizeHint(optionFor(kRowWidth), index);
        QCOMPARE(delegate.layoutCount(), 2);
        // ...except for the text, which a system message builds from names that may change.
        m_model.setData(index, QStringLiteral("Keyed again"), TextRole);
        delegate.sizeHint(optionFor(kRowWidth), index);
        QCOMPARE(delegate.layoutCount(), 3);
    }

    void listViewSmoke()
    {
        QStandardItemModel model;
        const QList<Message> messages{
            {.text = QStringLiteral("first"), .daySeparator = true, .senderName = QStringLiteral("Alice")},
            {.text = QStringLiteral("Alice joined"), .system = true},
            {.text = QStringLiteral("pending one"), .own = true, .state = DeliveryState::Pending},
            {.text = QStringLiteral("failed one"), .own = true, .state = DeliveryState::Failed},
            {.text = QStringLiteral("sent"), .own = true, .state = DeliveryState::Sent, .edited = true},
            {.text = QStringLiteral("delivered"), .own = true, .state = DeliveryState::Delivered},
            {.text = QStringLiteral("seen"), .own = true, .state = DeliveryState::Seen},
            {.text = QString(), .deleted = true},
            {.text = QString()},
            {.text = QString(2000, QLatin1Char('w'))},
            {.text = QStringLiteral("<img src=\"http://127.0.0.1:1/x.png\">")},
        };
        for (const Message &m : messages)
            model.appendRow(makeItem(m));

        QListView view;
        view.setPalette(testPalette());
        view.setViewMode(QListView::ListMode);
        view.setUniformItemSizes(false);
        view.setResizeMode(QListView::Adjust);
        // With TopToBottom flow, QListView only re-lays out on a width change when word wrap is on.
        view.setWordWrap(true);
        view.setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
        view.setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        view.setSelectionMode(QAbstractItemView::NoSelection);
        view.setModel(&model);
        view.setItemDelegate(&m_delegate);
        view.resize(480, 400);
        view.show();
        QCoreApplication::processEvents();

        const QModelIndex longRow = model.index(9, 0);
        QTRY_VERIFY(view.visualRect(longRow).height() > 0);
        for (int row = 0; row < model.rowCount(); ++row) {
            const QRect rect = view.visualRect(model.index(row, 0));
            QVERIFY(rect.height() > 0);
            QCOMPARE(rect.width(), view.viewport()->width());
        }
        const QPixmap wide = view.grab();
        QVERIFY(!wide.isNull());

        // Narrowing the view re-wraps the long message into more lines and lays the rows out again
        // (resizeMode Adjust), so every row still starts where the previous one ends.
        const int wideHeight = view.visualRect(longRow).height();
        const auto contiguous = [&] {
            for (int row = 1; row < model.rowCount(); ++row) {
                if (view.visualRect(model.index(row, 0)).top() != view.visualRect(model.index(row - 1, 0)).bottom() + 1)
                    return false;
            }
            return true;
        };
        QTRY_VERIFY(contiguous());
        view.resize(240, 400);
        QTRY_VERIFY(view.visualRect(longRow).height() > wideHeight);
        QTRY_VERIFY(contiguous());
        QCOMPARE(view.visualRect(longRow).width(), view.viewport()->width());
        view.scrollToBottom();
        QVERIFY(!view.grab().isNull());
        view.setItemDelegate(nullptr);
    }
};

QTEST_MAIN(TstMessageDelegate)
#include "tst_message_delegate.moc"
