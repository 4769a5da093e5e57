#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <array>

namespace parley::server {

/// Latency or size distribution in the Prometheus histogram shape.
class Histogram
{
public:
    explicit Histogram(QList<double> bounds);
    void observe(double value);
    /// Prometheus text lines for metric `name` with extra `labels` (e.g. `op="ping"`).
    QString render(const QString &name, const QString &labels = {}) const;

private:
    QList<double> m_bounds;
    QList<quint64> m_counts; ///< per bound, plus +Inf last
    double m_sum = 0;
    quint64 m_total = 0;
};

/// The daemon's counters, kept on the network thread and rendered for /metrics.
class Metrics
{
public:
    Metrics();

    void requestFinished(const QString &op, const QString &outcome, double milliseconds);
    void requestRefused(const QString &op, const QString &code); ///< answered before any handler ran
    void messageStored() { ++m_messagesStored; }
    void eventSent(const QString &event, quint64 frames) { m_eventsSent[event] += frames; }

    /// Prometheus text exposition; `gauges` are the values read at that moment.
    QString render(const QList<QPair<QString, double>> &gauges, const QString &storageMetrics) const;

private:
    QHash<QString, QHash<QString, quint64>> m_requests; ///< op → outcome → count
    QHash<QString, quint64> m_eventsSent;
    quint64 m_messagesStored = 0;
    Histogram m_requestLatency;
};

} // namespace parley::server
