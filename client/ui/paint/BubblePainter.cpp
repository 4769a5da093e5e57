#include "ui/paint/BubblePainter.h"

#include "ui/paint/AvatarPainter.h"
#include "ui/paint/TickPainter.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QTextLayout>
#include <QTextOption>

#include <algorithm>
#include <cmath>

namespace parley::client::ui {

namespace {

constexpr qreal kFooterScale = 0.8;
constexpr qreal kPillScale = 0.9;
constexpr int kPillPaddingX = 10;
constexpr int kPillPaddingY = 3;
constexpr int kTickGap = 4;

struct TextBlock
{
    qreal width = 0;
    qreal height = 0;
    qreal lastLineWidth = 0;
    qreal lastLineHeight = 0;
};

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QFont scaledFont(const QFont &base, qreal scale)
{
    QFont font(base);
    if (base.pointSizeF() > 0)
        font.setPointSizeF(base.pointSizeF() * scale);
    else if (base.pixelSize() > 0)
        font.setPixelSize(std::max(1, qRound(base.pixelSize() * scale)));
    return font;
}

QFont bodyFont(const BubbleSpec &spec)
{
    QFont font(spec.font);
    font.setItalic(spec.deleted);
    return font;
}

QFont nameFont(const BubbleSpec &spec)
{
    QFont font(spec.font);
    font.setBold(true);
    return font;
}

QFont footerFont(const BubbleSpec &spec)
{
    return scaledFont(spec.font, kFooterScale);
}

QFont pillFont(const PillSpec &spec)
{
    return scaledFont(spec.font, kPillScale);
}

// QTextLayout breaks lines only at QChar::LineSeparator, not at '\n'.
QString layoutString(const QString &text)
{
    QString result = text;
    result.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    result.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    result.replace(QLatin1Char('\n'), QChar::LineSeparator);
    return result;
}

// Plain-text layout only: QTextLayout never interprets markup, so user text cannot load images or
// change formatting.
TextBlock layoutText(QTextLayout &layout, qreal width, Qt::Alignment alignment)
{
    QTextOption option(alignment);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.setCacheEnabled(true);

    TextBlock block;
    layout.beginLayout();
    while (true) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        line.setPosition(QPointF(0, block.height));
        block.height += line.height();
        block.width = std::max(block.width, line.naturalTextWidth());
        block.lastLineWidth = line.naturalTextWidth();
        block.lastLineHeight = line.height();
    }
    layout.endLayout();
    return block;
}

QString footerText(const BubbleSpec &spec)
{
    if (spec.edited && !spec.deleted) {
        const QString edited = QCoreApplication::translate("parley", "edited");
        if (spec.timeText.isEmpty())
            return edited;
        return edited + QLatin1Char(' ') + spec.timeText;
    }
    return spec.timeText;
}

DeliveryState shownState(const BubbleSpec &spec)
{
    return spec.own ? spec.state : DeliveryState::None;
}

struct Geometry
{
    TextBlock text;
    qreal nameHeight = 0;
    QString footer;
    qreal footerTextWidth = 0;
    QSizeF ticks;
    QSizeF footerSize;
    bool footerInline = false;
    QSize size;
};

Geometry computeGeometry(const BubbleSpec &spec, int maxWidth, QTextLayout &layout)
{
    const BubbleStyle &style = spec.style;
    const qreal contentMax = std::max(1, maxWidth - 2 * style.paddingX);
    Geometry g;

    layout.setText(layoutString(bubbleDisplayText(spec)));
    layout.setFont(bodyFont(spec));
    g.text = layoutText(layout, contentMax, Qt::AlignLeft);

    qreal contentWidth = g.text.width;
    qreal height = g.text.height;

    if (!spec.senderName.isEmpty()) {
        const QFontMetricsF fm(nameFont(spec));
        g.nameHeight = fm.height();
        contentWidth = std::max(contentWidth, std::min(fm.horizontalAdvance(spec.senderName), contentMax));
        height += g.nameHeight + style.nameSpacing;
    }

    g.footer = footerText(spec);
    const QFontMetricsF ffm(footerFont(spec));
    g.footerTextWidth = g.footer.isEmpty() ? 0.0 : ffm.horizontalAdvance(g.footer);
    g.ticks = tickSize(shownState(spec), std::round(ffm.ascent() * 0.9));
    if (!g.footer.isEmpty() || !g.ticks.isEmpty()) {
        const qreal gap = (!g.footer.isEmpty() && !g.ticks.isEmpty()) ? kTickGap : 0;
        g.footerSize = QSizeF(g.footerTextWidth + gap + g.ticks.width(), std::max(ffm.height(), g.ticks.height()));
        g.footerInline = g.text.lastLineWidth + style.footerGap + g.footerSize.width() <= contentMax;
        if (g.footerInline) {
            contentWidth = std::max(contentWidth, g.text.lastLineWidth + style.footerGap + g.footerSize.width());
            height += std::max(0.0, g.footerSize.height() - g.text.lastLineHeight);
        } else {
            contentWidth = std::max(contentWidth, g.footerSize.width());
            height += style.footerSpacing + g.footerSize.height();
        }
    }

    g.size = QSize(std::max(style.minWidth, int(std::ceil(contentWidth)) + 2 * style.paddingX),
                   int(std::ceil(height)) + 2 * style.paddingY);
    return g;
}

QColor bubbleColor(const BubbleSpec &spec)
{
    const QPalette &p = spec.palette;
    if (spec.own)
        return mix(p.color(QPalette::Base), p.color(QPalette::Highlight), 0.22);
    return mix(p.color(QPalette::AlternateBase), p.color(QPalette::Text), 0.06);
}

QColor pillColor(const QPalette &palette)
{
    return mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.1);
}

} // namespace

QString bubbleDisplayText(const BubbleSpec &spec)
{
    if (spec.deleted)
        return QCoreApplication::translate("parley", "This message was deleted");
    return spec.text;
}

QSize bubbleSize(const BubbleSpec &spec, int maxWidth)
{
    QTextLayout layout;
    return computeGeometry(spec, maxWidth, layout).size;
}

QRect bubbleRect(const BubbleSpec &spec, const QRect &row, int maxWidth)
{
    const QSize size = bubbleSize(spec, std::min(maxWidth, row.width()));
    const int x = spec.own ? row.left() + row.width() - size.width() : row.left();
    return {QPoint(x, row.top()), size};
}

void paintBubble(QPainter &painter, const BubbleSpec &spec)
{
    if (spec.rect.isEmpty())
        return;
    const BubbleStyle &style = spec.style;
    QTextLayout layout;
    const Geometry g = computeGeometry(spec, spec.rect.width(), layout);
    const QRectF rect(spec.rect);
    const QColor background = bubbleColor(spec);
    const QColor textColor = spec.palette.color(QPalette::Text);
    const QColor mutedColor = mix(textColor, background, 0.45);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setClipRect(spec.rect, Qt::IntersectClip);
    painter.setPen(Qt::NoPen);
    painter.setBrush(background);
    painter.drawRoundedRect(rect, style.radius, style.radius);

    const qreal x = rect.left() + style.paddingX;
    const qreal contentWidth = rect.width() - 2 * style.paddingX;
    qreal y = rect.top() + style.paddingY;

    if (!spec.senderName.isEmpty()) {
        const QFont font = nameFont(spec);
        painter.setFont(font);
        painter.setPen(avatarColor(spec.senderId.isEmpty() ? spec.senderName : spec.senderId));
        const QString elided = QFontMetricsF(font).elidedText(spec.senderName, Qt::ElideRight, contentWidth);
        painter.drawText(QRectF(x, y, contentWidth, g.nameHeight),
                         Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, elided);
        y += g.nameHeight + style.nameSpacing;
    }

    painter.setPen(spec.deleted ? mutedColor : textColor);
    layout.draw(&painter, QPointF(x, y));

    if (!g.footerSize.isEmpty()) {
        const QRectF footer(rect.right() - style.paddingX - g.footerSize.width(),
                            rect.bottom() - style.paddingY - g.footerSize.height(), g.footerSize.width(),
                            g.footerSize.height());
        if (!g.footer.isEmpty()) {
            painter.setFont(footerFont(spec));
            painter.setPen(mutedColor);
            painter.drawText(QRectF(footer.left(), footer.top(), g.footerTextWidth + 1, footer.height()),
                             Qt::AlignLeft | Qt::AlignVCenter | Qt::TextSingleLine, g.footer);
        }
        if (!g.ticks.isEmpty()) {
            const QRectF ticks(footer.right() - g.ticks.width(), footer.center().y() - g.ticks.height() / 2,
                               g.ticks.width(), g.ticks.height());
            paintTicks(painter, ticks, shownState(spec), spec.palette);
        }
    }
    painter.restore();
}

QSize pillSize(const PillSpec &spec, int maxWidth)
{
    QTextLayout layout(layoutString(spec.text), pillFont(spec));
    const TextBlock block = layoutText(layout, std::max(1, maxWidth - 2 * kPillPaddingX), Qt::AlignHCenter);
    return {int(std::ceil(block.width)) + 2 * kPillPaddingX, int(std::ceil(block.height)) + 2 * kPillPaddingY};
}

QRect pillRect(const PillSpec &spec, const QRect &row, int maxWidth)
{
    const QSize size = pillSize(spec, std::min(maxWidth, row.width()));
    return {QPoint(row.left() + (row.width() - size.width()) / 2, row.top()), size};
}

void paintPill(QPainter &painter, const PillSpec &spec)
{
    if (spec.rect.isEmpty())
        return;
    const QRectF rect(spec.rect);
    QTextLayout layout(layoutString(spec.text), pillFont(spec));
    layoutText(layout, std::max(1.0, rect.width() - 2 * kPillPaddingX), Qt::AlignHCenter);
    const qreal radius = std::min(rect.height() / 2, 10.0);

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setClipRect(spec.rect, Qt::IntersectClip);
    painter.setPen(Qt::NoPen);
    painter.setBrush(pillColor(spec.palette));
    painter.drawRoundedRect(rect, radius, radius);
    painter.setPen(spec.palette.color(QPalette::Text));
    layout.draw(&painter, QPointF(rect.left() + kPillPaddingX, rect.top() + kPillPaddingY));
    painter.restore();
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
