#pragma once

#include <QString>

#include <optional>

namespace parley {

/// Every request op this version implements (PROTOCOL.md, "Ops"). Append only; the names live
/// in one table in Registry.cpp and nowhere else.
enum class Op {
    Ping,
    AuthRegister,
    AuthLogin,
    AuthResume,
    AuthLogout,
    UsersSearch,
    UsersGet,
    ConversationsList,
    ConversationsGet,
    ConversationsDirect,
    ConversationsDelete,
    GroupsCreate,
    GroupsUpdate,
    GroupsAdd,
    GroupsRemove,
    GroupsLeave,
    GroupsPromote,
    MessagesSend,
    MessagesHistory,
    MessagesSync,
    MessagesDelivered,
    MessagesRead,
    MessagesDelete,
    UnreadCount,
    Typing,
    MessagesEdit, ///< an addition to the v1 contract (docs/PROTOCOL.md)
};

/// Every event the server sends (PROTOCOL.md, "Events"). Append only.
enum class Event {
    Hello,
    MessageNew,
    MessageUpdated,
    Receipt,
    Typing,
    Presence,
    ConversationUpdated,
    ConversationRemoved,
};

QString opName(Op op);
std::optional<Op> opFromName(QStringView name);
/// True for the ops a connection may send before it is authenticated.
bool opAllowedBeforeAuth(Op op);
/// Every op, in declaration order (for documentation checks and dispatch tables).
const QList<Op> &allOps();

QString eventName(Event event);
std::optional<Event> eventFromName(QStringView name);
const QList<Event> &allEvents();

} // namespace parley
