#include "ui/paint/PaintHelpers.h"

#include <QVariant>

#include <algorithm>

namespace parley::client::ui {

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

DeliveryState deliveryStateOf(const QVariant &value)
{
    const int state = value.toInt();
    if (state < int(DeliveryState::None) || state > int(DeliveryState::Seen))
        return DeliveryState::None;
    return static_cast<DeliveryState>(state);
}

} // namespace parley::client::ui
