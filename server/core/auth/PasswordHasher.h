#pragma once

#include "storage/AwaitCallback.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace parley::server {

/// Argon2id cost. The default is the OWASP minimum (19 MiB, 2 passes); tests lower it.
struct Argon2Cost
{
    quint64 opsLimit = 2;
    quint64 memoryKib = 19 * 1024;
};

/// Argon2id hashing and verification (libsodium) on a small worker pool, never on the
/// network thread. Concurrency is bounded by the pool size and the queue by `maxQueued`:
/// beyond it a call answers Busy at once instead of piling up memory-hungry work.
class PasswordHasher
{
public:
    struct Outcome
    {
        enum class Status { Ok, Mismatch, Busy, Failed };
        Status status = Status::Failed;
        QString hash; ///< the new hash (hash(), or verify() when a rehash is due)
    };

    PasswordHasher(Argon2Cost cost, int threads, int maxQueued);
    ~PasswordHasher();

    AwaitCallback<Outcome> hash(const QString &password);
    /// Verifies against a stored hash. With an empty `storedHash` it verifies against a dummy
    /// hash of the same cost, so an unknown account costs as much time as a known one.
    /// On a match whose hash used another cost, `hash` carries a fresh hash to store.
    AwaitCallback<Outcome> verify(const QString &password, const QString &storedHash);

    const Argon2Cost &cost() const { return m_cost; }

private:
    AwaitCallback<Outcome> run(std::function<Outcome()> work);

    Argon2Cost m_cost;
    int m_maxQueued;
    QString m_dummyHash;
    std::unique_ptr<QObject> m_home;
    QThreadPool m_pool;
    std::shared_ptr<std::atomic<int>> m_queued;
};

/// Synchronous Argon2id hash with libsodium; empty on failure (out of memory).
QString argon2idHash(const QString &password, const Argon2Cost &cost);

} // namespace parley::server
