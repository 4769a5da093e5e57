#pragma once

#include "core/ModelRoles.h"

#include <QColor>
#include <QRectF>
#include <QSizeF>

class QPainter;
class QPalette;

namespace parley::client::ui {

/// Colour of the "seen" double check.
inline constexpr QColor kSeenColor{0x34, 0xB7, 0xF1};
/// Colour of the "failed" badge.
inline constexpr QColor kFailedColor{0xE5, 0x39, 0x35};

/// Size of the delivery-state icon drawn at the given height; empty for DeliveryState::None.
QSizeF tickSize(DeliveryState state, qreal height);

/// Paints the delivery-state icon (clock, ✓, ✓✓, blue ✓✓ or a red "!") centred in @p area and
/// scaled to fit it. Sent, Delivered and Pending use the palette's Text colour.
void paintTicks(QPainter &painter, const QRectF &area, DeliveryState state, const QPalette &palette);

} // namespace parley::client::ui
