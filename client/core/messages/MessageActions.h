#pragma once

#include "core/connection/Api.h"

#include <QCoroFwd>
#include <QObject>

namespace parley::client {

class ChatStore;

/// What the user does to a message already sent: edit it, delete it for everyone or only
/// for themselves. The store shows the outcome at once; the new rev comes with the next sync.
class MessageActions : public QObject
{
    Q_OBJECT
public:
    MessageActions(Api &api, ChatStore &store, QObject *parent = nullptr);

    QCoro::Task<ApiResult<std::monostate>> deleteMessage(QString messageId, bool forEveryone);
    QCoro::Task<ApiResult<std::monostate>> editMessage(QString messageId, QString text);

private:
    Api &m_api;
    ChatStore &m_store;
};

} // namespace parley::client
