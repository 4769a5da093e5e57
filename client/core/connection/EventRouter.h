#pragma once

#include <protocol/Envelope.h>
#include <protocol/Registry.h>

#include <QJsonObject>

#include <functional>
#include <unordered_map>

namespace parley::client {

/// Dispatches pushed events by the protocol's `Event` enum to typed handlers: each handler
/// gets the event's payload struct, parsed once here. Events this client does not know
/// (newer servers) and payloads that do not parse are dropped.
class EventRouter
{
public:
    /// `Payload` is the event's struct (`fromJson`): e.g. on<ReceiptEvent>(Event::Receipt, …).
    template <typename Payload>
    void on(Event event, std::function<void(const Payload &)> handler)
    {
        m_handlers.insert_or_assign(event, [handler = std::move(handler)](const QJsonObject &data) {
            auto payload = Payload::fromJson(data);
            if (payload)
                handler(payload.value());
        });
    }

    void route(const EventFrame &frame) const;

private:
    std::unordered_map<Event, std::function<void(const QJsonObject &)>> m_handlers;
};

} // namespace parley::client
