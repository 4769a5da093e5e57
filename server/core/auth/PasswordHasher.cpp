#include "auth/PasswordHasher.h"

#include <QPointer>

#include <sodium.h>

namespace parley::server {

QString argon2idHash(const QString &password, const Argon2Cost &cost)
{
    const QByteArray utf8 = password.toUtf8();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(out, utf8.constData(), quint64(utf8.size()), cost.opsLimit, size_t(cost.memoryKib) * 1024,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return {};
    return QString::fromLatin1(out);
}

PasswordHasher::PasswordHasher(Argon2Cost cost, int threads, int maxQueued)
    : m_cost(cost)
    , m_maxQueued(maxQueued)
    , m_dummyHash(argon2idHash(QStringLiteral("parley-dummy-password"), cost))
    , m_home(std::make_unique<QObject>())
    , m_queued(std::make_shared<std::atomic<int>>(0))
{
    m_pool.setMaxThreadCount(std::max(1, threads));
}

PasswordHasher::~PasswordHasher()
{
    m_pool.waitForDone();
}

AwaitCallback<PasswordHasher::Outcome> PasswordHasher::run(std::function<Outcome()> work)
{
    return AwaitCallback<Outcome>([this, work = std::move(work)](auto deliver) {
        if (m_queued->fetch_add(1) >= m_maxQueued) {
            m_queued->fetch_sub(1);
            deliver(Outcome{Outcome::Status::Busy, {}});
            return;
        }
        QPointer<QObject> home(m_home.get());
        auto queued = m_queued;
        m_pool.start([work, deliver, home, queued] {
            Outcome outcome = work();
            queued->fetch_sub(1);
            if (home)
                QMetaObject::invokeMethod(
                    home, [deliver, outcome] { deliver(outcome); }, Qt::QueuedConnection);
        });
    });
}

AwaitCallback<PasswordHasher::Outcome> PasswordHasher::hash(const QString &password)
{
    const Argon2Cost cost = m_cost;
    return run([password, cost] {
        QString hash = argon2idHash(password, cost);
        if (hash.isEmpty())
            return Outcome{Outcome::Status::Failed, {}};
        return Outcome{Outcome::Status::Ok, hash};
    });
}

AwaitCallback<PasswordHasher::Outcome> PasswordHasher::verify(const QString &password, const QString &storedHash)
{
    const Argon2Cost cost = m_cost;
    const QString against = storedHash.isEmpty() ? m_dummyHash : storedHash;
    const bool isDummy = storedHash.isEmpty();
    return run([password, against, isDummy, cost] {
        const QByteArray utf8 = password.toUtf8();
        const QByteArray stored = against.toLatin1();
        const bool match = crypto_pwhash_str_verify(stored.constData(), utf8.constData(), quint64(utf8.size())) == 0;
        if (!match || isDummy)
            return Outcome{Outcome::Status::Mismatch, {}};
        if (crypto_pwhash_str_needs_rehash(stored.constData(), cost.opsLimit, size_t(cost.memoryKib) * 1024) != 0)
            return Outcome{Outcome::Status::Ok, argon2idHash(password, cost)};
        return Outcome{Outcome::Status::Ok, {}};
    });
}

} // namespace parley::server
