#include "ChatStore.h"

#include "core/SessionText.h"

#include <algorithm>
#include <limits>

namespace parley::client {
namespace {

// Below the oldest message of a history page, the server holds more only when it says so.
qint64 historyFloorAfter(const MessagePage &page)
{
    return page.hasMore && !page.messages.isEmpty() ? page.messages.first().seq : 0;
}

} // namespace

ChatStore::ChatStore(std::unique_ptr<LocalCache> cache, const User &self, QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_self(self)
{
}

ChatStore::~ChatStore() = default;

void ChatStore::load()
{
    for (const User &user : m_cache->users())
        m_users.insert(user.id, user);
    for (auto &cached : m_cache->conversations()) {
        m_cursors.insert(cached.conversation.id, cached.cursor);
        m_conversations.insert(cached.conversation.id, std::move(cached.conversation));
    }
    m_outbox = m_cache->outbox();
    // Presence in the cache is from the last run; it is refreshed after connecting.
    for (User &user : m_users)
        user.online = false;
}

const Conversation *ChatStore::conversation(const QString &conversationId) const
{
    auto it = m_conversations.constFind(conversationId);
    return it == m_conversations.constEnd() ? nullptr : &it.value();
}

const User *ChatStore::user(const QString &userId) const
{
    if (userId == m_self.id)
        return &m_self;
    auto it = m_users.constFind(userId);
    return it == m_users.constEnd() ? nullptr : &it.value();
}

QString ChatStore::displayName(const QString &userId) const
{
    const User *found = user(userId);
    if (!found)
        return SessionText::tr("Unknown user");
    return found->displayName.isEmpty() ? found->username : found->displayName;
}

QString ChatStore::peerId(const Conversation &conversation) const
{
    if (conversation.type != Conversation::Type::Direct)
        return {};
    for (const Member &member : conversation.members) {
        if (member.userId != m_self.id)
            return member.userId;
    }
    return m_self.id; // a note to self is not possible in v1, but stay total
}

QString ChatStore::title(const Conversation &conversation) const
{
    if (conversation.type == Conversation::Type::Group)
        return conversation.title;
    return displayName(peerId(conversation));
}

QStringList ChatStore::unknownUsers(const Conversation &conversation) const
{
    QStringList ids;
    for (const Member &member : conversation.members) {
        if (!user(member.userId))
            ids.append(member.userId);
    }
    return ids;
}

QList<OutboxEntry> ChatStore::outbox(const QString &conversationId) const
{
    QList<OutboxEntry> entries;
    for (const OutboxEntry &entry : m_outbox) {
        if (entry.conversationId == conversationId)
            entries.append(entry);
    }
    return entries;
}

int ChatStore::totalUnread() const
{
    qint64 total = 0;
    for (const Conversation &conversation : m_conversations)
        total += conversation.unreadCount;
    return int(std::min<qint64>(total, std::numeric_limits<int>::max()));
}

MessagePage ChatStore::cachedPage(const QString &conversationId, qint64 beforeSeq, int limit)
{
    // The cache holds every message from the history floor up; below it, only the server knows.
    const qint64 floor = m_cursors.value(conversationId).historyFloor;
    MessagePage page;
    page.messages = m_cache->messages(conversationId, beforeSeq, limit);
    page.messages.erase(std::remove_if(page.messages.begin(), page.messages.end(),
                                       [floor](const Message &message) { return message.seq < floor; }),
                        page.messages.end());
    const qint64 oldest = page.messages.isEmpty() ? beforeSeq : page.messages.first().seq;
    page.hasMore = floor > 0 || !m_cache->messages(conversationId, oldest, 1).isEmpty();
    return page;
}

void ChatStore::applyConversationList(const QList<Conversation> &listed)
{
    QSet<QString> present;
    for (const Conversation &conversation : listed)
        present.insert(conversation.id);
    for (const QString &id : m_conversations.keys()) {
        if (!present.contains(id))
            forgetConversation(id);
    }
    m_cache->begin();
    for (const Conversation &conversation : listed)
        applyConversation(conversation);
    m_cache->commit();
}

void ChatStore::applyConversation(const Conversation &conversation)
{
    auto it = m_conversations.find(conversation.id);
    Conversation updated = conversation;
    // A reply may be older than the messages this client already holds: keep the newer ones.
    if (it != m_conversations.end() && it->lastSeq > updated.lastSeq) {
        updated.lastSeq = it->lastSeq;
        updated.lastMessage = it->lastMessage;
    }
    if (!m_cursors.contains(conversation.id))
        m_cursors.insert(conversation.id, SyncCursor{});
    m_conversations.insert(conversation.id, updated);
    m_cache->saveConversation(updated, m_self.id);
    Q_EMIT conversationChanged(conversation.id);
    Q_EMIT receiptsChanged(conversation.id);
    emitUnreadIfChanged();
}

void ChatStore::forgetConversation(const QString &conversationId)
{
    if (!m_conversations.remove(conversationId))
        return;
    m_cursors.remove(conversationId);
    m_cache->removeConversation(conversationId);
    bool outboxTouched = false;
    for (OutboxEntry &entry : m_outbox) {
        if (entry.conversationId == conversationId && entry.failure.isEmpty()) {
            entry.failure = SessionText::tr("You are no longer in this conversation");
            m_cache->markOutboxFailed(entry.clientId, entry.failure);
            outboxTouched = true;
        }
    }
    Q_EMIT conversationRemoved(conversationId);
    if (outboxTouched)
        Q_EMIT outboxChanged(conversationId);
    emitUnreadIfChanged();
}

void ChatStore::applyMessages(const QString &conversationId, const QList<Message> &messages, bool live)
{
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end() || messages.isEmpty())
        return;
    m_cache->saveMessages(messages, m_self.id);
    SyncCursor cursor = m_cursors.value(conversationId);
    bool cursorMoved = false;
    for (const Message &message : messages) {
        if (message.seq >= it->lastSeq) {
            it->lastSeq = message.seq;
            it->lastMessage = message;
        } else if (it->lastMessage && it->lastMessage->id == message.id) {
            it->lastMessage = message;
        }
        it->rev = std::max(it->rev, message.rev);
        // The sync cursor moves only when nothing can have been missed.
        if (message.rev == cursor.syncedRev + 1) {
            cursor.syncedRev = message.rev;
            cursorMoved = true;
        }
        if (live && message.senderId != m_self.id && message.kind == Message::Kind::Text && !message.deleted) {
            ++it->unreadCount;
            Q_EMIT incomingMessage(message);
        }
    }
    if (cursorMoved)
        saveCursor(conversationId, cursor);
    m_cache->saveConversation(*it, m_self.id);
    Q_EMIT messagesChanged(conversationId, messages);
    Q_EMIT conversationChanged(conversationId);
    emitUnreadIfChanged();
}

void ChatStore::applyFirstPage(const QString &conversationId, qint64 rev, const MessagePage &page)
{
    SyncCursor cursor;
    cursor.syncedRev = rev;
    cursor.historyFloor = historyFloorAfter(page);
    applyPage(conversationId, cursor, page);
}

void ChatStore::applySyncPage(const QString &conversationId, const MessagePage &page)
{
    SyncCursor cursor = m_cursors.value(conversationId);
    cursor.syncedRev = std::max(cursor.syncedRev, page.rev.value_or(0));
    applyPage(conversationId, cursor, page);
}

void ChatStore::applyPage(const QString &conversationId, const SyncCursor &cursor, const MessagePage &page)
{
    m_cache->begin();
    saveCursor(conversationId, cursor);
    applyMessages(conversationId, page.messages, false);
    m_cache->commit();
}

void ChatStore::applyOlderPage(const QString &conversationId, const MessagePage &page)
{
    SyncCursor cursor = m_cursors.value(conversationId);
    cursor.historyFloor = historyFloorAfter(page);
    m_cache->begin();
    m_cache->saveMessages(page.messages, m_self.id);
    saveCursor(conversationId, cursor);
    m_cache->commit();
}

void ChatStore::removeMessage(const Message &message)
{
    m_cache->removeMessage(message.id);
    Q_EMIT messageRemoved(message.conversationId, message.id);
}

void ChatStore::applyUsers(const QList<User> &users)
{
    m_cache->saveUsers(users);
    for (const User &fetched : users) {
        m_users.insert(fetched.id, fetched);
        Q_EMIT userChanged(fetched.id);
    }
}

bool ChatStore::applyPresence(const PresenceEvent &presence)
{
    auto it = m_users.find(presence.userId);
    if (it == m_users.end())
        return false;
    it->online = presence.online;
    if (presence.lastSeenMsecs)
        it->lastSeenMsecs = *presence.lastSeenMsecs;
    m_cache->saveUsers({*it});
    Q_EMIT userChanged(presence.userId);
    return true;
}

void ChatStore::applyReceipt(const ReceiptEvent &receipt)
{
    auto it = m_conversations.find(receipt.conversationId);
    if (it == m_conversations.end())
        return;
    for (Member &member : it->members) {
        if (member.userId != receipt.userId)
            continue;
        member.deliveredSeq = std::max(member.deliveredSeq, receipt.deliveredSeq);
        member.readSeq = std::max(member.readSeq, receipt.readSeq);
        // Read on another device of this user.
        if (receipt.userId == m_self.id && member.readSeq >= it->lastSeq)
            it->unreadCount = 0;
    }
    m_cache->saveConversation(*it, m_self.id);
    Q_EMIT receiptsChanged(receipt.conversationId);
    Q_EMIT conversationChanged(receipt.conversationId);
    emitUnreadIfChanged();
}

std::optional<qint64> ChatStore::markReadLocally(const QString &conversationId)
{
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end())
        return std::nullopt;
    Member *me = selfMember(*it);
    const qint64 seq = it->lastSeq;
    if (it->unreadCount == 0 && (!me || me->readSeq >= seq))
        return std::nullopt;
    it->unreadCount = 0;
    if (me) {
        me->readSeq = std::max(me->readSeq, seq);
        me->deliveredSeq = std::max(me->deliveredSeq, seq);
    }
    m_cache->saveConversation(*it, m_self.id);
    Q_EMIT conversationChanged(conversationId);
    emitUnreadIfChanged();
    return seq;
}

bool ChatStore::deliveryDue(const QString &conversationId) const
{
    auto it = m_conversations.constFind(conversationId);
    if (it == m_conversations.constEnd())
        return false;
    for (const Member &member : it->members) {
        if (member.userId == m_self.id)
            return member.deliveredSeq < it->lastSeq;
    }
    return true;
}

bool ChatStore::addToOutbox(const OutboxEntry &entry)
{
    if (!m_cache->addToOutbox(entry))
        return false;
    m_outbox.append(entry);
    Q_EMIT outboxChanged(entry.conversationId);
    return true;
}

void ChatStore::setOutboxFailure(const QString &clientId, const QString &failure)
{
    for (OutboxEntry &entry : m_outbox) {
        if (entry.clientId == clientId && entry.failure != failure) {
            entry.failure = failure;
            m_cache->markOutboxFailed(clientId, failure);
            Q_EMIT outboxChanged(entry.conversationId);
        }
    }
}

bool ChatStore::discardFromOutbox(const QString &clientId)
{
    for (qsizetype i = 0; i < m_outbox.size(); ++i) {
        if (m_outbox.at(i).clientId == clientId && !m_outbox.at(i).failure.isEmpty()) {
            const QString conversationId = m_outbox.at(i).conversationId;
            m_cache->removeFromOutbox(clientId);
            m_outbox.removeAt(i);
            Q_EMIT outboxChanged(conversationId);
            return true;
        }
    }
    return false;
}

void ChatStore::acknowledge(const OutboxEntry &entry, const Message &sent)
{
    m_cache->begin();
    m_cache->removeFromOutbox(entry.clientId);
    m_outbox.erase(std::remove_if(m_outbox.begin(), m_outbox.end(),
                                  [&](const OutboxEntry &kept) { return kept.clientId == entry.clientId; }),
                   m_outbox.end());
    applyMessages(entry.conversationId, {sent}, false);
    m_cache->commit();
    Q_EMIT outboxChanged(entry.conversationId);
}

void ChatStore::saveCursor(const QString &conversationId, const SyncCursor &cursor)
{
    m_cursors.insert(conversationId, cursor);
    m_cache->saveCursor(conversationId, cursor);
}

Member *ChatStore::selfMember(Conversation &conversation)
{
    for (Member &member : conversation.members) {
        if (member.userId == m_self.id)
            return &member;
    }
    return nullptr;
}

void ChatStore::emitUnreadIfChanged()
{
    const int total = totalUnread();
    if (total == m_lastUnread)
        return;
    m_lastUnread = total;
    Q_EMIT totalUnreadChanged(total);
}

} // namespace parley::client
