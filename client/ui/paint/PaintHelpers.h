#pragma once

#include "core/ModelRoles.h"

#include <QColor>
#include <QFont>

class QVariant;

namespace parley::client::ui {

/// @p a blended towards @p b by @p t (0 gives a, 1 gives b): every painter derives its muted and
/// tinted colours from the palette this way, so they follow light and dark themes alike.
QColor mix(const QColor &a, const QColor &b, qreal t);

/// @p base scaled by @p scale, whether it is sized in points or in pixels.
QFont scaledFont(const QFont &base, qreal scale);

/// A DeliveryState role value; anything out of range (a model bug) reads as None, so no ticks
/// are painted for it.
DeliveryState deliveryStateOf(const QVariant &value);

} // namespace parley::client::ui
