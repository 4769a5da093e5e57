#pragma once

#include "core/ModelRoles.h"
#include "ui/paint/BubbleParts.h"

#include <QFont>
#include <QPalette>
#include <QRect>
#include <QSize>
#include <QString>

#include <optional>

namespace parley::client::ui {

/// Metrics of a message bubble, in device-independent pixels.
struct BubbleStyle
{
    int paddingX = 10;
    int paddingY = 6;
    int radius = 12;
    int nameSpacing = 2;   ///< between the sender name and the text
    int footerSpacing = 2; ///< between the text and a footer that does not fit on the last line
    int footerGap = 8;     ///< between the last text line and a footer on the same line
    int minWidth = 48;
};

/// Everything a bubble shows; built by the delegate from the model's roles.
struct BubbleSpec
{
    QRect rect;         ///< where paintBubble(QPainter &, const BubbleSpec &) paints it
    bool own = false;   ///< right-aligned, tinted with the palette's Highlight
    QString text;       ///< plain text; never interpreted as markup
    QString senderName; ///< shown bold on top; empty for none
    QString senderId;   ///< picks the colour of the sender name
    QString timeText;
    bool edited = false;
    bool deleted = false; ///< shows "This message was deleted" in italics instead of text
    DeliveryState state = DeliveryState::None;
    QPalette palette; ///< only read when painting
    QFont font;
    BubbleStyle style;
};

/// A bubble laid out for one width: the frame (its size and corner radius) and the parts inside
/// it, each placed relative to the bubble's top left. Computed once per row by layoutBubble() and
/// then reused by every size query and paint until the row's data or width changes.
///
/// Parts stack from top to bottom in the order of the members below. The parts of later issues
/// take their slots in that order, each as an optional member with its own layout and paint
/// functions in BubbleParts.h: a reply quote and then an attachment or a voice part between the
/// name and the text, and reactions between the text and the footer. A part that does not fit
/// the column (an attachment wider than the text) widens the bubble in layoutBubble() alone.
struct BubbleLayout
{
    QSize size;
    bool own = false;
    int radius = 0;
    std::optional<BubbleNamePart> name;
    BubbleTextPart text;
    std::optional<BubbleFooterPart> footer;
};

/// The characters a bubble lays out for @p spec: its text, or the "deleted" placeholder.
QString bubbleDisplayText(const BubbleSpec &spec);

/// Lays @p spec out when it may be at most @p maxWidth wide (text is word-wrapped).
BubbleLayout layoutBubble(const BubbleSpec &spec, int maxWidth);

/// layoutBubble(spec, maxWidth).size.
QSize bubbleSize(const BubbleSpec &spec, int maxWidth);

/// The bubble's rect inside a row: bubbleSize() placed at the right of @p row for own messages,
/// at the left otherwise, at the top of @p row.
QRect bubbleRect(const BubbleSpec &spec, const QRect &row, int maxWidth);

} // namespace parley::client::ui
