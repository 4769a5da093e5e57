#include "Backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace parley::client {

std::chrono::milliseconds Backoff::next()
{
    const int doublings = std::min(m_attempt, 16);
    ++m_attempt;
    const qint64 step = std::min<qint64>(kFirst.count() << doublings, kMax.count());
    const qint64 jittered = step / 2 + QRandomGenerator::global()->bounded(step / 2 + 1);
    return std::chrono::milliseconds(jittered);
}

} // namespace parley::client
