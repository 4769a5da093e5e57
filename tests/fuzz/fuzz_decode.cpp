// libFuzzer target for the decoding path of one text frame (PROTOCOL.md, "Envelope"):
// - as the server reads it: decodeRequest, then the payload parser of the op, with the default
//   Limits, and the reply the server would send (encodeOkReply / encodeErrorReply);
// - as a client reads it: decodeServerFrame, then the object parsers (Hello, Message,
//   Conversation, User, AuthReply) on the event or reply data, and the frame encoded again;
// - the frame's bytes as UTF-16 text through JsonWriter, read back with QJsonDocument.
// Besides sanitizer reports, it aborts when an encoder writes a frame its decoder refuses.
//
// Build and run (clang; see tests/fuzz/CMakeLists.txt):
//   cmake --preset fuzz && cmake --build --preset fuzz
//   build-fuzz/tests/fuzz/fuzz_decode -max_total_time=60 <copy of tests/fuzz/corpus>

#include <protocol/AuthPayloads.h>
#include <protocol/ConversationPayloads.h>
#include <protocol/Envelope.h>
#include <protocol/JsonWriter.h>
#include <protocol/Limits.h>
#include <protocol/Registry.h>
#include <protocol/UserPayloads.h>

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <variant>

namespace {

using namespace parley;

// A broken property is a crash for libFuzzer: it keeps the input and reports it.
void require(bool condition, const char *property)
{
    if (condition)
        return;
    std::fprintf(stderr, "fuzz_decode: property violated: %s\n", property);
    std::abort();
}

// A frame the server writes must read back, on the client side, as the reply it was.
void checkOkReply(const QString &replyTo, const QJsonObject &data)
{
    const auto decoded = decodeServerFrame(encodeOkReply(replyTo, data));
    require(decoded.ok(), "decodeServerFrame refuses encodeOkReply");
    const Reply *reply = std::get_if<Reply>(&decoded.value());
    require(reply && reply->ok, "encodeOkReply does not read back as an ok reply");
}

void checkErrorReply(const std::optional<QString> &replyTo, const ProtocolError &error)
{
    const auto decoded = decodeServerFrame(encodeErrorReply(replyTo, error));
    require(decoded.ok(), "decodeServerFrame refuses encodeErrorReply");
    const Reply *reply = std::get_if<Reply>(&decoded.value());
    require(reply && !reply->ok, "encodeErrorReply does not read back as an error reply");
    require(reply->error.code == error.code, "encodeErrorReply does not keep the error code");
    require(reply->replyTo.has_value() == replyTo.has_value(), "encodeErrorReply does not keep re (null or not)");
}

// The reply the server would send for a payload parser's result.
template <typename T>
void answer(const Request &request, const Result<T, ProtocolError> &parsed)
{
    if (parsed)
        checkOkReply(request.id, request.data);
    else
        checkErrorReply(request.id, parsed.error());
}

void parsePayload(const Request &request)
{
    const Limits limits;
    const QJsonObject &data = request.data;
    switch (request.op) {
    case Op::Ping:
    case Op::AuthLogout:
    case Op::ConversationsList:
    case Op::UnreadCount:
        checkOkReply(request.id, {});
        return;
    case Op::AuthRegister: {
        const auto parsed = RegisterRequest::fromJson(data);
        // What the client library sends for a valid registration is valid again.
        if (parsed)
            require(RegisterRequest::fromJson(parsed->toJson()).ok(), "RegisterRequest does not round-trip");
        answer(request, parsed);
        return;
    }
    case Op::AuthLogin: {
        const auto parsed = LoginRequest::fromJson(data);
        if (parsed)
            static_cast<void>(parsed->toJson());
        answer(request, parsed);
        return;
    }
    case Op::AuthResume: {
        const auto parsed = ResumeRequest::fromJson(data);
        if (parsed)
            require(ResumeRequest::fromJson(parsed->toJson()).ok(), "ResumeRequest does not round-trip");
        answer(request, parsed);
        return;
    }
    case Op::UsersSearch:
        answer(request, UsersSearchRequest::fromJson(data));
        return;
    case Op::UsersGet:
        answer(request, UsersGetRequest::fromJson(data));
        return;
    case Op::ConversationsGet:
    case Op::ConversationsDelete:
    case Op::GroupsLeave:
        answer(request, ConversationRef::fromJson(data));
        return;
    case Op::ConversationsDirect:
        answer(request, DirectRequest::fromJson(data));
        return;
    case Op::GroupsCreate:
        answer(request, GroupCreateRequest::fromJson(data, limits));
        return;
    case Op::GroupsUpdate:
        answer(request, GroupUpdateRequest::fromJson(data));
        return;
    case Op::GroupsAdd:
        answer(request, GroupAddRequest::fromJson(data, limits));
        return;
    case Op::GroupsRemove:
        answer(request, GroupMemberRequest::fromJson(data, false));
        return;
    case Op::GroupsPromote:
        answer(request, GroupMemberRequest::fromJson(data, true));
        return;
    case Op::MessagesSend:
        answer(request, SendRequest::fromJson(data, limits));
        return;
    case Op::MessagesHistory:
        answer(request, HistoryRequest::fromJson(data, limits));
        return;
    case Op::MessagesSync:
        answer(request, SyncRequest::fromJson(data, limits));
        return;
    case Op::MessagesDelivered:
    case Op::MessagesRead:
        answer(request, WatermarkRequest::fromJson(data));
        return;
    case Op::MessagesDelete:
        answer(request, DeleteMessageRequest::fromJson(data));
        return;
    case Op::MessagesEdit:
        answer(request, EditRequest::fromJson(data, limits));
        return;
    case Op::Typing:
        answer(request, TypingRequest::fromJson(data));
        return;
    }
    require(false, "decodeRequest returned an op outside the enum");
}

void decodeAsServer(QByteArrayView frame)
{
    auto decoded = decodeRequest(frame);
    if (!decoded) {
        const RejectedFrame &rejected = decoded.error();
        require(!rejected.undecodable || !rejected.replyTo, "an undecodable frame names a request id");
        checkErrorReply(rejected.replyTo, rejected.error);
        return;
    }
    const Request &request = decoded.value();
    require(!request.id.isEmpty() && request.id.size() <= rules::kRequestIdMaxChars, "decodeRequest let a bad id by");

    // What a client encodes for this request decodes as the same op.
    const auto again = decodeRequest(encodeRequest(request.id, opName(request.op), request.data));
    require(again.ok(), "decodeRequest refuses encodeRequest");
    require(again->op == request.op, "encodeRequest does not keep the op");

    parsePayload(request);
}

void checkMessage(const QJsonObject &object)
{
    const auto message = Message::fromJson(object);
    if (!message)
        return;
    require(Message::fromJson(message->toJson(message->senderId)).has_value(), "Message does not round-trip");
    static_cast<void>(message->toJson(QString()));
}

void checkConversation(const QJsonObject &object)
{
    const auto conversation = Conversation::fromJson(object);
    if (!conversation)
        return;
    require(Conversation::fromJson(conversation->toJson(conversation->id)).has_value(),
            "Conversation does not round-trip");
}

void checkUser(const QJsonObject &object)
{
    const auto user = User::fromJson(object);
    if (user)
        require(User::fromJson(user->toJson()).has_value(), "User does not round-trip");
}

// The object parsers a client applies to event and reply data: on the data itself and on the
// members that carry objects (message.new, conversation.updated, auth replies, ...).
void parseObjects(const QJsonObject &data)
{
    if (const auto hello = Hello::fromJson(data))
        require(Hello::fromJson(hello->toJson()).has_value(), "Hello does not round-trip");
    if (const auto auth = AuthReply::fromJson(data))
        require(AuthReply::fromJson(auth->toJson()).has_value(), "AuthReply does not round-trip");
    checkMessage(data);
    checkConversation(data);
    checkUser(data);
    checkMessage(data.value(QLatin1StringView("message")).toObject());
    checkConversation(data.value(QLatin1StringView("conversation")).toObject());
    checkUser(data.value(QLatin1StringView("user")).toObject());
}

void decodeAsClient(QByteArrayView frame)
{
    const auto decoded = decodeServerFrame(frame);
    if (!decoded)
        return;
    if (const EventFrame *event = std::get_if<EventFrame>(&decoded.value())) {
        parseObjects(event->data);
        if (const auto known = eventFromName(event->name)) {
            const auto again = decodeServerFrame(encodeEvent(*known, event->data));
            require(again.ok(), "decodeServerFrame refuses encodeEvent");
            const EventFrame *reread = std::get_if<EventFrame>(&again.value());
            require(reread && reread->name == event->name, "encodeEvent does not keep the event name");
        }
        return;
    }
    const Reply &reply = std::get<Reply>(decoded.value());
    if (!reply.ok) {
        checkErrorReply(reply.replyTo, reply.error);
        return;
    }
    parseObjects(reply.data);
    if (reply.replyTo)
        checkOkReply(*reply.replyTo, reply.data);
}

// JsonWriter, which writes the daemon's busiest frames: any UTF-16 text (here the frame's bytes
// taken as UTF-16 units, lone surrogates included) must come out as JSON that reads back as the
// same text, with each lone surrogate as U+FFFD.
void checkWriter(QByteArrayView frame)
{
    QString text(frame.size() / 2, Qt::Uninitialized);
    std::memcpy(text.data(), frame.data(), size_t(text.size()) * 2);
    JsonWriter out;
    out.beginArray().string(text).endArray();
    QJsonParseError error;
    const QJsonDocument read = QJsonDocument::fromJson(out.take(), &error);
    require(error.error == QJsonParseError::NoError && read.isArray(), "JsonWriter writes invalid JSON");
    QString expected = text;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const QChar c = expected.at(i);
        if (c.isHighSurrogate() && i + 1 < expected.size() && expected.at(i + 1).isLowSurrogate())
            ++i;
        else if (c.isSurrogate())
            expected[i] = QChar::ReplacementCharacter;
    }
    require(read.array().at(0).toString() == expected, "JsonWriter changes the text");
}

} // namespace

// Stack traces for UBSan reports too (ASan prints them anyway); the environment can override.
extern "C" const char *__ubsan_default_options()
{
    return "print_stacktrace=1";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView frame(data, qsizetype(size));
    decodeAsServer(frame);
    decodeAsClient(frame);
    checkWriter(frame);
    return 0;
}
