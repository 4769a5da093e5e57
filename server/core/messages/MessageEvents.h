#pragma once

#include "Handler.h"
#include "messages/MessageStore.h"

namespace parley::server::announce {

/// receipt: `userId`'s new watermarks in a conversation, to its other members' sessions.
void receipt(ServerContext &ctx, const CallContext &call, const QString &conversationId, const WatermarkChange &change);

} // namespace parley::server::announce
