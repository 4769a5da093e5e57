#pragma once

#include <QJsonObject>

namespace parley {

/// Limits the server enforces and advertises in `hello` (PROTOCOL.md, "Transport").
struct Limits
{
    int maxTextChars = 4096;
    int maxFrameBytes = 65536;
    int maxGroupMembers = 256;
    int historyLimitMax = 100;

    QJsonObject toJson() const;
    static Limits fromJson(const QJsonObject &object);
};

/// Fixed rules of the contract that are not advertised.
namespace rules {
inline constexpr int kRequestIdMaxChars = 64;
inline constexpr int kUsernameMinChars = 3;
inline constexpr int kUsernameMaxChars = 32;
inline constexpr int kPasswordMinBytes = 8;
inline constexpr int kPasswordMaxBytes = 1024;
inline constexpr int kDisplayNameMaxChars = 64;
inline constexpr int kDeviceMaxChars = 64;
inline constexpr int kTokenMaxChars = 128;
inline constexpr int kTitleMaxChars = 100;
inline constexpr int kDescriptionMaxChars = 1000;
inline constexpr int kClientIdMaxChars = 64;
inline constexpr int kSearchQueryMaxChars = 64;
inline constexpr int kSearchLimitMax = 50;
inline constexpr int kSearchLimitDefault = 20;
inline constexpr int kUsersGetMax = 100;
inline constexpr int kHistoryLimitDefault = 50;
/// Undecodable frames in a row after which the server closes with 1008.
inline constexpr int kMaxBadFramesInARow = 20;
} // namespace rules

} // namespace parley
