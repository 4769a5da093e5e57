#include "conversations/ConversationOps.h"

#include "conversations/ConversationEvents.h"
#include "conversations/ConversationStore.h"
#include "conversations/MemberStore.h"
#include "conversations/Typing.h"
#include "storage/Sql.h"

#include <protocol/Timestamp.h>

namespace parley::server::conversationOps {

QCoro::Task<HandlerOutcome> list(ServerContext &ctx, const CallContext &call, NoInput)
{
    const QString me = call.userId();
    auto reading =
        ctx.storage.read<QList<Conversation>>([me](QSqlDatabase &db) { return conversations::listFor(db, me); });
    auto result = co_await reading;
    if (!result)
        co_return result.error();
    // Written straight to JSON: with a thousand conversations, building QJsonObjects and
    // encoding them took longer than the queries.
    JsonWriter out(result->size() * 700 + 32);
    ConversationsReply{std::move(result).value()}.writeJson(out, me);
    co_return HandlerOutcome::okJson(out.take());
}

QCoro::Task<HandlerOutcome> get(ServerContext &ctx, const CallContext &call, ConversationRef input)
{
    const QString me = call.userId();
    auto reading = ctx.storage.read<Conversation>(
        [me, input](QSqlDatabase &db) { return conversations::viewFor(db, input.conversationId, me); });
    auto result = co_await reading;
    if (!result)
        co_return result.error();
    co_return HandlerOutcome::okJson(announce::conversationData(result.value(), me));
}

QCoro::Task<HandlerOutcome> direct(ServerContext &ctx, const CallContext &call, DirectRequest input)
{
    const QString me = call.userId();
    const QString other = input.userId;
    if (other == me) {
        co_return ProtocolError::badRequest(QStringLiteral("a direct conversation needs another user"),
                                            QStringLiteral("user_id"));
    }
    const qint64 now = nowMsecs();
    auto writing = ctx.storage.write<ConversationChange>(
        [me, other, now](QSqlDatabase &db) { return conversations::direct(db, me, other, now); });
    auto result = co_await writing;
    if (!result)
        co_return result.error();
    if (result->created)
        announce::conversationChange(ctx, call, result.value());
    co_return HandlerOutcome::okJson(announce::conversationData(result->views.value(me), me));
}

QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, ConversationRef input)
{
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    auto writing = ctx.storage.write<DeleteOutcome>(
        [me, input, now](QSqlDatabase &db) { return conversations::deleteFor(db, input.conversationId, me, now); });
    auto result = co_await writing;
    if (!result)
        co_return result.error();
    announce::conversationChange(ctx, call, result->change);
    co_return HandlerOutcome::ok(DeleteConversationReply{result->messagesDeleted}.toJson());
}

QCoro::Task<HandlerOutcome> typing(ServerContext &ctx, const CallContext &call, TypingRequest input)
{
    const QString me = call.userId();
    auto reading = ctx.storage.read<QStringList>([me, input](QSqlDatabase &db) -> StorageResult<QStringList> {
        PARLEY_CHECK(members::membership(db, input.conversationId, me));
        return members::memberIds(db, input.conversationId);
    });
    auto members = co_await reading;
    if (!members)
        co_return members.error();
    ctx.typing.update(input.conversationId, me, input.active, members.value());
    co_return HandlerOutcome::ok();
}

} // namespace parley::server::conversationOps
