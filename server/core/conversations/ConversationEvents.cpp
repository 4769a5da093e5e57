#include "conversations/ConversationEvents.h"

#include "realtime/EventBus.h"

#include <protocol/JsonWriter.h>

namespace parley::server::announce {
namespace {

void messageEvent(ServerContext &ctx, const CallContext &call, Event event, const Message &message,
                  const QStringList &memberIds)
{
    // Only the sender sees its client_id: one frame for the sender's other sessions, one for
    // everyone else.
    QByteArray othersFrame;
    ctx.bus.publishEach(
        event,
        [&](const QString &userId) {
            if (userId == message.senderId)
                return encodeEvent(event, messageData(message, userId));
            if (othersFrame.isEmpty())
                othersFrame = encodeEvent(event, messageData(message, userId));
            return othersFrame;
        },
        memberIds, call.sessionId);
}

} // namespace

QByteArray messageData(const Message &message, const QString &forUserId)
{
    JsonWriter out(message.text.size() * 2 + 320);
    MessageEvent{message}.writeJson(out, forUserId);
    return out.take();
}

QByteArray conversationData(const Conversation &conversation, const QString &forUserId)
{
    JsonWriter out(conversation.members.size() * 80 + 700);
    ConversationUpdatedEvent{conversation}.writeJson(out, forUserId);
    return out.take();
}

void newMessage(ServerContext &ctx, const CallContext &call, const Message &message, const QStringList &memberIds)
{
    messageEvent(ctx, call, Event::MessageNew, message, memberIds);
}

void updatedMessage(ServerContext &ctx, const CallContext &call, const Message &message, const QStringList &memberIds)
{
    messageEvent(ctx, call, Event::MessageUpdated, message, memberIds);
}

void conversationChange(ServerContext &ctx, const CallContext &call, const ConversationChange &change)
{
    for (const Message &message : change.systemMessages)
        newMessage(ctx, call, message, change.memberIds);
    const bool changed = change.created || !change.systemMessages.isEmpty() || !change.removedIds.isEmpty();
    if (!changed)
        return; // e.g. a groups.update that set what was already set
    ctx.bus.publishEach(
        Event::ConversationUpdated,
        [&change](const QString &userId) {
            return encodeEvent(Event::ConversationUpdated, conversationData(change.views.value(userId), userId));
        },
        change.memberIds, call.sessionId);
    ctx.bus.publish(Event::ConversationRemoved, ConversationRemovedEvent{change.conversationId}.toJson(),
                    change.removedIds, call.sessionId);
}

} // namespace parley::server::announce
