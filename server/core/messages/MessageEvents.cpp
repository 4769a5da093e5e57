#include "messages/MessageEvents.h"

#include "realtime/EventBus.h"

namespace parley::server::announce {

void receipt(ServerContext &ctx, const CallContext &call, const QString &conversationId, const WatermarkChange &change)
{
    ctx.bus.publish(Event::Receipt,
                    {{QStringLiteral("conversation_id"), conversationId},
                     {QStringLiteral("user_id"), call.userId()},
                     {QStringLiteral("delivered_seq"), change.deliveredSeq},
                     {QStringLiteral("read_seq"), change.readSeq}},
                    change.memberIds, call.sessionId);
}

} // namespace parley::server::announce
