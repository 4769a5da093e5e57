#pragma once

#include <QDateTime>
#include <QString>

namespace parley {
struct User;
}

namespace parley::client {

/// "online", "last seen just now", "last seen 5 minutes ago", "last seen yesterday at 18:04", …
QString presenceText(const User &user, const QDateTime &now = QDateTime::currentDateTime());

} // namespace parley::client
