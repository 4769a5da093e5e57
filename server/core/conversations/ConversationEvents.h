#pragma once

#include "Handler.h"
#include "conversations/ConversationStore.h"

/// The events of a conversation's history and membership, published through the EventBus.
namespace parley::server::announce {

/// `{"message": …}` as `forUserId` sees it: the data of message.new and message.updated, and
/// of the messages.send and messages.edit replies.
QByteArray messageData(const Message &message, const QString &forUserId);
/// `{"conversation": …}` as `forUserId` sees it: conversation.updated and the replies that
/// return one conversation.
QByteArray conversationData(const Conversation &conversation, const QString &forUserId);

/// message.new for a stored message: to every member's sessions except the sending session,
/// with client_id only for the sender's own sessions.
void newMessage(ServerContext &ctx, const CallContext &call, const Message &message, const QStringList &memberIds);
/// message.updated, same recipients.
void updatedMessage(ServerContext &ctx, const CallContext &call, const Message &message, const QStringList &memberIds);
/// A conversation's membership or settings changed: its system messages and each member's
/// new view to the members, conversation.removed to whoever is no longer in it.
void conversationChange(ServerContext &ctx, const CallContext &call, const ConversationChange &change);

} // namespace parley::server::announce
