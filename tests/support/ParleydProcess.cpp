#include "ParleydProcess.h"

#include "TestBackend.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

namespace parley::test {

ParleydProcess::ParleydProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ParleydProcess::~ParleydProcess()
{
    if (m_process.state() != QProcess::NotRunning)
        kill();
    // PARLEY_TEST_DAEMON_LOG=1 shows what the daemon logged, for debugging a failing test.
    if (qEnvironmentVariableIntValue("PARLEY_TEST_DAEMON_LOG") != 0)
        qInfo("parleyd output:\n%s", qPrintable(output()));
}

QString ParleydProcess::binaryPath()
{
    return QStringLiteral(PARLEYD_BINARY);
}

QStringList ParleydProcess::fastArgs()
{
    return {QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:0"),
            QStringLiteral("--argon2-ops"),
            QStringLiteral("1"),
            QStringLiteral("--argon2-memory-kib"),
            QStringLiteral("8"),
            QStringLiteral("--sqlite-synchronous"),
            QStringLiteral("NORMAL"),
            QStringLiteral("--log-level"),
            QStringLiteral("info")};
}

QStringList ParleydProcess::ownDataArgs(const QStringList &extraArgs) const
{
    return fastArgs() + QStringList{QStringLiteral("--data"), dataDir()} + extraArgs;
}

bool ParleydProcess::startOn(TestBackend &backend, const QStringList &extraArgs)
{
    const TestBackend::DaemonDatabase database = backend.newDaemonDatabase(m_dataDir.path());
    m_database = database.config;
    m_databaseArgs = database.args;
    return start(fastArgs() + database.args + extraArgs);
}

bool ParleydProcess::restart()
{
    return start(m_lastArgs);
}

bool ParleydProcess::restartOnSamePort()
{
    if (!m_url.isValid() || m_url.port() <= 0)
        return false;
    // The last --listen wins.
    const QStringList args = m_lastArgs + QStringList{QStringLiteral("--listen"),
                                                      QStringLiteral("%1:%2").arg(m_url.host()).arg(m_url.port())};
    return start(args);
}

bool ParleydProcess::start(const QStringList &args, int timeoutMs)
{
    m_lastArgs = args;
    m_output.clear();
    m_url.clear();
    m_process.start(binaryPath(), args);
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    static const QRegularExpression listening(QStringLiteral("listening on (wss?://[^\\s]+)"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.state() == QProcess::NotRunning)
            return false;
        m_process.waitForReadyRead(50);
        m_output += m_process.readAll();
        const auto match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            return true;
        }
    }
    return false;
}

int ParleydProcess::runToExit(const QStringList &args, int timeoutMs)
{
    m_output.clear();
    m_process.start(binaryPath(), args);
    if (!m_process.waitForFinished(timeoutMs)) {
        kill();
        return -1;
    }
    m_output += m_process.readAll();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

int ParleydProcess::terminate(int timeoutMs)
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        // waitForFinished() is false for a process that has already exited.
        m_process.waitForFinished(timeoutMs);
    }
    if (m_process.state() != QProcess::NotRunning) {
        kill();
        return -1;
    }
    m_output += m_process.readAll();
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void ParleydProcess::kill()
{
    m_process.kill();
    m_process.waitForFinished(5000);
    m_output += m_process.readAll();
}

QString ParleydProcess::output()
{
    m_output += m_process.readAll();
    return QString::fromUtf8(m_output);
}

} // namespace parley::test
