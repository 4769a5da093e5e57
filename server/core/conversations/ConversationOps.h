#pragma once

#include "Handler.h"

#include <protocol/ConversationPayloads.h>
#include <protocol/MessagePayloads.h>

/// conversations.* and typing
namespace parley::server::conversationOps {

QCoro::Task<HandlerOutcome> list(ServerContext &ctx, const CallContext &call, NoInput input);
QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, ConversationRef input);
QCoro::Task<HandlerOutcome> direct(ServerContext &ctx, const CallContext &call, DirectRequest input);
QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, ConversationRef input);
QCoro::Task<HandlerOutcome> typing(ServerContext &ctx, const CallContext &call, TypingRequest input);

} // namespace parley::server::conversationOps
