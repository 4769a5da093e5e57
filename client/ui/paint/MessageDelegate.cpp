#include "ui/paint/MessageDelegate.h"

#include "core/ModelRoles.h"

#include <QAbstractScrollArea>
#include <QDateTime>
#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace parley::client::ui {

namespace {

constexpr int kSideMargin = 12;
constexpr int kRowGap = 2;       // above and below every message
constexpr int kSeparatorGap = 6; // above and below a day separator
constexpr int kMinBubbleWidth = 120;
constexpr qreal kMaxPillFraction = 0.85;
constexpr int kFallbackWidth = 480;

// QListView asks for size hints with an empty option.rect, so fall back to the viewport's width,
// which is also what the item will get when painted.
int rowWidth(const QStyleOptionViewItem &option)
{
    if (option.rect.width() > 0)
        return option.rect.width();
    if (const auto *area = qobject_cast<const QAbstractScrollArea *>(option.widget))
        return area->viewport()->width();
    if (option.widget)
        return option.widget->width();
    return kFallbackWidth;
}

DeliveryState deliveryState(const QModelIndex &index)
{
    const int value = index.data(DeliveryStateRole).toInt();
    if (value < int(DeliveryState::None) || value > int(DeliveryState::Seen))
        return DeliveryState::None;
    return static_cast<DeliveryState>(value);
}

QString messageText(const QModelIndex &index)
{
    const QVariant text = index.data(TextRole);
    return text.isValid() ? text.toString() : index.data(Qt::DisplayRole).toString();
}

struct RowLayout
{
    bool hasSeparator = false;
    PillSpec separator;
    bool system = false;
    PillSpec systemPill;
    BubbleSpec bubble;
    int width = 0;  ///< of the content, margins included
    int height = 0; ///< of the whole row
};

// Shared by sizeHint() and paint() so that the row height always matches what is painted.
RowLayout layoutRow(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    RowLayout row;
    const int width = rowWidth(option);
    const int innerWidth = std::max(1, width - 2 * kSideMargin);
    const int left = option.rect.left() + kSideMargin;
    const int top = option.rect.top();
    int y = top;
    int contentWidth = 0;

    const QDateTime timestamp = index.data(TimestampRole).toDateTime();
    if (index.data(ShowDaySeparatorRole).toBool() && timestamp.isValid()) {
        row.hasSeparator = true;
        row.separator.text = dayLabel(timestamp.date());
        row.separator.palette = option.palette;
        row.separator.font = option.font;
        y += kSeparatorGap;
        row.separator.rect = pillRect(row.separator, QRect(left, y, innerWidth, 0), innerWidth);
        y += row.separator.rect.height() + kSeparatorGap;
        contentWidth = row.separator.rect.width();
    }

    y += kRowGap;
    if (index.data(IsSystemRole).toBool()) {
        row.system = true;
        row.systemPill.text = messageText(index);
        row.systemPill.palette = option.palette;
        row.systemPill.font = option.font;
        row.systemPill.rect =
            pillRect(row.systemPill, QRect(left, y, innerWidth, 0), int(innerWidth * kMaxPillFraction));
        y += row.systemPill.rect.height();
        contentWidth = std::max(contentWidth, row.systemPill.rect.width());
    } else {
        row.bubble = MessageDelegate::bubbleSpec(option, index);
        const int maxWidth = std::max(kMinBubbleWidth, int(width * MessageDelegate::kMaxBubbleFraction));
        row.bubble.rect = bubbleRect(row.bubble, QRect(left, y, innerWidth, 0), maxWidth);
        y += row.bubble.rect.height();
        contentWidth = std::max(contentWidth, row.bubble.rect.width());
    }
    y += kRowGap;

    row.width = contentWidth + 2 * kSideMargin;
    row.height = y - top;
    return row;
}

} // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QString MessageDelegate::displayedText(const QModelIndex &index)
{
    if (index.data(IsSystemRole).toBool())
        return messageText(index);
    BubbleSpec spec;
    spec.text = messageText(index);
    spec.deleted = index.data(IsDeletedRole).toBool();
    return bubbleDisplayText(spec);
}

BubbleSpec MessageDelegate::bubbleSpec(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    BubbleSpec spec;
    spec.own = index.data(IsOwnRole).toBool();
    spec.text = messageText(index);
    spec.deleted = index.data(IsDeletedRole).toBool();
    spec.edited = index.data(IsEditedRole).toBool();
    if (!spec.own && index.data(ShowSenderNameRole).toBool()) {
        spec.senderName = index.data(SenderNameRole).toString();
        spec.senderId = index.data(SenderIdRole).toString();
    }
    const QDateTime timestamp = index.data(TimestampRole).toDateTime();
    if (timestamp.isValid())
        spec.timeText = QLocale().toString(timestamp.time(), QStringLiteral("HH:mm"));
    spec.state = spec.own ? deliveryState(index) : DeliveryState::None;
    spec.palette = option.palette;
    spec.font = option.font;
    return spec;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const QVariant layoutKey = index.data(LayoutKeyRole);
    if (layoutKey.isValid()) {
        const quint64 key = qHashMulti(layoutKey.toULongLong(), rowWidth(option), option.font.pointSizeF());
        const auto cached = m_keyedSizes.constFind(key);
        if (cached != m_keyedSizes.constEnd())
            return cached.value();
        const RowLayout row = layoutRow(option, index);
        if (m_keyedSizes.size() > 500000)
            m_keyedSizes.clear();
        return m_keyedSizes.insert(key, QSize(row.width, row.height)).value();
    }
    // Everything the layout depends on; a change to any of them is a new entry.
    const QString text = index.data(TextRole).toString();
    const QString key = index.data(MessageIdRole).toString() + QLatin1Char('|') + index.data(ClientIdRole).toString() +
                        QLatin1Char('|') + QString::number(qHash(text)) + QLatin1Char('|') +
                        QString::number(text.size()) + QLatin1Char('|') + QString::number(rowWidth(option)) +
                        QLatin1Char('|') + QString::number(option.font.pointSizeF()) + QLatin1Char('|') +
                        QString::number(index.data(DeliveryStateRole).toInt()) +
                        (index.data(IsDeletedRole).toBool() ? QLatin1Char('d') : QLatin1Char('-')) +
                        (index.data(IsEditedRole).toBool() ? QLatin1Char('e') : QLatin1Char('-')) +
                        (index.data(ShowSenderNameRole).toBool() ? QLatin1Char('n') : QLatin1Char('-')) +
                        (index.data(ShowDaySeparatorRole).toBool() ? QLatin1Char('s') : QLatin1Char('-')) +
                        index.data(SenderNameRole).toString();
    const auto cached = m_sizes.constFind(key);
    if (cached != m_sizes.constEnd())
        return cached.value();
    const RowLayout row = layoutRow(option, index);
    if (m_sizes.size() > 500000)
        m_sizes.clear(); // widths change on resize; old entries are not worth keeping forever
    const QSize size(row.width, row.height);
    m_sizes.insert(key, size);
    return size;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!painter || !index.isValid())
        return;
    const RowLayout row = layoutRow(option, index);
    painter->save();
    painter->setClipRect(option.rect, Qt::IntersectClip);
    if (row.hasSeparator)
        paintPill(*painter, row.separator);
    if (row.system)
        paintPill(*painter, row.systemPill);
    else
        paintBubble(*painter, row.bubble);
    painter->restore();
}

QWidget *MessageDelegate::createEditor(QWidget *, const QStyleOptionViewItem &, const QModelIndex &) const
{
    // Messages are edited through the composer, never in place.
    return nullptr;
}

} // namespace parley::client::ui
