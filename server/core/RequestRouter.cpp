#include "RequestRouter.h"

#include <QCoroTask>

#include "AuthHandlers.h"
#include "ClientSession.h"
#include "SessionRegistry.h"

namespace parley::server {

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
    switch (request.op) {
    case Op::Ping:
        co_return HandlerOutcome::ok();
    case Op::AuthRegister: {
        auto task = auth::registerAccount(m_context, call, request);
        co_return co_await std::move(task);
    }
    case Op::AuthLogin: {
        auto task = auth::login(m_context, call, request);
        co_return co_await std::move(task);
    }
    case Op::AuthResume: {
        auto task = auth::resume(m_context, call, request);
        co_return co_await std::move(task);
    }
    case Op::AuthLogout: {
        auto task = auth::logout(m_context, call, request);
        co_return co_await std::move(task);
    }
    default:
        break;
    }
    co_return HandlerOutcome::error(ProtocolError::badRequest(QStringLiteral("unknown op"), QStringLiteral("op")));
}

QCoro::Task<void> RequestRouter::run(QPointer<ClientSession> session, Request request)
{
    ++m_inFlight;
    const CallContext call{session->identity()};
    auto handling = handle(call, request);
    const HandlerOutcome outcome = co_await std::move(handling);
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
