#include "daemon/OpTable.h"

#include "auth/AuthOps.h"
#include "conversations/ConversationOps.h"
#include "groups/GroupOps.h"
#include "messages/MessageOps.h"
#include "users/UserOps.h"

namespace parley::server {

OpHandler handlerFor(Op op)
{
    switch (op) {
    case Op::Ping:
        return nullptr;
    case Op::AuthRegister:
        return handle<RegisterRequest, auth::registerAccount>;
    case Op::AuthLogin:
        return handle<LoginRequest, auth::login>;
    case Op::AuthResume:
        return handle<ResumeRequest, auth::resume>;
    case Op::AuthLogout:
        return handle<NoInput, auth::logout>;
    case Op::UsersSearch:
        return handle<UsersSearchRequest, userOps::search>;
    case Op::UsersGet:
        return handle<UsersGetRequest, userOps::get>;
    case Op::ConversationsList:
        return handle<NoInput, conversationOps::list>;
    case Op::ConversationsGet:
        return handle<ConversationRef, conversationOps::get>;
    case Op::ConversationsDirect:
        return handle<DirectRequest, conversationOps::direct>;
    case Op::ConversationsDelete:
        return handle<ConversationRef, conversationOps::remove>;
    case Op::Typing:
        return handle<TypingRequest, conversationOps::typing>;
    case Op::GroupsCreate:
        return handle<GroupCreateRequest, groupOps::create>;
    case Op::GroupsUpdate:
        return handle<GroupUpdateRequest, groupOps::update>;
    case Op::GroupsAdd:
        return handle<GroupAddRequest, groupOps::add>;
    case Op::GroupsRemove:
        return handle<groupOps::MemberInput<false>, groupOps::remove>;
    case Op::GroupsLeave:
        return handle<ConversationRef, groupOps::leave>;
    case Op::GroupsPromote:
        return handle<groupOps::MemberInput<true>, groupOps::promote>;
    case Op::MessagesSend:
        return handle<SendRequest, messageOps::send>;
    case Op::MessagesHistory:
        return handle<HistoryRequest, messageOps::history>;
    case Op::MessagesSync:
        return handle<SyncRequest, messageOps::sync>;
    case Op::MessagesDelivered:
        return handle<WatermarkRequest, messageOps::delivered>;
    case Op::MessagesRead:
        return handle<WatermarkRequest, messageOps::read>;
    case Op::MessagesDelete:
        return handle<DeleteMessageRequest, messageOps::remove>;
    case Op::MessagesEdit:
        return handle<EditRequest, messageOps::edit>;
    case Op::UnreadCount:
        return handle<NoInput, messageOps::unreadCount>;
    }
    return nullptr;
}

} // namespace parley::server
