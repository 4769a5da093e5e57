#pragma once

#include "Handler.h"

#include <protocol/AuthPayloads.h>

namespace parley::server::auth {

QCoro::Task<HandlerOutcome> registerAccount(ServerContext &ctx, const CallContext &call, RegisterRequest input);
QCoro::Task<HandlerOutcome> login(ServerContext &ctx, const CallContext &call, LoginRequest input);
QCoro::Task<HandlerOutcome> resume(ServerContext &ctx, const CallContext &call, ResumeRequest input);
QCoro::Task<HandlerOutcome> logout(ServerContext &ctx, const CallContext &call, NoInput input);

/// The identity a session token stands for; nullopt for an unknown, revoked or disabled
/// account's token. Shared by `auth.resume` and `Authorization: Bearer` at upgrade.
QCoro::Task<Result<std::optional<Identity>, ProtocolError>> identityForToken(ServerContext &ctx, QString token);

} // namespace parley::server::auth
