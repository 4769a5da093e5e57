#include "Timestamp.h"

#include <QDateTime>

namespace parley {

QString formatTimestamp(qint64 msecsSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

std::optional<qint64> parseTimestamp(const QString &text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    // RFC 3339 requires an offset; a time without one would be read as local time.
    if (!time.isValid() || time.timeSpec() == Qt::LocalTime)
        return std::nullopt;
    return time.toMSecsSinceEpoch();
}

qint64 nowMsecs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace parley
