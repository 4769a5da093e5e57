#pragma once

#include "Handler.h"

/// conversations.* and groups.*
namespace parley::server::conversationOps {

QCoro::Task<HandlerOutcome> list(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> direct(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> groupCreate(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> groupUpdate(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> groupAdd(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> groupRemove(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> groupLeave(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> groupPromote(ServerContext &ctx, const CallContext &call, const Request &request);

} // namespace parley::server::conversationOps
