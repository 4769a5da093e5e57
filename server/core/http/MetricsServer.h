#pragma once

#include <protocol/Result.h>

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QHttpServer;

namespace parley::server {

class Storage;

/// The operators' HTTP endpoint (`--metrics HOST:PORT`): `/health` answers 200 while storage
/// takes writes (probed every two seconds) and 503 otherwise; `/metrics` serves the Prometheus
/// text format produced by `render`.
class MetricsServer : public QObject
{
    Q_OBJECT
public:
    MetricsServer(Storage &storage, std::function<QString()> render, QObject *parent = nullptr);
    ~MetricsServer() override;

    Status<QString> listen(const QString &host, quint16 port);
    quint16 port() const { return m_port; }

private:
    void probe();

    Storage &m_storage;
    std::function<QString()> m_render;
    std::unique_ptr<QHttpServer> m_http;
    QTimer m_probeTimer;
    bool m_probing = false;
    bool m_writable = false;
    qint64 m_lastProbeMs = 0;
    QString m_lastError = QStringLiteral("not probed yet");
    quint16 m_port = 0;
};

} // namespace parley::server
