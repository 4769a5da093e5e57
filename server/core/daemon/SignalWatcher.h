#pragma once

#include <QObject>

class QSocketNotifier;

namespace parley::server {

/// Turns SIGTERM, SIGINT and SIGHUP into Qt signals on the event loop (self-pipe), so that
/// shutdown and reload run as ordinary code, not inside a signal handler.
class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminateRequested(int signalNumber);
    void reloadRequested();

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace parley::server
