#pragma once

#include "ServerContext.h"
#include "storage/Storage.h"

#include <protocol/Envelope.h>
#include <protocol/Limits.h>

#include <QCoroTask>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace parley::server {

/// What a handler may know about the connection that sent the request: a snapshot, since the
/// connection may be gone by the time the handler resumes.
struct CallContext
{
    std::optional<Identity> identity;
    quint64 sessionId = 0; ///< the requesting connection: events are never echoed to it

    /// The caller's user id (handlers past authentication only).
    const QString &userId() const { return identity->user.id; }
};

/// How a storage failure reads on the wire. Rule violations found inside a transaction keep
/// their meaning (not_found, forbidden, ...); failures of storage itself become `unavailable`.
ProtocolError toProtocolError(const StorageError &error);

/// What a handler decides. The router sends the reply and applies the change to the
/// connection, if it still exists.
struct HandlerOutcome
{
    enum class SessionChange { None, Authenticate, LogOut };

    /// The reply's `data`, already encoded as a JSON object, or the error.
    Result<QByteArray, ProtocolError> reply = QByteArray("{}");
    SessionChange change = SessionChange::None;
    Identity identity; ///< with Authenticate: the new identity; with LogOut: the one logged out

    HandlerOutcome() = default;
    /// An error reply: `co_return parsed.error();` or `co_return stored.error();`.
    HandlerOutcome(ProtocolError error)
        : reply(std::move(error))
    {
    }
    HandlerOutcome(const StorageError &error)
        : reply(toProtocolError(error))
    {
    }

    /// `data` written with a JsonWriter (the busiest replies).
    static HandlerOutcome okJson(QByteArray data)
    {
        HandlerOutcome outcome;
        outcome.reply = std::move(data);
        return outcome;
    }
    static HandlerOutcome ok(const QJsonObject &data = {})
    {
        return okJson(QJsonDocument(data).toJson(QJsonDocument::Compact));
    }
};

/// A request without data (conversations.list, unread.count, auth.logout).
struct NoInput
{
    static Result<NoInput, ProtocolError> fromJson(const QJsonObject &) { return NoInput{}; }
};

/// Reads a request's data into its struct, with the daemon's limits where the struct checks them.
template <typename Input>
Result<Input, ProtocolError> parseInput(const QJsonObject &data, const Limits &limits)
{
    if constexpr (requires { Input::fromJson(data, limits); })
        return Input::fromJson(data, limits);
    else
        return Input::fromJson(data);
}

/// The body of an op's handler: only its logic, on an already parsed request.
template <typename Input>
using OpBody = QCoro::Task<HandlerOutcome> (*)(ServerContext &, const CallContext &, Input);

/// What the router runs for every op: parse, then await the body (which replies), or answer
/// with the parse error. The op table instantiates it once per op.
template <typename Input, OpBody<Input> body>
QCoro::Task<HandlerOutcome> handle(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = parseInput<Input>(request.data, ctx.limits);
    if (!parsed)
        co_return std::move(parsed).error();
    auto running = body(ctx, call, std::move(parsed).value());
    co_return co_await std::move(running);
}

} // namespace parley::server
