#pragma once

#include <QByteArray>
#include <QStringList>

#include <functional>

namespace parley::server {

class SessionRegistry;

/// Delivers frames to the recipients connected to this daemon. The multi-daemon bus of a later
/// version sits beside it behind EventBus.
class LocalFanout
{
public:
    explicit LocalFanout(const SessionRegistry &sessions);

    /// The same frame to every session of `userIds` but `exceptSession`; returns frames sent.
    quint64 deliver(const QByteArray &frame, const QStringList &userIds, quint64 exceptSession) const;
    /// A frame per user, asked of `frameFor` only for users with a session to send to.
    quint64 deliverEach(const std::function<QByteArray(const QString &userId)> &frameFor, const QStringList &userIds,
                        quint64 exceptSession) const;

private:
    const SessionRegistry &m_sessions;
};

} // namespace parley::server
