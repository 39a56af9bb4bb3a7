#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace embedscope {

// Error half of Expected: a message written for the user, naming the value
// that failed and what to do about it.
struct Unexpected
{
    QString message;
};

inline Unexpected fail(QString message)
{
    return Unexpected{std::move(message)};
}

// Value or error, for calls that can fail on user input. Mirrors the parts of
// C++23's std::expected that this code uses, so moving to it later is a rename.
template<typename T>
class Expected
{
public:
    Expected(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}

    Expected(Unexpected error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    bool has_value() const { return m_state.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &value() & { return std::get<0>(m_state); }
    const T &value() const & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }

    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const QString &error() const { return std::get<1>(m_state).message; }

private:
    std::variant<T, Unexpected> m_state;
};

} // namespace embedscope
