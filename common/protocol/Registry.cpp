#include "Registry.h"

#include <QList>

#include <array>
#include <utility>

namespace parley {
namespace {

constexpr std::array<std::pair<Op, QLatin1StringView>, 26> kOps{{
    {Op::Ping, QLatin1StringView("ping")},
    {Op::AuthRegister, QLatin1StringView("auth.register")},
    {Op::AuthLogin, QLatin1StringView("auth.login")},
    {Op::AuthResume, QLatin1StringView("auth.resume")},
    {Op::AuthLogout, QLatin1StringView("auth.logout")},
    {Op::UsersSearch, QLatin1StringView("users.search")},
    {Op::UsersGet, QLatin1StringView("users.get")},
    {Op::ConversationsList, QLatin1StringView("conversations.list")},
    {Op::ConversationsGet, QLatin1StringView("conversations.get")},
    {Op::ConversationsDirect, QLatin1StringView("conversations.direct")},
    {Op::ConversationsDelete, QLatin1StringView("conversations.delete")},
    {Op::GroupsCreate, QLatin1StringView("groups.create")},
    {Op::GroupsUpdate, QLatin1StringView("groups.update")},
    {Op::GroupsAdd, QLatin1StringView("groups.add")},
    {Op::GroupsRemove, QLatin1StringView("groups.remove")},
    {Op::GroupsLeave, QLatin1StringView("groups.leave")},
    {Op::GroupsPromote, QLatin1StringView("groups.promote")},
    {Op::MessagesSend, QLatin1StringView("messages.send")},
    {Op::MessagesHistory, QLatin1StringView("messages.history")},
    {Op::MessagesSync, QLatin1StringView("messages.sync")},
    {Op::MessagesDelivered, QLatin1StringView("messages.delivered")},
    {Op::MessagesRead, QLatin1StringView("messages.read")},
    {Op::MessagesDelete, QLatin1StringView("messages.delete")},
    {Op::UnreadCount, QLatin1StringView("unread.count")},
    {Op::Typing, QLatin1StringView("typing")},
    {Op::MessagesEdit, QLatin1StringView("messages.edit")},
}};

constexpr std::array<std::pair<Event, QLatin1StringView>, 8> kEvents{{
    {Event::Hello, QLatin1StringView("hello")},
    {Event::MessageNew, QLatin1StringView("message.new")},
    {Event::MessageUpdated, QLatin1StringView("message.updated")},
    {Event::Receipt, QLatin1StringView("receipt")},
    {Event::Typing, QLatin1StringView("typing")},
    {Event::Presence, QLatin1StringView("presence")},
    {Event::ConversationUpdated, QLatin1StringView("conversation.updated")},
    {Event::ConversationRemoved, QLatin1StringView("conversation.removed")},
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
    default:
        return false;
    }
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
