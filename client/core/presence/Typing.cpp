#include "Typing.h"

#include "core/SessionText.h"
#include "core/connection/Api.h"
#include "core/connection/Connection.h"
#include "core/store/ChatStore.h"

#include <QCoroTask>
#include <QDateTime>

namespace parley::client {
namespace {

constexpr qint64 kTypingRefreshMs = 3000; // resend "typing" while the user keeps typing
constexpr qint64 kTypingShownMs = 7000;   // the server says stop after 6 s; allow for lag

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

Typing::Typing(Api &api, ChatStore &store, Connection &connection, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
    , m_connection(connection)
{
    m_expiryTimer.setInterval(1000);
    connect(&m_expiryTimer, &QTimer::timeout, this, &Typing::expire);
}

void Typing::noteTyping(const QString &conversationId, bool active)
{
    if (!m_connection.isOnline())
        return;
    const qint64 now = nowMs();
    if (active) {
        if (now - m_sentAt.value(conversationId, 0) < kTypingRefreshMs)
            return;
        m_sentAt.insert(conversationId, now);
    } else {
        if (!m_sentAt.contains(conversationId))
            return;
        m_sentAt.remove(conversationId);
    }
    auto task = m_api.typing(conversationId, active);
    Q_UNUSED(task);
}

void Typing::apply(const TypingEvent &event)
{
    if (!m_store.conversation(event.conversationId) || event.userId == m_store.self().id)
        return;
    if (event.active) {
        m_typing[event.conversationId].insert(event.userId, nowMs() + kTypingShownMs);
        if (!m_expiryTimer.isActive())
            m_expiryTimer.start();
    } else if (!m_typing[event.conversationId].remove(event.userId)) {
        return;
    }
    Q_EMIT typingChanged(event.conversationId);
    Q_EMIT conversationChanged(event.conversationId);
}

void Typing::stopped(const QString &conversationId, const QString &userId)
{
    if (m_typing[conversationId].remove(userId))
        Q_EMIT typingChanged(conversationId);
}

void Typing::userWentOffline(const QString &userId)
{
    for (auto typing = m_typing.begin(); typing != m_typing.end(); ++typing) {
        if (typing->remove(userId))
            Q_EMIT typingChanged(typing.key());
    }
}

void Typing::forgetConversation(const QString &conversationId)
{
    m_typing.remove(conversationId);
}

QString Typing::typingText(const QString &conversationId) const
{
    const auto typers = m_typing.value(conversationId).keys();
    if (typers.isEmpty())
        return {};
    if (typers.size() == 1)
        return SessionText::tr("%1 is typing…").arg(m_store.displayName(typers.first()));
    if (typers.size() == 2) {
        return SessionText::tr("%1 and %2 are typing…")
            .arg(m_store.displayName(typers.at(0)), m_store.displayName(typers.at(1)));
    }
    return SessionText::tr("%n people are typing…", nullptr, int(typers.size()));
}

void Typing::expire()
{
    const qint64 now = nowMs();
    bool any = false;
    for (auto it = m_typing.begin(); it != m_typing.end(); ++it) {
        bool changed = false;
        for (auto typer = it->begin(); typer != it->end();) {
            if (typer.value() <= now) {
                typer = it->erase(typer);
                changed = true;
            } else {
                ++typer;
                any = true;
            }
        }
        if (changed) {
            Q_EMIT typingChanged(it.key());
            Q_EMIT conversationChanged(it.key());
        }
    }
    if (!any)
        m_expiryTimer.stop();
}

} // namespace parley::client
