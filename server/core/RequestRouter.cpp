#include "RequestRouter.h"

#include <QCoroTask>

#include "AuthHandlers.h"
#include "ClientSession.h"
#include "ConversationHandlers.h"
#include "MessageHandlers.h"
#include "Metrics.h"
#include "SessionRegistry.h"
#include "UserHandlers.h"

#include <QElapsedTimer>

namespace parley::server {

namespace {

using Handler = QCoro::Task<HandlerOutcome> (*)(ServerContext &, const CallContext &, const Request &);

// The one table from op to handler; null for ping, which needs no handler.
Handler handlerFor(Op op)
{
    switch (op) {
    case Op::Ping:
        return nullptr;
    case Op::AuthRegister:
        return auth::registerAccount;
    case Op::AuthLogin:
        return auth::login;
    case Op::AuthResume:
        return auth::resume;
    case Op::AuthLogout:
        return auth::logout;
    case Op::UsersSearch:
        return userOps::search;
    case Op::UsersGet:
        return userOps::get;
    case Op::ConversationsList:
        return conversationOps::list;
    case Op::ConversationsGet:
        return conversationOps::get;
    case Op::ConversationsDirect:
        return conversationOps::direct;
    case Op::ConversationsDelete:
        return conversationOps::remove;
    case Op::GroupsCreate:
        return conversationOps::groupCreate;
    case Op::GroupsUpdate:
        return conversationOps::groupUpdate;
    case Op::GroupsAdd:
        return conversationOps::groupAdd;
    case Op::GroupsRemove:
        return conversationOps::groupRemove;
    case Op::GroupsLeave:
        return conversationOps::groupLeave;
    case Op::GroupsPromote:
        return conversationOps::groupPromote;
    case Op::MessagesSend:
        return messageOps::send;
    case Op::MessagesHistory:
        return messageOps::history;
    case Op::MessagesSync:
        return messageOps::sync;
    case Op::MessagesDelivered:
        return messageOps::delivered;
    case Op::MessagesRead:
        return messageOps::read;
    case Op::MessagesDelete:
        return messageOps::remove;
    case Op::MessagesEdit:
        return messageOps::edit;
    case Op::UnreadCount:
        return messageOps::unreadCount;
    case Op::Typing:
        return messageOps::typing;
    }
    return nullptr;
}

} // namespace

RequestRouter::RequestRouter(ServerContext &context, QObject *parent)
    : QObject(parent)
    , m_context(context)
{
}

void RequestRouter::dispatch(ClientSession *session, Request request)
{
    run(QPointer<ClientSession>(session), std::move(request));
}

QCoro::Task<HandlerOutcome> RequestRouter::handle(const CallContext &call, const Request &request)
{
    const Handler handler = handlerFor(request.op);
    if (!handler)
        co_return HandlerOutcome::ok(); // ping
    auto task = handler(m_context, call, request);
    co_return co_await std::move(task);
}

QCoro::Task<void> RequestRouter::run(QPointer<ClientSession> session, Request request)
{
    ++m_inFlight;
    QElapsedTimer clock;
    clock.start();
    const CallContext call{session->identity(), session->id()};
    auto handling = handle(call, request);
    const HandlerOutcome outcome = co_await std::move(handling);
    m_context.metrics.requestFinished(opName(request.op),
                                      outcome.reply ? QStringLiteral("ok") : errorCodeName(outcome.reply.error().code),
                                      double(clock.nsecsElapsed()) / 1e6);
    if (session) {
        apply(*session, outcome);
        if (outcome.reply)
            session->sendOk(request.id, outcome.reply.value());
        else
            session->sendError(request.id, outcome.reply.error());
    }
    if (--m_inFlight == 0)
        Q_EMIT drained();
}

void RequestRouter::apply(ClientSession &session, const HandlerOutcome &outcome)
{
    switch (outcome.change) {
    case HandlerOutcome::SessionChange::None:
        break;
    case HandlerOutcome::SessionChange::Authenticate:
        session.authenticate(outcome.identity);
        break;
    case HandlerOutcome::SessionChange::LogOut:
        // The token is revoked: every connection that used it is logged out, not just this one.
        for (ClientSession *other : m_context.sessions.forToken(outcome.identity.tokenHash))
            other->deauthenticate();
        session.deauthenticate();
        break;
    }
}

} // namespace parley::server
