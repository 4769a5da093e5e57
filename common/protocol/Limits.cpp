#include "Limits.h"

namespace parley {

QJsonObject Limits::toJson() const
{
    return {
        {QStringLiteral("max_text_chars"), maxTextChars},
        {QStringLiteral("max_frame_bytes"), maxFrameBytes},
        {QStringLiteral("max_group_members"), maxGroupMembers},
        {QStringLiteral("history_limit_max"), historyLimitMax},
    };
}

Limits Limits::fromJson(const QJsonObject &object)
{
    Limits limits;
    limits.maxTextChars = object.value(QLatin1StringView("max_text_chars")).toInt(limits.maxTextChars);
    limits.maxFrameBytes = object.value(QLatin1StringView("max_frame_bytes")).toInt(limits.maxFrameBytes);
    limits.maxGroupMembers = object.value(QLatin1StringView("max_group_members")).toInt(limits.maxGroupMembers);
    limits.historyLimitMax = object.value(QLatin1StringView("history_limit_max")).toInt(limits.historyLimitMax);
    return limits;
}

} // namespace parley
