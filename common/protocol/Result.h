#pragma once

#include <utility>
#include <variant>

namespace parley {

/// A value or the error that prevented it. The one way Parley returns "T or why not"
/// (C++20 has no std::expected).
template <typename T, typename E>
class Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {
    }
    Result(E error)
        : m_state(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_state); }
    T &value() & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const E &error() const & { return std::get<1>(m_state); }
    E &&error() && { return std::get<1>(std::move(m_state)); }

private:
    std::variant<T, E> m_state;
};

/// Success without a value, or the error.
template <typename E>
using Status = Result<std::monostate, E>;

inline constexpr std::monostate kSuccess{};

} // namespace parley
