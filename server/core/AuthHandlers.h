#pragma once

#include "Handler.h"

namespace parley::server::auth {

// Handlers take the call and request by reference: the router keeps both alive in its own
// coroutine frame until the handler finishes.

QCoro::Task<HandlerOutcome> registerAccount(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> login(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> resume(ServerContext &ctx, const CallContext &call, const Request &request);
QCoro::Task<HandlerOutcome> logout(ServerContext &ctx, const CallContext &call, const Request &request);

/// The identity a session token stands for; nullopt for an unknown, revoked or disabled
/// account's token. Shared by `auth.resume` and `Authorization: Bearer` at upgrade.
QCoro::Task<Result<std::optional<Identity>, ProtocolError>> identityForToken(ServerContext &ctx, QString token);

} // namespace parley::server::auth
