#include "messages/MessageEvents.h"

#include "realtime/EventBus.h"

namespace parley::server::announce {

void receipt(ServerContext &ctx, const CallContext &call, const QString &conversationId, const WatermarkChange &change)
{
    const ReceiptEvent event{conversationId, call.userId(), change.deliveredSeq, change.readSeq};
    ctx.bus.publish(Event::Receipt, event.toJson(), change.memberIds, call.sessionId);
}

} // namespace parley::server::announce
