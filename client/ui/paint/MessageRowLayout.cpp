#include "ui/paint/MessageRowLayout.h"

#include "ui/paint/BubblePainter.h"
#include "ui/paint/PaintHelpers.h"

#include <QLocale>
#include <QModelIndex>

#include <algorithm>

namespace parley::client::ui {

namespace {

constexpr int kSideMargin = 12;
constexpr int kRowGap = 2;       // above and below every message
constexpr int kSeparatorGap = 6; // above and below a day separator
constexpr int kMinBubbleWidth = 120;
constexpr qreal kMaxPillFraction = 0.85;
constexpr qreal kMaxBubbleFraction = 0.7; // of the row width

QString messageText(const QModelIndex &index)
{
    const QVariant text = index.data(TextRole);
    return text.isValid() ? text.toString() : index.data(Qt::DisplayRole).toString();
}

PillSpec pillSpec(const QString &text, const QFont &font)
{
    PillSpec spec;
    spec.text = text;
    spec.font = font;
    return spec;
}

// A pill at most maxWidth wide, centred in the inner width of the row at height y.
PillLayout centredPill(const PillSpec &spec, int left, int innerWidth, int y, int maxWidth, QPoint &position)
{
    PillLayout pill = layoutPill(spec, std::min(maxWidth, innerWidth));
    position = QPoint(left + (innerWidth - pill.size.width()) / 2, y);
    return pill;
}

} // namespace

MessageRow readMessageRow(const QModelIndex &index)
{
    MessageRow row;
    row.text = messageText(index);
    row.senderName = index.data(SenderNameRole).toString();
    row.senderId = index.data(SenderIdRole).toString();
    row.timestamp = index.data(TimestampRole).toDateTime();
    row.state = deliveryStateOf(index.data(DeliveryStateRole));
    row.own = index.data(IsOwnRole).toBool();
    row.system = index.data(IsSystemRole).toBool();
    row.deleted = index.data(IsDeletedRole).toBool();
    row.edited = index.data(IsEditedRole).toBool();
    row.showSenderName = index.data(ShowSenderNameRole).toBool();
    row.showDaySeparator = index.data(ShowDaySeparatorRole).toBool();
    return row;
}

quint64 layoutRevision(const QModelIndex &index)
{
    const QVariant layoutKey = index.data(LayoutKeyRole);
    if (layoutKey.isValid())
        return qHashMulti(0, layoutKey.toULongLong(), messageText(index));
    const MessageRow row = readMessageRow(index);
    const int flags = int(row.own) | int(row.system) << 1 | int(row.deleted) << 2 | int(row.edited) << 3 |
                      int(row.showSenderName) << 4 | int(row.showDaySeparator) << 5;
    return qHashMulti(1, row.text, row.senderName, row.senderId, row.timestamp, int(row.state), flags);
}

BubbleSpec bubbleSpecFor(const MessageRow &row, const QFont &font, const QPalette &palette)
{
    BubbleSpec spec;
    spec.own = row.own;
    spec.text = row.text;
    spec.deleted = row.deleted;
    spec.edited = row.edited;
    if (!row.own && row.showSenderName) {
        spec.senderName = row.senderName;
        spec.senderId = row.senderId;
    }
    if (row.timestamp.isValid())
        spec.timeText = QLocale().toString(row.timestamp.time(), QStringLiteral("HH:mm"));
    spec.state = row.own ? row.state : DeliveryState::None;
    spec.palette = palette;
    spec.font = font;
    return spec;
}

MessageRowLayout layoutMessageRow(const MessageRow &row, const QFont &font, int width)
{
    MessageRowLayout layout;
    const int innerWidth = std::max(1, width - 2 * kSideMargin);
    int y = 0;
    int contentWidth = 0;

    if (row.showDaySeparator && row.timestamp.isValid()) {
        y += kSeparatorGap;
        layout.separator = centredPill(pillSpec(dayLabel(row.timestamp.date()), font), kSideMargin, innerWidth, y,
                                       innerWidth, layout.separatorPos);
        y += layout.separator->size.height() + kSeparatorGap;
        contentWidth = layout.separator->size.width();
    }

    y += kRowGap;
    if (row.system) {
        layout.systemPill = centredPill(pillSpec(row.text, font), kSideMargin, innerWidth, y,
                                        int(innerWidth * kMaxPillFraction), layout.systemPillPos);
        y += layout.systemPill->size.height();
        contentWidth = std::max(contentWidth, layout.systemPill->size.width());
    } else {
        const BubbleSpec spec = bubbleSpecFor(row, font, QPalette());
        const int maxWidth = std::max(kMinBubbleWidth, int(width * kMaxBubbleFraction));
        layout.bubble = layoutBubble(spec, std::min(maxWidth, innerWidth));
        const int bubbleWidth = layout.bubble->size.width();
        layout.bubblePos = QPoint(row.own ? kSideMargin + innerWidth - bubbleWidth : kSideMargin, y);
        y += layout.bubble->size.height();
        contentWidth = std::max(contentWidth, bubbleWidth);
    }
    y += kRowGap;

    layout.size = QSize(contentWidth + 2 * kSideMargin, y);
    return layout;
}

void paintMessageRow(QPainter &painter, const MessageRowLayout &layout, const QPoint &topLeft, const QPalette &palette)
{
    if (layout.separator)
        paintPill(painter, *layout.separator, QRect(topLeft + layout.separatorPos, layout.separator->size), palette);
    if (layout.systemPill)
        paintPill(painter, *layout.systemPill, QRect(topLeft + layout.systemPillPos, layout.systemPill->size), palette);
    if (layout.bubble)
        paintBubble(painter, *layout.bubble, topLeft + layout.bubblePos, palette);
}

} // namespace parley::client::ui
