#include "ChatSession.h"

#include "core/connection/Guarded.h"
#include "core/messages/MessageText.h"

#include <QCoroTask>

namespace parley::client {

ChatSession::ChatSession(std::unique_ptr<LocalCache> cache, const QUrl &server, const QString &token, const User &self,
                         QObject *parent)
    : QObject(parent)
    , m_store(std::move(cache), self)
    , m_api([this](const QString &op, const QJsonObject &data) { return m_connection.request(op, data); })
    , m_sync(m_api, m_store, m_connection)
    , m_receipts(m_api, m_store, m_connection)
    , m_outbox(m_api, m_store, m_connection)
    , m_typing(m_api, m_store, m_connection)
    , m_messageActions(m_api, m_store)
    , m_conversationActions(m_api, m_store, m_sync)
{
    m_connection.setEndpoint(server, token);
    connect(&m_connection, &Connection::authenticated, this, [this](const User &user) {
        m_store.setSelf(user);
        auto task = onAuthenticated();
        Q_UNUSED(task);
    });
    connect(&m_connection, &Connection::sessionRejected, this, &ChatSession::sessionRejected);
    forwardSignals();
    routeEvents();
}

ChatSession::~ChatSession() = default;

void ChatSession::forwardSignals()
{
    // Typing notices of a conversation go with it, before anyone hears it is gone.
    connect(&m_store, &ChatStore::conversationRemoved, &m_typing, &Typing::forgetConversation);
    connect(&m_store, &ChatStore::conversationChanged, this, &ChatSession::conversationChanged);
    connect(&m_store, &ChatStore::conversationRemoved, this, &ChatSession::conversationRemoved);
    connect(&m_store, &ChatStore::messagesChanged, this, &ChatSession::messagesChanged);
    connect(&m_store, &ChatStore::messageRemoved, this, &ChatSession::messageRemoved);
    connect(&m_store, &ChatStore::outboxChanged, this, &ChatSession::outboxChanged);
    connect(&m_store, &ChatStore::receiptsChanged, this, &ChatSession::receiptsChanged);
    connect(&m_store, &ChatStore::userChanged, this, &ChatSession::userChanged);
    connect(&m_store, &ChatStore::incomingMessage, this, &ChatSession::incomingMessage);
    connect(&m_store, &ChatStore::totalUnreadChanged, this, &ChatSession::totalUnreadChanged);
    connect(&m_typing, &Typing::typingChanged, this, &ChatSession::typingChanged);
    connect(&m_typing, &Typing::conversationChanged, this, &ChatSession::conversationChanged);
}

void ChatSession::routeEvents()
{
    connect(&m_connection, &Connection::eventReceived, this,
            [this](const EventFrame &frame) { m_events.route(frame); });
    m_events.on<MessageEvent>(Event::MessageNew, [this](const MessageEvent &event) { onMessage(event.message, true); });
    m_events.on<MessageEvent>(Event::MessageUpdated,
                              [this](const MessageEvent &event) { onMessage(event.message, false); });
    m_events.on<ReceiptEvent>(Event::Receipt, [this](const ReceiptEvent &event) { m_store.applyReceipt(event); });
    m_events.on<TypingEvent>(Event::Typing, [this](const TypingEvent &event) { m_typing.apply(event); });
    m_events.on<PresenceEvent>(Event::Presence, [this](const PresenceEvent &event) {
        if (m_store.applyPresence(event) && !event.online)
            m_typing.userWentOffline(event.userId);
    });
    m_events.on<ConversationUpdatedEvent>(Event::ConversationUpdated, [this](const ConversationUpdatedEvent &event) {
        auto task = m_sync.adopt(event.conversation, false);
        Q_UNUSED(task);
    });
    m_events.on<ConversationRemovedEvent>(Event::ConversationRemoved, [this](const ConversationRemovedEvent &event) {
        m_store.forgetConversation(event.conversationId);
    });
}

void ChatSession::onMessage(const Message &message, bool live)
{
    if (!m_store.conversation(message.conversationId)) {
        auto task = m_sync.fetchConversation(message.conversationId);
        Q_UNUSED(task);
        return;
    }
    m_store.applyMessages(message.conversationId, {message}, live);
    if (!live)
        return;
    if (message.senderId != m_store.self().id)
        m_typing.stopped(message.conversationId, message.senderId);
    m_receipts.queueDelivered(message.conversationId);
}

void ChatSession::start()
{
    m_store.load();
    m_connection.start();
}

void ChatSession::stop()
{
    m_connection.stop();
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
    return describeMessage(message, m_store);
}

QString ChatSession::sendText(const QString &conversationId, const QString &text)
{
    const QString clientId = m_outbox.send(conversationId, text);
    if (!clientId.isEmpty())
        m_typing.noteTyping(conversationId, false);
    return clientId;
}

QCoro::Task<void> ChatSession::logout()
{
    if (m_connection.isOnline()) {
        auto pending = guarded(this, m_api.logout());
        if (!co_await pending)
            co_return;
    }
    m_connection.stop();
}

QCoro::Task<void> ChatSession::onAuthenticated()
{
    // Read marks first, so that the conversation list's unread counts already include them.
    auto receipts = guarded(this, m_receipts.flush());
    if (!co_await receipts)
        co_return;
    auto caughtUp = guarded(this, m_sync.catchUp());
    const auto done = co_await caughtUp;
    if (!done || !*done)
        co_return; // a lost connection brings another onAuthenticated
    Q_EMIT syncFinished();
    auto flushed = guarded(this, m_outbox.flush());
    if (co_await flushed)
        m_receipts.queueAllDelivered();
}

} // namespace parley::client
