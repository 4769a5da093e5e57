#pragma once

#include "core/ModelRoles.h"
#include "ui/paint/BubbleLayout.h"
#include "ui/paint/PillPainter.h"

#include <QDateTime>
#include <QPoint>
#include <QSize>
#include <QString>

#include <optional>

class QModelIndex;
class QPainter;

namespace parley::client::ui {

/// What one row of the chat view shows, read from the MessageRole roles in this one place.
struct MessageRow
{
    QString text; ///< TextRole, or the display text for models without it
    QString senderName;
    QString senderId;
    QDateTime timestamp;
    DeliveryState state = DeliveryState::None;
    bool own = false;
    bool system = false;
    bool deleted = false;
    bool edited = false;
    bool showSenderName = false;
    bool showDaySeparator = false;
};

MessageRow readMessageRow(const QModelIndex &index);

/// Changes whenever the layout of the row at @p index may change for the same width: the model's
/// LayoutKeyRole with the text (system messages name people, whose names can change), or for
/// models without that role a hash of everything readMessageRow() reads.
quint64 layoutRevision(const QModelIndex &index);

/// The bubble @p row shows (not meaningful for system messages), without its rect.
BubbleSpec bubbleSpecFor(const MessageRow &row, const QFont &font, const QPalette &palette);

/// One chat row laid out for a width: an optional day separator, then a system-message pill or a
/// bubble. Positions are relative to the row's top left.
struct MessageRowLayout
{
    std::optional<PillLayout> separator;
    QPoint separatorPos;
    std::optional<PillLayout> systemPill;
    QPoint systemPillPos;
    std::optional<BubbleLayout> bubble;
    QPoint bubblePos;
    QSize size; ///< the content's width with the side margins, and the height of the whole row
};

MessageRowLayout layoutMessageRow(const MessageRow &row, const QFont &font, int width);

/// Paints @p layout with the row's top left at @p topLeft; lays nothing out.
void paintMessageRow(QPainter &painter, const MessageRowLayout &layout, const QPoint &topLeft, const QPalette &palette);

} // namespace parley::client::ui
