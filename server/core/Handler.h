#pragma once

#include "ServerContext.h"

#include <protocol/Envelope.h>

#include <QCoroFwd>
#include <QJsonObject>

#include <optional>

namespace parley::server {

/// What a handler may know about the connection that sent the request: a snapshot, since the
/// connection may be gone by the time the handler resumes.
struct CallContext
{
    std::optional<Identity> identity;
};

/// What a handler decides. The router sends the reply and applies the change to the
/// connection, if it still exists.
struct HandlerOutcome
{
    enum class SessionChange { None, Authenticate, LogOut };

    Result<QJsonObject, ProtocolError> reply = QJsonObject();
    SessionChange change = SessionChange::None;
    Identity identity; ///< with Authenticate: the new identity; with LogOut: the one logged out

    static HandlerOutcome ok(QJsonObject data = {}) { return HandlerOutcome{std::move(data), SessionChange::None, {}}; }
    static HandlerOutcome error(ProtocolError error)
    {
        return HandlerOutcome{std::move(error), SessionChange::None, {}};
    }
};

} // namespace parley::server
