#pragma once

#include "Limits.h"
#include "User.h"

#include <QJsonObject>

#include <optional>

namespace parley {

inline constexpr int kProtocolVersion = 1;

/// The `hello` event the server sends right after the WebSocket upgrade.
struct Hello
{
    int protocol = kProtocolVersion;
    QString server; ///< "parleyd/<version>"
    Limits limits;
    std::optional<User> user; ///< present when the upgrade carried a valid bearer token

    QJsonObject toJson() const;
    static std::optional<Hello> fromJson(const QJsonObject &object);
};

} // namespace parley
