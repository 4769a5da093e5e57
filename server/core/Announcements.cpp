#include "Announcements.h"

#include "Hub.h"

namespace parley::server::announce {
namespace {

void messageEvent(ServerContext &ctx, const CallContext &call, Event event, const Message &message,
                  const QStringList &memberIds)
{
    ctx.hub.publishEach(
        event,
        [&message](const QString &userId) {
            return QJsonObject{{QStringLiteral("message"), message.toJson(userId)}};
        },
        memberIds, call.sessionId);
}

} // namespace

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
    ctx.hub.publishEach(
        Event::ConversationUpdated,
        [&change](const QString &userId) {
            return QJsonObject{{QStringLiteral("conversation"), change.views.value(userId).toJson(userId)}};
        },
        change.memberIds, call.sessionId);
    ctx.hub.publish(Event::ConversationRemoved, {{QStringLiteral("conversation_id"), change.conversationId}},
                    change.removedIds, call.sessionId);
}

} // namespace parley::server::announce
