#pragma once

#include "Metrics.h"
#include "storage/AwaitCallback.h"

#include <storage/DatabaseConfig.h>
#include <storage/MigrationRunner.h>

#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <memory>

namespace parley::server {

/// Why a storage job failed. Jobs also use it for rule violations they find inside the
/// transaction (not a member, not allowed, invalid), so that check and write are atomic.
struct StorageError
{
    enum class Kind { Conflict, NotFound, Forbidden, Invalid, TooLarge, Unavailable, Internal };
    Kind kind = Kind::Internal;
    QString message;
    QString field; ///< the request field at fault, when there is one
};

template <typename T>
using StorageResult = Result<T, StorageError>;

/// The daemon's storage: one thread that owns the database connection. Handlers on the
/// network thread `co_await` its results.
///
/// Writes are group-committed: the thread takes every write waiting in its queue, runs them in
/// one transaction, commits once, and only then completes them. When a write fails, the batch
/// is rolled back and run again with each write inside its own savepoint, so one failing write
/// does not undo the others. A write is therefore answered only
/// after its commit. Reads run on the same connection after the batch's writes, so a read
/// sees every write queued before it.
class Storage
{
public:
    struct Stats
    {
        quint64 commits = 0;
        quint64 writes = 0;
        quint64 largestBatch = 0;
        Histogram batchSizes{{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}};
        Histogram commitMilliseconds{{0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 1000}};
    };

    /// Opens the database on the storage thread and migrates it to `schema`. Blocks until done.
    static Result<std::unique_ptr<Storage>, QString> open(const storage::DatabaseConfig &config,
                                                          const storage::SchemaDefinition &schema);
    ~Storage();

    template <typename T>
    AwaitCallback<StorageResult<T>> write(std::function<StorageResult<T>(QSqlDatabase &)> job)
    {
        return submit<T>(true, std::move(job));
    }
    template <typename T>
    AwaitCallback<StorageResult<T>> read(std::function<StorageResult<T>(QSqlDatabase &)> job)
    {
        return submit<T>(false, std::move(job));
    }

    /// Finishes every queued job, commits, then stops the thread. Later jobs fail `Unavailable`.
    void stop();
    Stats stats() const;

private:
    struct Job
    {
        bool isWrite = false;
        std::function<bool(QSqlDatabase &)> run; ///< storage thread; false: undo its writes
        std::function<void(StorageError)> fail;  ///< storage thread; replaces the result
        std::function<void()> complete;          ///< network thread; resumes the caller
    };

    explicit Storage(const storage::DatabaseConfig &config);
    QString openAndMigrate(const storage::SchemaDefinition &schema);
    void enqueue(Job job);
    void runLoop();
    void runBatch(std::deque<Job> &batch, QSqlDatabase &db);
    void runWritesInSavepoints(std::deque<Job> &batch, QSqlDatabase &db);
    void completeOnHomeThread(std::deque<Job> batch);

    template <typename T>
    AwaitCallback<StorageResult<T>> submit(bool isWrite, std::function<StorageResult<T>(QSqlDatabase &)> job)
    {
        return AwaitCallback<StorageResult<T>>([this, isWrite, job = std::move(job)](auto deliver) {
            auto result = std::make_shared<std::optional<StorageResult<T>>>();
            enqueue(Job{
                isWrite,
                [job, result](QSqlDatabase &db) {
                    result->emplace(job(db));
                    return result->value().ok();
                },
                [result](StorageError error) { result->emplace(std::move(error)); },
                [result, deliver] { deliver(std::move(**result)); },
            });
        });
    }

    storage::DatabaseConfig m_config;
    std::unique_ptr<QObject> m_home; ///< lives on the network thread; completions are posted to it
    std::unique_ptr<QThread> m_thread;

    mutable QMutex m_mutex;
    QWaitCondition m_wakeUp;
    std::deque<Job> m_queue;
    bool m_stopping = false;
    Stats m_stats;
};

} // namespace parley::server
