#include "ui/paint/PillPainter.h"

#include "ui/paint/PaintHelpers.h"
#include "ui/paint/PlainTextLayout.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace parley::client::ui {

namespace {

constexpr qreal kPillScale = 0.9;
constexpr int kPillPaddingX = 10;
constexpr int kPillPaddingY = 3;

// The lines are centred in @p centreWidth, or in the widest line when it is 0.
PillLayout layoutCentred(const PillSpec &spec, int maxWidth, qreal centreWidth)
{
    auto text = std::make_shared<QTextLayout>(layoutString(spec.text), scaledFont(spec.font, kPillScale));
    const TextBlock block = layoutPlainText(*text, std::max(1, maxWidth - 2 * kPillPaddingX));
    centreLines(*text, centreWidth > 0 ? centreWidth : std::ceil(block.width));
    return {QSize(int(std::ceil(block.width)) + 2 * kPillPaddingX, int(std::ceil(block.height)) + 2 * kPillPaddingY),
            std::move(text)};
}

} // namespace

PillLayout layoutPill(const PillSpec &spec, int maxWidth)
{
    return layoutCentred(spec, maxWidth, 0);
}

QSize pillSize(const PillSpec &spec, int maxWidth)
{
    return layoutPill(spec, maxWidth).size;
}

QRect pillRect(const PillSpec &spec, const QRect &row, int maxWidth)
{
    const QSize size = pillSize(spec, std::min(maxWidth, row.width()));
    return {QPoint(row.left() + (row.width() - size.width()) / 2, row.top()), size};
}

void paintPill(QPainter &painter, const PillLayout &layout, const QRect &bounds, const QPalette &palette)
{
    if (bounds.isEmpty() || !layout.text)
        return;
    const QRectF rect(bounds);
    const qreal radius = std::min(rect.height() / 2, 10.0);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setClipRect(bounds, Qt::IntersectClip);
    painter.setPen(Qt::NoPen);
    painter.setBrush(mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.1));
    painter.drawRoundedRect(rect, radius, radius);
    painter.setPen(palette.color(QPalette::Text));
    layout.text->draw(&painter, QPointF(rect.left() + kPillPaddingX, rect.top() + kPillPaddingY));
    painter.restore();
}

void paintPill(QPainter &painter, const PillSpec &spec)
{
    if (spec.rect.isEmpty())
        return;
    const qreal inner = std::max(1, spec.rect.width() - 2 * kPillPaddingX);
    paintPill(painter, layoutCentred(spec, spec.rect.width(), inner), spec.rect, spec.palette);
}

QString dayLabel(const QDate &date, const QDate &today)
{
    if (date == today)
        return QCoreApplication::translate("parley", "Today");
    if (date == today.addDays(-1))
        return QCoreApplication::translate("parley", "Yesterday");
    return QLocale().toString(date, QLocale::LongFormat);
}

} // namespace parley::client::ui
