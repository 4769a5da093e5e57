#pragma once

#include "core/ModelRoles.h"
#include "ui/paint/PlainTextLayout.h"

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <memory>
#include <optional>

class QPainter;
class QPalette;
class QTextLayout;

namespace parley::client::ui {

// The parts a bubble is built from. Each part is a struct holding what it looks like for one
// width (its box relative to the bubble's top left included), a layout function that fills it in
// once, and a paint function that only draws it. layoutBubble() stacks the parts in the frame.

/// Colours of one bubble, derived from the palette when it is painted (not part of the layout,
/// so a palette change repaints without laying anything out).
struct BubbleColors
{
    QColor background;
    QColor text;
    QColor muted; ///< footer, deleted placeholder
};

/// The sender's name on top of a group message from someone else.
struct BubbleNamePart
{
    QString name;   ///< as given
    QString elided; ///< as painted, fitted to rect's width by placeNamePart()
    QColor color;   ///< the sender's avatar colour
    QFont font;
    QRectF rect;
};

/// The message text, or the "deleted" placeholder in italics.
struct BubbleTextPart
{
    std::shared_ptr<const QTextLayout> layout;
    TextBlock block;
    bool muted = false;
    QPointF origin;
};

/// The time, the "edited" mark and the delivery ticks, at the bottom right of the bubble.
struct BubbleFooterPart
{
    QString text; ///< "edited 12:34"
    QFont font;
    qreal textWidth = 0;
    DeliveryState state = DeliveryState::None;
    QSizeF ticks;
    bool onLastLine = false; ///< beside the last text line rather than below it
    QRectF rect;
};

/// @p name in bold; rect gets the name's height and width (at most @p maxWidth) at the origin.
BubbleNamePart layoutNamePart(const QString &name, const QString &colorSeed, const QFont &base, qreal maxWidth);

/// Moves @p part to @p rect and elides the name to its width.
void placeNamePart(BubbleNamePart &part, const QRectF &rect);

void paintNamePart(QPainter &painter, const BubbleNamePart &part, const QPointF &bubbleTopLeft);

/// @p text word-wrapped to @p width, at the origin.
BubbleTextPart layoutTextPart(const QString &text, const QFont &font, qreal width, bool muted);

void paintTextPart(QPainter &painter, const BubbleTextPart &part, const QPointF &bubbleTopLeft,
                   const BubbleColors &colors);

/// The footer for @p text and @p state at the origin; none when both are empty.
std::optional<BubbleFooterPart> layoutFooterPart(const QString &text, DeliveryState state, const QFont &base);

void paintFooterPart(QPainter &painter, const BubbleFooterPart &part, const QPointF &bubbleTopLeft,
                     const BubbleColors &colors, const QPalette &palette);

} // namespace parley::client::ui
