#pragma once

#include "ui/paint/BubbleLayout.h"
#include "ui/paint/MessageRowLayout.h"

#include <QCache>
#include <QHash>
#include <QStyledItemDelegate>

namespace parley::client::ui {

/// Paints the rows of the chat view (a QListView in ListMode, uniformItemSizes off, resizeMode
/// Adjust): an optional day separator, then either a message bubble or a system-message pill.
/// Reads only the MessageRole roles and creates no widgets.
///
/// A row is laid out once (layoutMessageRow()) for its revision, width and font, and sizeHint()
/// and paint() both use that layout. QListView asks for every row's size whenever rows are
/// inserted, so sizes are kept for every row; whole layouts, which hold the laid out text, for
/// the rows laid out last, several screens of them. A change to the row's data (a new revision,
/// see layoutRevision()) or to the width is a new key, so it is laid out again; stale entries
/// age out.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit MessageDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// The characters shown for the message at @p index, exactly as laid out (never markup).
    static QString displayedText(const QModelIndex &index);

    /// The bubble paint() draws for @p index (not meaningful for system messages), without its rect.
    static BubbleSpec bubbleSpec(const QStyleOptionViewItem &option, const QModelIndex &index);

    /// How many rows this delegate has laid out; a row found in the cache adds nothing.
    int layoutCount() const { return m_layoutCount; }

private:
    struct LayoutKey
    {
        quint64 revision = 0;
        int width = 0;
        size_t font = 0;

        friend bool operator==(const LayoutKey &, const LayoutKey &) = default;
        friend size_t qHash(const LayoutKey &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.revision, key.width, key.font);
        }
    };

    static LayoutKey layoutKey(const QStyleOptionViewItem &option, const QModelIndex &index);
    const MessageRowLayout &rowLayout(const LayoutKey &key, const QStyleOptionViewItem &option,
                                      const QModelIndex &index) const;

    mutable QHash<LayoutKey, QSize> m_sizes;
    mutable QCache<LayoutKey, MessageRowLayout> m_layouts;
    mutable int m_layoutCount = 0;
};

} // namespace parley::client::ui
