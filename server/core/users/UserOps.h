#pragma once

#include "Handler.h"

#include <protocol/UserPayloads.h>

/// users.*
namespace parley::server::userOps {

QCoro::Task<HandlerOutcome> search(ServerContext &ctx, const CallContext &call, UsersSearchRequest input);
QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, UsersGetRequest input);

} // namespace parley::server::userOps
