#pragma once

#include "Handler.h"

namespace parley::server::auth {

QCoro::Task<HandlerOutcome> registerAccount(ServerContext &ctx, CallContext call, Request request);
QCoro::Task<HandlerOutcome> login(ServerContext &ctx, CallContext call, Request request);
QCoro::Task<HandlerOutcome> resume(ServerContext &ctx, CallContext call, Request request);
QCoro::Task<HandlerOutcome> logout(ServerContext &ctx, CallContext call, Request request);

/// The identity a session token stands for; nullopt for an unknown, revoked or disabled
/// account's token. Shared by `auth.resume` and `Authorization: Bearer` at upgrade.
QCoro::Task<Result<std::optional<Identity>, ProtocolError>> identityForToken(ServerContext &ctx, QString token);

} // namespace parley::server::auth
