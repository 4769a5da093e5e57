#pragma once

#include <protocol/MessagePayloads.h>

#include <QString>

namespace parley::client {

class ChatStore;

/// The message as plain text for the chat view and notifications: system events described
/// with the names `store` knows, deletions as a placeholder.
QString describeMessage(const Message &message, const ChatStore &store);

} // namespace parley::client
