#include "PresenceText.h"

#include <protocol/UserPayloads.h>

#include <QCoreApplication>
#include <QLocale>

namespace parley::client {

QString presenceText(const User &user, const QDateTime &now)
{
    if (user.online)
        return QCoreApplication::translate("Presence", "online");
    if (!user.lastSeenMsecs)
        return QCoreApplication::translate("Presence", "offline");
    const QDateTime seen = QDateTime::fromMSecsSinceEpoch(*user.lastSeenMsecs).toLocalTime();
    const qint64 seconds = std::max<qint64>(0, seen.secsTo(now));
    if (seconds < 60)
        return QCoreApplication::translate("Presence", "last seen just now");
    if (seconds < 3600) {
        // A plain variable as the count: lupdate 6.4 loops forever on an expression there.
        const int minutes = int(seconds / 60);
        return QCoreApplication::translate("Presence", "last seen %n minute(s) ago", nullptr, minutes);
    }
    const QString time = QLocale().toString(seen.time(), QLocale::ShortFormat);
    if (seen.date() == now.date())
        return QCoreApplication::translate("Presence", "last seen today at %1").arg(time);
    if (seen.date().addDays(1) == now.date())
        return QCoreApplication::translate("Presence", "last seen yesterday at %1").arg(time);
    return QCoreApplication::translate("Presence", "last seen %1")
        .arg(QLocale().toString(seen.date(), QLocale::ShortFormat));
}

} // namespace parley::client
