#include "Envelope.h"

#include "JsonWriter.h"
#include "Limits.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace parley {
namespace {

const QLatin1StringView kId("id");
const QLatin1StringView kOp("op");
const QLatin1StringView kData("data");
const QLatin1StringView kRe("re");
const QLatin1StringView kOk("ok");
const QLatin1StringView kError("error");
const QLatin1StringView kEv("ev");

RejectedFrame undecodable(const QString &message, const QString &field = {})
{
    return RejectedFrame{std::nullopt, ProtocolError::badRequest(message, field), true, false};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

Result<Request, RejectedFrame> decodeRequest(QByteArrayView utf8)
{
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(utf8.data(), utf8.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return undecodable(QStringLiteral("frame is not valid JSON: %1").arg(parseError.errorString()));
    if (!document.isObject())
        return undecodable(QStringLiteral("frame must be a JSON object"));

    const QJsonObject envelope = document.object();
    const QJsonValue id = envelope.value(kId);
    if (!id.isString())
        return undecodable(QStringLiteral("id must be a string"), kId);
    const QString idText = id.toString();
    if (idText.isEmpty() || idText.size() > rules::kRequestIdMaxChars)
        return undecodable(QStringLiteral("id must be 1-%1 characters").arg(rules::kRequestIdMaxChars), kId);

    const QJsonValue op = envelope.value(kOp);
    if (!op.isString())
        return undecodable(QStringLiteral("op must be a string"), kOp);

    const auto knownOp = opFromName(op.toString());
    if (!knownOp) {
        return RejectedFrame{idText, ProtocolError::badRequest(QStringLiteral("unknown op"), kOp), false, true};
    }

    const QJsonValue data = envelope.value(kData);
    if (!data.isUndefined() && !data.isNull() && !data.isObject()) {
        return RejectedFrame{idText, ProtocolError::badRequest(QStringLiteral("data must be an object"), kData), false,
                             false};
    }
    return Request{idText, *knownOp, data.toObject()};
}

QByteArray encodeOkReply(const QString &replyTo, const QJsonObject &data)
{
    return encodeOkReply(replyTo, compact(data));
}

QByteArray encodeOkReply(const QString &replyTo, QByteArrayView dataJson)
{
    JsonWriter out(dataJson.size() + replyTo.size() + 32);
    out.beginObject().key(kRe).string(replyTo).key(kOk).boolean(true).key(kData).raw(dataJson).endObject();
    return out.take();
}

QByteArray encodeErrorReply(const std::optional<QString> &replyTo, const ProtocolError &error)
{
    return compact(
        {{kRe, replyTo ? QJsonValue(*replyTo) : QJsonValue(QJsonValue::Null)}, {kOk, false}, {kError, error.toJson()}});
}

QByteArray encodeEvent(Event event, const QJsonObject &data)
{
    return encodeEvent(event, compact(data));
}

QByteArray encodeEvent(Event event, QByteArrayView dataJson)
{
    JsonWriter out(dataJson.size() + 48);
    out.beginObject().key(kEv).string(eventName(event)).key(kData).raw(dataJson).endObject();
    return out.take();
}

QByteArray encodeRequest(const QString &id, const QString &op, const QJsonObject &data)
{
    QJsonObject envelope{{kId, id}, {kOp, op}};
    if (!data.isEmpty())
        envelope.insert(kData, data);
    return compact(envelope);
}

Result<ServerFrame, QString> decodeServerFrame(QByteArrayView utf8)
{
    QJsonParseError parseError;
    const QJsonDocument document =
        QJsonDocument::fromJson(QByteArray::fromRawData(utf8.data(), utf8.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return QStringLiteral("server frame is not a JSON object");
    const QJsonObject frame = document.object();

    if (frame.contains(kEv)) {
        const QJsonValue name = frame.value(kEv);
        if (!name.isString())
            return QStringLiteral("event name is not a string");
        return ServerFrame{EventFrame{name.toString(), frame.value(kData).toObject()}};
    }
    if (!frame.contains(kRe) || !frame.value(kOk).isBool())
        return QStringLiteral("server frame is neither a reply nor an event");

    Reply reply;
    const QJsonValue re = frame.value(kRe);
    if (re.isString())
        reply.replyTo = re.toString();
    else if (!re.isNull())
        return QStringLiteral("reply re is neither a string nor null");
    reply.ok = frame.value(kOk).toBool();
    if (reply.ok) {
        reply.data = frame.value(kData).toObject();
    } else {
        const auto error = ProtocolError::fromJson(frame.value(kError).toObject());
        if (!error)
            return QStringLiteral("error reply without a known error code");
        reply.error = *error;
    }
    return ServerFrame{std::move(reply)};
}

} // namespace parley
