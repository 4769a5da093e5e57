#pragma once

#include "ErrorCode.h"
#include "Registry.h"
#include "Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <variant>

namespace parley {

/// A decoded client request: `{"id": "...", "op": "...", "data": {...}}`.
struct Request
{
    QString id;
    Op op = Op::Ping;
    QJsonObject data;
};

/// Why a frame could not become a Request. `replyTo` is the request id when the frame was
/// an envelope with a usable id (e.g. unknown op); it is empty when the reply must carry
/// `"re": null` (not JSON, not an object, missing or malformed id/op).
struct RejectedFrame
{
    std::optional<QString> replyTo;
    ProtocolError error;
    /// True when the frame was not a usable envelope at all; such frames count towards the
    /// "garbage in a row" limit.
    bool undecodable = true;
    /// True when the envelope was fine but named an op this server does not know. Before
    /// login that is answered `unauthorized` like any other op outside auth.* and ping.
    bool unknownOp = false;
};

/// Decodes one text frame (UTF-8 bytes). Never throws; every defect becomes a RejectedFrame.
Result<Request, RejectedFrame> decodeRequest(QByteArrayView utf8);

/// Encoders for server → client frames (compact JSON, UTF-8). The QByteArrayView forms take
/// `data` already encoded as a JSON object (see JsonWriter).
QByteArray encodeOkReply(const QString &replyTo, const QJsonObject &data);
QByteArray encodeOkReply(const QString &replyTo, QByteArrayView dataJson);
QByteArray encodeErrorReply(const std::optional<QString> &replyTo, const ProtocolError &error);
QByteArray encodeEvent(Event event, const QJsonObject &data);
QByteArray encodeEvent(Event event, QByteArrayView dataJson);
/// Encoder for client → server frames.
QByteArray encodeRequest(const QString &id, const QString &op, const QJsonObject &data);

/// A frame as a client sees it: a reply to one of its requests, or an event.
struct Reply
{
    std::optional<QString> replyTo;
    bool ok = false;
    QJsonObject data;
    ProtocolError error; ///< meaningful when !ok
};

struct EventFrame
{
    QString name; ///< kept as text: a client must tolerate events newer than itself
    QJsonObject data;
};

using ServerFrame = std::variant<Reply, EventFrame>;

/// Decodes a server frame on the client side; the error says what is wrong with it.
Result<ServerFrame, QString> decodeServerFrame(QByteArrayView utf8);

} // namespace parley
