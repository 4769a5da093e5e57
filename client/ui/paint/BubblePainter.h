#pragma once

#include "ui/paint/BubbleLayout.h"

#include <QPoint>

class QPainter;
class QPalette;

namespace parley::client::ui {

/// Paints @p bubble with its top left at @p topLeft: the frame (rounded background), then each
/// part where the layout put it. Lays nothing out; colours come from @p palette.
void paintBubble(QPainter &painter, const BubbleLayout &bubble, const QPoint &topLeft, const QPalette &palette);

/// Lays @p spec out for spec.rect's width and paints it at spec.rect, for callers that paint a
/// bubble once; the delegate keeps its layouts instead.
void paintBubble(QPainter &painter, const BubbleSpec &spec);

} // namespace parley::client::ui
