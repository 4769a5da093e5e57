#include "Timestamp.h"

#include <QDateTime>

namespace parley {

namespace {

// Writes `value` as `width` digits ending at `end`.
void digits(char16_t *end, int value, int width)
{
    for (int i = 0; i < width; ++i, value /= 10)
        *--end = char16_t(u'0' + value % 10);
}

} // namespace

QString formatTimestamp(qint64 msecsSinceEpoch)
{
    // Every message and conversation carries a time, so this is on the daemon's hot path:
    // the calendar arithmetic is done here (days to civil date, proleptic Gregorian, after
    // Howard Hinnant's algorithm) instead of through QDateTime, for years 1970–9999.
    constexpr qint64 kMsPerDay = 86400000;
    constexpr qint64 kLastMs = 253402300799999; // 9999-12-31T23:59:59.999Z
    if (msecsSinceEpoch < 0 || msecsSinceEpoch > kLastMs)
        return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
    const qint64 days = msecsSinceEpoch / kMsPerDay;
    const int msOfDay = int(msecsSinceEpoch % kMsPerDay);
    const qint64 z = days + 719468;
    const qint64 era = z / 146097;
    const int dayOfEra = int(z - era * 146097);
    const int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const int monthIndex = (5 * dayOfYear + 2) / 153; // March = 0
    const int day = dayOfYear - (153 * monthIndex + 2) / 5 + 1;
    const int month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
    const int year = int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

    QString text(24, Qt::Uninitialized); // yyyy-MM-ddTHH:mm:ss.zzzZ
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    digits(out + 4, year, 4);
    out[4] = u'-';
    digits(out + 7, month, 2);
    out[7] = u'-';
    digits(out + 10, day, 2);
    out[10] = u'T';
    digits(out + 13, msOfDay / 3600000, 2);
    out[13] = u':';
    digits(out + 16, msOfDay / 60000 % 60, 2);
    out[16] = u':';
    digits(out + 19, msOfDay / 1000 % 60, 2);
    out[19] = u'.';
    digits(out + 23, msOfDay % 1000, 3);
    out[23] = u'Z';
    return text;
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
