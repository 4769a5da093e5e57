#include "Synchronizer.h"

#include "core/connection/Connection.h"
#include "core/connection/Guarded.h"
#include "core/store/ChatStore.h"

#include <QCoroTask>

#include <algorithm>

namespace parley::client {
namespace {

constexpr int kUsersPerRequest = 100; // users.get takes at most 100 ids
constexpr int kFirstPage = 50;

} // namespace

Synchronizer::Synchronizer(Api &api, ChatStore &store, Connection &connection, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
    , m_connection(connection)
{
}

QCoro::Task<bool> Synchronizer::catchUp()
{
    auto pending = guardedResult(this, m_api.listConversations());
    auto listed = co_await pending;
    if (!listed)
        co_return false; // a lost connection brings another catchUp
    const QList<Conversation> conversations = listed.value();
    m_store.applyConversationList(conversations);

    QStringList memberIds;
    for (const Conversation &conversation : conversations) {
        for (const Member &member : conversation.members)
            memberIds.append(member.userId);
    }
    memberIds.removeDuplicates();
    auto users = guarded(this, fetchUsers(memberIds, true));
    if (!co_await users)
        co_return false;

    for (const Conversation &conversation : conversations) {
        auto sync = guarded(this, syncConversation(conversation));
        if (!co_await sync || !m_connection.isOnline())
            co_return false;
    }
    m_synced = true;
    co_return true;
}

QCoro::Task<void> Synchronizer::adopt(Conversation conversation, bool withMessages)
{
    m_store.applyConversation(conversation);
    auto users = guarded(this, fetchUsers(m_store.unknownUsers(conversation), false));
    if (!co_await users || !withMessages)
        co_return;
    // The conversation's (system) messages come by sync, like any other change.
    auto sync = syncConversation(conversation);
    co_await sync;
}

QCoro::Task<void> Synchronizer::fetchConversation(QString conversationId)
{
    auto pending = guardedResult(this, m_api.getConversation(conversationId));
    auto reply = co_await pending;
    if (!reply)
        co_return;
    auto adopting = adopt(reply.value(), true);
    co_await adopting;
}

QCoro::Task<void> Synchronizer::fetchUsers(QStringList ids, bool refreshKnown)
{
    if (!refreshKnown) {
        ids.erase(
            std::remove_if(ids.begin(), ids.end(), [this](const QString &id) { return m_store.user(id) != nullptr; }),
            ids.end());
    }
    ids.removeAll(m_store.self().id);
    for (qsizetype start = 0; start < ids.size(); start += kUsersPerRequest) {
        auto pending = guardedResult(this, m_api.getUsers(ids.mid(start, kUsersPerRequest)));
        auto users = co_await pending;
        if (!users)
            co_return;
        m_store.applyUsers(users.value());
    }
}

QCoro::Task<void> Synchronizer::syncConversation(Conversation conversation)
{
    SyncCursor cursor = m_store.cursor(conversation.id);
    if (conversation.rev <= cursor.syncedRev)
        co_return;
    if (cursor.syncedRev == 0) {
        // First time: the newest page is enough to show the conversation; older pages come
        // from messages.history when the user scrolls up.
        auto pending = guardedResult(this, m_api.history(conversation.id, std::nullopt, kFirstPage));
        auto page = co_await pending;
        if (page)
            m_store.applyFirstPage(conversation.id, conversation.rev, page.value());
        co_return;
    }
    bool more = true;
    while (more) {
        auto pending = guardedResult(this, m_api.sync(conversation.id, cursor.syncedRev));
        auto page = co_await pending;
        if (!page)
            co_return;
        m_store.applySyncPage(conversation.id, page.value());
        cursor = m_store.cursor(conversation.id);
        more = page->hasMore;
    }
}

QCoro::Task<ApiResult<MessagePage>> Synchronizer::loadOlder(QString conversationId, qint64 beforeSeq, int limit)
{
    MessagePage page = m_store.cachedPage(conversationId, beforeSeq, limit);
    const qint64 floor = m_store.cursor(conversationId).historyFloor;
    if (page.messages.size() >= limit || floor == 0)
        co_return page;

    auto pending = guardedResult(this, m_api.history(conversationId, floor, limit));
    auto fetched = co_await pending;
    if (!fetched)
        co_return fetched.error();
    m_store.applyOlderPage(conversationId, fetched.value());
    co_return m_store.cachedPage(conversationId, beforeSeq, limit);
}

} // namespace parley::client
