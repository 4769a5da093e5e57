#pragma once

#include <QHash>
#include <QString>

#include <optional>

namespace parley::server {

/// Per-account backoff for password guessing. The first `freeFailures` failed logins of an
/// account cost nothing extra; after that each attempt must wait base·2^(n-free), up to `maxDelay`.
/// Attempts running at the same moment count as failures until they finish, so parallel
/// guesses are throttled as well. Keyed by the requested username, existing or not, so the
/// answer reveals nothing about which accounts exist.
class LoginThrottle
{
public:
    struct Policy
    {
        int freeFailures = 5;
        qint64 baseDelayMs = 1000;
        qint64 maxDelayMs = 15 * 60 * 1000;
        int maxTrackedAccounts = 100000;
    };

    LoginThrottle();
    explicit LoginThrottle(Policy policy);

    /// Starts an attempt, or says how long to wait before one is allowed.
    std::optional<qint64> begin(const QString &username, qint64 nowMs);
    enum class Outcome { Succeeded, Failed, Abandoned };
    /// Ends an attempt begun with begin(); Abandoned (the server could not check) counts for nothing.
    void finish(const QString &username, Outcome outcome, qint64 nowMs);

private:
    struct Entry
    {
        int failures = 0;
        int inFlight = 0;
        qint64 lastFailureMs = 0;
    };
    qint64 delayFor(int failures) const;
    void prune(qint64 nowMs);

    Policy m_policy;
    QHash<QString, Entry> m_entries;
};

} // namespace parley::server
