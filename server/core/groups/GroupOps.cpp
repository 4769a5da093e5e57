#include "groups/GroupOps.h"

#include "conversations/ConversationEvents.h"
#include "groups/GroupStore.h"

#include <protocol/Timestamp.h>

namespace parley::server::groupOps {
namespace {

// Runs a membership or settings change, announces it, and answers with the caller's view
// (or `{}` when the caller is no longer a member).
QCoro::Task<HandlerOutcome> change(ServerContext &ctx, const CallContext &call,
                                   std::function<StorageResult<ConversationChange>(QSqlDatabase &)> job)
{
    auto writing = ctx.storage.write<ConversationChange>(std::move(job));
    auto result = co_await writing;
    if (!result)
        co_return result.error();
    announce::conversationChange(ctx, call, result.value());
    const QString &me = call.userId();
    if (!result->views.contains(me))
        co_return HandlerOutcome::ok();
    co_return HandlerOutcome::okJson(announce::conversationData(result->views.value(me), me));
}

} // namespace

QCoro::Task<HandlerOutcome> create(ServerContext &ctx, const CallContext &call, GroupCreateRequest input)
{
    const QString me = call.userId();
    const int maxMembers = ctx.limits.maxGroupMembers;
    const qint64 now = nowMsecs();
    return change(ctx, call, [=](QSqlDatabase &db) {
        return groups::createGroup(db, me, input.title, input.description, input.memberIds, maxMembers, now);
    });
}

QCoro::Task<HandlerOutcome> update(ServerContext &ctx, const CallContext &call, GroupUpdateRequest input)
{
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    return change(ctx, call, [=](QSqlDatabase &db) {
        return groups::updateGroup(db, input.conversationId, me, input.title, input.description, input.adminsOnly, now);
    });
}

QCoro::Task<HandlerOutcome> add(ServerContext &ctx, const CallContext &call, GroupAddRequest input)
{
    const QString me = call.userId();
    const int maxMembers = ctx.limits.maxGroupMembers;
    const qint64 now = nowMsecs();
    return change(ctx, call, [=](QSqlDatabase &db) {
        return groups::addMembers(db, input.conversationId, me, input.userIds, maxMembers, now);
    });
}

QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, MemberInput<false> input)
{
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    return change(ctx, call, [=](QSqlDatabase &db) {
        return groups::removeMember(db, input.conversationId, me, input.userId, now);
    });
}

QCoro::Task<HandlerOutcome> leave(ServerContext &ctx, const CallContext &call, ConversationRef input)
{
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    return change(ctx, call, [=](QSqlDatabase &db) { return groups::leave(db, input.conversationId, me, now); });
}

QCoro::Task<HandlerOutcome> promote(ServerContext &ctx, const CallContext &call, MemberInput<true> input)
{
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    return change(ctx, call, [=](QSqlDatabase &db) {
        return groups::promote(db, input.conversationId, me, input.userId, input.admin, now);
    });
}

} // namespace parley::server::groupOps
