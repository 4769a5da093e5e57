#include "ui/paint/ConversationDelegate.h"

#include "core/ModelRoles.h"
#include "ui/paint/AvatarPainter.h"
#include "ui/paint/PaintHelpers.h"
#include "ui/paint/TickPainter.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QStyle>

#include <algorithm>
#include <cmath>
#include <utility>

namespace parley::client::ui {

namespace {

constexpr int kPaddingX = 10;
constexpr int kPaddingY = 8;
constexpr int kAvatarGap = 10;
constexpr int kLineGap = 4;
constexpr int kColumnGap = 6;
constexpr int kTickGap = 4;
constexpr int kBadgePaddingX = 6;
constexpr int kMaxBadgeCount = 99;
constexpr int kMinRowWidth = 200;

QFont titleFont(const QStyleOptionViewItem &option)
{
    QFont font(option.font);
    font.setBold(true);
    return font;
}

QFont smallFont(const QStyleOptionViewItem &option)
{
    return scaledFont(option.font, 0.85);
}

DeliveryState lastMessageState(const QModelIndex &index)
{
    return deliveryStateOf(index.data(LastMessageStateRole));
}

struct RowLayout
{
    QRect avatar;
    QRect title;
    QRect time;
    QRectF ticks;
    QRect preview;
    QRect badge;
    int height = 0;
};

// Shared by sizeHint() and paint(); everything is vertically centred in option.rect.
RowLayout layoutRow(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const QFontMetrics titleMetrics(titleFont(option));
    const QFontMetrics previewMetrics(option.font);
    const QFontMetrics smallMetrics(smallFont(option));
    const int textHeight = titleMetrics.height() + kLineGap + previewMetrics.height();

    RowLayout row;
    row.height = std::max(ConversationDelegate::kAvatarSize, textHeight) + 2 * kPaddingY;
    const QRect r(option.rect.topLeft(), QSize(option.rect.width(), row.height));

    row.avatar = QRect(r.left() + kPaddingX, r.top() + (r.height() - ConversationDelegate::kAvatarSize) / 2,
                       ConversationDelegate::kAvatarSize, ConversationDelegate::kAvatarSize);
    const int textLeft = row.avatar.right() + 1 + kAvatarGap;
    const int textRight = std::max(textLeft, r.left() + r.width() - kPaddingX); // exclusive
    const int top = r.top() + (r.height() - textHeight) / 2;

    const QString time = ConversationDelegate::formatActivityTime(index.data(ActivityTimeRole).toDateTime());
    const int timeWidth = time.isEmpty() ? 0 : smallMetrics.horizontalAdvance(time);
    row.time = QRect(textRight - timeWidth, top, timeWidth, titleMetrics.height());
    const int titleRight = timeWidth > 0 ? row.time.left() - kColumnGap : textRight;
    row.title = QRect(textLeft, top, std::max(0, titleRight - textLeft), titleMetrics.height());

    const int lineTop = top + titleMetrics.height() + kLineGap;
    const int lineHeight = previewMetrics.height();
    int previewRight = textRight;
    const QString badge = ConversationDelegate::badgeText(index.data(UnreadCountRole).toInt());
    if (!badge.isEmpty()) {
        const int badgeHeight = smallMetrics.height() + 2;
        const int badgeWidth = std::max(badgeHeight, smallMetrics.horizontalAdvance(badge) + 2 * kBadgePaddingX);
        row.badge = QRect(textRight - badgeWidth, lineTop + (lineHeight - badgeHeight) / 2, badgeWidth, badgeHeight);
        previewRight = row.badge.left() - kColumnGap;
    }

    int previewLeft = textLeft;
    const DeliveryState state = lastMessageState(index);
    if (index.data(TypingRole).toString().isEmpty() && state != DeliveryState::None) {
        const QSizeF size = tickSize(state, std::round(previewMetrics.ascent() * 0.8));
        row.ticks = QRectF(QPointF(textLeft, lineTop + (lineHeight - size.height()) / 2), size);
        previewLeft = textLeft + int(std::ceil(size.width())) + kTickGap;
    }
    row.preview = QRect(previewLeft, lineTop, std::max(0, previewRight - previewLeft), lineHeight);
    return row;
}

} // namespace

ConversationDelegate::ConversationDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString ConversationDelegate::formatActivityTime(const QDateTime &time, const QDateTime &now)
{
    if (!time.isValid())
        return {};
    const QDate date = time.date();
    const QDate today = now.date();
    const QLocale locale;
    if (date == today)
        return locale.toString(time.time(), QStringLiteral("HH:mm"));
    if (date < today && date > today.addDays(-7))
        return locale.dayName(date.dayOfWeek(), QLocale::ShortFormat);
    return locale.toString(date, QLocale::ShortFormat);
}

QString ConversationDelegate::secondLine(const QModelIndex &index)
{
    const QString typing = index.data(TypingRole).toString();
    QString line = typing.isEmpty() ? index.data(PreviewRole).toString() : typing;
    // The preview is one line by contract; flatten it anyway so a stray newline cannot break the row.
    line.replace(QLatin1Char('\r'), QLatin1Char(' '));
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    line.replace(QChar::LineSeparator, QLatin1Char(' '));
    line.replace(QChar::ParagraphSeparator, QLatin1Char(' '));
    return line;
}

QString ConversationDelegate::badgeText(int unreadCount)
{
    if (unreadCount <= 0)
        return {};
    if (unreadCount > kMaxBadgeCount)
        return QCoreApplication::translate("parley", "99+");
    return QLocale().toString(unreadCount);
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    return {kMinRowWidth, layoutRow(option, index).height};
}

void ConversationDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!painter || !index.isValid())
        return;
    const RowLayout row = layoutRow(option, index);
    const QPalette &palette = option.palette;
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const bool hovered = option.state.testFlag(QStyle::State_MouseOver);

    QColor background = palette.color(QPalette::Base);
    QColor foreground = palette.color(QPalette::Text);
    QColor muted = mix(foreground, background, 0.45);
    QColor accent = palette.color(QPalette::Highlight);
    QColor badgeBackground = palette.color(QPalette::Highlight);
    QColor badgeForeground = palette.color(QPalette::HighlightedText);
    if (selected) {
        background = palette.color(QPalette::Highlight);
        foreground = palette.color(QPalette::HighlightedText);
        muted = mix(foreground, background, 0.2);
        accent = foreground;
        std::swap(badgeBackground, badgeForeground);
    } else if (hovered) {
        background = mix(background, foreground, 0.05);
    }

    painter->save();
    painter->setClipRect(option.rect, Qt::IntersectClip);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    if (selected || hovered)
        painter->fillRect(option.rect, background);

    paintAvatar(*painter, row.avatar, index.data(InitialsRole).toString(), index.data(AvatarSeedRole).toString(),
                index.data(PeerOnlineRole).toBool(), background);

    const QString title =
        index.data(TitleRole).isValid() ? index.data(TitleRole).toString() : index.data(Qt::DisplayRole).toString();
    const QFont boldFont = titleFont(option);
    painter->setFont(boldFont);
    painter->setPen(foreground);
    painter->drawText(row.title, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      QFontMetrics(boldFont).elidedText(title, Qt::ElideRight, row.title.width()));

    const QFont small = smallFont(option);
    const QString time = formatActivityTime(index.data(ActivityTimeRole).toDateTime());
    if (!time.isEmpty()) {
        painter->setFont(small);
        painter->setPen(muted);
        painter->drawText(row.time, Qt::AlignRight | Qt::AlignVCenter | Qt::TextSingleLine, time);
    }

    if (!row.ticks.isEmpty()) {
        QPalette tickPalette(palette);
        tickPalette.setColor(QPalette::Text, muted);
        paintTicks(*painter, row.ticks, lastMessageState(index), tickPalette);
    }

    const bool typing = !index.data(TypingRole).toString().isEmpty();
    painter->setFont(option.font);
    painter->setPen(typing ? accent : muted);
    painter->drawText(row.preview, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                      QFontMetrics(option.font).elidedText(secondLine(index), Qt::ElideRight, row.preview.width()));

    const QString badge = badgeText(index.data(UnreadCountRole).toInt());
    if (!badge.isEmpty() && !row.badge.isEmpty()) {
        const QRectF badgeRect(row.badge);
        QPainterPath pill;
        pill.addRoundedRect(badgeRect, badgeRect.height() / 2, badgeRect.height() / 2);
        painter->fillPath(pill, badgeBackground);
        painter->setFont(small);
        painter->setPen(badgeForeground);
        painter->drawText(badgeRect, Qt::AlignCenter | Qt::TextSingleLine, badge);
    }
    painter->restore();
}

QWidget *ConversationDelegate::createEditor(QWidget *, const QStyleOptionViewItem &, const QModelIndex &) const
{
    // Conversations are renamed from the info panel, never in place.
    return nullptr;
}

} // namespace parley::client::ui
