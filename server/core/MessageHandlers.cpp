#include "MessageHandlers.h"

#include "Announcements.h"
#include "ConversationRepository.h"
#include "Hub.h"
#include "Metrics.h"
#include "ServerConfig.h"

#include <QCoroTask>

#include <protocol/ConversationPayloads.h>
#include <protocol/Timestamp.h>

namespace parley::server::messageOps {
namespace {

HandlerOutcome failed(const StorageError &error)
{
    return HandlerOutcome::error(toProtocolError(error));
}

// The data of a history or sync reply; `rev` only for sync.
QByteArray pageData(const MessagePage &page, const QString &userId, std::optional<qint64> rev = std::nullopt)
{
    JsonWriter out(page.messages.size() * 320 + 64);
    out.beginObject().key(QLatin1StringView("messages")).beginArray();
    for (const Message &message : page.messages)
        message.writeJson(out, userId);
    out.endArray();
    if (rev)
        out.key(QLatin1StringView("rev")).number(*rev);
    out.key(QLatin1StringView("has_more")).boolean(page.hasMore);
    out.endObject();
    return out.take();
}

struct SendResult
{
    std::optional<ConversationChange> createdDirect;
    SendOutcome sent;
};

QCoro::Task<HandlerOutcome> raise(ServerContext &ctx, const CallContext &call, const Request &request, bool read)
{
    auto parsed = WatermarkRequest::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const QString me = call.userId();
    const WatermarkRequest input = parsed.value();
    auto writing = ctx.storage.write<WatermarkChange>([me, input, read](QSqlDatabase &db) {
        return messages::raiseWatermark(db, input.conversationId, me, input.seq, read);
    });
    auto result = co_await writing;
    if (!result)
        co_return failed(result.error());
    if (result->rose) {
        ctx.hub.publish(Event::Receipt,
                        {{QStringLiteral("conversation_id"), input.conversationId},
                         {QStringLiteral("user_id"), me},
                         {QStringLiteral("delivered_seq"), result->deliveredSeq},
                         {QStringLiteral("read_seq"), result->readSeq}},
                        result->memberIds, call.sessionId);
    }
    if (!read)
        co_return HandlerOutcome::ok();
    co_return HandlerOutcome::ok({{QStringLiteral("marked_count"), result->markedCount}});
}

} // namespace

QCoro::Task<HandlerOutcome> send(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = SendRequest::fromJson(request.data, ctx.config.limits);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const SendRequest input = std::move(parsed).value();
    const QString me = call.userId();
    if (input.toUserId && *input.toUserId == me) {
        co_return HandlerOutcome::error(ProtocolError::badRequest(
            QStringLiteral("a direct conversation needs another user"), QStringLiteral("to_user_id")));
    }
    const qint64 now = nowMsecs();
    auto writing = ctx.storage.write<SendResult>([me, input, now](QSqlDatabase &db) -> StorageResult<SendResult> {
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
        auto sent = messages::send(db, conversationId, me, input.clientId, input.text, now);
        if (!sent)
            return std::move(sent).error();
        result.sent = std::move(sent).value();
        return result;
    });
    auto result = co_await writing;
    if (!result)
        co_return failed(result.error());
    if (result->createdDirect)
        announce::conversationChange(ctx, call, *result->createdDirect);
    if (!result->sent.duplicate) {
        ctx.metrics.messageStored();
        announce::newMessage(ctx, call, result->sent.message, result->sent.memberIds);
    }
    co_return HandlerOutcome::okJson(announce::messageData(result->sent.message, me));
}

QCoro::Task<HandlerOutcome> history(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = HistoryRequest::fromJson(request.data, ctx.config.limits);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const HistoryRequest input = parsed.value();
    const QString me = call.userId();
    auto reading = ctx.storage.read<MessagePage>([me, input](QSqlDatabase &db) {
        return messages::history(db, input.conversationId, me, input.beforeSeq, input.limit);
    });
    auto result = co_await reading;
    if (!result)
        co_return failed(result.error());
    co_return HandlerOutcome::okJson(pageData(result.value(), me));
}

QCoro::Task<HandlerOutcome> sync(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = SyncRequest::fromJson(request.data, ctx.config.limits);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const SyncRequest input = parsed.value();
    const QString me = call.userId();
    auto reading = ctx.storage.read<MessagePage>([me, input](QSqlDatabase &db) {
        return messages::sync(db, input.conversationId, me, input.afterRev, input.limit);
    });
    auto result = co_await reading;
    if (!result)
        co_return failed(result.error());
    const qint64 rev = result->messages.isEmpty() ? input.afterRev : result->messages.last().rev;
    co_return HandlerOutcome::okJson(pageData(result.value(), me, rev));
}

QCoro::Task<HandlerOutcome> delivered(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto task = raise(ctx, call, request, false);
    co_return co_await std::move(task);
}

QCoro::Task<HandlerOutcome> read(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto task = raise(ctx, call, request, true);
    co_return co_await std::move(task);
}

QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = DeleteMessageRequest::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const DeleteMessageRequest input = parsed.value();
    const QString me = call.userId();
    if (input.scope == DeleteMessageRequest::Scope::Me) {
        auto writing = ctx.storage.write<std::monostate>(
            [me, input](QSqlDatabase &db) { return messages::deleteForMe(db, input.messageId, me); });
        auto result = co_await writing;
        if (!result)
            co_return failed(result.error());
        co_return HandlerOutcome::ok();
    }
    auto writing = ctx.storage.write<MessageChange>(
        [me, input](QSqlDatabase &db) { return messages::deleteForEveryone(db, input.messageId, me); });
    auto result = co_await writing;
    if (!result)
        co_return failed(result.error());
    announce::updatedMessage(ctx, call, result->message, result->memberIds);
    co_return HandlerOutcome::ok();
}

QCoro::Task<HandlerOutcome> edit(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = EditRequest::fromJson(request.data, ctx.config.limits);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const EditRequest input = parsed.value();
    const QString me = call.userId();
    const qint64 now = nowMsecs();
    auto writing = ctx.storage.write<MessageChange>(
        [me, input, now](QSqlDatabase &db) { return messages::edit(db, input.messageId, me, input.text, now); });
    auto result = co_await writing;
    if (!result)
        co_return failed(result.error());
    announce::updatedMessage(ctx, call, result->message, result->memberIds);
    co_return HandlerOutcome::okJson(announce::messageData(result->message, me));
}

QCoro::Task<HandlerOutcome> unreadCount(ServerContext &ctx, const CallContext &call, const Request &)
{
    const QString me = call.userId();
    auto reading = ctx.storage.read<qint64>([me](QSqlDatabase &db) { return conversations::unreadTotal(db, me); });
    auto result = co_await reading;
    if (!result)
        co_return failed(result.error());
    co_return HandlerOutcome::ok({{QStringLiteral("count"), result.value()}});
}

QCoro::Task<HandlerOutcome> typing(ServerContext &ctx, const CallContext &call, const Request &request)
{
    auto parsed = TypingRequest::fromJson(request.data);
    if (!parsed)
        co_return HandlerOutcome::error(parsed.error());
    const TypingRequest input = parsed.value();
    const QString me = call.userId();
    auto reading = ctx.storage.read<QStringList>([me, input](QSqlDatabase &db) -> StorageResult<QStringList> {
        auto member = messages::membership(db, input.conversationId, me);
        if (!member)
            return std::move(member).error();
        return messages::memberIds(db, input.conversationId);
    });
    auto members = co_await reading;
    if (!members)
        co_return failed(members.error());
    ctx.hub.typing(input.conversationId, me, input.active, members.value());
    co_return HandlerOutcome::ok();
}

} // namespace parley::server::messageOps
