#pragma once

#include "ServerContext.h"
#include "Storage.h"

#include <protocol/Envelope.h>

#include <QCoroFwd>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace parley::server {

/// What a handler may know about the connection that sent the request: a snapshot, since the
/// connection may be gone by the time the handler resumes.
struct CallContext
{
    std::optional<Identity> identity;
    quint64 sessionId = 0; ///< the requesting connection: events are never echoed to it

    /// The caller's user id (handlers past authentication only).
    const QString &userId() const { return identity->user.id; }
};

/// What a handler decides. The router sends the reply and applies the change to the
/// connection, if it still exists.
struct HandlerOutcome
{
    enum class SessionChange { None, Authenticate, LogOut };

    /// The reply's `data`, already encoded as a JSON object, or the error.
    Result<QByteArray, ProtocolError> reply = QByteArray("{}");
    SessionChange change = SessionChange::None;
    Identity identity; ///< with Authenticate: the new identity; with LogOut: the one logged out

    /// `data` written with a JsonWriter (the busiest replies).
    static HandlerOutcome okJson(QByteArray data) { return HandlerOutcome{std::move(data), SessionChange::None, {}}; }
    static HandlerOutcome ok(const QJsonObject &data = {})
    {
        return okJson(QJsonDocument(data).toJson(QJsonDocument::Compact));
    }
    static HandlerOutcome error(ProtocolError error)
    {
        return HandlerOutcome{std::move(error), SessionChange::None, {}};
    }
};

/// How a storage failure reads on the wire. Rule violations found inside a transaction keep
/// their meaning (not_found, forbidden, ...); failures of storage itself become `unavailable`.
ProtocolError toProtocolError(const StorageError &error);

} // namespace parley::server
