// Unit tests of the per-account login backoff. Time is passed in explicitly; nothing sleeps.

#include <auth/LoginThrottle.h>

#include <OptionalToString.h>

#include <QTest>

#include <algorithm>

using parley::server::LoginThrottle;
using Outcome = LoginThrottle::Outcome;

namespace {

constexpr qint64 kT0 = 1'800'000'000'000; // an ordinary wall-clock time in ms
constexpr qint64 kSecond = 1000;
constexpr qint64 kFifteenMinutes = 15 * 60 * kSecond;

/// Fails `count` logins of `username`, each as early as the throttle allows, starting at
/// `now`. Returns the time of the last failure, or -1 when the throttle refused an attempt
/// even after the wait it asked for.
qint64 failRepeatedly(LoginThrottle &throttle, const QString &username, int count, qint64 now)
{
    for (int i = 0; i < count; ++i) {
        if (const auto wait = throttle.begin(username, now)) {
            if (*wait <= 0)
                return -1;
            now += *wait;
            if (throttle.begin(username, now))
                return -1;
        }
        throttle.finish(username, Outcome::Failed, now);
    }
    return now;
}

/// The delay the contract asks for after `failures` failures with the default policy.
qint64 expectedDelay(int failures)
{
    if (failures < 5)
        return 0;
    const int doublings = failures - 5;
    return doublings >= 20 ? kFifteenMinutes : std::min(kSecond << doublings, kFifteenMinutes);
}

} // namespace

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstFiveFailuresAreFree();
    void delaysDoubleAfterTheFreeFailures();
    void delayIsCappedAtFifteenMinutes();
    void waitShrinksAsTimePasses();
    void attemptAtTheExactReadyTimeIsAllowed();
    void refusedAttemptsDoNotCount();
    void successResets();
    void abandonedCountsForNothing();
    void abandonedDoesNotMoveTheWait();
    void parallelAttemptsAreThrottled();
    void parallelAttemptsAfterSomeFailures();
    void finishedParallelFailuresCount();
    void accountsAreIndependent();
    void customPolicy();
    void pruningForgetsExpiredAccountsFirst();
    void pruningKeepsMemoryBounded();
    void fullTableDoesNotResetATrackedAccount();
};

void TestLoginThrottle::firstFiveFailuresAreFree()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    for (int i = 0; i < 5; ++i) {
        const auto wait = throttle.begin(alice, kT0);
        QVERIFY2(!wait, qPrintable(QStringLiteral("attempt %1 waited %2 ms").arg(i + 1).arg(wait.value_or(0))));
        throttle.finish(alice, Outcome::Failed, kT0);
    }
    // The sixth attempt right after the fifth failure must wait one second.
    QCOMPARE(throttle.begin(alice, kT0), std::optional<qint64>(kSecond));
}

void TestLoginThrottle::delaysDoubleAfterTheFreeFailures()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    qint64 now = failRepeatedly(throttle, alice, 5, kT0);
    QCOMPARE(now, kT0);

    // 1 s, 2 s, 4 s, 8 s, ... measured from the last failure.
    for (int failures = 5; failures < 15; ++failures) {
        const qint64 expected = expectedDelay(failures);
        QCOMPARE(throttle.begin(alice, now), std::optional<qint64>(expected));
        QCOMPARE(throttle.begin(alice, now + expected - 1), std::optional<qint64>(1));
        now += expected;
        QVERIFY(!throttle.begin(alice, now));
        throttle.finish(alice, Outcome::Failed, now);
    }
    QCOMPARE(expectedDelay(5), kSecond);
    QCOMPARE(expectedDelay(6), 2 * kSecond);
    QCOMPARE(expectedDelay(7), 4 * kSecond);
    QCOMPARE(expectedDelay(14), 512 * kSecond);
}

void TestLoginThrottle::delayIsCappedAtFifteenMinutes()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    qint64 now = failRepeatedly(throttle, alice, 15, kT0);
    QVERIFY(now > kT0);
    // 2^10 s would be 1024 s; the cap is 900 s.
    QCOMPARE(throttle.begin(alice, now), std::optional<qint64>(kFifteenMinutes));

    // ...and stays there however long the attack goes on (no overflow of the doubling).
    now = failRepeatedly(throttle, alice, 60, now);
    QVERIFY(now > 0);
    QCOMPARE(throttle.begin(alice, now), std::optional<qint64>(kFifteenMinutes));
    QCOMPARE(throttle.begin(alice, now + kFifteenMinutes - 1), std::optional<qint64>(1));
    QVERIFY(!throttle.begin(alice, now + kFifteenMinutes));
}

void TestLoginThrottle::waitShrinksAsTimePasses()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    const qint64 last = failRepeatedly(throttle, alice, 7, kT0); // 4 s to wait
    QVERIFY(last > 0);
    QCOMPARE(throttle.begin(alice, last), std::optional<qint64>(4 * kSecond));
    QCOMPARE(throttle.begin(alice, last + 1000), std::optional<qint64>(3 * kSecond));
    QCOMPARE(throttle.begin(alice, last + 3500), std::optional<qint64>(500));
    QCOMPARE(throttle.begin(alice, last + 3999), std::optional<qint64>(1));
}

void TestLoginThrottle::attemptAtTheExactReadyTimeIsAllowed()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    QCOMPARE(failRepeatedly(throttle, alice, 6, kT0), kT0 + kSecond);
    QVERIFY(throttle.begin(alice, kT0 + kSecond + 2 * kSecond - 1));
    QVERIFY(!throttle.begin(alice, kT0 + kSecond + 2 * kSecond));
}

void TestLoginThrottle::refusedAttemptsDoNotCount()
{
    // Asking again while told to wait is answered, but does not make the wait longer.
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    QCOMPARE(failRepeatedly(throttle, alice, 5, kT0), kT0);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(throttle.begin(alice, kT0 + i), std::optional<qint64>(kSecond - i));
    QVERIFY(!throttle.begin(alice, kT0 + kSecond));
    throttle.finish(alice, Outcome::Failed, kT0 + kSecond);
    QCOMPARE(throttle.begin(alice, kT0 + kSecond), std::optional<qint64>(2 * kSecond));
}

void TestLoginThrottle::successResets()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    const qint64 last = failRepeatedly(throttle, alice, 9, kT0); // 16 s to wait
    QVERIFY(last > 0);
    QCOMPARE(throttle.begin(alice, last), std::optional<qint64>(16 * kSecond));

    const qint64 later = last + 16 * kSecond;
    QVERIFY(!throttle.begin(alice, later));
    throttle.finish(alice, Outcome::Succeeded, later);

    // Back to five free failures, with no wait at all.
    QCOMPARE(failRepeatedly(throttle, alice, 5, later), later);
    QCOMPARE(throttle.begin(alice, later), std::optional<qint64>(kSecond));
}

void TestLoginThrottle::abandonedCountsForNothing()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    // Any number of abandoned attempts at the same moment: never a wait.
    for (int i = 0; i < 50; ++i) {
        QVERIFY(!throttle.begin(alice, kT0));
        throttle.finish(alice, Outcome::Abandoned, kT0);
    }
    // Mixed with failures, only the failures count.
    for (int i = 0; i < 4; ++i) {
        QVERIFY(!throttle.begin(alice, kT0));
        throttle.finish(alice, Outcome::Failed, kT0);
        QVERIFY(!throttle.begin(alice, kT0));
        throttle.finish(alice, Outcome::Abandoned, kT0);
    }
    QVERIFY(!throttle.begin(alice, kT0)); // the fifth failure is still free
    throttle.finish(alice, Outcome::Failed, kT0);
    QCOMPARE(throttle.begin(alice, kT0), std::optional<qint64>(kSecond));
}

void TestLoginThrottle::abandonedDoesNotMoveTheWait()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    QCOMPARE(failRepeatedly(throttle, alice, 5, kT0), kT0);
    const qint64 ready = kT0 + kSecond;
    QVERIFY(!throttle.begin(alice, ready + 10));
    throttle.finish(alice, Outcome::Abandoned, ready + 10);
    // Still measured from the last failure, and still one second.
    QVERIFY(!throttle.begin(alice, ready + 10));
    throttle.finish(alice, Outcome::Abandoned, ready + 10);
    QVERIFY(!throttle.begin(alice, ready + 20));
    throttle.finish(alice, Outcome::Failed, ready + 20);
    QCOMPARE(throttle.begin(alice, ready + 20), std::optional<qint64>(2 * kSecond));
}

void TestLoginThrottle::parallelAttemptsAreThrottled()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    // Five guesses may run at once (they could all fail); the sixth must wait for them.
    for (int i = 0; i < 5; ++i)
        QVERIFY2(!throttle.begin(alice, kT0), qPrintable(QString::number(i)));
    for (int i = 0; i < 20; ++i) {
        const auto wait = throttle.begin(alice, kT0 + i);
        QVERIFY(wait);
        QVERIFY(*wait > 0);
    }
    // Refused attempts did not become running ones: ending the five leaves no attempt running.
    for (int i = 0; i < 5; ++i)
        throttle.finish(alice, Outcome::Abandoned, kT0 + 100);
    for (int i = 0; i < 5; ++i)
        QVERIFY2(!throttle.begin(alice, kT0 + 100), qPrintable(QString::number(i)));
    QVERIFY(throttle.begin(alice, kT0 + 100));
}

void TestLoginThrottle::parallelAttemptsAfterSomeFailures()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    QCOMPARE(failRepeatedly(throttle, alice, 4, kT0), kT0);
    QVERIFY(!throttle.begin(alice, kT0)); // the fifth free one
    const auto second = throttle.begin(alice, kT0);
    QVERIFY(second);
    QVERIFY(*second > 0);

    // Once the running one succeeds, the account is clear again.
    throttle.finish(alice, Outcome::Succeeded, kT0 + 50);
    QVERIFY(!throttle.begin(alice, kT0 + 50));
}

void TestLoginThrottle::finishedParallelFailuresCount()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    for (int i = 0; i < 5; ++i)
        QVERIFY(!throttle.begin(alice, kT0));
    for (int i = 0; i < 5; ++i)
        throttle.finish(alice, Outcome::Failed, kT0 + 200);
    QCOMPARE(throttle.begin(alice, kT0 + 200), std::optional<qint64>(kSecond));
    QCOMPARE(throttle.begin(alice, kT0 + 700), std::optional<qint64>(500));
    QVERIFY(!throttle.begin(alice, kT0 + 1200));
}

void TestLoginThrottle::accountsAreIndependent()
{
    LoginThrottle throttle;
    const QString alice = QStringLiteral("alice");
    const QString bob = QStringLiteral("bob");
    const qint64 last = failRepeatedly(throttle, alice, 10, kT0); // 32 s to wait
    QVERIFY(last > 0);
    QCOMPARE(throttle.begin(alice, last), std::optional<qint64>(32 * kSecond));

    // bob is untouched by alice's failures...
    QCOMPARE(failRepeatedly(throttle, bob, 5, last), last);
    QCOMPARE(throttle.begin(bob, last), std::optional<qint64>(kSecond));
    // ...and alice by bob's, or by bob's success.
    QVERIFY(!throttle.begin(bob, last + kSecond));
    throttle.finish(bob, Outcome::Succeeded, last + kSecond);
    QCOMPARE(throttle.begin(alice, last + kSecond), std::optional<qint64>(31 * kSecond));

    // Names that differ are different accounts, however similar they look.
    QVERIFY(!throttle.begin(QStringLiteral("alice2"), last));
    QVERIFY(!throttle.begin(QStringLiteral("alic"), last));
    QVERIFY(!throttle.begin(QString(), last));
}

void TestLoginThrottle::customPolicy()
{
    LoginThrottle::Policy policy;
    policy.freeFailures = 2;
    policy.baseDelayMs = 100;
    policy.maxDelayMs = 350;
    LoginThrottle throttle(policy);
    const QString alice = QStringLiteral("alice");
    QCOMPARE(failRepeatedly(throttle, alice, 2, kT0), kT0);
    QCOMPARE(throttle.begin(alice, kT0), std::optional<qint64>(100));
    qint64 now = failRepeatedly(throttle, alice, 1, kT0);
    QCOMPARE(now, kT0 + 100);
    QCOMPARE(throttle.begin(alice, now), std::optional<qint64>(200));
    now = failRepeatedly(throttle, alice, 1, now);
    QCOMPARE(throttle.begin(alice, now), std::optional<qint64>(350)); // 400 capped
}

void TestLoginThrottle::pruningForgetsExpiredAccountsFirst()
{
    LoginThrottle::Policy policy;
    policy.maxDelayMs = 60 * kSecond;
    policy.maxTrackedAccounts = 4;
    LoginThrottle throttle(policy);

    const QString old1 = QStringLiteral("old1");
    const QString old2 = QStringLiteral("old2");
    const QString victim = QStringLiteral("victim");
    QVERIFY(failRepeatedly(throttle, old1, 7, kT0) > 0);
    QVERIFY(failRepeatedly(throttle, old2, 7, kT0) > 0);
    // The victim's backoff reaches the 60 s cap and is still running at `probe`.
    const qint64 last = failRepeatedly(throttle, victim, 15, kT0 + 200 * kSecond);
    QVERIFY(last > 0);
    const qint64 probe = last + 50 * kSecond;

    // Two new names fill the table and make it prune: old1 and old2 have run out.
    QVERIFY(!throttle.begin(QStringLiteral("new1"), probe));
    QVERIFY(!throttle.begin(QStringLiteral("new2"), probe));

    // The victim, still within its backoff, was kept.
    QCOMPARE(throttle.begin(victim, probe), std::optional<qint64>(10 * kSecond));

    // old1 was forgotten: its next failure is one of five free ones again, not its eighth.
    throttle.finish(QStringLiteral("new1"), Outcome::Succeeded, probe);
    throttle.finish(QStringLiteral("new2"), Outcome::Succeeded, probe);
    QVERIFY(!throttle.begin(old1, probe));
    throttle.finish(old1, Outcome::Failed, probe);
    QVERIFY(!throttle.begin(old1, probe));
}

void TestLoginThrottle::pruningKeepsMemoryBounded()
{
    LoginThrottle::Policy policy;
    policy.maxTrackedAccounts = 8;
    LoginThrottle throttle(policy);

    // A flood of made-up names, each failed until throttled, all within the backoff window.
    constexpr int kNames = 2000;
    for (int i = 0; i < kNames; ++i) {
        const QString name = QStringLiteral("user%1").arg(i);
        for (int j = 0; j < 6; ++j) {
            if (throttle.begin(name, kT0))
                break;
            throttle.finish(name, Outcome::Failed, kT0);
        }
    }
    // New names are still served normally.
    QVERIFY(!throttle.begin(QStringLiteral("newcomer"), kT0));
    throttle.finish(QStringLiteral("newcomer"), Outcome::Failed, kT0);

    // No more than maxTrackedAccounts of the flood can still be remembered (newest first:
    // they are the likeliest to be). Every one of them would still be throttled if remembered.
    int remembered = 0;
    for (int i = kNames - 1; i >= 0; --i) {
        if (throttle.begin(QStringLiteral("user%1").arg(i), kT0))
            ++remembered;
    }
    QVERIFY2(remembered <= policy.maxTrackedAccounts, qPrintable(QString::number(remembered)));
}

void TestLoginThrottle::fullTableDoesNotResetATrackedAccount()
{
    // A table at capacity must not make an account that is already tracked forget its
    // backoff: its next attempt needs no new entry, so there is nothing to make room for.
    LoginThrottle::Policy policy;
    policy.maxTrackedAccounts = 3;
    LoginThrottle throttle(policy);
    const QString victim = QStringLiteral("victim");

    QCOMPARE(failRepeatedly(throttle, victim, 5, kT0), kT0);
    QCOMPARE(throttle.begin(victim, kT0), std::optional<qint64>(kSecond));
    QCOMPARE(failRepeatedly(throttle, QStringLiteral("a"), 1, kT0), kT0);
    QCOMPARE(failRepeatedly(throttle, QStringLiteral("b"), 1, kT0), kT0);

    QCOMPARE(throttle.begin(victim, kT0), std::optional<qint64>(kSecond));
    QCOMPARE(throttle.begin(victim, kT0 + 400), std::optional<qint64>(600));
}

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_login_throttle.moc"
