#pragma once

#include <protocol/MessagePayloads.h>

#include <QHash>
#include <QObject>
#include <QTimer>

namespace parley::client {

class Api;
class ChatStore;
class Connection;

/// Typing notices both ways: this user's (throttled, sent while online) and the others'
/// (shown until they stop, send a message, go offline, or the notice expires).
class Typing : public QObject
{
    Q_OBJECT
public:
    Typing(Api &api, ChatStore &store, Connection &connection, QObject *parent = nullptr);

    /// The user typed in the composer; `false` when the composer emptied or the text was sent.
    void noteTyping(const QString &conversationId, bool active);
    void apply(const TypingEvent &event);
    /// `userId` sent a message, so is no longer typing there.
    void stopped(const QString &conversationId, const QString &userId);
    void userWentOffline(const QString &userId);
    void forgetConversation(const QString &conversationId);
    /// "Alice is typing…", "Alice and Bob are typing…", or empty.
    QString typingText(const QString &conversationId) const;

Q_SIGNALS:
    void typingChanged(const QString &conversationId);
    /// The conversation list shows typing too.
    void conversationChanged(const QString &conversationId);

private:
    void expire();

    Api &m_api;
    ChatStore &m_store;
    Connection &m_connection;
    QHash<QString, qint64> m_sentAt;                 ///< conversation → when this user last said so
    QHash<QString, QHash<QString, qint64>> m_typing; ///< conversation → typer → expiry (ms)
    QTimer m_expiryTimer;
};

} // namespace parley::client
