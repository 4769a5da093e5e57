#include "ui/paint/BubbleParts.h"

#include "ui/paint/AvatarPainter.h"
#include "ui/paint/PaintHelpers.h"
#include "ui/paint/TickPainter.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace parley::client::ui {

namespace {

constexpr qreal kFooterScale = 0.8;
constexpr int kTickGap = 4;

} // namespace

BubbleNamePart layoutNamePart(const QString &name, const QString &colorSeed, const QFont &base, qreal maxWidth)
{
    BubbleNamePart part;
    part.name = name;
    part.color = avatarColor(colorSeed.isEmpty() ? name : colorSeed);
    part.font = base;
    part.font.setBold(true);
    const QFontMetricsF metrics(part.font);
    part.rect = QRectF(0, 0, std::min(metrics.horizontalAdvance(name), maxWidth), metrics.height());
    return part;
}

void placeNamePart(BubbleNamePart &part, const QRectF &rect)
{
    part.rect = rect;
    part.elided = QFontMetricsF(part.font).elidedText(part.name, Qt::ElideRight, rect.width());
}

void paintNamePart(QPainter &painter, const BubbleNamePart &part, const QPointF &bubbleTopLeft)
{
    painter.setFont(part.font);
    painter.setPen(part.color);
    painter.drawText(part.rect.translated(bubbleTopLeft), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine,
                     part.elided);
}

BubbleTextPart layoutTextPart(const QString &text, const QFont &font, qreal width, bool muted)
{
    auto layout = std::make_shared<QTextLayout>(layoutString(text), font);
    BubbleTextPart part;
    part.block = layoutPlainText(*layout, width);
    part.layout = std::move(layout);
    part.muted = muted;
    return part;
}

void paintTextPart(QPainter &painter, const BubbleTextPart &part, const QPointF &bubbleTopLeft,
                   const BubbleColors &colors)
{
    if (!part.layout)
        return;
    painter.setPen(part.muted ? colors.muted : colors.text);
    part.layout->draw(&painter, bubbleTopLeft + part.origin);
}

std::optional<BubbleFooterPart> layoutFooterPart(const QString &text, DeliveryState state, const QFont &base)
{
    BubbleFooterPart part;
    part.text = text;
    part.font = scaledFont(base, kFooterScale);
    part.state = state;
    const QFontMetricsF metrics(part.font);
    part.textWidth = text.isEmpty() ? 0.0 : metrics.horizontalAdvance(text);
    part.ticks = tickSize(state, std::round(metrics.ascent() * 0.9));
    if (text.isEmpty() && part.ticks.isEmpty())
        return std::nullopt;
    const qreal gap = (!text.isEmpty() && !part.ticks.isEmpty()) ? kTickGap : 0;
    part.rect =
        QRectF(0, 0, part.textWidth + gap + part.ticks.width(), std::max(metrics.height(), part.ticks.height()));
    return part;
}

void paintFooterPart(QPainter &painter, const BubbleFooterPart &part, const QPointF &bubbleTopLeft,
                     const BubbleColors &colors, const QPalette &palette)
{
    const QRectF footer = part.rect.translated(bubbleTopLeft);
    if (!part.text.isEmpty()) {
        painter.setFont(part.font);
        painter.setPen(colors.muted);
        painter.drawText(QRectF(footer.left(), footer.top(), part.textWidth + 1, footer.height()),
                         Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, part.text);
    }
    if (!part.ticks.isEmpty()) {
        const QRectF ticks(footer.right() - part.ticks.width(), footer.center().y() - part.ticks.height() / 2,
                           part.ticks.width(), part.ticks.height());
        paintTicks(painter, ticks, part.state, palette);
    }
}

} // namespace parley::client::ui
