#pragma once

#include "Api.h"

#include <QCoroTask>
#include <QObject>
#include <QPointer>

#include <optional>
#include <type_traits>

namespace parley::client {

/// The one lifetime guard across co_await in client/core. A part's coroutine awaits its
/// calls through it, as `co_await guarded(this, call)`: the call's result, or nullopt when
/// `owner` was destroyed while the call was in flight, and then the continuation returns at
/// once without touching members.
template <typename T>
requires(!std::is_void_v<T>) QCoro::Task<std::optional<T>> guarded(const QObject *owner, QCoro::Task<T> call)
{
    const QPointer<const QObject> alive(owner);
    auto result = co_await call;
    if (!alive)
        co_return std::nullopt;
    co_return std::optional<T>(std::move(result));
}

/// What a call answers when the session that made it is gone.
inline ProtocolError closedError()
{
    return ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("closed"));
}

/// For a call whose result goes back to the caller: the result, or `unavailable` ("closed")
/// when `owner` was destroyed meanwhile. Either way, after an error the continuation touches
/// nothing and returns it.
template <typename T>
QCoro::Task<ApiResult<T>> guardedResult(const QObject *owner, QCoro::Task<ApiResult<T>> call)
{
    auto pending = guarded(owner, std::move(call));
    auto result = co_await pending;
    if (!result)
        co_return closedError();
    co_return std::move(*result);
}

/// The same for a step without a result: true when `owner` is still alive afterwards.
inline QCoro::Task<bool> guarded(const QObject *owner, QCoro::Task<void> step)
{
    const QPointer<const QObject> alive(owner);
    co_await step;
    co_return !alive.isNull();
}

} // namespace parley::client
