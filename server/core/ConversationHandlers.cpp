#include "ConversationHandlers.h"

#include "Announcements.h"
#include "ConversationRepository.h"
#include "ServerConfig.h"

#include <QCoroTask>

#include <protocol/ConversationPayloads.h>
#include <protocol/Timestamp.h>

namespace parley::server::conversationOps {
namespace {

using Change = StorageResult<ConversationChange>;

HandlerOutcome failed(const StorageError &error)
{
    return HandlerOutcome::error(toProtocolError(error));
}

QByteArray conversationReply(const ConversationChange &change, const QString &userId)
{
    return announce::conversationData(change.views.value(userId), userId);
}

// Runs a membership or settings change, announces it, and answers with the caller's view
// (or `{}` when the caller is no longer a member).
QCoro::Task<HandlerOutcome> change(ServerContext &ctx, const CallContext &call,
                                   std::function<Change(QSqlDatabase &)> job)
{
    auto writing = ctx.storage.write<ConversationChange>(std::move(job));
    auto result = co_await writing;
    if (!result)
        co_return failed(result.error());
    announce::conversationChange(ctx, call, result.value());
    if (!result->views.contains(call.userId()))
        co_return HandlerOutcome::ok();
    co_return HandlerOutcome::okJson(conversationReply(result.value(), call.userId()));
}

} // namespace

QCoro::Task<HandlerOutcome> list(ServerContext &ctx, const CallContext &call, const Request &)
{
    const QString me = call.userId();
    auto reading =
        ctx.storage.read<QList<Conversation>>([me](QSqlDatabase &db) { return conversations::listFor(db, me); });
    auto result = co_await reading;
    if (!result)
        co_return failed(result.error());
    // Written straight to JSON: with a thousand conversations, building QJsonObjects and
    // encoding them took longer than the queries.
    JsonWriter out(result->size() * 700 + 32);
    out.beginObject().key(QLatin1StringView("conversations")).beginArray();
    for (const Conversation &conversation : result.value())
        conversation.writeJson(out, me);
    out.endArray().endObject();
    co_return HandlerOutcome::okJson(out.take());
}

QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = ConversationRef::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const QString me = call.userId();
    const QString id = parsed->conversationId;
    auto reading =
        ctx.storage.read<Conversation>([me, id](QSqlDatabase &db) { return conversations::viewFor(db, id, me); });
    auto result = co_await reading;
    if (!result)
        co_return failed(result.error());
    co_return HandlerOutcome::okJson(announce::conversationData(result.value(), me));
}

QCoro::Task<HandlerOutcome> direct(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = DirectRequest::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const QString me = call.userId();
    const QString other = parsed->userId;
    if (other == me) {
        co_return HandlerOutcome::error(ProtocolError::badRequest(
            QStringLiteral("a direct conversation needs another user"), QStringLiteral("user_id")));
    }
    const qint64 now = nowMsecs();
    auto writing = ctx.storage.write<ConversationChange>(
        [me, other, now](QSqlDatabase &db) { return conversations::direct(db, me, other, now); });
    auto result = co_await writing;
    if (!result)
        co_return failed(result.error());
    if (result->created)
        announce::conversationChange(ctx, call, result.value());
    co_return HandlerOutcome::okJson(conversationReply(result.value(), me));
}

QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = ConversationRef::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const QString me = call.userId();
    const QString id = parsed->conversationId;
    const qint64 now = nowMsecs();
    auto writing = ctx.storage.write<DeleteOutcome>(
        [me, id, now](QSqlDatabase &db) { return conversations::deleteFor(db, id, me, now); });
    auto result = co_await writing;
    if (!result)
        co_return failed(result.error());
    announce::conversationChange(ctx, call, result->change);
    co_return HandlerOutcome::ok({{QStringLiteral("messages_deleted"), result->messagesDeleted}});
}

QCoro::Task<HandlerOutcome> groupCreate(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = GroupCreateRequest::fromJson(request.data, ctx.config.limits);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const GroupCreateRequest input = std::move(parsed).value();
    const QString me = call.userId();
    const int maxMembers = ctx.config.limits.maxGroupMembers;
    const qint64 now = nowMsecs();
    auto task = change(ctx, call, [=](QSqlDatabase &db) {
        return conversations::createGroup(db, me, input.title, input.description, input.memberIds, maxMembers, now);
    });
    co_return co_await std::move(task);
}

QCoro::Task<HandlerOutcome> groupUpdate(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = GroupUpdateRequest::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const GroupUpdateRequest input = std::move(parsed).value();
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    auto task = change(ctx, call, [=](QSqlDatabase &db) {
        return conversations::updateGroup(db, input.conversationId, me, input.title, input.description,
                                          input.adminsOnly, now);
    });
    co_return co_await std::move(task);
}

QCoro::Task<HandlerOutcome> groupAdd(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = GroupAddRequest::fromJson(request.data, ctx.config.limits);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const GroupAddRequest input = std::move(parsed).value();
    const QString me = call.userId();
    const int maxMembers = ctx.config.limits.maxGroupMembers;
    const qint64 now = nowMsecs();
    auto task = change(ctx, call, [=](QSqlDatabase &db) {
        return conversations::addMembers(db, input.conversationId, me, input.userIds, maxMembers, now);
    });
    co_return co_await std::move(task);
}

QCoro::Task<HandlerOutcome> groupRemove(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = GroupMemberRequest::fromJson(request.data, false);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const GroupMemberRequest input = std::move(parsed).value();
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    auto task = change(ctx, call, [=](QSqlDatabase &db) {
        return conversations::removeMember(db, input.conversationId, me, input.userId, now);
    });
    co_return co_await std::move(task);
}

QCoro::Task<HandlerOutcome> groupLeave(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = ConversationRef::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const QString id = parsed->conversationId;
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    auto task = change(ctx, call, [=](QSqlDatabase &db) { return conversations::leave(db, id, me, now); });
    co_return co_await std::move(task);
}

QCoro::Task<HandlerOutcome> groupPromote(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = GroupMemberRequest::fromJson(request.data, true);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const GroupMemberRequest input = std::move(parsed).value();
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    auto task = change(ctx, call, [=](QSqlDatabase &db) {
        return conversations::promote(db, input.conversationId, me, input.userId, input.admin, now);
    });
    co_return co_await std::move(task);
}

} // namespace parley::server::conversationOps
