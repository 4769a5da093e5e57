#include "Registry.h"

#include <QList>

#include <array>
#include <utility>

namespace parley {
namespace {

constexpr std::array<std::pair<Op, QLatin1StringView>, 5> kOps{{
    {Op::Ping, QLatin1StringView("ping")},
    {Op::AuthRegister, QLatin1StringView("auth.register")},
    {Op::AuthLogin, QLatin1StringView("auth.login")},
    {Op::AuthResume, QLatin1StringView("auth.resume")},
    {Op::AuthLogout, QLatin1StringView("auth.logout")},
}};

constexpr std::array<std::pair<Event, QLatin1StringView>, 1> kEvents{{
    {Event::Hello, QLatin1StringView("hello")},
}};

template <typename Table, typename Key>
QString nameOf(const Table &table, Key key)
{
    for (const auto &[value, name] : table) {
        if (value == key)
            return name;
    }
    return {};
}

template <typename Key, typename Table>
std::optional<Key> keyOf(const Table &table, QStringView name)
{
    for (const auto &[value, text] : table) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

template <typename Key, typename Table>
QList<Key> keysOf(const Table &table)
{
    QList<Key> keys;
    for (const auto &entry : table)
        keys.append(entry.first);
    return keys;
}

} // namespace

QString opName(Op op)
{
    return nameOf(kOps, op);
}

std::optional<Op> opFromName(QStringView name)
{
    return keyOf<Op>(kOps, name);
}

bool opAllowedBeforeAuth(Op op)
{
    switch (op) {
    case Op::Ping:
    case Op::AuthRegister:
    case Op::AuthLogin:
    case Op::AuthResume:
    case Op::AuthLogout:
        return true;
    }
    return false;
}

const QList<Op> &allOps()
{
    static const QList<Op> ops = keysOf<Op>(kOps);
    return ops;
}

QString eventName(Event event)
{
    return nameOf(kEvents, event);
}

std::optional<Event> eventFromName(QStringView name)
{
    return keyOf<Event>(kEvents, name);
}

const QList<Event> &allEvents()
{
    static const QList<Event> events = keysOf<Event>(kEvents);
    return events;
}

} // namespace parley
