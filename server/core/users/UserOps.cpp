#include "users/UserOps.h"

#include "users/Presence.h"
#include "users/UserStore.h"

#include <QJsonArray>

namespace parley::server::userOps {
namespace {

// Presence is shown only to the user and to those who share a conversation with them.
QCoro::Task<HandlerOutcome> reply(ServerContext &ctx, const CallContext &call,
                                  std::function<StorageResult<UserLookup>(QSqlDatabase &)> job)
{
    auto reading = ctx.storage.read<UserLookup>(std::move(job));
    auto lookup = co_await reading;
    if (!lookup)
        co_return lookup.error();
    QJsonArray users;
    for (User user : lookup->users) {
        const bool visible = user.id == call.userId() || lookup->contacts.contains(user.id);
        user.online = visible && ctx.presence.isOnline(user.id);
        if (!visible || user.online)
            user.lastSeenMsecs.reset();
        users.append(user.toJson());
    }
    co_return HandlerOutcome::ok({{QStringLiteral("users"), users}});
}

} // namespace

QCoro::Task<HandlerOutcome> search(ServerContext &ctx, const CallContext &call, UsersSearchRequest input)
{
    const QString me = call.userId();
    return reply(ctx, call,
                 [me, input](QSqlDatabase &db) { return directory::search(db, me, input.query, input.limit); });
}

QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, UsersGetRequest input)
{
    const QString me = call.userId();
    return reply(ctx, call, [me, input](QSqlDatabase &db) { return directory::get(db, me, input.ids); });
}

} // namespace parley::server::userOps
