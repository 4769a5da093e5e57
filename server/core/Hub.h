#pragma once

#include <protocol/Registry.h>

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

namespace parley::server {

class ClientSession;
class Metrics;
class SessionRegistry;
class Storage;

/// Fans events out to the connected sessions of users, and keeps the live state that exists
/// only while people are connected: presence and typing. Lives on the network thread.
class Hub : public QObject
{
    Q_OBJECT
public:
    Hub(SessionRegistry &sessions, Storage &storage, Metrics &metrics, QObject *parent = nullptr);
    ~Hub() override;

    /// Sends one event to every session of `userIds`, except the session `exceptSession`.
    void publish(Event event, const QJsonObject &data, const QStringList &userIds, quint64 exceptSession = 0);
    /// Same, with a frame that may differ per recipient (a message's client_id, a conversation
    /// view). `frameFor` is asked only for users with a session to send to.
    void publishEach(Event event, const std::function<QByteArray(const QString &userId)> &frameFor,
                     const QStringList &userIds, quint64 exceptSession = 0);

    /// A session authenticated as / stopped being `userId`. The first session of a user makes
    /// them online for their contacts; the last one leaving makes them offline.
    void attach(ClientSession *session, const QString &userId, const QString &tokenHash);
    void detach(ClientSession *session, const QString &userId, const QString &tokenHash);
    bool isOnline(const QString &userId) const;

    /// `userId` started or stopped typing in a conversation whose members are `memberIds`.
    void typing(const QString &conversationId, const QString &userId, bool active, const QStringList &memberIds);

    /// How long `active: true` lasts without a refresh.
    static constexpr int kTypingExpiryMs = 6000;

private:
    struct TypingState
    {
        QStringList memberIds;
        QTimer *expiry = nullptr; ///< child of the hub
    };
    void announcePresence(QString userId, bool online);
    void stopTyping(const QString &key);

    SessionRegistry &m_sessions;
    Storage &m_storage;
    Metrics &m_metrics;
    QHash<QString, TypingState> m_typing; ///< key: conversation id + '\n' + user id
};

} // namespace parley::server
