#pragma once

#include "Handler.h"

/// users.*
namespace parley::server::userOps {

QCoro::Task<HandlerOutcome> search(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, const Request &request);

} // namespace parley::server::userOps
