#include "users/UserOps.h"

#include "users/Presence.h"
#include "users/UserStore.h"

namespace parley::server::userOps {
namespace {

// Presence is shown only to the user and to those who share a conversation with them.
HandlerOutcome usersReply(ServerContext &ctx, const CallContext &call, const UserLookup &lookup)
{
    UsersReply reply;
    for (User user : lookup.users) {
        const bool visible = user.id == call.userId() || lookup.contacts.contains(user.id);
        user.online = visible && ctx.presence.isOnline(user.id);
        if (!visible || user.online)
            user.lastSeenMsecs.reset();
        reply.users.append(user);
    }
    return HandlerOutcome::ok(reply.toJson());
}

} // namespace

QCoro::Task<HandlerOutcome> search(ServerContext &ctx, const CallContext &call, UsersSearchRequest input)
{
    const QString me = call.userId();
    auto reading = ctx.storage.read<UserLookup>(
        [me, input](QSqlDatabase &db) { return directory::search(db, me, input.query, input.limit); });
    auto found = co_await reading;
    if (!found)
        co_return found.error();
    co_return usersReply(ctx, call, found.value());
}

QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, UsersGetRequest input)
{
    const QString me = call.userId();
    auto reading =
        ctx.storage.read<UserLookup>([me, input](QSqlDatabase &db) { return directory::get(db, me, input.ids); });
    auto found = co_await reading;
    if (!found)
        co_return found.error();
    co_return usersReply(ctx, call, found.value());
}

} // namespace parley::server::userOps
