#include "messages/MessageOps.h"

#include "Metrics.h"
#include "conversations/ConversationEvents.h"
#include "conversations/ConversationStore.h"
#include "messages/MessageEvents.h"
#include "messages/MessageStore.h"
#include "storage/Sql.h"

#include <protocol/Timestamp.h>

namespace parley::server::messageOps {
namespace {

// A history or sync page as the reply's data.
QByteArray pageData(const MessagePage &page, const QString &userId)
{
    JsonWriter out(page.messages.size() * 320 + 64);
    page.writeJson(out, userId);
    return out.take();
}

struct SendResult
{
    std::optional<ConversationChange> createdDirect;
    SendOutcome sent;
};

StorageResult<SendResult> store(QSqlDatabase &db, const QString &me, const SendRequest &input, qint64 now)
{
    SendResult result;
    QString conversationId = input.conversationId.value_or(QString());
    if (input.toUserId) {
        auto direct = conversations::direct(db, me, *input.toUserId, now);
        if (!direct) {
            StorageError error = std::move(direct).error();
            error.field = QStringLiteral("to_user_id");
            return error;
        }
        conversationId = direct->conversationId;
        if (direct->created)
            result.createdDirect = std::move(direct).value();
    }
    PARLEY_TRY(sent, messages::send(db, conversationId, me, input.clientId, input.text, now));
    result.sent = std::move(sent);
    return result;
}

QCoro::Task<HandlerOutcome> raise(ServerContext &ctx, const CallContext &call, WatermarkRequest input, bool read)
{
    const QString me = call.userId();
    auto writing = ctx.storage.write<WatermarkChange>([me, input, read](QSqlDatabase &db) {
        return messages::raiseWatermark(db, input.conversationId, me, input.seq, read);
    });
    auto result = co_await writing;
    if (!result)
        co_return result.error();
    if (result->rose)
        announce::receipt(ctx, call, input.conversationId, result.value());
    if (!read)
        co_return HandlerOutcome::ok();
    co_return HandlerOutcome::ok(MarkReadReply{result->markedCount}.toJson());
}

// A message change (edit, delete for everyone), announced as message.updated.
QCoro::Task<Result<Message, ProtocolError>> change(ServerContext &ctx, const CallContext &call,
                                                   std::function<StorageResult<MessageChange>(QSqlDatabase &)> job)
{
    auto writing = ctx.storage.write<MessageChange>(std::move(job));
    auto result = co_await writing;
    if (!result)
        co_return toProtocolError(result.error());
    announce::updatedMessage(ctx, call, result->message, result->memberIds);
    co_return result->message;
}

} // namespace

QCoro::Task<HandlerOutcome> send(ServerContext &ctx, const CallContext &call, SendRequest input)
{
    const QString me = call.userId();
    if (input.toUserId && *input.toUserId == me) {
        co_return ProtocolError::badRequest(QStringLiteral("a direct conversation needs another user"),
                                            QStringLiteral("to_user_id"));
    }
    const qint64 now = nowMsecs();
    auto writing =
        ctx.storage.write<SendResult>([me, input, now](QSqlDatabase &db) { return store(db, me, input, now); });
    auto result = co_await writing;
    if (!result)
        co_return result.error();
    if (result->createdDirect)
        announce::conversationChange(ctx, call, *result->createdDirect);
    if (!result->sent.duplicate) {
        ctx.metrics.messageStored();
        announce::newMessage(ctx, call, result->sent.message, result->sent.memberIds);
    }
    co_return HandlerOutcome::okJson(announce::messageData(result->sent.message, me));
}

QCoro::Task<HandlerOutcome> history(ServerContext &ctx, const CallContext &call, HistoryRequest input)
{
    const QString me = call.userId();
    auto reading = ctx.storage.read<MessagePage>([me, input](QSqlDatabase &db) {
        return messages::history(db, input.conversationId, me, input.beforeSeq, input.limit);
    });
    auto result = co_await reading;
    if (!result)
        co_return result.error();
    co_return HandlerOutcome::okJson(pageData(result.value(), me));
}

QCoro::Task<HandlerOutcome> sync(ServerContext &ctx, const CallContext &call, SyncRequest input)
{
    const QString me = call.userId();
    auto reading = ctx.storage.read<MessagePage>([me, input](QSqlDatabase &db) {
        return messages::sync(db, input.conversationId, me, input.afterRev, input.limit);
    });
    auto result = co_await reading;
    if (!result)
        co_return result.error();
    MessagePage page = std::move(result).value();
    page.rev = page.messages.isEmpty() ? input.afterRev : page.messages.last().rev;
    co_return HandlerOutcome::okJson(pageData(page, me));
}

QCoro::Task<HandlerOutcome> delivered(ServerContext &ctx, const CallContext &call, WatermarkRequest input)
{
    return raise(ctx, call, std::move(input), false);
}

QCoro::Task<HandlerOutcome> read(ServerContext &ctx, const CallContext &call, WatermarkRequest input)
{
    return raise(ctx, call, std::move(input), true);
}

QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, DeleteMessageRequest input)
{
    const QString me = call.userId();
    if (input.scope == DeleteMessageRequest::Scope::Me) {
        auto writing = ctx.storage.write<std::monostate>(
            [me, input](QSqlDatabase &db) { return messages::deleteForMe(db, input.messageId, me); });
        auto result = co_await writing;
        if (!result)
            co_return result.error();
        co_return HandlerOutcome::ok();
    }
    auto deleting = change(
        ctx, call, [me, input](QSqlDatabase &db) { return messages::deleteForEveryone(db, input.messageId, me); });
    auto result = co_await std::move(deleting);
    if (!result)
        co_return result.error();
    co_return HandlerOutcome::ok();
}

QCoro::Task<HandlerOutcome> edit(ServerContext &ctx, const CallContext &call, EditRequest input)
{
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    auto editing = change(ctx, call, [me, input, now](QSqlDatabase &db) {
        return messages::edit(db, input.messageId, me, input.text, now);
    });
    auto result = co_await std::move(editing);
    if (!result)
        co_return result.error();
    co_return HandlerOutcome::okJson(announce::messageData(result.value(), me));
}

QCoro::Task<HandlerOutcome> unreadCount(ServerContext &ctx, const CallContext &call, NoInput)
{
    const QString me = call.userId();
    auto reading = ctx.storage.read<qint64>([me](QSqlDatabase &db) { return conversations::unreadTotal(db, me); });
    auto result = co_await reading;
    if (!result)
        co_return result.error();
    co_return HandlerOutcome::ok(UnreadCountReply{result.value()}.toJson());
}

} // namespace parley::server::messageOps
