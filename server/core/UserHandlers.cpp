#include "UserHandlers.h"

#include "Hub.h"
#include "UserDirectory.h"

#include <QCoroTask>

#include <protocol/UserPayloads.h>

#include <QJsonArray>

namespace parley::server::userOps {
namespace {

// Presence is shown only to the user and to those who share a conversation with them.
QJsonObject usersReply(ServerContext &ctx, const CallContext &call, const UserLookup &lookup)
{
    QJsonArray users;
    for (User user : lookup.users) {
        const bool visible = user.id == call.userId() || lookup.contacts.contains(user.id);
        user.online = visible && ctx.hub.isOnline(user.id);
        if (!visible || user.online)
            user.lastSeenMsecs.reset();
        users.append(user.toJson());
    }
    return {{QStringLiteral("users"), users}};
}

} // namespace

QCoro::Task<HandlerOutcome> search(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = UsersSearchRequest::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const UsersSearchRequest input = parsed.value();
    const QString me = call.userId();
    auto reading = ctx.storage.read<UserLookup>(
        [me, input](QSqlDatabase &db) { return directory::search(db, me, input.query, input.limit); });
    auto result = co_await reading;
    if (!result)
        co_return HandlerOutcome::error(toProtocolError(result.error()));
    co_return HandlerOutcome::ok(usersReply(ctx, call, result.value()));
}

QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = UsersGetRequest::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const QStringList ids = parsed->ids;
    const QString me = call.userId();
    auto reading = ctx.storage.read<UserLookup>([me, ids](QSqlDatabase &db) { return directory::get(db, me, ids); });
    auto result = co_await reading;
    if (!result)
        co_return HandlerOutcome::error(toProtocolError(result.error()));
    co_return HandlerOutcome::ok(usersReply(ctx, call, result.value()));
}

} // namespace parley::server::userOps
