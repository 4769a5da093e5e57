#include "Metrics.h"

namespace parley::server {

Histogram::Histogram(QList<double> bounds)
    : m_bounds(std::move(bounds))
    , m_counts(m_bounds.size() + 1, 0)
{
}

void Histogram::observe(double value)
{
    qsizetype bucket = 0;
    while (bucket < m_bounds.size() && value > m_bounds[bucket])
        ++bucket;
    ++m_counts[bucket];
    m_sum += value;
    ++m_total;
}

QString Histogram::render(const QString &name, const QString &labels) const
{
    const QString prefix = labels.isEmpty() ? QString() : labels + QLatin1Char(',');
    QString text;
    quint64 cumulative = 0;
    for (qsizetype i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts[i];
        text += QStringLiteral("%1_bucket{%2le=\"%3\"} %4\n").arg(name, prefix).arg(m_bounds[i]).arg(cumulative);
    }
    text += QStringLiteral("%1_bucket{%2le=\"+Inf\"} %3\n").arg(name, prefix).arg(m_total);
    const QString suffix = labels.isEmpty() ? QString() : QLatin1Char('{') + labels + QLatin1Char('}');
    text += QStringLiteral("%1_sum%2 %3\n").arg(name, suffix).arg(m_sum);
    text += QStringLiteral("%1_count%2 %3\n").arg(name, suffix).arg(m_total);
    return text;
}

Metrics::Metrics()
    : m_requestLatency({0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500})
{
}

void Metrics::requestFinished(const QString &op, const QString &outcome, double milliseconds)
{
    ++m_requests[op][outcome];
    m_requestLatency.observe(milliseconds);
}

void Metrics::requestRefused(const QString &op, const QString &code)
{
    ++m_requests[op][code];
}

QString Metrics::render(const QList<QPair<QString, double>> &gauges, const QString &storageMetrics) const
{
    QString text;
    for (const auto &[name, value] : gauges)
        text += QStringLiteral("# TYPE %1 gauge\n%1 %2\n").arg(name).arg(value);
    text += QStringLiteral("# TYPE parley_requests_total counter\n");
    for (auto op = m_requests.cbegin(); op != m_requests.cend(); ++op) {
        for (auto outcome = op->cbegin(); outcome != op->cend(); ++outcome) {
            text += QStringLiteral("parley_requests_total{op=\"%1\",outcome=\"%2\"} %3\n")
                        .arg(op.key(), outcome.key())
                        .arg(outcome.value());
        }
    }
    text += QStringLiteral("# TYPE parley_request_duration_milliseconds histogram\n") +
            m_requestLatency.render(QStringLiteral("parley_request_duration_milliseconds"));
    text += QStringLiteral("# TYPE parley_messages_stored_total counter\nparley_messages_stored_total %1\n")
                .arg(m_messagesStored);
    text += QStringLiteral("# TYPE parley_events_sent_total counter\n");
    for (auto event = m_eventsSent.cbegin(); event != m_eventsSent.cend(); ++event)
        text += QStringLiteral("parley_events_sent_total{event=\"%1\"} %2\n").arg(event.key()).arg(event.value());
    return text + storageMetrics;
}

} // namespace parley::server
