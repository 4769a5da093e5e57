#pragma once

#include <chrono>

namespace parley::client {

/// Delays between reconnection attempts: exponential from 0.5 s up to 30 s, each one drawn
/// at random between half and all of its step, so that clients dropped together by a daemon
/// restart do not all come back in the same millisecond.
class Backoff
{
public:
    static constexpr std::chrono::milliseconds kFirst{500};
    static constexpr std::chrono::milliseconds kMax{30000};

    std::chrono::milliseconds next();
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }

private:
    int m_attempt = 0;
};

} // namespace parley::client
