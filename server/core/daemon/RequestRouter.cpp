#include "daemon/RequestRouter.h"

#include <QCoroTask>

#include "Metrics.h"
#include "daemon/ClientSession.h"
#include "daemon/OpTable.h"
#include "realtime/EventBus.h"

#include <QElapsedTimer>

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
    const OpHandler handler = handlerFor(request.op);
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
        m_context.bus.revokeToken(outcome.identity.tokenHash);
        session.deauthenticate();
        break;
    }
}

} // namespace parley::server
