#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

class QTimer;

namespace parley::server {

class EventBus;

/// Who is typing where. `active: true` lasts kExpiryMs unless refreshed; it ends early when the
/// user says so or goes offline. Start and end are announced to the conversation's other members.
class Typing : public QObject
{
    Q_OBJECT
public:
    explicit Typing(EventBus &bus, QObject *parent = nullptr);

    /// `userId` started or stopped typing in a conversation whose members are `memberIds`.
    void update(const QString &conversationId, const QString &userId, bool active, const QStringList &memberIds);

    static constexpr int kExpiryMs = 6000;

private:
    struct State
    {
        QStringList recipients;
        QTimer *expiry = nullptr; ///< child of this object
    };
    void stop(const QString &key);
    void stopAllOf(const QString &userId);
    void announce(const QString &key, bool active, const QStringList &recipients);

    EventBus &m_bus;
    QHash<QString, State> m_typing; ///< key: conversation id + '\n' + user id
};

} // namespace parley::server
