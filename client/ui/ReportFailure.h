#pragma once

#include <protocol/ErrorCode.h>
#include <protocol/Result.h>

#include <QCoroTask>
#include <QPointer>
#include <QString>

#include <utility>

namespace parley::client::ui {

namespace detail {

template <typename T, typename OnFailure, typename OnSuccess>
QCoro::Task<void> awaitReporting(QPointer<QObject> context, QCoro::Task<Result<T, ProtocolError>> task, QString failure,
                                 OnFailure onFailure, OnSuccess onSuccess)
{
    auto result = co_await task;
    if (!context)
        co_return;
    if (!result)
        onFailure(failure.arg(result.error().message));
    else
        onSuccess(std::move(result).value());
}

} // namespace detail

/// Lets @p task run on and, once it is done, if @p context still exists: calls @p onFailure with
/// @p failure (a text with "%1") filled in with the error's message, or @p onSuccess with the
/// value. The one way the widgets report a failed request; the callbacks are never called after
/// @p context is gone, so they may use it.
template <typename T, typename OnFailure, typename OnSuccess>
void reportFailure(QObject *context, QCoro::Task<Result<T, ProtocolError>> task, const QString &failure,
                   OnFailure onFailure, OnSuccess onSuccess)
{
    // Everything is passed by value: the coroutine outlives this call.
    auto running = detail::awaitReporting(QPointer<QObject>(context), std::move(task), failure, std::move(onFailure),
                                          std::move(onSuccess));
    Q_UNUSED(running);
}

/// reportFailure() for a request whose success needs nothing more.
template <typename T, typename OnFailure>
void reportFailure(QObject *context, QCoro::Task<Result<T, ProtocolError>> task, const QString &failure,
                   OnFailure onFailure)
{
    reportFailure(context, std::move(task), failure, std::move(onFailure), [](auto &&) {});
}

} // namespace parley::client::ui
