#pragma once

#include "Handler.h"

#include <protocol/MessagePayloads.h>

/// messages.* and unread.count
namespace parley::server::messageOps {

QCoro::Task<HandlerOutcome> send(ServerContext &ctx, const CallContext &call, SendRequest input);
QCoro::Task<HandlerOutcome> history(ServerContext &ctx, const CallContext &call, HistoryRequest input);
QCoro::Task<HandlerOutcome> sync(ServerContext &ctx, const CallContext &call, SyncRequest input);
QCoro::Task<HandlerOutcome> delivered(ServerContext &ctx, const CallContext &call, WatermarkRequest input);
QCoro::Task<HandlerOutcome> read(ServerContext &ctx, const CallContext &call, WatermarkRequest input);
QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, DeleteMessageRequest input);
QCoro::Task<HandlerOutcome> edit(ServerContext &ctx, const CallContext &call, EditRequest input);
QCoro::Task<HandlerOutcome> unreadCount(ServerContext &ctx, const CallContext &call, NoInput input);

} // namespace parley::server::messageOps
