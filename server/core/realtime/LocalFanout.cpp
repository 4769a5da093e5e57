#include "realtime/LocalFanout.h"

#include "realtime/Recipient.h"
#include "realtime/SessionRegistry.h"

namespace parley::server {

LocalFanout::LocalFanout(const SessionRegistry &sessions)
    : m_sessions(sessions)
{
}

quint64 LocalFanout::deliver(const QByteArray &frame, const QStringList &userIds, quint64 exceptSession) const
{
    return deliverEach([&frame](const QString &) { return frame; }, userIds, exceptSession);
}

quint64 LocalFanout::deliverEach(const std::function<QByteArray(const QString &)> &frameFor, const QStringList &userIds,
                                 quint64 exceptSession) const
{
    quint64 sent = 0;
    for (const QString &userId : userIds) {
        QByteArray frame;
        for (Recipient *recipient : m_sessions.forUser(userId)) {
            if (recipient->sessionId() == exceptSession)
                continue;
            if (frame.isEmpty())
                frame = frameFor(userId);
            recipient->deliver(frame);
            ++sent;
        }
    }
    return sent;
}

} // namespace parley::server
