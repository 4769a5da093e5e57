#pragma once

// Pixel helpers shared by the painter and delegate tests.

#include <QColor>
#include <QImage>
#include <QRect>

#include <cstdlib>
#include <functional>

namespace parley::client::ui::test {

inline QImage blankImage(int width, int height, const QColor &fill = Qt::white)
{
    QImage image(width, height, QImage::Format_ARGB32);
    image.fill(fill);
    return image;
}

inline bool isNear(QRgb pixel, const QColor &color, int tolerance)
{
    return std::abs(qRed(pixel) - color.red()) <= tolerance && std::abs(qGreen(pixel) - color.green()) <= tolerance &&
           std::abs(qBlue(pixel) - color.blue()) <= tolerance && qAlpha(pixel) > 200;
}

/// Pixels in @p area (the whole image when null) for which @p match holds.
inline int countPixels(const QImage &image, const std::function<bool(QRgb)> &match, QRect area = QRect())
{
    area = area.isNull() ? image.rect() : area.intersected(image.rect());
    int count = 0;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            if (match(image.pixel(x, y)))
                ++count;
        }
    }
    return count;
}

inline int countNear(const QImage &image, const QColor &color, int tolerance, const QRect &area = QRect())
{
    return countPixels(
        image, [&](QRgb p) { return isNear(p, color, tolerance); }, area);
}

/// Pixels that differ visibly from @p background.
inline int countInk(const QImage &image, const QColor &background, const QRect &area = QRect())
{
    return countPixels(
        image, [&](QRgb p) { return !isNear(p, background, 40); }, area);
}

/// Bounding box of the pixels that differ visibly from @p background.
inline QRect inkBounds(const QImage &image, const QColor &background)
{
    QRect bounds;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            if (!isNear(image.pixel(x, y), background, 40))
                bounds = bounds.united(QRect(x, y, 1, 1));
        }
    }
    return bounds;
}

/// Saturated blue like the "seen" ticks, including their antialiased edges on a light background.
inline bool isSeenBlue(QRgb p)
{
    return qBlue(p) > 150 && qBlue(p) - qRed(p) > 90 && qAlpha(p) > 200;
}

} // namespace parley::client::ui::test
