#pragma once

#include "Handler.h"

/// messages.*, typing, unread.count
namespace parley::server::messageOps {

QCoro::Task<HandlerOutcome> send(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> history(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> sync(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> delivered(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> read(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> edit(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> unreadCount(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> typing(ServerContext &ctx, const CallContext &call, const Request &request);

} // namespace parley::server::messageOps
