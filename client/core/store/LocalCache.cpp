#include "LocalCache.h"

#include <storage/DatabaseConfig.h>
#include <storage/MigrationRunner.h>
#include <storage/SqlDialect.h>
#include <storage/ThreadConnection.h>

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

namespace parley::client {
namespace {

Q_LOGGING_CATEGORY(lcCache, "parley.cache")

storage::DatabaseConfig cacheConfig(const QString &path)
{
    auto config = storage::DatabaseConfig::sqlite(path);
    // A cache can be rebuilt from the server; only the outbox must survive a crash, and WAL
    // with NORMAL keeps every committed transaction across an application crash.
    config.sqliteSynchronous = QStringLiteral("NORMAL");
    return config;
}

storage::SchemaDefinition cacheSchema()
{
    const QStringList v1 = {
        QStringLiteral("CREATE TABLE users (id TEXT PRIMARY KEY, json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE conversations (id TEXT PRIMARY KEY, json TEXT NOT NULL, "
                       "synced_rev BIGINT NOT NULL DEFAULT 0, history_floor BIGINT NOT NULL DEFAULT 0)"),
        QStringLiteral("CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL, "
                       "seq BIGINT NOT NULL, rev BIGINT NOT NULL, json TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX messages_by_seq ON messages (conversation_id, seq)"),
        QStringLiteral("CREATE TABLE outbox (position INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL "
                       "UNIQUE, conversation_id TEXT NOT NULL, text TEXT NOT NULL, created_at BIGINT NOT NULL, "
                       "failure TEXT NOT NULL DEFAULT '')"),
    };
    return storage::SchemaDefinition{{storage::MigrationStep{1, v1}}, v1};
}

QString toText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// Messages and conversations as `selfId` sees them, written straight from their one
// definition (writeJson) rather than built as a QJsonObject and encoded again.
template <typename Object>
QString toText(const Object &object, const QString &selfId)
{
    JsonWriter out;
    object.writeJson(out, selfId);
    return QString::fromUtf8(out.take());
}

QJsonObject fromText(const QString &text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

} // namespace

Result<std::unique_ptr<LocalCache>, QString> LocalCache::open(const QString &path)
{
    const auto config = cacheConfig(path);
    auto db = storage::threadConnection(config);
    if (!db)
        return db.error();
    storage::MigrationRunner runner(db.value(), storage::SqlDialect(config));
    auto migrated = runner.migrate(cacheSchema());
    if (!migrated)
        return QStringLiteral("cannot prepare the local cache %1: %2").arg(path, migrated.error());
    return std::unique_ptr<LocalCache>(new LocalCache(path, db.value()));
}

LocalCache::LocalCache(QString path, QSqlDatabase db)
    : m_path(std::move(path))
    , m_db(std::move(db))
{
}

LocalCache::~LocalCache()
{
    m_db = QSqlDatabase();
    storage::closeThreadConnection(cacheConfig(m_path));
}

bool LocalCache::exec(const QString &what, QSqlQuery &query)
{
    if (query.exec())
        return true;
    qCWarning(lcCache, "%s failed: %s", qPrintable(what), qPrintable(query.lastError().text()));
    return false;
}

bool LocalCache::begin()
{
    return m_db.transaction();
}

bool LocalCache::commit()
{
    if (m_db.commit())
        return true;
    qCWarning(lcCache, "commit failed: %s", qPrintable(m_db.lastError().text()));
    m_db.rollback();
    return false;
}

bool LocalCache::saveUsers(const QList<User> &users)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO users (id, json) VALUES (?, ?) "
                                 "ON CONFLICT (id) DO UPDATE SET json = excluded.json"));
    bool ok = true;
    for (const User &user : users) {
        query.addBindValue(user.id);
        query.addBindValue(toText(user.toJson()));
        ok = exec(QStringLiteral("saving a user"), query) && ok;
    }
    return ok;
}

QList<User> LocalCache::users()
{
    QList<User> users;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT json FROM users"));
    if (!exec(QStringLiteral("reading users"), query))
        return users;
    while (query.next()) {
        if (auto user = User::fromJson(fromText(query.value(0).toString())))
            users.append(std::move(*user));
    }
    return users;
}

bool LocalCache::saveConversation(const Conversation &conversation, const QString &selfId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO conversations (id, json) VALUES (?, ?) "
                                 "ON CONFLICT (id) DO UPDATE SET json = excluded.json"));
    query.addBindValue(conversation.id);
    query.addBindValue(toText(conversation, selfId));
    return exec(QStringLiteral("saving a conversation"), query);
}

bool LocalCache::saveCursor(const QString &conversationId, const SyncCursor &cursor)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE conversations SET synced_rev = ?, history_floor = ? WHERE id = ?"));
    query.addBindValue(cursor.syncedRev);
    query.addBindValue(cursor.historyFloor);
    query.addBindValue(conversationId);
    return exec(QStringLiteral("saving a sync cursor"), query);
}

bool LocalCache::removeConversation(const QString &conversationId)
{
    QSqlQuery messages(m_db);
    messages.prepare(QStringLiteral("DELETE FROM messages WHERE conversation_id = ?"));
    messages.addBindValue(conversationId);
    QSqlQuery conversation(m_db);
    conversation.prepare(QStringLiteral("DELETE FROM conversations WHERE id = ?"));
    conversation.addBindValue(conversationId);
    return exec(QStringLiteral("removing messages"), messages) &&
           exec(QStringLiteral("removing a conversation"), conversation);
}

QList<CachedConversation> LocalCache::conversations()
{
    QList<CachedConversation> conversations;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT json, synced_rev, history_floor FROM conversations"));
    if (!exec(QStringLiteral("reading conversations"), query))
        return conversations;
    while (query.next()) {
        auto conversation = Conversation::fromJson(fromText(query.value(0).toString()));
        if (!conversation)
            continue;
        conversations.append(
            {std::move(*conversation), SyncCursor{query.value(1).toLongLong(), query.value(2).toLongLong()}});
    }
    return conversations;
}

bool LocalCache::saveMessages(const QList<Message> &messages, const QString &selfId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("INSERT INTO messages (id, conversation_id, seq, rev, json) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT (id) DO UPDATE SET rev = excluded.rev, json = excluded.json "
                                 "WHERE excluded.rev >= messages.rev"));
    bool ok = true;
    for (const Message &message : messages) {
        query.addBindValue(message.id);
        query.addBindValue(message.conversationId);
        query.addBindValue(message.seq);
        query.addBindValue(message.rev);
        query.addBindValue(toText(message, selfId));
        ok = exec(QStringLiteral("saving a message"), query) && ok;
    }
    return ok;
}

bool LocalCache::removeMessage(const QString &messageId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM messages WHERE id = ?"));
    query.addBindValue(messageId);
    return exec(QStringLiteral("removing a message"), query);
}

QList<Message> LocalCache::messages(const QString &conversationId, std::optional<qint64> beforeSeq, int limit)
{
    QList<Message> messages;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT json FROM messages WHERE conversation_id = ? AND seq < ? "
                                 "ORDER BY seq DESC LIMIT ?"));
    query.addBindValue(conversationId);
    query.addBindValue(beforeSeq.value_or(std::numeric_limits<qint64>::max()));
    query.addBindValue(limit);
    if (!exec(QStringLiteral("reading messages"), query))
        return messages;
    while (query.next()) {
        if (auto message = Message::fromJson(fromText(query.value(0).toString())))
            messages.prepend(std::move(*message));
    }
    return messages;
}

std::optional<Message> LocalCache::message(const QString &messageId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT json FROM messages WHERE id = ?"));
    query.addBindValue(messageId);
    if (!exec(QStringLiteral("reading a message"), query) || !query.next())
        return std::nullopt;
    return Message::fromJson(fromText(query.value(0).toString()));
}

qint64 LocalCache::messageCount()
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM messages"));
    if (!exec(QStringLiteral("counting messages"), query) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

bool LocalCache::addToOutbox(const OutboxEntry &entry)
{
    QSqlQuery query(m_db);
    query.prepare(
        QStringLiteral("INSERT INTO outbox (client_id, conversation_id, text, created_at) VALUES (?, ?, ?, ?)"));
    query.addBindValue(entry.clientId);
    query.addBindValue(entry.conversationId);
    query.addBindValue(entry.text);
    query.addBindValue(entry.createdAtMsecs);
    return exec(QStringLiteral("adding to the outbox"), query);
}

bool LocalCache::markOutboxFailed(const QString &clientId, const QString &failure)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE outbox SET failure = ? WHERE client_id = ?"));
    query.addBindValue(failure.isNull() ? QStringLiteral("") : failure); // the column is NOT NULL; null clears it too
    query.addBindValue(clientId);
    return exec(QStringLiteral("marking an outbox entry failed"), query);
}

bool LocalCache::removeFromOutbox(const QString &clientId)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("DELETE FROM outbox WHERE client_id = ?"));
    query.addBindValue(clientId);
    return exec(QStringLiteral("removing from the outbox"), query);
}

QList<OutboxEntry> LocalCache::outbox()
{
    QList<OutboxEntry> entries;
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    query.prepare(
        QStringLiteral("SELECT client_id, conversation_id, text, created_at, failure FROM outbox ORDER BY position"));
    if (!exec(QStringLiteral("reading the outbox"), query))
        return entries;
    while (query.next()) {
        entries.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(),
                        query.value(3).toLongLong(), query.value(4).toString()});
    }
    return entries;
}

} // namespace parley::client
