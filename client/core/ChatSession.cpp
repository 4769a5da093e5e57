#include "ChatSession.h"

#include <protocol/Timestamp.h>

#include <QCoroTask>
#include <QJsonDocument>
#include <QPointer>
#include <QUuid>

#include <algorithm>

namespace parley::client {
namespace {

constexpr qint64 kTypingRefreshMs = 3000; // resend "typing" while the user keeps typing
constexpr qint64 kTypingShownMs = 7000;   // the server says stop after 6 s; allow for lag
constexpr int kUsersPerRequest = 100;     // users.get takes at most 100 ids
constexpr int kFirstPage = 50;

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

bool isTransient(const ProtocolError &error)
{
    // `unauthorized`: the session is gone, not the message; it goes out after signing in again.
    return error.code == ErrorCode::Unavailable || error.code == ErrorCode::RateLimited ||
           error.code == ErrorCode::Internal || error.code == ErrorCode::Unauthorized;
}

} // namespace

ChatSession::ChatSession(std::unique_ptr<LocalCache> cache, const QUrl &server, const QString &token, const User &self,
                         QObject *parent)
    : QObject(parent)
    , m_cache(std::move(cache))
    , m_api([this](const QString &op, const QJsonObject &data) { return m_connection.request(op, data); })
    , m_self(self)
    , m_token(token)
{
    m_connection.setEndpoint(server, token);
    connect(&m_connection, &Connection::authenticated, this, [this](const User &user) {
        m_self = user;
        auto task = onAuthenticated();
        Q_UNUSED(task);
    });
    connect(&m_connection, &Connection::eventReceived, this, &ChatSession::onEvent);
    connect(&m_connection, &Connection::sessionRejected, this, &ChatSession::sessionRejected);

    m_deliveredTimer.setSingleShot(true);
    m_deliveredTimer.setInterval(200);
    connect(&m_deliveredTimer, &QTimer::timeout, this, [this] {
        auto task = flushReceipts();
        Q_UNUSED(task);
    });
    m_typingTimer.setInterval(1000);
    connect(&m_typingTimer, &QTimer::timeout, this, &ChatSession::expireTyping);
}

ChatSession::~ChatSession() = default;

void ChatSession::start()
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
    m_connection.start();
}

void ChatSession::stop()
{
    m_connection.stop();
}

const Conversation *ChatSession::conversation(const QString &conversationId) const
{
    auto it = m_conversations.constFind(conversationId);
    return it == m_conversations.constEnd() ? nullptr : &it.value();
}

const User *ChatSession::user(const QString &userId) const
{
    if (userId == m_self.id)
        return &m_self;
    auto it = m_users.constFind(userId);
    return it == m_users.constEnd() ? nullptr : &it.value();
}

QString ChatSession::displayName(const QString &userId) const
{
    const User *found = user(userId);
    if (!found)
        return tr("Unknown user");
    return found->displayName.isEmpty() ? found->username : found->displayName;
}

QString ChatSession::peerId(const Conversation &conversation) const
{
    if (conversation.type != Conversation::Type::Direct)
        return {};
    for (const Member &member : conversation.members) {
        if (member.userId != m_self.id)
            return member.userId;
    }
    return m_self.id; // a note to self is not possible in v1, but stay total
}

QString ChatSession::title(const Conversation &conversation) const
{
    if (conversation.type == Conversation::Type::Group)
        return conversation.title;
    return displayName(peerId(conversation));
}

qint64 ChatSession::activityMsecs(const Conversation &conversation)
{
    return conversation.lastMessage ? conversation.lastMessage->createdAtMsecs : conversation.createdAtMsecs;
}

QDateTime ChatSession::activityTime(const Conversation &conversation) const
{
    return QDateTime::fromMSecsSinceEpoch(activityMsecs(conversation)).toLocalTime();
}

QString ChatSession::describe(const Message &message) const
{
    if (message.deleted)
        return tr("This message was deleted");
    if (message.kind == Message::Kind::Text)
        return message.text;

    const QJsonObject event = QJsonDocument::fromJson(message.text.toUtf8()).object();
    const QString kind = event.value(QStringLiteral("event")).toString();
    const QString by = event.value(QStringLiteral("by")).isString()
                           ? displayName(event.value(QStringLiteral("by")).toString())
                           : QString();
    const QString subject = displayName(event.value(QStringLiteral("user")).toString());
    if (kind == QStringLiteral("group_created"))
        return tr("%1 created the group").arg(by);
    if (kind == QStringLiteral("member_added"))
        return tr("%1 added %2").arg(by, subject);
    if (kind == QStringLiteral("member_removed"))
        return tr("%1 removed %2").arg(by, subject);
    if (kind == QStringLiteral("member_left"))
        return tr("%1 left").arg(subject);
    if (kind == QStringLiteral("title_changed"))
        return tr("%1 renamed the group to “%2”").arg(by, event.value(QStringLiteral("title")).toString());
    if (kind == QStringLiteral("description_changed"))
        return tr("%1 changed the description").arg(by);
    if (kind == QStringLiteral("admins_only_changed")) {
        return event.value(QStringLiteral("admins_only")).toBool() ? tr("%1 allowed only admins to send").arg(by)
                                                                   : tr("%1 allowed everyone to send").arg(by);
    }
    if (kind == QStringLiteral("admin_granted"))
        return by.isEmpty() ? tr("%1 is now an admin").arg(subject) : tr("%1 made %2 an admin").arg(by, subject);
    if (kind == QStringLiteral("admin_revoked"))
        return tr("%1 is no longer an admin").arg(subject);
    return tr("The group changed");
}

DeliveryState ChatSession::deliveryState(const Message &message) const
{
    if (message.senderId != m_self.id || message.kind != Message::Kind::Text)
        return DeliveryState::None;
    const Conversation *found = conversation(message.conversationId);
    if (!found)
        return DeliveryState::Sent;
    bool delivered = true;
    bool seen = true;
    bool others = false;
    for (const Member &member : found->members) {
        if (member.userId == m_self.id)
            continue;
        others = true;
        delivered = delivered && member.deliveredSeq >= message.seq;
        seen = seen && member.readSeq >= message.seq;
    }
    if (!others)
        return DeliveryState::Sent;
    if (seen)
        return DeliveryState::Seen;
    return delivered ? DeliveryState::Delivered : DeliveryState::Sent;
}

QList<OutboxEntry> ChatSession::outbox(const QString &conversationId) const
{
    QList<OutboxEntry> entries;
    for (const OutboxEntry &entry : m_outbox) {
        if (entry.conversationId == conversationId)
            entries.append(entry);
    }
    return entries;
}

QString ChatSession::typingText(const QString &conversationId) const
{
    const auto typers = m_typing.value(conversationId).keys();
    if (typers.isEmpty())
        return {};
    if (typers.size() == 1)
        return tr("%1 is typing…").arg(displayName(typers.first()));
    if (typers.size() == 2)
        return tr("%1 and %2 are typing…").arg(displayName(typers.at(0)), displayName(typers.at(1)));
    return tr("%n people are typing…", nullptr, int(typers.size()));
}

int ChatSession::totalUnread() const
{
    qint64 total = 0;
    for (const Conversation &conversation : m_conversations)
        total += conversation.unreadCount;
    return int(std::min<qint64>(total, std::numeric_limits<int>::max()));
}

QString ChatSession::sendText(const QString &conversationId, const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || !m_conversations.contains(conversationId))
        return {};
    OutboxEntry entry;
    entry.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.conversationId = conversationId;
    entry.text = trimmed;
    entry.createdAtMsecs = nowMs();
    if (!m_cache->addToOutbox(entry))
        return {};
    m_outbox.append(entry);
    noteTyping(conversationId, false);
    Q_EMIT outboxChanged(conversationId);
    auto task = flushOutbox();
    Q_UNUSED(task);
    return entry.clientId;
}

void ChatSession::retry(const QString &clientId)
{
    for (OutboxEntry &entry : m_outbox) {
        if (entry.clientId == clientId && !entry.failure.isEmpty()) {
            entry.failure.clear();
            m_cache->markOutboxFailed(clientId, {});
            Q_EMIT outboxChanged(entry.conversationId);
        }
    }
    auto task = flushOutbox();
    Q_UNUSED(task);
}

void ChatSession::discard(const QString &clientId)
{
    for (qsizetype i = 0; i < m_outbox.size(); ++i) {
        if (m_outbox.at(i).clientId == clientId && !m_outbox.at(i).failure.isEmpty()) {
            const QString conversationId = m_outbox.at(i).conversationId;
            m_cache->removeFromOutbox(clientId);
            m_outbox.removeAt(i);
            Q_EMIT outboxChanged(conversationId);
            return;
        }
    }
}

Member *ChatSession::selfMember(Conversation &conversation)
{
    for (Member &member : conversation.members) {
        if (member.userId == m_self.id)
            return &member;
    }
    return nullptr;
}

void ChatSession::markRead(const QString &conversationId)
{
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end())
        return;
    Member *me = selfMember(*it);
    const qint64 seq = it->lastSeq;
    if (it->unreadCount == 0 && (!me || me->readSeq >= seq))
        return;
    it->unreadCount = 0;
    if (me) {
        me->readSeq = std::max(me->readSeq, seq);
        me->deliveredSeq = std::max(me->deliveredSeq, seq);
    }
    m_cache->saveConversation(*it, m_self.id);
    m_pendingRead.insert(conversationId, seq);
    m_pendingDelivered.remove(conversationId);
    Q_EMIT conversationChanged(conversationId);
    emitUnreadIfChanged();
    if (!m_deliveredTimer.isActive())
        m_deliveredTimer.start();
}

void ChatSession::noteTyping(const QString &conversationId, bool active)
{
    if (!m_connection.isOnline())
        return;
    const qint64 now = nowMs();
    if (active) {
        if (now - m_typingSentAt.value(conversationId, 0) < kTypingRefreshMs)
            return;
        m_typingSentAt.insert(conversationId, now);
    } else {
        if (!m_typingSentAt.contains(conversationId))
            return;
        m_typingSentAt.remove(conversationId);
    }
    auto task = m_api.typing(conversationId, active);
    Q_UNUSED(task);
}

QCoro::Task<ApiResult<MessagePage>> ChatSession::loadOlder(QString conversationId, qint64 beforeSeq, int limit)
{
    // The cache holds every message from the history floor up; below it, only the server knows.
    const auto fromCache = [this, &conversationId, beforeSeq, limit] {
        const qint64 floor = m_cursors.value(conversationId).historyFloor;
        MessagePage page;
        page.messages = m_cache->messages(conversationId, beforeSeq, limit);
        page.messages.erase(std::remove_if(page.messages.begin(), page.messages.end(),
                                           [floor](const Message &message) { return message.seq < floor; }),
                            page.messages.end());
        const qint64 oldest = page.messages.isEmpty() ? beforeSeq : page.messages.first().seq;
        page.hasMore = floor > 0 || !m_cache->messages(conversationId, oldest, 1).isEmpty();
        return page;
    };
    MessagePage page = fromCache();
    const qint64 floor = m_cursors.value(conversationId).historyFloor;
    if (page.messages.size() >= limit || floor == 0)
        co_return page;

    QPointer<ChatSession> self(this);
    auto pending = m_api.history(conversationId, floor, limit);
    auto fetched = co_await pending;
    if (!self)
        co_return ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("closed"));
    if (!fetched)
        co_return fetched.error();
    SyncCursor cursor = m_cursors.value(conversationId);
    cursor.historyFloor = fetched->hasMore && !fetched->messages.isEmpty() ? fetched->messages.first().seq : 0;
    m_cursors.insert(conversationId, cursor);
    m_cache->begin();
    m_cache->saveMessages(fetched->messages, m_self.id);
    m_cache->saveCursor(conversationId, cursor);
    m_cache->commit();
    co_return fromCache();
}

QCoro::Task<ApiResult<QList<User>>> ChatSession::searchUsers(QString query)
{
    auto pending = m_api.searchUsers(query);
    auto found = co_await pending;
    co_return found;
}

QCoro::Task<ApiResult<QString>> ChatSession::openDirect(QString userId)
{
    QPointer<ChatSession> self(this);
    auto pending = m_api.directConversation(userId);
    auto reply = co_await pending;
    if (!self)
        co_return ProtocolError::make(ErrorCode::Unavailable, tr("closed"));
    if (!reply)
        co_return reply.error();
    applyConversation(reply.value());
    auto users = fetchUnknownUsers(unknownUsers(reply.value()), false);
    co_await users;
    co_return reply->id;
}

QCoro::Task<ApiResult<QString>> ChatSession::createGroup(QString title, QStringList memberIds, QString description)
{
    QPointer<ChatSession> self(this);
    auto pending = m_api.createGroup(title, memberIds, description);
    auto reply = co_await pending;
    if (!self)
        co_return ProtocolError::make(ErrorCode::Unavailable, tr("closed"));
    if (!reply)
        co_return reply.error();
    applyConversation(reply.value());
    auto users = fetchUnknownUsers(unknownUsers(reply.value()), false);
    co_await users;
    // The system messages of the new group come by sync, like any other change.
    auto sync = syncConversation(reply.value());
    co_await sync;
    co_return reply->id;
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::applyGroupChange(QCoro::Task<ApiResult<Conversation>> change)
{
    QPointer<ChatSession> self(this);
    auto reply = co_await change;
    if (!self)
        co_return ProtocolError::make(ErrorCode::Unavailable, QStringLiteral("closed"));
    if (!reply)
        co_return reply.error();
    applyConversation(reply.value());
    auto users = fetchUnknownUsers(unknownUsers(reply.value()), false);
    co_await users;
    if (!self)
        co_return ApiResult<std::monostate>(kSuccess);
    // The change's system messages come by sync, like any other change.
    auto sync = syncConversation(reply.value());
    co_await sync;
    co_return ApiResult<std::monostate>(kSuccess);
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::updateGroup(QString conversationId, GroupChanges changes)
{
    return applyGroupChange(m_api.updateGroup(conversationId, changes));
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::addMembers(QString conversationId, QStringList userIds)
{
    return applyGroupChange(m_api.addMembers(conversationId, userIds));
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::removeMember(QString conversationId, QString userId)
{
    return applyGroupChange(m_api.removeMember(conversationId, userId));
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::promote(QString conversationId, QString userId, bool admin)
{
    return applyGroupChange(m_api.promote(conversationId, userId, admin));
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::leaveGroup(QString conversationId)
{
    QPointer<ChatSession> self(this);
    auto pending = m_api.leaveGroup(conversationId);
    auto reply = co_await pending;
    if (self && reply)
        forgetConversation(conversationId);
    co_return reply;
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::deleteConversation(QString conversationId)
{
    QPointer<ChatSession> self(this);
    auto pending = m_api.deleteConversation(conversationId);
    auto reply = co_await pending;
    if (!reply)
        co_return reply.error();
    if (self)
        forgetConversation(conversationId);
    co_return ApiResult<std::monostate>(kSuccess);
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::deleteMessage(QString messageId, bool forEveryone)
{
    QPointer<ChatSession> self(this);
    auto pending = m_api.deleteMessage(messageId, forEveryone);
    auto reply = co_await pending;
    if (!self || !reply)
        co_return reply;
    auto message = m_cache->message(messageId);
    if (!message)
        co_return reply;
    if (forEveryone) {
        // The new state (and its rev) comes with the next sync; show it at once.
        message->deleted = true;
        message->text.clear();
        applyMessages(message->conversationId, {*message}, false);
    } else {
        m_cache->removeMessage(messageId);
        Q_EMIT messageRemoved(message->conversationId, messageId);
    }
    co_return reply;
}

QCoro::Task<ApiResult<std::monostate>> ChatSession::editMessage(QString messageId, QString text)
{
    QPointer<ChatSession> self(this);
    auto pending = m_api.edit(messageId, text);
    auto reply = co_await pending;
    if (!self)
        co_return ProtocolError::make(ErrorCode::Unavailable, tr("closed"));
    if (!reply)
        co_return reply.error();
    applyMessages(reply->conversationId, {reply.value()}, false);
    co_return ApiResult<std::monostate>(kSuccess);
}

QCoro::Task<void> ChatSession::logout()
{
    QPointer<ChatSession> self(this);
    if (m_connection.isOnline()) {
        auto pending = m_api.logout();
        co_await pending;
    }
    if (self)
        m_connection.stop();
}

// --- Keeping in step with the server ---

QCoro::Task<void> ChatSession::onAuthenticated()
{
    QPointer<ChatSession> self(this);
    auto receipts = flushReceipts();
    co_await receipts;
    if (!self)
        co_return;
    auto pending = m_api.listConversations();
    auto listed = co_await pending;
    if (!self || !listed)
        co_return; // a lost connection brings another onAuthenticated

    QSet<QString> present;
    QStringList memberIds;
    for (const Conversation &conversation : listed.value()) {
        present.insert(conversation.id);
        for (const Member &member : conversation.members)
            memberIds.append(member.userId);
    }
    for (const QString &id : m_conversations.keys()) {
        if (!present.contains(id))
            forgetConversation(id);
    }
    m_cache->begin();
    for (const Conversation &conversation : listed.value())
        applyConversation(conversation);
    m_cache->commit();

    memberIds.removeDuplicates();
    auto users = fetchUnknownUsers(memberIds, true);
    co_await users;
    if (!self)
        co_return;

    for (const Conversation &conversation : listed.value()) {
        auto sync = syncConversation(conversation);
        co_await sync;
        if (!self || !m_connection.isOnline())
            co_return;
    }
    m_synced = true;
    Q_EMIT syncFinished();
    auto flush = flushOutbox();
    co_await flush;
    if (!self)
        co_return;
    for (const Conversation &conversation : std::as_const(m_conversations)) {
        queueDelivered(conversation.id);
    }
}

QCoro::Task<void> ChatSession::syncConversation(Conversation conversation)
{
    QPointer<ChatSession> self(this);
    SyncCursor cursor = m_cursors.value(conversation.id);
    if (conversation.rev <= cursor.syncedRev)
        co_return;
    if (cursor.syncedRev == 0) {
        // First time: the newest page is enough to show the conversation; older pages come
        // from messages.history when the user scrolls up.
        auto pending = m_api.history(conversation.id, std::nullopt, kFirstPage);
        auto page = co_await pending;
        if (!self || !page)
            co_return;
        cursor.syncedRev = conversation.rev;
        cursor.historyFloor = page->hasMore && !page->messages.isEmpty() ? page->messages.first().seq : 0;
        m_cursors.insert(conversation.id, cursor);
        m_cache->begin();
        m_cache->saveCursor(conversation.id, cursor);
        applyMessages(conversation.id, page->messages, false);
        m_cache->commit();
        co_return;
    }
    bool more = true;
    while (more) {
        auto pending = m_api.sync(conversation.id, cursor.syncedRev);
        auto page = co_await pending;
        if (!self || !page)
            co_return;
        cursor = m_cursors.value(conversation.id);
        cursor.syncedRev = std::max(cursor.syncedRev, page->rev);
        m_cursors.insert(conversation.id, cursor);
        m_cache->begin();
        m_cache->saveCursor(conversation.id, cursor);
        applyMessages(conversation.id, page->messages, false);
        m_cache->commit();
        more = page->hasMore;
    }
}

QStringList ChatSession::unknownUsers(const Conversation &conversation) const
{
    QStringList ids;
    for (const Member &member : conversation.members) {
        if (!user(member.userId))
            ids.append(member.userId);
    }
    return ids;
}

QCoro::Task<void> ChatSession::fetchUnknownUsers(QStringList ids, bool refreshAll)
{
    QPointer<ChatSession> self(this);
    if (!refreshAll) {
        ids.erase(std::remove_if(ids.begin(), ids.end(), [this](const QString &id) { return user(id) != nullptr; }),
                  ids.end());
    }
    ids.removeAll(m_self.id);
    for (qsizetype start = 0; start < ids.size(); start += kUsersPerRequest) {
        auto pending = m_api.getUsers(ids.mid(start, kUsersPerRequest));
        auto users = co_await pending;
        if (!self || !users)
            co_return;
        m_cache->saveUsers(users.value());
        for (const User &fetched : users.value()) {
            m_users.insert(fetched.id, fetched);
            Q_EMIT userChanged(fetched.id);
        }
    }
}

QCoro::Task<void> ChatSession::flushOutbox()
{
    if (m_flushing) {
        m_flushAgain = true;
        co_return;
    }
    m_flushing = true;
    QPointer<ChatSession> self(this);
    do {
        m_flushAgain = false;
        const QList<OutboxEntry> entries = m_outbox;
        for (const OutboxEntry &entry : entries) {
            if (!entry.failure.isEmpty() || !m_connection.isOnline())
                continue;
            auto pending = m_api.send(entry.conversationId, entry.clientId, entry.text);
            auto sent = co_await pending;
            if (!self)
                co_return;
            if (!sent) {
                if (isTransient(sent.error()))
                    break; // sent again, with the same client_id, after the next connect
                m_cache->markOutboxFailed(entry.clientId, sent.error().message);
                for (OutboxEntry &kept : m_outbox) {
                    if (kept.clientId == entry.clientId)
                        kept.failure = sent.error().message;
                }
                Q_EMIT outboxChanged(entry.conversationId);
                continue;
            }
            m_cache->begin();
            m_cache->removeFromOutbox(entry.clientId);
            m_outbox.erase(std::remove_if(m_outbox.begin(), m_outbox.end(),
                                          [&](const OutboxEntry &kept) { return kept.clientId == entry.clientId; }),
                           m_outbox.end());
            applyMessages(entry.conversationId, {sent.value()}, false);
            m_cache->commit();
            Q_EMIT outboxChanged(entry.conversationId);
        }
    } while (m_flushAgain && m_connection.isOnline());
    m_flushing = false;
}

QCoro::Task<void> ChatSession::flushReceipts()
{
    if (!m_connection.isOnline())
        co_return;
    QPointer<ChatSession> self(this);
    const auto reads = std::exchange(m_pendingRead, {});
    for (auto it = reads.begin(); it != reads.end(); ++it) {
        auto pending = m_api.markRead(it.key(), it.value());
        auto reply = co_await pending;
        if (!self)
            co_return;
        if (!reply && isTransient(reply.error()))
            m_pendingRead.insert(it.key(), std::max(m_pendingRead.value(it.key()), it.value()));
    }
    const auto delivered = std::exchange(m_pendingDelivered, {});
    for (const QString &conversationId : delivered) {
        const Conversation *found = conversation(conversationId);
        if (!found)
            continue;
        auto pending = m_api.markDelivered(conversationId, found->lastSeq);
        auto reply = co_await pending;
        if (!self)
            co_return;
    }
}

QCoro::Task<void> ChatSession::fetchConversation(QString conversationId)
{
    QPointer<ChatSession> self(this);
    auto pending = m_api.getConversation(conversationId);
    auto reply = co_await pending;
    if (!self || !reply)
        co_return;
    applyConversation(reply.value());
    auto users = fetchUnknownUsers(unknownUsers(reply.value()), false);
    co_await users;
    if (!self)
        co_return;
    auto sync = syncConversation(reply.value());
    co_await sync;
}

void ChatSession::queueDelivered(const QString &conversationId)
{
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end())
        return;
    const Member *me = selfMember(*it);
    if (me && me->deliveredSeq >= it->lastSeq)
        return;
    m_pendingDelivered.insert(conversationId);
    if (!m_deliveredTimer.isActive())
        m_deliveredTimer.start();
}

void ChatSession::onEvent(const EventFrame &event)
{
    const QString &name = event.name;
    if (name == QStringLiteral("message.new") || name == QStringLiteral("message.updated")) {
        auto message = Message::fromJson(event.data.value(QStringLiteral("message")).toObject());
        if (!message)
            return;
        if (!m_conversations.contains(message->conversationId)) {
            auto task = fetchConversation(message->conversationId);
            Q_UNUSED(task);
            return;
        }
        applyMessages(message->conversationId, {*message}, name == QStringLiteral("message.new"));
    } else if (name == QStringLiteral("receipt")) {
        applyReceipt(event.data);
    } else if (name == QStringLiteral("typing")) {
        applyTyping(event.data);
    } else if (name == QStringLiteral("presence")) {
        applyPresence(event.data);
    } else if (name == QStringLiteral("conversation.updated")) {
        auto conversation = Conversation::fromJson(event.data.value(QStringLiteral("conversation")).toObject());
        if (!conversation)
            return;
        applyConversation(*conversation);
        auto task = fetchUnknownUsers(unknownUsers(*conversation), false);
        Q_UNUSED(task);
    } else if (name == QStringLiteral("conversation.removed")) {
        forgetConversation(event.data.value(QStringLiteral("conversation_id")).toString());
    }
    // Events newer than this client are ignored.
}

void ChatSession::applyMessages(const QString &conversationId, const QList<Message> &messages, bool live)
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
        if (live && message.senderId != m_self.id) {
            if (message.kind == Message::Kind::Text && !message.deleted) {
                ++it->unreadCount;
                Q_EMIT incomingMessage(message);
            }
            if (m_typing[conversationId].remove(message.senderId))
                Q_EMIT typingChanged(conversationId);
        }
    }
    if (cursorMoved) {
        m_cursors.insert(conversationId, cursor);
        m_cache->saveCursor(conversationId, cursor);
    }
    m_cache->saveConversation(*it, m_self.id);
    Q_EMIT messagesChanged(conversationId, messages);
    Q_EMIT conversationChanged(conversationId);
    emitUnreadIfChanged();
    if (live)
        queueDelivered(conversationId);
}

void ChatSession::applyConversation(const Conversation &conversation)
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

void ChatSession::forgetConversation(const QString &conversationId)
{
    if (!m_conversations.remove(conversationId))
        return;
    m_cursors.remove(conversationId);
    m_typing.remove(conversationId);
    m_cache->removeConversation(conversationId);
    bool outboxTouched = false;
    for (OutboxEntry &entry : m_outbox) {
        if (entry.conversationId == conversationId && entry.failure.isEmpty()) {
            entry.failure = tr("You are no longer in this conversation");
            m_cache->markOutboxFailed(entry.clientId, entry.failure);
            outboxTouched = true;
        }
    }
    Q_EMIT conversationRemoved(conversationId);
    if (outboxTouched)
        Q_EMIT outboxChanged(conversationId);
    emitUnreadIfChanged();
}

void ChatSession::applyReceipt(const QJsonObject &data)
{
    const QString conversationId = data.value(QStringLiteral("conversation_id")).toString();
    const QString userId = data.value(QStringLiteral("user_id")).toString();
    auto it = m_conversations.find(conversationId);
    if (it == m_conversations.end())
        return;
    for (Member &member : it->members) {
        if (member.userId != userId)
            continue;
        member.deliveredSeq = std::max(member.deliveredSeq, data.value(QStringLiteral("delivered_seq")).toInteger());
        member.readSeq = std::max(member.readSeq, data.value(QStringLiteral("read_seq")).toInteger());
        // Read on another device of this user.
        if (userId == m_self.id && member.readSeq >= it->lastSeq)
            it->unreadCount = 0;
    }
    m_cache->saveConversation(*it, m_self.id);
    Q_EMIT receiptsChanged(conversationId);
    Q_EMIT conversationChanged(conversationId);
    emitUnreadIfChanged();
}

void ChatSession::applyTyping(const QJsonObject &data)
{
    const QString conversationId = data.value(QStringLiteral("conversation_id")).toString();
    const QString userId = data.value(QStringLiteral("user_id")).toString();
    if (!m_conversations.contains(conversationId) || userId == m_self.id)
        return;
    if (data.value(QStringLiteral("active")).toBool()) {
        m_typing[conversationId].insert(userId, nowMs() + kTypingShownMs);
        if (!m_typingTimer.isActive())
            m_typingTimer.start();
    } else if (!m_typing[conversationId].remove(userId)) {
        return;
    }
    Q_EMIT typingChanged(conversationId);
    Q_EMIT conversationChanged(conversationId);
}

void ChatSession::expireTyping()
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
        m_typingTimer.stop();
}

void ChatSession::applyPresence(const QJsonObject &data)
{
    const QString userId = data.value(QStringLiteral("user_id")).toString();
    auto it = m_users.find(userId);
    if (it == m_users.end())
        return;
    it->online = data.value(QStringLiteral("online")).toBool();
    if (auto lastSeen = parseTimestamp(data.value(QStringLiteral("last_seen")).toString()))
        it->lastSeenMsecs = *lastSeen;
    m_cache->saveUsers({*it});
    if (!it->online) {
        for (auto typing = m_typing.begin(); typing != m_typing.end(); ++typing) {
            if (typing->remove(userId))
                Q_EMIT typingChanged(typing.key());
        }
    }
    Q_EMIT userChanged(userId);
}

void ChatSession::emitUnreadIfChanged()
{
    const int total = totalUnread();
    if (total == m_lastUnread)
        return;
    m_lastUnread = total;
    Q_EMIT totalUnreadChanged(total);
}

} // namespace parley::client
