#pragma once

// moc (Qt 6.4) cannot parse <concepts>, which <coroutine> pulls in; it needs no part of it.
#ifndef Q_MOC_RUN
#include <coroutine>
#endif
#include <functional>
#include <optional>
#include <utility>

namespace parley::server {

/// An awaitable for work finished elsewhere. `start` receives a `deliver` function and
/// arranges for it to be called exactly once, on the awaiting (network) thread, with the
/// result; the coroutine resumes right there. Storage and the password hasher hand their
/// results back this way, so handlers read as straight-line `co_await` code.
///
/// GCC 12 destroys some temporaries of a `co_await` full-expression twice (a lambda converted
/// to std::function, for one: tst_storage caught it under AddressSanitizer). Parley therefore
/// binds every awaitable to a named local first and awaits that:
///     auto lookup = storage.read<T>([..](QSqlDatabase &db) { ... });
///     auto result = co_await lookup;
template <typename T>
class AwaitCallback
{
public:
    using Deliver = std::function<void(T)>;
    using Start = std::function<void(Deliver)>;

    explicit AwaitCallback(Start start)
        : m_start(std::move(start))
    {
    }

    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> handle)
    {
        m_start([this, handle](T value) {
            m_value.emplace(std::move(value));
            handle.resume();
        });
    }
    T await_resume() { return std::move(*m_value); }

private:
    Start m_start;
    std::optional<T> m_value;
};

} // namespace parley::server
