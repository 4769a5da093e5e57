#include "ui/paint/BubbleLayout.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace parley::client::ui {

namespace {

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

} // namespace

QString bubbleDisplayText(const BubbleSpec &spec)
{
    if (spec.deleted)
        return QCoreApplication::translate("parley", "This message was deleted");
    return spec.text;
}

BubbleLayout layoutBubble(const BubbleSpec &spec, int maxWidth)
{
    const BubbleStyle &style = spec.style;
    const qreal contentMax = std::max(1, maxWidth - 2 * style.paddingX);
    BubbleLayout bubble;
    bubble.own = spec.own;
    bubble.radius = style.radius;

    QFont bodyFont(spec.font);
    bodyFont.setItalic(spec.deleted);
    bubble.text = layoutTextPart(bubbleDisplayText(spec), bodyFont, contentMax, spec.deleted);
    const TextBlock &text = bubble.text.block;
    qreal contentWidth = text.width;
    qreal height = text.height;
    qreal textTop = 0;

    if (!spec.senderName.isEmpty()) {
        bubble.name = layoutNamePart(spec.senderName, spec.senderId, spec.font, contentMax);
        contentWidth = std::max(contentWidth, bubble.name->rect.width());
        textTop = bubble.name->rect.height() + style.nameSpacing;
        height += textTop;
    }

    bubble.footer = layoutFooterPart(footerText(spec), spec.own ? spec.state : DeliveryState::None, spec.font);
    if (bubble.footer) {
        BubbleFooterPart &footer = *bubble.footer;
        const QSizeF size = footer.rect.size();
        footer.onLastLine = text.lastLineWidth + style.footerGap + size.width() <= contentMax;
        if (footer.onLastLine) {
            contentWidth = std::max(contentWidth, text.lastLineWidth + style.footerGap + size.width());
            height += std::max(0.0, size.height() - text.lastLineHeight);
        } else {
            contentWidth = std::max(contentWidth, size.width());
            height += style.footerSpacing + size.height();
        }
    }

    bubble.size = QSize(std::max(style.minWidth, int(std::ceil(contentWidth)) + 2 * style.paddingX),
                        int(std::ceil(height)) + 2 * style.paddingY);

    // Placing the parts needs the final size: the name spans the content column and the footer
    // sits in the bottom right corner.
    const qreal columnWidth = bubble.size.width() - 2 * style.paddingX;
    if (bubble.name)
        placeNamePart(*bubble.name, QRectF(style.paddingX, style.paddingY, columnWidth, bubble.name->rect.height()));
    bubble.text.origin = QPointF(style.paddingX, style.paddingY + textTop);
    if (bubble.footer) {
        QRectF &rect = bubble.footer->rect;
        rect.moveTopLeft(QPointF(bubble.size.width() - style.paddingX - rect.width(),
                                 bubble.size.height() - style.paddingY - rect.height()));
    }
    return bubble;
}

QSize bubbleSize(const BubbleSpec &spec, int maxWidth)
{
    return layoutBubble(spec, maxWidth).size;
}

QRect bubbleRect(const BubbleSpec &spec, const QRect &row, int maxWidth)
{
    const QSize size = bubbleSize(spec, std::min(maxWidth, row.width()));
    const int x = spec.own ? row.left() + row.width() - size.width() : row.left();
    return {QPoint(x, row.top()), size};
}

} // namespace parley::client::ui
