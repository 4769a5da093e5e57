#include "storage/Schema.h"

namespace parley::server {
namespace {

// Column types are chosen to mean the same on SQLite and PostgreSQL: TEXT, BIGINT (times are
// milliseconds since the epoch, flags are 0/1).
QStringList version1()
{
    return {
        QStringLiteral("CREATE TABLE users ("
                       "id TEXT NOT NULL PRIMARY KEY, "
                       "username TEXT NOT NULL UNIQUE, "
                       "display_name TEXT NOT NULL, "
                       "password_hash TEXT NOT NULL, "
                       "created_at BIGINT NOT NULL, "
                       "last_seen BIGINT, "
                       "disabled BIGINT NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE TABLE sessions ("
                       "token_hash TEXT NOT NULL PRIMARY KEY, "
                       "user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
                       "device TEXT NOT NULL, "
                       "created_at BIGINT NOT NULL, "
                       "last_used_at BIGINT NOT NULL)"),
        QStringLiteral("CREATE INDEX sessions_by_user ON sessions (user_id)"),
    };
}

// Conversations, members with their watermarks, messages. A conversation's last_seq and rev are
// taken inside the writing transaction, so commit order is seq order.
QStringList version2()
{
    return {
        QStringLiteral("CREATE TABLE conversations ("
                       "id TEXT NOT NULL PRIMARY KEY, "
                       "type TEXT NOT NULL, "
                       "title TEXT, "
                       "description TEXT NOT NULL DEFAULT '', "
                       "admins_only BIGINT NOT NULL DEFAULT 0, "
                       "direct_key TEXT UNIQUE, "
                       "created_at BIGINT NOT NULL, "
                       "activity_at BIGINT NOT NULL, "
                       "last_seq BIGINT NOT NULL DEFAULT 0, "
                       "rev BIGINT NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE TABLE members ("
                       "conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, "
                       "user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, "
                       "role TEXT NOT NULL, "
                       "join_order BIGINT NOT NULL, "
                       "joined_at BIGINT NOT NULL, "
                       "delivered_seq BIGINT NOT NULL DEFAULT 0, "
                       "read_seq BIGINT NOT NULL DEFAULT 0, "
                       "cleared_seq BIGINT NOT NULL DEFAULT 0, "
                       "hidden BIGINT NOT NULL DEFAULT 0, "
                       "PRIMARY KEY (conversation_id, user_id))"),
        QStringLiteral("CREATE INDEX members_by_user ON members (user_id)"),
        QStringLiteral("CREATE TABLE messages ("
                       "id TEXT NOT NULL PRIMARY KEY, "
                       "conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE, "
                       "seq BIGINT NOT NULL, "
                       "rev BIGINT NOT NULL, "
                       "sender_id TEXT NOT NULL, "
                       "kind TEXT NOT NULL, "
                       "text TEXT NOT NULL, "
                       "client_id TEXT, "
                       "created_at BIGINT NOT NULL, "
                       "edited_at BIGINT, "
                       "deleted BIGINT NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE UNIQUE INDEX messages_by_seq ON messages (conversation_id, seq)"),
        QStringLiteral("CREATE INDEX messages_by_rev ON messages (conversation_id, rev)"),
        QStringLiteral("CREATE UNIQUE INDEX messages_by_client_id ON messages (sender_id, conversation_id, client_id)"),
        QStringLiteral("CREATE TABLE hidden_messages ("
                       "user_id TEXT NOT NULL, "
                       "message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE, "
                       "conversation_id TEXT NOT NULL, "
                       "PRIMARY KEY (user_id, message_id))"),
        QStringLiteral("CREATE INDEX hidden_by_conversation ON hidden_messages (user_id, conversation_id)"),
    };
}

} // namespace

const storage::SchemaDefinition &serverSchema()
{
    static const storage::SchemaDefinition schema{
        {
            {1, version1()},
            {2, version2()},
        },
        version1() + version2(),
    };
    return schema;
}

} // namespace parley::server
