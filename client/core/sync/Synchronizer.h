#pragma once

#include "core/connection/Api.h"

#include <QCoroFwd>
#include <QObject>
#include <QStringList>

namespace parley::client {

class ChatStore;
class Connection;

/// Keeps the store in step with the server: the conversation list after every connect,
/// messages.sync from each conversation's cursor (the newest page when it is new here), the
/// users the conversations name, and older history on demand.
class Synchronizer : public QObject
{
    Q_OBJECT
public:
    Synchronizer(Api &api, ChatStore &store, Connection &connection, QObject *parent = nullptr);

    /// conversations.list, the members' profiles, then every conversation's changes. True when
    /// all of it was applied (false when the connection or the session went meanwhile).
    QCoro::Task<bool> catchUp();
    /// False until the first catchUp after start has completed.
    bool isSynced() const { return m_synced; }

    /// Takes in a conversation the server just answered with: stores it, fetches the members
    /// this client does not know and, with `withMessages`, its changes.
    QCoro::Task<void> adopt(Conversation conversation, bool withMessages);
    /// A conversation this client did not know about (e.g. a message arrived in it).
    QCoro::Task<void> fetchConversation(QString conversationId);
    QCoro::Task<void> fetchUsers(QStringList ids, bool refreshKnown);
    /// Older messages: from the cache, else from the server (PROTOCOL.md messages.history).
    QCoro::Task<ApiResult<MessagePage>> loadOlder(QString conversationId, qint64 beforeSeq, int limit);

private:
    QCoro::Task<void> syncConversation(Conversation conversation);

    Api &m_api;
    ChatStore &m_store;
    Connection &m_connection;
    bool m_synced = false;
};

} // namespace parley::client
