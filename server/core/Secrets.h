#pragma once

#include <QString>

namespace parley::server {

/// Random ids, session tokens and token hashes. Call `initializeSodium()` once at start.
bool initializeSodium();

/// A new session token: 256 random bits, base64url without padding (43 characters).
QString newSessionToken();
/// What is stored for a token: its SHA-256 in hex. A stolen database yields no usable token.
QString hashSessionToken(const QString &token);
/// A new opaque id for users and other server-assigned objects (96 random bits, base64url).
QString newObjectId();
/// A new message id: 48 bits of `nowMsecs` then 48 random bits, base64url (16 characters, like
/// `newObjectId`). Still opaque to clients; the time prefix only keeps index inserts together.
QString newMessageId(qint64 nowMsecs);

} // namespace parley::server
