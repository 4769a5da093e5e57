#include "MessageText.h"

#include "core/SessionText.h"
#include "core/store/ChatStore.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace parley::client {

QString describeMessage(const Message &message, const ChatStore &store)
{
    if (message.deleted)
        return SessionText::tr("This message was deleted");
    if (message.kind == Message::Kind::Text)
        return message.text;

    const QJsonObject event = QJsonDocument::fromJson(message.text.toUtf8()).object();
    const QString kind = event.value(QStringLiteral("event")).toString();
    const QString by = event.value(QStringLiteral("by")).isString()
                           ? store.displayName(event.value(QStringLiteral("by")).toString())
                           : QString();
    const QString subject = store.displayName(event.value(QStringLiteral("user")).toString());
    if (kind == QStringLiteral("group_created"))
        return SessionText::tr("%1 created the group").arg(by);
    if (kind == QStringLiteral("member_added"))
        return SessionText::tr("%1 added %2").arg(by, subject);
    if (kind == QStringLiteral("member_removed"))
        return SessionText::tr("%1 removed %2").arg(by, subject);
    if (kind == QStringLiteral("member_left"))
        return SessionText::tr("%1 left").arg(subject);
    if (kind == QStringLiteral("title_changed"))
        return SessionText::tr("%1 renamed the group to “%2”").arg(by, event.value(QStringLiteral("title")).toString());
    if (kind == QStringLiteral("description_changed"))
        return SessionText::tr("%1 changed the description").arg(by);
    if (kind == QStringLiteral("admins_only_changed")) {
        return event.value(QStringLiteral("admins_only")).toBool()
                   ? SessionText::tr("%1 allowed only admins to send").arg(by)
                   : SessionText::tr("%1 allowed everyone to send").arg(by);
    }
    if (kind == QStringLiteral("admin_granted"))
        return by.isEmpty() ? SessionText::tr("%1 is now an admin").arg(subject)
                            : SessionText::tr("%1 made %2 an admin").arg(by, subject);
    if (kind == QStringLiteral("admin_revoked"))
        return SessionText::tr("%1 is no longer an admin").arg(subject);
    return SessionText::tr("The group changed");
}

} // namespace parley::client
