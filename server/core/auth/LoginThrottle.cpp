#include "auth/LoginThrottle.h"

#include <algorithm>

namespace parley::server {

LoginThrottle::LoginThrottle()
    : LoginThrottle(Policy{})
{
}

LoginThrottle::LoginThrottle(Policy policy)
    : m_policy(policy)
{
}

qint64 LoginThrottle::delayFor(int failures) const
{
    const int over = failures - m_policy.freeFailures;
    if (over < 0)
        return 0;
    const int shift = std::min(over, 30);
    return std::min(m_policy.baseDelayMs << shift, m_policy.maxDelayMs);
}

std::optional<qint64> LoginThrottle::begin(const QString &username, qint64 nowMs)
{
    if (m_entries.size() >= m_policy.maxTrackedAccounts && !m_entries.contains(username))
        prune(nowMs);
    Entry &entry = m_entries[username];
    const qint64 delay = delayFor(entry.failures + entry.inFlight);
    if (delay > 0) {
        if (entry.inFlight > 0)
            return m_policy.baseDelayMs; // let the attempts already running decide first
        const qint64 readyAt = entry.lastFailureMs + delay;
        if (readyAt > nowMs)
            return readyAt - nowMs;
    }
    entry.inFlight += 1;
    return std::nullopt;
}

void LoginThrottle::finish(const QString &username, Outcome outcome, qint64 nowMs)
{
    const auto it = m_entries.find(username);
    if (it == m_entries.end())
        return;
    it->inFlight = std::max(0, it->inFlight - 1);
    switch (outcome) {
    case Outcome::Succeeded:
        m_entries.erase(it);
        break;
    case Outcome::Failed:
        it->failures += 1;
        it->lastFailureMs = nowMs;
        break;
    case Outcome::Abandoned:
        if (it->failures == 0 && it->inFlight == 0)
            m_entries.erase(it);
        break;
    }
}

void LoginThrottle::prune(qint64 nowMs)
{
    // Forget accounts whose backoff has run out, then accounts not yet throttled. Accounts
    // under backoff are forgotten only as a last resort, so that a flood of made-up usernames
    // cannot wipe out a real victim's backoff, and memory still stays bounded.
    auto forgetIf = [this](auto predicate) {
        for (auto it = m_entries.begin(); it != m_entries.end();) {
            if (it->inFlight == 0 && predicate(*it))
                it = m_entries.erase(it);
            else
                ++it;
        }
    };
    forgetIf([&](const Entry &entry) { return entry.lastFailureMs + m_policy.maxDelayMs <= nowMs; });
    if (m_entries.size() >= m_policy.maxTrackedAccounts)
        forgetIf([&](const Entry &entry) { return entry.failures < m_policy.freeFailures; });
    if (m_entries.size() >= m_policy.maxTrackedAccounts)
        m_entries.clear();
}

} // namespace parley::server
