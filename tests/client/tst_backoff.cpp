// The reconnection backoff of the desktop client (client/core/Backoff): jittered exponential
// delays from 0.5 s, capped at 30 s, back to the start after reset().
#include <core/connection/Backoff.h>

#include <QSet>
#include <QTest>

using namespace parley::client;
using namespace std::chrono_literals;

class tst_Backoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void firstDelayIsBetweenHalfAndAllOfTheFirstStep();
    void delaysGrowExponentially();
    void delaysNeverExceedTheCap();
    void resetGoesBackToTheStart();
    void delaysAreJittered();
};

void tst_Backoff::firstDelayIsBetweenHalfAndAllOfTheFirstStep()
{
    for (int i = 0; i < 200; ++i) {
        Backoff backoff;
        QCOMPARE(backoff.attempts(), 0);
        const auto first = backoff.next();
        QVERIFY2(first >= 250ms && first <= 500ms, qPrintable(QString::number(first.count())));
        QCOMPARE(backoff.attempts(), 1);
    }
}

void tst_Backoff::delaysGrowExponentially()
{
    // The n-th delay is drawn from [step/2, step] with step = 500 ms · 2^n (until the cap), so
    // each one lies within its own band, and the bands double.
    for (int round = 0; round < 50; ++round) {
        Backoff backoff;
        qint64 step = 500;
        for (int n = 0; n < 6; ++n) {
            const qint64 delay = backoff.next().count();
            QVERIFY2(
                delay >= step / 2 && delay <= step,
                qPrintable(
                    QStringLiteral("attempt %1: %2 ms not in [%3, %4]").arg(n).arg(delay).arg(step / 2).arg(step)));
            step *= 2;
        }
    }
    // On average they double: compare the means of consecutive attempts.
    constexpr int kRounds = 400;
    double sums[5] = {};
    for (int round = 0; round < kRounds; ++round) {
        Backoff backoff;
        for (double &sum : sums)
            sum += double(backoff.next().count());
    }
    for (int n = 1; n < 5; ++n) {
        const double ratio = sums[n] / sums[n - 1];
        QVERIFY2(ratio > 1.7 && ratio < 2.3, qPrintable(QStringLiteral("attempt %1: ratio %2").arg(n).arg(ratio)));
    }
}

void tst_Backoff::delaysNeverExceedTheCap()
{
    Backoff backoff;
    std::chrono::milliseconds largest{0};
    for (int n = 0; n < 1000; ++n) {
        const auto delay = backoff.next();
        QVERIFY2(delay > 0ms, qPrintable(QString::number(delay.count())));
        QVERIFY2(delay <= Backoff::kMax, qPrintable(QStringLiteral("attempt %1: %2 ms").arg(n).arg(delay.count())));
        largest = std::max(largest, delay);
        // Once at the cap, delays stay between half the cap and the cap.
        if (n >= 10)
            QVERIFY2(delay >= Backoff::kMax / 2, qPrintable(QString::number(delay.count())));
    }
    QVERIFY(largest > Backoff::kMax * 9 / 10);
    QCOMPARE(Backoff::kMax, 30000ms);
    QCOMPARE(backoff.attempts(), 1000);
}

void tst_Backoff::resetGoesBackToTheStart()
{
    Backoff backoff;
    for (int n = 0; n < 20; ++n)
        backoff.next();
    QVERIFY(backoff.next() >= 15000ms);
    backoff.reset();
    QCOMPARE(backoff.attempts(), 0);
    const auto first = backoff.next();
    QVERIFY2(first >= 250ms && first <= 500ms, qPrintable(QString::number(first.count())));
    const auto second = backoff.next();
    QVERIFY2(second >= 500ms && second <= 1000ms, qPrintable(QString::number(second.count())));
}

void tst_Backoff::delaysAreJittered()
{
    // Clients dropped together must not all come back at the same moment.
    QSet<qint64> firsts;
    QSet<qint64> capped;
    for (int i = 0; i < 100; ++i) {
        Backoff backoff;
        firsts.insert(backoff.next().count());
        for (int n = 0; n < 15; ++n)
            backoff.next();
        capped.insert(backoff.next().count());
    }
    QVERIFY2(firsts.size() > 20, qPrintable(QString::number(firsts.size())));
    QVERIFY2(capped.size() > 20, qPrintable(QString::number(capped.size())));
}

QTEST_GUILESS_MAIN(tst_Backoff)
#include "tst_backoff.moc"
