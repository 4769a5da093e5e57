#pragma once

#include <QtGlobal>

#include <optional>

namespace parley::server {

/// A token bucket: `perSecond` requests sustained, bursts up to `burst`. One per connection.
class RateLimiter
{
public:
    RateLimiter(double perSecond, double burst);

    /// Takes one token, or says how many milliseconds until one is available.
    std::optional<qint64> take(qint64 nowMs);

private:
    double m_perSecond;
    double m_burst;
    double m_tokens;
    qint64 m_lastMs = -1;
};

} // namespace parley::server
