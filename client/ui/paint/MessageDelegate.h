#pragma once

#include "ui/paint/BubblePainter.h"

#include <QHash>
#include <QStyledItemDelegate>

namespace parley::client::ui {

/// Paints the rows of the chat view (a QListView in ListMode, uniformItemSizes off, resizeMode
/// Adjust): an optional day separator, then either a message bubble or a system-message pill.
/// Reads only the MessageRole roles and creates no widgets. Row sizes are cached: QListView asks
/// for every row's size whenever rows are inserted, and text layout is the expensive part.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    /// Share of the row width a bubble may take.
    static constexpr qreal kMaxBubbleFraction = 0.7;

    explicit MessageDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The characters shown for the message at @p index, exactly as laid out (never markup).
    static QString displayedText(const QModelIndex &index);

    /// The bubble paint() draws for @p index (not meaningful for system messages), without its rect.
    static BubbleSpec bubbleSpec(const QStyleOptionViewItem &option, const QModelIndex &index);

private:
    mutable QHash<QString, QSize> m_sizes;      ///< models without LayoutKeyRole
    mutable QHash<quint64, QSize> m_keyedSizes; ///< models with it
};

} // namespace parley::client::ui
