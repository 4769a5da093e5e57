#pragma once

#include <realtime/Recipient.h>

#include <protocol/Envelope.h>

#include <QList>

namespace parley::test {

/// A connection for in-process tests of the daemon's realtime parts: it records every frame
/// delivered to it and whether its token was revoked, where a ClientSession would send them.
class FakeRecipient : public server::Recipient
{
public:
    explicit FakeRecipient(quint64 id)
        : m_id(id)
    {
    }

    quint64 sessionId() const override { return m_id; }
    /// Every delivered frame must be a well-formed event; anything else is recorded as `"?"`.
    void deliver(const QByteArray &frame) override
    {
        auto decoded = decodeServerFrame(frame);
        const EventFrame *event = decoded ? std::get_if<EventFrame>(&decoded.value()) : nullptr;
        m_events.append(event ? *event : EventFrame{QStringLiteral("?"), {}});
    }
    void tokenRevoked() override { ++m_revocations; }

    const QList<EventFrame> &events() const { return m_events; }
    int revocations() const { return m_revocations; }
    /// The delivered events' names, in order (`"typing"`, `"presence"`, ...).
    QStringList eventNames() const
    {
        QStringList names;
        for (const EventFrame &event : m_events)
            names.append(event.name);
        return names;
    }
    void clear() { m_events.clear(); }

private:
    quint64 m_id;
    QList<EventFrame> m_events;
    int m_revocations = 0;
};

} // namespace parley::test
