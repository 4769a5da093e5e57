#pragma once

#include <QCoroTask>

#include <optional>

namespace parley::test {

/// Runs a task to its end from synchronous test code. QCoro::waitFor needs a
/// default-constructible result, which Result is not; hence the optional around it.
template <typename T>
T finish(QCoro::Task<T> task)
{
    auto wrapped = [](QCoro::Task<T> t) -> QCoro::Task<std::optional<T>> { co_return co_await std::move(t); };
    return *QCoro::waitFor(wrapped(std::move(task)));
}

} // namespace parley::test
