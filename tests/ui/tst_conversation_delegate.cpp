#include "PixelTestUtil.h"

#include "core/ModelRoles.h"
#include "ui/paint/AvatarPainter.h"
#include "ui/paint/ConversationDelegate.h"
#include "ui/paint/TickPainter.h"

#include <QListView>
#include <QLocale>
#include <QPainter>
#include <QStandardItemModel>
#include <QtTest>

using namespace parley::client;
using namespace parley::client::ui;
using namespace parley::client::ui::test;

namespace {

constexpr int kRowWidth = 360;
const QColor kHighlight(0xFF, 0x8C, 0x00);

QPalette testPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Text, Qt::black);
    palette.setColor(QPalette::Highlight, kHighlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    return palette;
}

QStyleOptionViewItem optionFor(int height = 0, QStyle::State extra = {})
{
    QStyleOptionViewItem option;
    option.rect = QRect(0, 0, kRowWidth, height);
    option.palette = testPalette();
    option.font = QFont(QStringLiteral("DejaVu Sans"), 10);
    option.state = QStyle::State_Enabled | extra;
    return option;
}

} // namespace

class TstConversationDelegate : public QObject
{
    Q_OBJECT

private:
    QStandardItemModel m_model;
    ConversationDelegate m_delegate;

    QModelIndex add(int unread, const QString &typing = QString(), DeliveryState state = DeliveryState::None,
                    const QString &preview = QStringLiteral("see you tomorrow"))
    {
        auto *item = new QStandardItem;
        item->setData(QStringLiteral("conv-%1").arg(m_model.rowCount()), ConversationIdRole);
        item->setData(QStringLiteral("Alice Example"), TitleRole);
        item->setData(QStringLiteral("Alice Example"), Qt::DisplayRole);
        item->setData(QString(), InitialsRole);
        item->setData(QStringLiteral("alice-id"), AvatarSeedRole);
        item->setData(preview, PreviewRole);
        item->setData(QDateTime::currentDateTime(), ActivityTimeRole);
        item->setData(unread, UnreadCountRole);
        item->setData(false, IsGroupRole);
        item->setData(false, PeerOnlineRole);
        item->setData(typing, TypingRole);
        item->setData(int(state), LastMessageStateRole);
        m_model.appendRow(item);
        return m_model.index(m_model.rowCount() - 1, 0);
    }

    int rowHeight(const QModelIndex &index) { return m_delegate.sizeHint(optionFor(), index).height(); }

    QImage render(const QModelIndex &index, QStyle::State extra = {})
    {
        const int height = rowHeight(index);
        QImage image = blankImage(kRowWidth, height);
        QPainter painter(&image);
        m_delegate.paint(&painter, optionFor(height, extra), index);
        return image;
    }

    // The second line's right end, where the badge goes.
    static QRect badgeArea(const QImage &image)
    {
        return {image.width() * 3 / 4, image.height() / 2, image.width() / 4, image.height() / 2};
    }

    // The second line left of the badge, after the avatar.
    static QRect previewArea(const QImage &image)
    {
        const int left = ConversationDelegate::kAvatarSize + 20;
        return {left, image.height() / 2, image.width() * 3 / 4 - left, image.height() / 2};
    }

private Q_SLOTS:
    void rowHeightFitsTheAvatar() { QVERIFY(rowHeight(add(0)) >= ConversationDelegate::kAvatarSize + 8); }

    void unreadBadgeOnlyWhenUnread()
    {
        const QImage unread = render(add(5));
        const QImage read = render(add(0));
        QVERIFY2(countNear(unread, kHighlight, 20, badgeArea(unread)) > 30, "badge pill in the highlight colour");
        QVERIFY2(countNear(unread, Qt::white, 20, badgeArea(unread)) > 0, "badge count in HighlightedText");
        QCOMPARE(countNear(read, kHighlight, 60, badgeArea(read)), 0);
        QCOMPARE(countNear(read, kHighlight, 60), 0);
    }

    void badgeCapsAt99()
    {
        QCOMPARE(ConversationDelegate::badgeText(0), QString());
        QCOMPARE(ConversationDelegate::badgeText(-3), QString());
        QCOMPARE(ConversationDelegate::badgeText(7), QLocale().toString(7));
        QCOMPARE(ConversationDelegate::badgeText(99), QLocale().toString(99));
        QCOMPARE(ConversationDelegate::badgeText(100), QStringLiteral("99+"));
        QCOMPARE(ConversationDelegate::badgeText(123456), QStringLiteral("99+"));

        const QImage small = render(add(5));
        const QImage large = render(add(150));
        const QRect smallBadge = inkBounds(small.copy(badgeArea(small)), Qt::white);
        const int largeBadgePixels = countNear(large, kHighlight, 20, badgeArea(large));
        QVERIFY(largeBadgePixels > countNear(small, kHighlight, 20, badgeArea(small)));
        QVERIFY(!smallBadge.isEmpty());
    }

    void typingReplacesPreview()
    {
        const QModelIndex typing = add(0, QStringLiteral("Alice is typing…"));
        const QModelIndex idle = add(0);
        QCOMPARE(ConversationDelegate::secondLine(typing), QStringLiteral("Alice is typing…"));
        QCOMPARE(ConversationDelegate::secondLine(idle), QStringLiteral("see you tomorrow"));

        const QImage typingImage = render(typing);
        const QImage idleImage = render(idle);
        QVERIFY2(countNear(typingImage, kHighlight, 60, previewArea(typingImage)) > 5,
                 "typing notice in the highlight colour");
        QCOMPARE(countNear(idleImage, kHighlight, 60), 0);
        QVERIFY(countInk(idleImage, Qt::white, previewArea(idleImage)) > 5);
    }

    void previewIsOneLine()
    {
        const QModelIndex index = add(0, QString(), DeliveryState::None, QStringLiteral("a\nb\r\nc"));
        QVERIFY(!ConversationDelegate::secondLine(index).contains(QLatin1Char('\n')));
        QCOMPARE(rowHeight(index), rowHeight(add(0)));
    }

    void ownLastMessageShowsTicks()
    {
        const QImage seen = render(add(0, QString(), DeliveryState::Seen));
        const QImage none = render(add(0, QString(), DeliveryState::None));
        const QImage typingSeen = render(add(0, QStringLiteral("Bob is typing…"), DeliveryState::Seen));
        QVERIFY(countPixels(seen, isSeenBlue, previewArea(seen)) > 2);
        QCOMPARE(countPixels(none, isSeenBlue), 0);
        QCOMPARE(countPixels(typingSeen, isSeenBlue), 0);
        const QImage failed = render(add(0, QString(), DeliveryState::Failed));
        QVERIFY(countNear(failed, kFailedColor, 30, previewArea(failed)) > 5);
    }

    void selectedRowUsesHighlight()
    {
        const QImage selected = render(add(3), QStyle::State_Selected);
        QVERIFY(isNear(selected.pixel(kRowWidth - 2, 2), kHighlight, 2));
        QVERIFY(isNear(selected.pixel(ConversationDelegate::kAvatarSize + 14, 1), kHighlight, 2));
        // The badge is inverted so it stays visible on the highlight.
        QVERIFY(countNear(selected, Qt::white, 20, badgeArea(selected)) > 30);
    }

    void avatarIsPainted()
    {
        const QModelIndex index = add(0);
        const QImage image = render(index);
        const int centreY = image.height() / 2;
        const int centreX = 10 + ConversationDelegate::kAvatarSize / 2;
        QVERIFY(isNear(image.pixel(centreX, centreY), avatarColor(QStringLiteral("alice-id")), 2));

        m_model.setData(index, true, PeerOnlineRole);
        QVERIFY(countNear(render(index), kOnlineColor, 12) > countNear(image, kOnlineColor, 12) + 5);
    }

    void activityTimeFormat()
    {
        const QDateTime now(QDate(2024, 5, 17), QTime(15, 0));
        QCOMPARE(ConversationDelegate::formatActivityTime(QDateTime(QDate(2024, 5, 17), QTime(9, 5)), now),
                 QLocale().toString(QTime(9, 5), QStringLiteral("HH:mm")));
        const QDate threeDaysAgo(2024, 5, 14);
        QCOMPARE(ConversationDelegate::formatActivityTime(QDateTime(threeDaysAgo, QTime(9, 5)), now),
                 QLocale().dayName(threeDaysAgo.dayOfWeek(), QLocale::ShortFormat));
        const QDate monthAgo(2024, 4, 17);
        QCOMPARE(ConversationDelegate::formatActivityTime(QDateTime(monthAgo, QTime(9, 5)), now),
                 QLocale().toString(monthAgo, QLocale::ShortFormat));
        QCOMPARE(ConversationDelegate::formatActivityTime(QDateTime(), now), QString());
    }

    void longTitleIsElidedInsideTheRow()
    {
        const QModelIndex index = add(12);
        m_model.setData(index, QString(500, QLatin1Char('W')), TitleRole);
        const QImage image = render(index);
        // The time stays visible at the top right: the title does not run over it.
        const QRect topRight(kRowWidth - 60, 0, 60, image.height() / 2);
        QVERIFY(countInk(image, Qt::white, topRight) > 0);
        QVERIFY(countNear(image, kHighlight, 20, badgeArea(image)) > 30);
    }

    void listViewSmoke()
    {
        QListView view;
        view.setPalette(testPalette());
        view.setModel(&m_model);
        view.setItemDelegate(&m_delegate);
        view.resize(320, 300);
        view.show();
        QCoreApplication::processEvents();
        QTRY_VERIFY(view.visualRect(m_model.index(0, 0)).height() > 0);
        view.setCurrentIndex(m_model.index(1, 0));
        QVERIFY(!view.grab().isNull());
        view.setItemDelegate(nullptr);
    }
};

QTEST_MAIN(TstConversationDelegate)
#include "tst_conversation_delegate.moc"
