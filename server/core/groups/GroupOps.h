#pragma once

#include "Handler.h"

#include <protocol/ConversationPayloads.h>

/// groups.*
namespace parley::server::groupOps {

/// groups.remove reads a member; groups.promote a member and the `admin` flag.
template <bool withAdminFlag>
struct MemberInput : GroupMemberRequest
{
    static Result<MemberInput, ProtocolError> fromJson(const QJsonObject &data)
    {
        auto parsed = GroupMemberRequest::fromJson(data, withAdminFlag);
        if (!parsed)
            return std::move(parsed).error();
        return MemberInput{std::move(parsed).value()};
    }
};

QCoro::Task<HandlerOutcome> create(ServerContext &ctx, const CallContext &call, GroupCreateRequest input);
QCoro::Task<HandlerOutcome> update(ServerContext &ctx, const CallContext &call, GroupUpdateRequest input);
QCoro::Task<HandlerOutcome> add(ServerContext &ctx, const CallContext &call, GroupAddRequest input);
QCoro::Task<HandlerOutcome> remove(ServerContext &ctx, const CallContext &call, MemberInput<false> input);
QCoro::Task<HandlerOutcome> leave(ServerContext &ctx, const CallContext &call, ConversationRef input);
QCoro::Task<HandlerOutcome> promote(ServerContext &ctx, const CallContext &call, MemberInput<true> input);

} // namespace parley::server::groupOps
