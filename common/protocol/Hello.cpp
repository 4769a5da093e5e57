#include "Hello.h"

namespace parley {

QJsonObject Hello::toJson() const
{
    QJsonObject object{
        {QStringLiteral("protocol"), protocol},
        {QStringLiteral("server"), server},
        {QStringLiteral("limits"), limits.toJson()},
    };
    if (user)
        object.insert(QStringLiteral("user"), user->toJson());
    return object;
}

std::optional<Hello> Hello::fromJson(const QJsonObject &object)
{
    const QJsonValue protocol = object.value(QLatin1StringView("protocol"));
    if (!protocol.isDouble())
        return std::nullopt;
    Hello hello;
    hello.protocol = protocol.toInt();
    hello.server = object.value(QLatin1StringView("server")).toString();
    hello.limits = Limits::fromJson(object.value(QLatin1StringView("limits")).toObject());
    if (object.contains(QLatin1StringView("user"))) {
        hello.user = User::fromJson(object.value(QLatin1StringView("user")).toObject());
        if (!hello.user)
            return std::nullopt;
    }
    return hello;
}

} // namespace parley
