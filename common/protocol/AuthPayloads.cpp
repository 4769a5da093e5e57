#include "AuthPayloads.h"

#include "Fields.h"
#include "Limits.h"

namespace parley {
namespace {

const QLatin1StringView kUsername("username");
const QLatin1StringView kPassword("password");
const QLatin1StringView kDisplayName("display_name");
const QLatin1StringView kDevice("device");
const QLatin1StringView kToken("token");
const QLatin1StringView kUser("user");

// Generous enough for any real password and still bounded, so that a hostile value is
// refused as bad_request before any UTF-8 conversion of a huge string.
constexpr int kPasswordMaxChars = rules::kPasswordMaxBytes;

// Control characters, line breaks and invisible format characters (bidi overrides, which
// can make one name look like another). The zero-width joiner and non-joiner stay allowed:
// emoji sequences and several scripts need them.
bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() == 0x200C || c.unicode() == 0x200D)
            continue;
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format ||
            c.category() == QChar::Separator_Line || c.category() == QChar::Separator_Paragraph)
            return true;
    }
    return false;
}

Result<QString, ProtocolError> readPassword(const QJsonObject &data)
{
    auto password = fields::requiredString(data, kPassword, kPasswordMaxChars);
    if (!password)
        return password;
    const qsizetype bytes = password.value().toUtf8().size();
    if (bytes < rules::kPasswordMinBytes || bytes > rules::kPasswordMaxBytes) {
        return ProtocolError::badRequest(
            QStringLiteral("password must be %1-%2 bytes").arg(rules::kPasswordMinBytes).arg(rules::kPasswordMaxBytes),
            kPassword);
    }
    return password;
}

} // namespace

bool isValidUsername(const QString &username)
{
    if (username.size() < rules::kUsernameMinChars || username.size() > rules::kUsernameMaxChars)
        return false;
    for (const QChar c : username) {
        const char16_t u = c.unicode();
        const bool allowed = (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'.';
        if (!allowed)
            return false;
    }
    return true;
}

QJsonObject RegisterRequest::toJson() const
{
    QJsonObject data{{kUsername, username}, {kPassword, password}};
    if (!displayName.isEmpty())
        data.insert(kDisplayName, displayName);
    return data;
}

Result<RegisterRequest, ProtocolError> RegisterRequest::fromJson(const QJsonObject &data)
{
    auto username = fields::requiredString(data, kUsername, rules::kUsernameMaxChars);
    if (!username)
        return std::move(username).error();
    RegisterRequest request;
    request.username = username.value().toLower();
    if (!isValidUsername(request.username)) {
        return ProtocolError::badRequest(QStringLiteral("username must be %1-%2 characters of a-z, 0-9, _ and .")
                                             .arg(rules::kUsernameMinChars)
                                             .arg(rules::kUsernameMaxChars),
                                         kUsername);
    }
    auto password = readPassword(data);
    if (!password)
        return std::move(password).error();
    request.password = std::move(password).value();

    // Read with room for surrounding blanks; the limit applies to the trimmed name.
    auto displayName = fields::optionalString(data, kDisplayName, rules::kDisplayNameMaxChars * 4);
    if (!displayName)
        return std::move(displayName).error();
    request.displayName = displayName.value().value_or(QString()).trimmed();
    if (request.displayName.size() > rules::kDisplayNameMaxChars) {
        return ProtocolError::badRequest(
            QStringLiteral("display_name is longer than %1 characters").arg(rules::kDisplayNameMaxChars), kDisplayName);
    }
    if (hasControlCharacters(request.displayName))
        return ProtocolError::badRequest(QStringLiteral("display_name contains control characters"), kDisplayName);
    if (request.displayName.isEmpty())
        request.displayName = request.username;
    return request;
}

QJsonObject LoginRequest::toJson() const
{
    QJsonObject data{{kUsername, username}, {kPassword, password}};
    if (!device.isEmpty())
        data.insert(kDevice, device);
    return data;
}

Result<LoginRequest, ProtocolError> LoginRequest::fromJson(const QJsonObject &data)
{
    auto username = fields::requiredString(data, kUsername, rules::kUsernameMaxChars);
    if (!username)
        return std::move(username).error();
    auto password = fields::requiredString(data, kPassword, kPasswordMaxChars);
    if (!password)
        return std::move(password).error();
    auto device = fields::optionalString(data, kDevice, rules::kDeviceMaxChars);
    if (!device)
        return std::move(device).error();
    LoginRequest request;
    request.username = username.value().toLower();
    request.password = std::move(password).value();
    request.device = device.value().value_or(QString()).trimmed();
    if (hasControlCharacters(request.device))
        return ProtocolError::badRequest(QStringLiteral("device contains control characters"), kDevice);
    return request;
}

QJsonObject ResumeRequest::toJson() const
{
    return {{kToken, token}};
}

Result<ResumeRequest, ProtocolError> ResumeRequest::fromJson(const QJsonObject &data)
{
    auto token = fields::requiredString(data, kToken, rules::kTokenMaxChars);
    if (!token)
        return std::move(token).error();
    return ResumeRequest{std::move(token).value()};
}

QJsonObject AuthReply::toJson() const
{
    QJsonObject data{{kUser, user.toJson()}};
    if (!token.isEmpty())
        data.insert(kToken, token);
    return data;
}

std::optional<AuthReply> AuthReply::fromJson(const QJsonObject &data)
{
    auto user = User::fromJson(data.value(kUser).toObject());
    if (!user)
        return std::nullopt;
    return AuthReply{std::move(*user), data.value(kToken).toString()};
}

QJsonObject Hello::toJson() const
{
    QJsonObject object{
        {QStringLiteral("protocol"), protocol},
        {QStringLiteral("server"), server},
        {QStringLiteral("limits"), limits.toJson()},
    };
    if (user)
        object.insert(kUser, user->toJson());
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
    if (object.contains(kUser)) {
        hello.user = User::fromJson(object.value(kUser).toObject());
        if (!hello.user)
            return std::nullopt;
    }
    return hello;
}

} // namespace parley
