#include "ServerSchema.h"

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

} // namespace

const storage::SchemaDefinition &serverSchema()
{
    static const storage::SchemaDefinition schema{
        {
            {1, version1()},
        },
        version1(),
    };
    return schema;
}

} // namespace parley::server
