#include "http/MetricsServer.h"

#include "storage/Sql.h"
#include "storage/Storage.h"

#include <protocol/Timestamp.h>

#include <QCoroTask>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QPointer>

namespace parley::server {
namespace {

constexpr int kProbeIntervalMs = 2000;
constexpr qint64 kProbeMaxAgeMs = 10000;

QCoro::Task<void> runProbe(QPointer<MetricsServer> owner, Storage &storage, std::function<void(bool, QString)> done)
{
    // A write that changes nothing still takes the write lock and commits: the same path a
    // message takes.
    auto write = storage.write<std::monostate>([](QSqlDatabase &db) -> StorageResult<std::monostate> {
        auto touched =
            sql::run(db, QStringLiteral("UPDATE schema_version SET applied_at = applied_at WHERE version < 0"));
        if (!touched)
            return std::move(touched).error();
        return kSuccess;
    });
    auto result = co_await write;
    if (owner)
        done(result.ok(), result ? QString() : result.error().message);
}

} // namespace

MetricsServer::MetricsServer(Storage &storage, std::function<QString()> render, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
    , m_render(std::move(render))
    , m_http(std::make_unique<QHttpServer>())
{
    m_http->route(QStringLiteral("/health"), [this] {
        const bool fresh = nowMsecs() - m_lastProbeMs <= kProbeMaxAgeMs;
        if (m_writable && fresh)
            return QHttpServerResponse(QByteArrayLiteral("text/plain"), QByteArrayLiteral("ok\n"));
        const QString reason = fresh ? m_lastError : QStringLiteral("storage did not answer the last probe");
        return QHttpServerResponse(QByteArrayLiteral("text/plain"), (reason + QLatin1Char('\n')).toUtf8(),
                                   QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
    m_http->route(QStringLiteral("/metrics"), [this] {
        return QHttpServerResponse(QByteArrayLiteral("text/plain; version=0.0.4"), m_render().toUtf8());
    });
    connect(&m_probeTimer, &QTimer::timeout, this, &MetricsServer::probe);
    m_probeTimer.start(kProbeIntervalMs);
    probe();
}

MetricsServer::~MetricsServer() = default;

Status<QString> MetricsServer::listen(const QString &host, quint16 port)
{
    const QHostAddress address =
        host == QLatin1StringView("localhost") ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    m_port = m_http->listen(address, port);
    if (m_port == 0)
        return QStringLiteral("cannot serve metrics on %1:%2").arg(host).arg(port);
    return kSuccess;
}

void MetricsServer::probe()
{
    if (m_probing)
        return;
    m_probing = true;
    runProbe(QPointer<MetricsServer>(this), m_storage, [this](bool writable, QString error) {
        m_probing = false;
        m_writable = writable;
        m_lastError = writable ? QString() : QStringLiteral("storage is not writable: %1").arg(error);
        m_lastProbeMs = nowMsecs();
    });
}

} // namespace parley::server
