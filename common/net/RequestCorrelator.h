#pragma once

#include <protocol/Envelope.h>

#include <QHash>
#include <QString>

#include <functional>

namespace parley::net {

/// Matches replies to the requests that asked for them. Each request gets a fresh id and a
/// completion that runs exactly once: with the reply, or with an error when it times out or
/// the connection is lost (`failAll`).
class RequestCorrelator
{
public:
    using Completion = std::function<void(Reply)>;

    QString nextId();
    void add(const QString &id, Completion completion);
    /// Finishes the request the reply answers; false when no such request is waiting.
    bool complete(const Reply &reply);
    /// Finishes one request with an error (used for timeouts); false when it already finished.
    bool fail(const QString &id, const ProtocolError &error);
    void failAll(const ProtocolError &error);

private:
    quint64 m_counter = 0;
    QHash<QString, Completion> m_pending;
};

} // namespace parley::net
