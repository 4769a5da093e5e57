#include "auth/AuthOps.h"

#include "Secrets.h"
#include "auth/AccountStore.h"
#include "auth/LoginThrottle.h"
#include "auth/PasswordHasher.h"
#include "storage/Storage.h"

#include <QCoroTask>
#include <protocol/AuthPayloads.h>
#include <protocol/Limits.h>
#include <protocol/Timestamp.h>

namespace parley::server::auth {
namespace {

ProtocolError hasherFailure(PasswordHasher::Outcome::Status status)
{
    if (status == PasswordHasher::Outcome::Status::Busy)
        return ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("server is busy, try again"));
    return ProtocolError::make(ErrorCode::Internal, QStringLiteral("internal error"));
}

ProtocolError wrongCredentials()
{
    return ProtocolError::make(ErrorCode::Unauthorized, QStringLiteral("wrong username or password"));
}

HandlerOutcome authenticated(User user, const QString &tokenHash, QJsonObject reply)
{
    HandlerOutcome outcome = HandlerOutcome::ok(std::move(reply));
    outcome.change = HandlerOutcome::SessionChange::Authenticate;
    outcome.identity = Identity{std::move(user), tokenHash};
    return outcome;
}

} // namespace

QCoro::Task<HandlerOutcome> registerAccount(ServerContext &ctx, const CallContext &, RegisterRequest input)
{
    // Refuse a taken name before paying for a hash; the insert below still settles races.
    const QString username = input.username;
    auto lookup = ctx.storage.read<std::optional<StoredAccount>>(
        [username](QSqlDatabase &db) { return accounts::findByUsername(db, username); });
    auto existing = co_await lookup;
    if (!existing)
        co_return existing.error();
    if (existing.value())
        co_return HandlerOutcome(
            ProtocolError::make(ErrorCode::Conflict, QStringLiteral("username is taken"), QStringLiteral("username")));

    auto hashing = ctx.hasher.hash(input.password);
    const auto hashed = co_await hashing;
    if (hashed.status != PasswordHasher::Outcome::Status::Ok)
        co_return hasherFailure(hashed.status);

    const qint64 now = nowMsecs();
    const NewAccount account{newObjectId(), input.username, input.displayName, hashed.hash, now};
    const QString token = newSessionToken();
    const NewSession session{hashSessionToken(token), account.id, QString(), now};
    auto insert = ctx.storage.write<User>([account, session](QSqlDatabase &db) -> StorageResult<User> {
        auto user = accounts::create(db, account);
        if (!user)
            return user;
        if (auto stored = accounts::createSession(db, session); !stored)
            return std::move(stored).error();
        return user;
    });
    auto created = co_await insert;
    if (!created) {
        if (created.error().kind == StorageError::Kind::Conflict)
            co_return HandlerOutcome(ProtocolError::make(ErrorCode::Conflict, QStringLiteral("username is taken"),
                                                         QStringLiteral("username")));
        co_return created.error();
    }
    User user = std::move(created).value();
    user.online = true;
    co_return authenticated(user, session.tokenHash, AuthReply{user, token}.toJson());
}

QCoro::Task<HandlerOutcome> login(ServerContext &ctx, const CallContext &, LoginRequest input)
{
    if (const auto waitMs = ctx.loginThrottle.begin(input.username, nowMsecs())) {
        ProtocolError error =
            ProtocolError::make(ErrorCode::RateLimited, QStringLiteral("too many failed logins for this account"));
        error.retryAfterMs = *waitMs;
        co_return error;
    }
    auto finish = [&ctx, &input](LoginThrottle::Outcome outcome) {
        ctx.loginThrottle.finish(input.username, outcome, nowMsecs());
    };

    const QString username = input.username;
    auto lookup = ctx.storage.read<std::optional<StoredAccount>>(
        [username](QSqlDatabase &db) { return accounts::findByUsername(db, username); });
    auto found = co_await lookup;
    if (!found) {
        finish(LoginThrottle::Outcome::Abandoned);
        co_return found.error();
    }
    const std::optional<StoredAccount> account = std::move(found).value();

    // An unknown name is checked against a dummy hash: it takes as long as a wrong password.
    const QString storedHash = account ? account->passwordHash : QString();
    auto verifying = ctx.hasher.verify(input.password, storedHash);
    const auto verified = co_await verifying;
    if (verified.status == PasswordHasher::Outcome::Status::Busy ||
        verified.status == PasswordHasher::Outcome::Status::Failed) {
        finish(LoginThrottle::Outcome::Abandoned);
        co_return hasherFailure(verified.status);
    }
    if (verified.status != PasswordHasher::Outcome::Status::Ok || !account) {
        finish(LoginThrottle::Outcome::Failed);
        co_return wrongCredentials();
    }
    if (account->disabled) {
        finish(LoginThrottle::Outcome::Failed);
        co_return HandlerOutcome(
            ProtocolError::make(ErrorCode::Unauthorized, QStringLiteral("this account is disabled")));
    }

    const QString token = newSessionToken();
    const NewSession session{hashSessionToken(token), account->user.id, input.device, nowMsecs()};
    const QString rehash = verified.hash;
    auto insert = ctx.storage.write<std::monostate>([session, rehash](QSqlDatabase &db) {
        if (!rehash.isEmpty()) {
            if (auto updated = accounts::setPasswordHash(db, session.userId, rehash); !updated)
                return updated;
        }
        return accounts::createSession(db, session);
    });
    auto stored = co_await insert;
    if (!stored) {
        finish(LoginThrottle::Outcome::Abandoned);
        co_return stored.error();
    }
    finish(LoginThrottle::Outcome::Succeeded);
    User user = account->user;
    user.online = true;
    user.lastSeenMsecs.reset();
    co_return authenticated(user, session.tokenHash, AuthReply{user, token}.toJson());
}

QCoro::Task<Result<std::optional<Identity>, ProtocolError>> identityForToken(ServerContext &ctx, QString token)
{
    const QString tokenHash = hashSessionToken(token);
    auto lookup = ctx.storage.read<std::optional<StoredAccount>>(
        [tokenHash](QSqlDatabase &db) { return accounts::findBySession(db, tokenHash); });
    auto found = co_await lookup;
    if (!found)
        co_return toProtocolError(found.error());
    if (!found.value() || found.value()->disabled)
        co_return std::optional<Identity>();
    User user = found.value()->user;
    user.online = true;
    user.lastSeenMsecs.reset();
    co_return std::optional<Identity>(Identity{std::move(user), tokenHash});
}

QCoro::Task<HandlerOutcome> resume(ServerContext &ctx, const CallContext &, ResumeRequest input)
{
    auto lookup = identityForToken(ctx, input.token);
    auto identity = co_await std::move(lookup);
    if (!identity)
        co_return identity.error();
    if (!identity.value())
        co_return HandlerOutcome(
            ProtocolError::make(ErrorCode::Unauthorized, QStringLiteral("unknown or revoked token")));
    const Identity &who = *identity.value();
    co_return authenticated(who.user, who.tokenHash, AuthReply{who.user, QString()}.toJson());
}

QCoro::Task<HandlerOutcome> logout(ServerContext &ctx, const CallContext &call, NoInput)
{
    if (!call.identity)
        co_return ProtocolError::make(ErrorCode::Unauthorized, QStringLiteral("not logged in"));
    const QString tokenHash = call.identity->tokenHash;
    auto revoke =
        ctx.storage.write<bool>([tokenHash](QSqlDatabase &db) { return accounts::deleteSession(db, tokenHash); });
    auto deleted = co_await revoke;
    if (!deleted)
        co_return deleted.error();
    HandlerOutcome outcome = HandlerOutcome::ok();
    outcome.change = HandlerOutcome::SessionChange::LogOut;
    outcome.identity = *call.identity;
    co_return outcome;
}

} // namespace parley::server::auth
