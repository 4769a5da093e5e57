#include "daemon/RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace parley::server {

RateLimiter::RateLimiter(double perSecond, double burst)
    : m_perSecond(perSecond)
    , m_burst(burst)
    , m_tokens(burst)
{
}

std::optional<qint64> RateLimiter::take(qint64 nowMs)
{
    if (m_lastMs >= 0 && nowMs > m_lastMs)
        m_tokens = std::min(m_burst, m_tokens + double(nowMs - m_lastMs) * m_perSecond / 1000.0);
    m_lastMs = std::max(m_lastMs, nowMs);
    if (m_tokens >= 1.0) {
        m_tokens -= 1.0;
        return std::nullopt;
    }
    return qint64(std::ceil((1.0 - m_tokens) * 1000.0 / m_perSecond));
}

} // namespace parley::server
