#pragma once

#include <QString>

#include <optional>

namespace parley {

/// RFC 3339 UTC with milliseconds, e.g. "2026-11-21T10:00:00.123Z".
QString formatTimestamp(qint64 msecsSinceEpoch);
std::optional<qint64> parseTimestamp(const QString &text);
qint64 nowMsecs();

} // namespace parley
