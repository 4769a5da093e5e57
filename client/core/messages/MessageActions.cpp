#include "MessageActions.h"

#include "core/connection/Guarded.h"
#include "core/store/ChatStore.h"

#include <QCoroTask>

namespace parley::client {

MessageActions::MessageActions(Api &api, ChatStore &store, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_store(store)
{
}

QCoro::Task<ApiResult<std::monostate>> MessageActions::deleteMessage(QString messageId, bool forEveryone)
{
    auto pending = guardedResult(this, m_api.deleteMessage(messageId, forEveryone));
    auto reply = co_await pending;
    if (!reply)
        co_return reply;
    auto message = m_store.message(messageId);
    if (!message)
        co_return reply;
    if (forEveryone) {
        // The new state (and its rev) comes with the next sync; show it at once.
        message->deleted = true;
        message->text.clear();
        m_store.applyMessages(message->conversationId, {*message}, false);
    } else {
        m_store.removeMessage(*message);
    }
    co_return reply;
}

QCoro::Task<ApiResult<std::monostate>> MessageActions::editMessage(QString messageId, QString text)
{
    auto pending = guardedResult(this, m_api.edit(messageId, text));
    auto edited = co_await pending;
    if (!edited)
        co_return edited.error();
    m_store.applyMessages(edited->conversationId, {edited.value()}, false);
    co_return ApiResult<std::monostate>(kSuccess);
}

} // namespace parley::client
