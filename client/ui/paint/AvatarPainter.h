#pragma once

#include <QColor>
#include <QRect>
#include <QString>

class QPainter;

namespace parley::client::ui {

/// Colour of the "online" dot.
inline constexpr QColor kOnlineColor{0x4C, 0xAF, 0x50};

/// Stable colour for @p seed, picked from a fixed palette; the same seed gives the same colour in
/// every run and on every platform. Also used for sender names in group chats.
QColor avatarColor(const QString &seed);

/// Paints a round avatar into the largest square centred in @p rect: a circle in avatarColor(seed)
/// with white @p initials (plain text) and, when @p online, a green dot at the bottom right
/// surrounded by a ring of @p ringColor (the background the avatar sits on; when invalid, the
/// application palette's Base colour).
void paintAvatar(QPainter &painter, const QRect &rect, const QString &initials, const QString &seed, bool online,
                 const QColor &ringColor = QColor());

} // namespace parley::client::ui
