#include "ui/paint/BubblePainter.h"

#include "ui/paint/PaintHelpers.h"

#include <QPainter>

namespace parley::client::ui {

namespace {

BubbleColors bubbleColors(bool own, const QPalette &palette)
{
    BubbleColors colors;
    colors.background = own ? mix(palette.color(QPalette::Base), palette.color(QPalette::Highlight), 0.22)
                            : mix(palette.color(QPalette::AlternateBase), palette.color(QPalette::Text), 0.06);
    colors.text = palette.color(QPalette::Text);
    colors.muted = mix(colors.text, colors.background, 0.45);
    return colors;
}

} // namespace

void paintBubble(QPainter &painter, const BubbleLayout &bubble, const QPoint &topLeft, const QPalette &palette)
{
    const QRect frame(topLeft, bubble.size);
    if (frame.isEmpty())
        return;
    const BubbleColors colors = bubbleColors(bubble.own, palette);
    const QPointF origin(topLeft);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setClipRect(frame, Qt::IntersectClip);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colors.background);
    painter.drawRoundedRect(QRectF(frame), bubble.radius, bubble.radius);

    if (bubble.name)
        paintNamePart(painter, *bubble.name, origin);
    paintTextPart(painter, bubble.text, origin, colors);
    if (bubble.footer)
        paintFooterPart(painter, *bubble.footer, origin, colors, palette);
    painter.restore();
}

void paintBubble(QPainter &painter, const BubbleSpec &spec)
{
    if (spec.rect.isEmpty())
        return;
    paintBubble(painter, layoutBubble(spec, spec.rect.width()), spec.rect.topLeft(), spec.palette);
}

} // namespace parley::client::ui
