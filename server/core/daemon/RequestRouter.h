#pragma once

#include "Handler.h"

#include <QObject>
#include <QPointer>

namespace parley::server {

class ClientSession;

/// Sends each decoded request to its handler and the handler's outcome back to the
/// connection. Counts requests in flight so that shutdown can wait for them.
class RequestRouter : public QObject
{
    Q_OBJECT
public:
    explicit RequestRouter(ServerContext &context, QObject *parent = nullptr);

    /// Handles one request from an authenticated-or-not session (the session has already
    /// checked that the op is allowed in its state).
    void dispatch(ClientSession *session, Request request);
    int inFlight() const { return m_inFlight; }
    ServerContext &context() { return m_context; }

Q_SIGNALS:
    void drained();

private:
    QCoro::Task<void> run(QPointer<ClientSession> session, Request request);
    QCoro::Task<HandlerOutcome> handle(const CallContext &call, const Request &request);
    void apply(ClientSession &session, const HandlerOutcome &outcome);

    ServerContext &m_context;
    int m_inFlight = 0;
};

} // namespace parley::server
