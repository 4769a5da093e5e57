#include "Hub.h"

#include "ClientSession.h"
#include "Metrics.h"
#include "SessionRegistry.h"
#include "Storage.h"
#include "UserDirectory.h"

#include <protocol/Envelope.h>
#include <protocol/Timestamp.h>

#include <QCoroTask>
#include <QPointer>

namespace parley::server {
namespace {

QString typingKey(const QString &conversationId, const QString &userId)
{
    return conversationId + QLatin1Char('\n') + userId;
}

QCoro::Task<void> announce(QPointer<Hub> hub, Storage &storage, QString userId, bool online,
                           std::function<void(const QStringList &, qint64)> send)
{
    const qint64 now = nowMsecs();
    if (!online) {
        auto stamp = storage.write<std::monostate>(
            [userId, now](QSqlDatabase &db) { return directory::setLastSeen(db, userId, now); });
        co_await stamp;
    }
    auto lookup = storage.read<QStringList>([userId](QSqlDatabase &db) { return directory::contactsOf(db, userId); });
    auto contacts = co_await lookup;
    if (hub && contacts)
        send(contacts.value(), now);
}

} // namespace

Hub::Hub(SessionRegistry &sessions, Storage &storage, Metrics &metrics, QObject *parent)
    : QObject(parent)
    , m_sessions(sessions)
    , m_storage(storage)
    , m_metrics(metrics)
{
}

Hub::~Hub() = default;

void Hub::publish(Event event, const QJsonObject &data, const QStringList &userIds, quint64 exceptSession)
{
    const QByteArray frame = encodeEvent(event, data);
    quint64 sent = 0;
    for (const QString &userId : userIds) {
        for (ClientSession *session : m_sessions.forUser(userId)) {
            if (session->id() != exceptSession) {
                session->sendFrame(frame);
                ++sent;
            }
        }
    }
    m_metrics.eventSent(eventName(event), sent);
}

void Hub::publishEach(Event event, const std::function<QByteArray(const QString &)> &frameFor,
                      const QStringList &userIds, quint64 exceptSession)
{
    quint64 sent = 0;
    for (const QString &userId : userIds) {
        QByteArray frame;
        for (ClientSession *session : m_sessions.forUser(userId)) {
            if (session->id() == exceptSession)
                continue;
            if (frame.isEmpty())
                frame = frameFor(userId);
            session->sendFrame(frame);
            ++sent;
        }
    }
    m_metrics.eventSent(eventName(event), sent);
}

void Hub::attach(ClientSession *session, const QString &userId, const QString &tokenHash)
{
    const bool wasOnline = isOnline(userId);
    m_sessions.add(session, userId, tokenHash);
    if (!wasOnline)
        announcePresence(userId, true);
}

void Hub::detach(ClientSession *session, const QString &userId, const QString &tokenHash)
{
    m_sessions.remove(session, userId, tokenHash);
    if (isOnline(userId))
        return;
    const QList<QString> keys = m_typing.keys();
    for (const QString &key : keys) {
        if (key.endsWith(QLatin1Char('\n') + userId))
            stopTyping(key);
    }
    announcePresence(userId, false);
}

bool Hub::isOnline(const QString &userId) const
{
    return !m_sessions.forUser(userId).isEmpty();
}

void Hub::announcePresence(QString userId, bool online)
{
    QPointer<Hub> self(this);
    announce(self, m_storage, userId, online, [this, userId, online](const QStringList &contacts, qint64 now) {
        // The state may have changed while storage answered; announce only what is still true.
        if (isOnline(userId) != online)
            return;
        publish(Event::Presence,
                {{QStringLiteral("user_id"), userId},
                 {QStringLiteral("online"), online},
                 {QStringLiteral("last_seen"), online ? QJsonValue() : QJsonValue(formatTimestamp(now))}},
                contacts);
    });
}

void Hub::typing(const QString &conversationId, const QString &userId, bool active, const QStringList &memberIds)
{
    const QString key = typingKey(conversationId, userId);
    if (!active) {
        stopTyping(key);
        return;
    }
    TypingState &state = m_typing[key];
    state.memberIds = memberIds;
    state.memberIds.removeAll(userId);
    if (!state.expiry) {
        state.expiry = new QTimer(this);
        state.expiry->setSingleShot(true);
        connect(state.expiry, &QTimer::timeout, this, [this, key] { stopTyping(key); });
    }
    state.expiry->start(kTypingExpiryMs);
    publish(Event::Typing,
            {{QStringLiteral("conversation_id"), conversationId},
             {QStringLiteral("user_id"), userId},
             {QStringLiteral("active"), true}},
            state.memberIds);
}

void Hub::stopTyping(const QString &key)
{
    auto it = m_typing.find(key);
    if (it == m_typing.end())
        return;
    const QStringList recipients = it->memberIds;
    QTimer *timer = it->expiry;
    m_typing.erase(it);
    if (timer) {
        timer->stop();
        timer->deleteLater(); // may be the timer whose timeout called us
    }
    const qsizetype split = key.indexOf(QLatin1Char('\n'));
    publish(Event::Typing,
            {{QStringLiteral("conversation_id"), key.left(split)},
             {QStringLiteral("user_id"), key.mid(split + 1)},
             {QStringLiteral("active"), false}},
            recipients);
}

} // namespace parley::server
