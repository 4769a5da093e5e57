#pragma once

#include "core/ModelRoles.h"

#include <QDate>
#include <QFont>
#include <QPalette>
#include <QRect>
#include <QSize>
#include <QString>

class QPainter;

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

/// Everything paintBubble() needs; built by the delegate from the model's roles.
struct BubbleSpec
{
    QRect rect;         ///< where the bubble is painted (bubbleRect() places one in a row)
    bool own = false;   ///< right-aligned, tinted with the palette's Highlight
    QString text;       ///< plain text; never interpreted as markup
    QString senderName; ///< shown bold on top; empty for none
    QString senderId;   ///< picks the colour of the sender name
    QString timeText;
    bool edited = false;
    bool deleted = false; ///< shows "This message was deleted" in italics instead of text
    DeliveryState state = DeliveryState::None;
    QPalette palette;
    QFont font;
    BubbleStyle style;
};

/// The characters a bubble lays out for @p spec: its text, or the "deleted" placeholder.
QString bubbleDisplayText(const BubbleSpec &spec);

/// Size of the bubble for @p spec when it may be at most @p maxWidth wide (text is word-wrapped).
QSize bubbleSize(const BubbleSpec &spec, int maxWidth);

/// The bubble's rect inside a row: bubbleSize() placed at the right of @p row for own messages,
/// at the left otherwise, at the top of @p row.
QRect bubbleRect(const BubbleSpec &spec, const QRect &row, int maxWidth);

/// Paints the bubble filling spec.rect: background, sender name, text, then time, "edited" and
/// delivery ticks at the bottom right.
void paintBubble(QPainter &painter, const BubbleSpec &spec);

/// A small centred pill: system messages ("Alice added Bob") and day separators.
struct PillSpec
{
    QRect rect; ///< the pill itself (pillRect() centres one in a row)
    QString text;
    QPalette palette;
    QFont font; ///< the base font; the pill uses a slightly smaller one
};

/// Size of the pill for @p spec when it may be at most @p maxWidth wide (text is word-wrapped).
QSize pillSize(const PillSpec &spec, int maxWidth);

/// pillSize() centred horizontally at the top of @p row.
QRect pillRect(const PillSpec &spec, const QRect &row, int maxWidth);

void paintPill(QPainter &painter, const PillSpec &spec);

/// Label of a day separator: "Today", "Yesterday", or the locale's long date.
QString dayLabel(const QDate &date, const QDate &today = QDate::currentDate());

} // namespace parley::client::ui
