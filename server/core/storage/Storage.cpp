#include "storage/Storage.h"

#include "storage/Sql.h"

#include <storage/ThreadConnection.h>

#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QSqlError>
#include <QSqlQuery>

#include <future>

Q_LOGGING_CATEGORY(lcStorage, "parley.storage")

namespace parley::server {
namespace {

StorageError unavailable(const QString &message)
{
    return StorageError{StorageError::Kind::Unavailable, message, {}};
}

// Savepoint statements (a batch run again after a failing write). SQLite keeps them prepared;
// Qt's PostgreSQL driver prepares with SQL PREPARE, which takes no SAVEPOINT, so there they run
// as plain text.
bool exec(QSqlDatabase &db, const QString &sql)
{
    if (sql::isSqlite(db))
        return bool(sql::run(db, sql));
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    qCWarning(lcStorage, "%s failed: %s", qPrintable(sql), qPrintable(query.lastError().text()));
    return false;
}

} // namespace

Storage::Storage(const storage::DatabaseConfig &config)
    : m_config(config)
    , m_home(std::make_unique<QObject>())
{
}

Result<std::unique_ptr<Storage>, QString> Storage::open(const storage::DatabaseConfig &config,
                                                        const storage::SchemaDefinition &schema)
{
    std::unique_ptr<Storage> storage(new Storage(config));
    std::promise<QString> ready;
    std::future<QString> readyResult = ready.get_future();
    Storage *self = storage.get();
    storage->m_thread.reset(QThread::create([self, schema, &ready] {
        const QString error = self->openAndMigrate(schema);
        ready.set_value(error);
        if (error.isEmpty())
            self->runLoop();
        sql::clearStatementCache();
        storage::closeThreadConnection(self->m_config);
    }));
    storage->m_thread->setObjectName(QStringLiteral("parley-storage"));
    storage->m_thread->start();
    const QString error = readyResult.get();
    if (!error.isEmpty()) {
        storage->m_thread->wait();
        storage->m_stopping = true;
        return error;
    }
    return storage;
}

QString Storage::openAndMigrate(const storage::SchemaDefinition &schema)
{
    auto db = storage::threadConnection(m_config);
    if (!db)
        return db.error();
    storage::MigrationRunner runner(db.value(), storage::SqlDialect(m_config));
    auto version = runner.currentVersion();
    if (!version)
        return version.error();
    if (m_config.backend == storage::DatabaseConfig::Backend::Sqlite && version.value() > 0 &&
        version.value() < schema.latestVersion()) {
        // An upgrade is about to rewrite the schema: keep the database as it was beside it.
        const QString backup = QStringLiteral("%1.schema-v%2.bak").arg(m_config.sqlitePath).arg(version.value());
        QSqlQuery copy(db.value());
        if (!QFileInfo::exists(backup) &&
            !copy.exec(QStringLiteral("VACUUM INTO '%1'")
                           .arg(QString(backup).replace(QLatin1Char('\''), QStringLiteral("''")))))
            return QStringLiteral("cannot back up the database before upgrading it: %1").arg(copy.lastError().text());
        qCInfo(lcStorage, "backed up schema version %d to %s before upgrading", version.value(), qPrintable(backup));
    }
    auto migrated = runner.migrate(schema);
    if (!migrated)
        return migrated.error();
    if (migrated->fromVersion == 0)
        qCInfo(lcStorage, "created a new database at schema version %d", migrated->toVersion);
    else if (migrated->fromVersion != migrated->toVersion)
        qCInfo(lcStorage, "database schema migrated from version %d to %d", migrated->fromVersion, migrated->toVersion);
    return {};
}

Storage::~Storage()
{
    stop();
}

void Storage::stop()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
    }
    m_wakeUp.wakeAll();
    if (m_thread)
        m_thread->wait();
}

Storage::Stats Storage::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

void Storage::enqueue(Job job)
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_stopping) {
            m_queue.push_back(std::move(job));
            m_wakeUp.wakeOne();
            return;
        }
    }
    job.fail(unavailable(QStringLiteral("storage is shutting down")));
    std::deque<Job> rejected;
    rejected.push_back(std::move(job));
    completeOnHomeThread(std::move(rejected));
}

void Storage::runLoop()
{
    for (;;) {
        std::deque<Job> batch;
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.empty() && !m_stopping)
                m_wakeUp.wait(&m_mutex);
            if (m_queue.empty())
                return; // stopping, and everything queued has been done
            batch.swap(m_queue);
        }
        auto db = storage::threadConnection(m_config);
        if (!db) {
            for (Job &job : batch)
                job.fail(unavailable(QStringLiteral("database unavailable")));
            qCWarning(lcStorage, "%s", qPrintable(db.error()));
        } else {
            runBatch(batch, db.value());
        }
        completeOnHomeThread(std::move(batch));
    }
}

void Storage::runBatch(std::deque<Job> &batch, QSqlDatabase &db)
{
    quint64 writes = 0;
    for (const Job &job : batch)
        writes += job.isWrite ? 1 : 0;

    if (writes > 0) {
        bool began = db.transaction();
        if (!began) {
            // A lost PostgreSQL connection: reopen once before giving up on this batch.
            qCWarning(lcStorage, "cannot begin a transaction: %s", qPrintable(db.lastError().text()));
            sql::clearStatementCache();
            storage::closeThreadConnection(m_config);
            if (auto reopened = storage::threadConnection(m_config)) {
                db = reopened.value();
                began = db.transaction();
            }
        }
        bool committed = false;
        QElapsedTimer clock;
        clock.start();
        if (began) {
            // First without savepoints: each costs two statements and a copy of every page
            // its write touches. Most batches have no failing write; one that has is rolled
            // back and run again with a savepoint around each write.
            bool allKept = true;
            for (Job &job : batch) {
                if (job.isWrite && !job.run(db)) {
                    allKept = false;
                    break;
                }
            }
            if (!allKept) {
                db.rollback();
                began = db.transaction();
                if (began)
                    runWritesInSavepoints(batch, db);
            }
            committed = began && db.commit();
            if (began && !committed) {
                qCWarning(lcStorage, "commit failed: %s", qPrintable(db.lastError().text()));
                db.rollback();
            }
        }
        if (!committed) {
            for (Job &job : batch) {
                if (job.isWrite)
                    job.fail(unavailable(QStringLiteral("storage is busy, try again")));
            }
        } else {
            QMutexLocker lock(&m_mutex);
            m_stats.commits += 1;
            m_stats.writes += writes;
            m_stats.largestBatch = std::max(m_stats.largestBatch, writes);
            m_stats.batchSizes.observe(double(writes));
            m_stats.commitMilliseconds.observe(double(clock.nsecsElapsed()) / 1e6);
        }
    }
    for (Job &job : batch) {
        if (!job.isWrite)
            job.run(db);
    }
}

void Storage::runWritesInSavepoints(std::deque<Job> &batch, QSqlDatabase &db)
{
    for (Job &job : batch) {
        if (!job.isWrite)
            continue;
        if (!exec(db, QStringLiteral("SAVEPOINT job"))) {
            job.fail(unavailable(QStringLiteral("storage error")));
            continue;
        }
        const bool kept = job.run(db);
        exec(db, kept ? QStringLiteral("RELEASE SAVEPOINT job") : QStringLiteral("ROLLBACK TO SAVEPOINT job"));
        if (!kept)
            exec(db, QStringLiteral("RELEASE SAVEPOINT job"));
    }
}

void Storage::completeOnHomeThread(std::deque<Job> batch)
{
    auto jobs = std::make_shared<std::deque<Job>>(std::move(batch));
    QMetaObject::invokeMethod(
        m_home.get(),
        [jobs] {
            for (Job &job : *jobs)
                job.complete();
        },
        Qt::QueuedConnection);
}

} // namespace parley::server
