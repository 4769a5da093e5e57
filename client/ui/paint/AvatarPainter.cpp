#include "ui/paint/AvatarPainter.h"

#include <QFont>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>
#include <array>

namespace parley::client::ui {

namespace {

constexpr std::array<QColor, 8> kAvatarColors{{
    {0xE1, 0x70, 0x76}, // red
    {0xF0, 0x8C, 0x3C}, // orange
    {0x9C, 0x7C, 0xE0}, // violet
    {0x7B, 0xC8, 0x62}, // green
    {0x3C, 0xA8, 0xB0}, // teal
    {0x4C, 0x8C, 0xD8}, // blue
    {0xD8, 0x5C, 0x9C}, // pink
    {0xC8, 0x98, 0x2C}, // amber
}};

// FNV-1a over the UTF-16 code units: qHash() is seeded per process, which would make colours
// change between runs.
quint32 stableHash(const QString &text)
{
    quint32 hash = 2166136261u;
    for (const QChar ch : text) {
        hash ^= ch.unicode();
        hash *= 16777619u;
    }
    return hash;
}

} // namespace

QColor avatarColor(const QString &seed)
{
    return kAvatarColors.at(stableHash(seed) % kAvatarColors.size());
}

void paintAvatar(QPainter &painter, const QRect &rect, const QString &initials, const QString &seed, bool online,
                 const QColor &ringColor)
{
    const int side = std::min(rect.width(), rect.height());
    if (side <= 0)
        return;
    QRectF circle(0, 0, side, side);
    circle.moveCenter(QRectF(rect).center());

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(avatarColor(seed));
    painter.drawEllipse(circle);

    if (!initials.isEmpty()) {
        QFont font = painter.font();
        font.setBold(true);
        font.setPixelSize(std::max(1, qRound(side * 0.4)));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(circle, Qt::AlignCenter | Qt::TextSingleLine, initials);
    }

    if (online) {
        // The dot sits inside the avatar's square so it is never clipped by the row.
        const qreal dot = side * 0.3;
        const qreal ring = std::max(1.5, side * 0.05);
        const QRectF dotRect(circle.right() - dot, circle.bottom() - dot, dot, dot);
        const QColor ringFill = ringColor.isValid() ? ringColor : QGuiApplication::palette().color(QPalette::Base);
        painter.setBrush(ringFill);
        painter.drawEllipse(dotRect);
        painter.setBrush(kOnlineColor);
        painter.drawEllipse(dotRect.adjusted(ring, ring, -ring, -ring));
    }
    painter.restore();
}

} // namespace parley::client::ui
