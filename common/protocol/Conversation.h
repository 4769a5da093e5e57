#pragma once

#include "JsonWriter.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace parley {

/// The `message` object (PROTOCOL.md, "Objects").
struct Message
{
    enum class Kind { Text, System };

    QString id;
    QString conversationId;
    qint64 seq = 0;
    qint64 rev = 0;
    QString senderId;
    Kind kind = Kind::Text;
    QString text;     ///< empty when deleted
    QString clientId; ///< sent only to the sender's own sessions
    qint64 createdAtMsecs = 0;
    std::optional<qint64> editedAtMsecs;
    bool deleted = false;

    /// `forUserId` decides whether `client_id` is shown (only to the sender). `writeJson` is
    /// the one definition of the object; `toJson` reads it back for code that wants a
    /// QJsonObject.
    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<Message> fromJson(const QJsonObject &object);
};

/// The `member` object.
struct Member
{
    enum class Role { Member, Admin };

    QString userId;
    Role role = Role::Member;
    qint64 deliveredSeq = 0;
    qint64 readSeq = 0;

    void writeJson(JsonWriter &out) const;
    QJsonObject toJson() const;
    static std::optional<Member> fromJson(const QJsonObject &object);
};

/// The `conversation` object, as one member sees it.
struct Conversation
{
    enum class Type { Direct, Group };

    QString id;
    Type type = Type::Direct;
    QString title; ///< null for direct conversations
    QString description;
    bool adminsOnly = false;
    QList<Member> members;
    qint64 createdAtMsecs = 0;
    qint64 lastSeq = 0;
    qint64 rev = 0;
    std::optional<Message> lastMessage;
    qint64 unreadCount = 0;

    void writeJson(JsonWriter &out, const QString &forUserId) const;
    QJsonObject toJson(const QString &forUserId) const;
    static std::optional<Conversation> fromJson(const QJsonObject &object);
};

QString messageKindName(Message::Kind kind);
QString memberRoleName(Member::Role role);
QString conversationTypeName(Conversation::Type type);

} // namespace parley
