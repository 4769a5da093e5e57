#include "ui/paint/TickPainter.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPen>

#include <algorithm>

namespace parley::client::ui {

namespace {

// Proportions relative to the icon height; a second check is shifted right by kSecondCheckShift so
// that the pair reads as "✓✓" rather than as one thick mark.
constexpr qreal kCheckWidth = 0.95;
constexpr qreal kSecondCheckShift = 0.4;
constexpr qreal kRoundWidth = 1.0;

qreal widthFactor(DeliveryState state)
{
    switch (state) {
    case DeliveryState::None:
        return 0.0;
    case DeliveryState::Pending:
    case DeliveryState::Failed:
        return kRoundWidth;
    case DeliveryState::Sent:
        return kCheckWidth;
    case DeliveryState::Delivered:
    case DeliveryState::Seen:
        return kCheckWidth + kSecondCheckShift;
    }
    return 0.0;
}

QPen strokePen(const QColor &color, qreal width)
{
    return QPen(color, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
}

QPainterPath checkPath(const QPointF &origin, qreal h, qreal inset)
{
    const qreal w = kCheckWidth * h;
    QPainterPath path;
    path.moveTo(origin + QPointF(inset, 0.55 * h));
    path.lineTo(origin + QPointF(0.36 * w, h - inset - 0.08 * h));
    path.lineTo(origin + QPointF(w - inset, 0.18 * h));
    return path;
}

void paintChecks(QPainter &painter, const QRectF &box, int count, const QColor &color)
{
    const qreal h = box.height();
    const qreal penWidth = std::max(1.2, 0.12 * h);
    for (int i = 0; i < count; ++i) {
        const QPointF origin = box.topLeft() + QPointF(i * kSecondCheckShift * h, 0.0);
        painter.strokePath(checkPath(origin, h, penWidth / 2), strokePen(color, penWidth));
    }
}

void paintClock(QPainter &painter, const QRectF &box, const QColor &color)
{
    const qreal h = box.height();
    const qreal penWidth = std::max(1.0, 0.1 * h);
    const QPointF c = box.center();
    QPainterPath path;
    path.addEllipse(c, h / 2 - penWidth / 2, h / 2 - penWidth / 2);
    path.moveTo(c);
    path.lineTo(c + QPointF(0.0, -0.28 * h));
    path.moveTo(c);
    path.lineTo(c + QPointF(0.2 * h, 0.0));
    painter.strokePath(path, strokePen(color, penWidth));
}

void paintFailed(QPainter &painter, const QRectF &box)
{
    const qreal h = box.height();
    const QPointF c = box.center();
    QPainterPath circle;
    circle.addEllipse(c, h / 2, h / 2);
    painter.fillPath(circle, kFailedColor);

    QPainterPath bar;
    bar.moveTo(c.x(), box.top() + 0.22 * h);
    bar.lineTo(c.x(), box.top() + 0.56 * h);
    painter.strokePath(bar, strokePen(Qt::white, std::max(1.2, 0.13 * h)));
    QPainterPath dot;
    dot.addEllipse(QPointF(c.x(), box.top() + 0.76 * h), 0.075 * h, 0.075 * h);
    painter.fillPath(dot, Qt::white);
}

} // namespace

QSizeF tickSize(DeliveryState state, qreal height)
{
    const qreal factor = widthFactor(state);
    if (factor <= 0.0 || height <= 0.0)
        return {};
    return {factor * height, height};
}

void paintTicks(QPainter &painter, const QRectF &area, DeliveryState state, const QPalette &palette)
{
    const qreal factor = widthFactor(state);
    if (factor <= 0.0 || area.isEmpty())
        return;
    const qreal h = std::min(area.height(), area.width() / factor);
    QRectF box(0, 0, factor * h, h);
    box.moveCenter(area.center());

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor ink = palette.color(QPalette::Text);
    switch (state) {
    case DeliveryState::None:
        break;
    case DeliveryState::Pending:
        paintClock(painter, box, ink);
        break;
    case DeliveryState::Failed:
        paintFailed(painter, box);
        break;
    case DeliveryState::Sent:
        paintChecks(painter, box, 1, ink);
        break;
    case DeliveryState::Delivered:
        paintChecks(painter, box, 2, ink);
        break;
    case DeliveryState::Seen:
        paintChecks(painter, box, 2, kSeenColor);
        break;
    }
    painter.restore();
}

} // namespace parley::client::ui
