#include "storage/Sql.h"

#include <QHash>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>

#include <sqlite3.h>

Q_DECLARE_LOGGING_CATEGORY(lcStorage)

namespace parley::server::sql {

namespace {

// Prepared statements of this thread's connections, by connection name and SQL text.
QHash<QString, QSqlQuery> &statementCache()
{
    thread_local QHash<QString, QSqlQuery> cache;
    return cache;
}

// The same for SQLite, whose statements are kept as sqlite3_stmt. The key also holds the
// sqlite3 handle, so a statement can never meet a later connection of the same name.
QHash<QString, sqlite3_stmt *> &sqliteCache()
{
    thread_local QHash<QString, sqlite3_stmt *> cache;
    return cache;
}

sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

StorageError failure(const QString &statement, const QString &message)
{
    qCWarning(lcStorage, "query failed: %s: %s", qPrintable(statement.left(80)), qPrintable(message));
    return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
}

// Binds as Qt's SQLite driver does: a null QString or QByteArray is SQL NULL (sql::text()
// exists for the empty strings that must not be).
int bind(sqlite3_stmt *statement, int index, const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return sqlite3_bind_null(statement, index);
    switch (value.typeId()) {
    case QMetaType::QString: {
        const QString text = value.toString();
        if (text.isNull())
            return sqlite3_bind_null(statement, index);
        return sqlite3_bind_text16(statement, index, text.utf16(), int(text.size() * 2), SQLITE_TRANSIENT);
    }
    case QMetaType::QByteArray: {
        const QByteArray bytes = value.toByteArray();
        if (bytes.isNull())
            return sqlite3_bind_null(statement, index);
        return sqlite3_bind_blob(statement, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
    }
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong());
    case QMetaType::Double:
        return sqlite3_bind_double(statement, index, value.toDouble());
    default: {
        const QString text = value.toString();
        return sqlite3_bind_text16(statement, index, text.utf16(), int(text.size() * 2), SQLITE_TRANSIENT);
    }
    }
}

} // namespace

Statement::Statement(QString key, QSqlQuery query)
    : m_key(std::move(key))
    , m_query(std::move(query))
{
}

Statement::Statement(QString key, sqlite3_stmt *statement)
    : m_key(std::move(key))
    , m_sqlite(statement)
{
}

StorageResult<Statement> Statement::runSqlite(sqlite3 *handle, QString key, const QString &text,
                                              const QVariantList &values)
{
    sqlite3_stmt *prepared = sqliteCache().take(key);
    if (!prepared) {
        const QByteArray utf8 = text.toUtf8();
        if (sqlite3_prepare_v3(handle, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &prepared,
                               nullptr) != SQLITE_OK) {
            qCWarning(lcStorage, "cannot prepare %s: %s", qPrintable(text.left(80)), sqlite3_errmsg(handle));
            sqlite3_finalize(prepared);
            return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
        }
    }
    Statement statement(std::move(key), prepared); // goes back to the cache however this ends
    for (int i = 0; i < values.size(); ++i) {
        if (bind(prepared, i + 1, values.at(i)) != SQLITE_OK)
            return failure(text, QString::fromUtf8(sqlite3_errmsg(handle)));
    }
    const int stepped = sqlite3_step(prepared);
    if (stepped == SQLITE_ROW)
        statement.m_rowWaiting = true;
    else if (stepped == SQLITE_DONE)
        statement.m_changes = sqlite3_changes(handle);
    else
        return failure(text, QString::fromUtf8(sqlite3_errmsg(handle)));
    return statement;
}

Statement::Statement(Statement &&other) noexcept
    : m_key(std::move(other.m_key))
    , m_query(std::move(other.m_query))
    , m_sqlite(std::exchange(other.m_sqlite, nullptr))
    , m_rowWaiting(other.m_rowWaiting)
    , m_onRow(other.m_onRow)
    , m_changes(other.m_changes)
{
    other.m_key.clear();
}

Statement::~Statement()
{
    if (m_key.isEmpty())
        return;
    if (m_sqlite) {
        // Reset releases what the statement holds (a read snapshot, its bound copies).
        sqlite3_reset(m_sqlite);
        sqlite3_clear_bindings(m_sqlite);
        QHash<QString, sqlite3_stmt *> &cache = sqliteCache();
        if (cache.contains(m_key))
            sqlite3_finalize(m_sqlite);
        else
            cache.insert(m_key, m_sqlite);
        return;
    }
    m_query.finish();
    QHash<QString, QSqlQuery> &cache = statementCache();
    if (!cache.contains(m_key))
        cache.insert(m_key, std::move(m_query));
}

bool Statement::next()
{
    if (!m_sqlite)
        return m_query.next();
    if (m_rowWaiting) {
        m_rowWaiting = false;
        m_onRow = true;
        return true;
    }
    if (!m_onRow)
        return false; // past the last row, or a statement without rows
    const int stepped = sqlite3_step(m_sqlite);
    if (stepped != SQLITE_ROW && stepped != SQLITE_DONE)
        qCWarning(lcStorage, "reading rows failed: %s", sqlite3_errmsg(sqlite3_db_handle(m_sqlite)));
    m_onRow = stepped == SQLITE_ROW;
    return m_onRow;
}

QVariant Statement::value(int index) const
{
    if (!m_sqlite)
        return m_query.value(index);
    if (!m_onRow)
        return {};
    switch (sqlite3_column_type(m_sqlite, index)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_sqlite, index)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_sqlite, index));
    case SQLITE_NULL:
        return {};
    case SQLITE_BLOB:
        return QVariant(QByteArray(static_cast<const char *>(sqlite3_column_blob(m_sqlite, index)),
                                   sqlite3_column_bytes(m_sqlite, index)));
    default: {
        const void *text = sqlite3_column_text16(m_sqlite, index);
        return QVariant(QString(static_cast<const QChar *>(text),
                                sqlite3_column_bytes16(m_sqlite, index) / qsizetype(sizeof(QChar))));
    }
    }
}

int Statement::numRowsAffected() const
{
    return m_sqlite ? m_changes : m_query.numRowsAffected();
}

bool isSqlite(const QSqlDatabase &db)
{
    return sqliteHandle(db) != nullptr;
}

void configureSqliteLibrary()
{
    if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK ||
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK)
        qCWarning(lcStorage, "SQLite was initialised before it could be configured");
}

void clearStatementCache()
{
    statementCache().clear();
    for (sqlite3_stmt *statement : std::as_const(sqliteCache()))
        sqlite3_finalize(statement);
    sqliteCache().clear();
}

StorageResult<Statement> run(QSqlDatabase &db, const QString &statement, const QVariantList &values)
{
    if (sqlite3 *handle = sqliteHandle(db)) {
        const QString key = db.connectionName() + QLatin1Char('\x1f') +
                            QString::number(reinterpret_cast<quintptr>(handle), 16) + QLatin1Char('\x1f') + statement;
        return Statement::runSqlite(handle, key, statement, values);
    }
    const QString key = db.connectionName() + QLatin1Char('\x1f') + statement;
    QSqlQuery query = statementCache().take(key);
    if (query.lastQuery().isEmpty()) { // not cached yet
        query = QSqlQuery(db);
        query.setForwardOnly(true);
        if (!query.prepare(statement)) {
            qCWarning(lcStorage, "cannot prepare %s: %s", qPrintable(statement.left(80)),
                      qPrintable(query.lastError().text()));
            return StorageError{StorageError::Kind::Unavailable, QStringLiteral("storage error"), {}};
        }
    }
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
    if (!query.exec())
        return failure(statement, query.lastError().text());
    return Statement(key, std::move(query));
}

StorageResult<qint64> scalar(QSqlDatabase &db, const QString &statement, const QVariantList &values, qint64 fallback)
{
    auto query = run(db, statement, values);
    if (!query)
        return std::move(query).error();
    if (!query.value().next() || query.value().value(0).isNull())
        return fallback;
    return query.value().value(0).toLongLong();
}

QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

StorageError notFound(const QString &what)
{
    return StorageError{StorageError::Kind::NotFound, what, {}};
}

StorageError forbidden(const QString &why)
{
    return StorageError{StorageError::Kind::Forbidden, why, {}};
}

StorageError invalid(const QString &why, const QString &field)
{
    return StorageError{StorageError::Kind::Invalid, why, field};
}

} // namespace parley::server::sql
