#include "EventRouter.h"

namespace parley::client {

void EventRouter::route(const EventFrame &frame) const
{
    const auto event = eventFromName(frame.name);
    if (!event)
        return; // newer than this client
    auto handler = m_handlers.find(*event);
    if (handler != m_handlers.end())
        handler->second(frame.data);
}

} // namespace parley::client
