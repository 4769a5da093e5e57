#include "ui/paint/MessageDelegate.h"

#include "core/ModelRoles.h"

#include <QAbstractScrollArea>
#include <QPainter>

namespace parley::client::ui {

namespace {

constexpr int kFallbackWidth = 480;
constexpr int kMaxCachedSizes = 500000;
constexpr int kMaxCachedLayouts = 1000;

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

} // namespace

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_layouts(kMaxCachedLayouts)
{
}

QString MessageDelegate::displayedText(const QModelIndex &index)
{
    const MessageRow row = readMessageRow(index);
    if (row.system)
        return row.text;
    return bubbleDisplayText(bubbleSpecFor(row, QFont(), QPalette()));
}

BubbleSpec MessageDelegate::bubbleSpec(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    return bubbleSpecFor(readMessageRow(index), option.font, option.palette);
}

MessageDelegate::LayoutKey MessageDelegate::layoutKey(const QStyleOptionViewItem &option, const QModelIndex &index)
{
    return {layoutRevision(index), rowWidth(option), qHash(option.font)};
}

const MessageRowLayout &MessageDelegate::rowLayout(const LayoutKey &key, const QStyleOptionViewItem &option,
                                                   const QModelIndex &index) const
{
    if (const MessageRowLayout *cached = m_layouts.object(key))
        return *cached;
    auto *layout = new MessageRowLayout(layoutMessageRow(readMessageRow(index), option.font, key.width));
    ++m_layoutCount;
    if (m_sizes.size() > kMaxCachedSizes)
        m_sizes.clear(); // widths change on resize; old entries are not worth keeping forever
    m_sizes.insert(key, layout->size);
    m_layouts.insert(key, layout); // a cost of 1 never exceeds the maximum, so it is kept
    return *layout;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const LayoutKey key = layoutKey(option, index);
    const auto cached = m_sizes.constFind(key);
    if (cached != m_sizes.constEnd())
        return cached.value();
    return rowLayout(key, option, index).size;
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!painter || !index.isValid())
        return;
    const MessageRowLayout &row = rowLayout(layoutKey(option, index), option, index);
    painter->save();
    painter->setClipRect(option.rect, Qt::IntersectClip);
    paintMessageRow(*painter, row, option.rect.topLeft(), option.palette);
    painter->restore();
}

QWidget *MessageDelegate::createEditor(QWidget *, const QStyleOptionViewItem &, const QModelIndex &) const
{
    // Messages are edited through the composer, never in place.
    return nullptr;
}

} // namespace parley::client::ui
