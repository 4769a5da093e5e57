// The daemon's Storage: writes queued together commit together, and a write that fails
// inside a batch undoes only its own changes (the batch is run again with savepoints).
#include <storage/Storage.h>

#include <QCoroTask>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <future>
#include <memory>

using namespace parley;
using namespace parley::server;

namespace {

storage::SchemaDefinition schema()
{
    const QStringList create{QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE)")};
    return storage::SchemaDefinition{{{1, create}}, create};
}

// Inserts `text`; with `fail`, inserts and then refuses, as a job that finds a rule broken
// after writing would.
QCoro::Task<void> insert(Storage &storage, QString text, bool fail, std::optional<StorageResult<qint64>> &out)
{
    auto writing = storage.write<qint64>([text, fail](QSqlDatabase &db) -> StorageResult<qint64> {
        QSqlQuery query(db);
        query.prepare(QStringLiteral("INSERT INTO notes (text) VALUES (?) RETURNING id"));
        query.addBindValue(text);
        if (!query.exec() || !query.next())
            return StorageError{StorageError::Kind::Conflict, QStringLiteral("duplicate"), {}};
        if (fail)
            return StorageError{StorageError::Kind::Invalid, QStringLiteral("refused after writing"), {}};
        return query.value(0).toLongLong();
    });
    out = co_await writing;
}

QCoro::Task<void> blockUntil(Storage &storage, std::shared_future<void> gate, std::shared_ptr<std::atomic_bool> started,
                             bool &done)
{
    auto waiting = storage.write<int>([gate, started](QSqlDatabase &) -> StorageResult<int> {
        *started = true;
        gate.wait();
        return 0;
    });
    co_await waiting;
    done = true;
}

// Holds the storage thread until `gate` opens, so that the writes queued meanwhile make one
// batch; returns once the thread is held.
QCoro::Task<void> holdStorage(Storage &storage, std::shared_future<void> gate, bool &done)
{
    auto started = std::make_shared<std::atomic_bool>(false);
    QCoro::Task<void> blocker = blockUntil(storage, std::move(gate), started, done);
    if (!QTest::qWaitFor([&] { return started->load(); }))
        qFatal("the storage thread did not start the blocking job");
    return blocker;
}

QStringList notes(const QString &path)
{
    QStringList texts;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(QStringLiteral("SELECT text FROM notes ORDER BY id"), db);
            while (query.next())
                texts.append(query.value(0).toString());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return texts;
}

} // namespace

class TestGroupCommit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void failingWriteUndoesOnlyItself()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.db"));
        auto opened = Storage::open(storage::DatabaseConfig::sqlite(path), schema());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error()));
        std::unique_ptr<Storage> storage = std::move(opened).value();

        std::promise<void> open;
        bool blockerDone = false;
        auto blocker = holdStorage(*storage, open.get_future().share(), blockerDone);
        std::optional<StorageResult<qint64>> a, b, c, d;
        auto first = insert(*storage, QStringLiteral("a"), false, a);
        auto refused = insert(*storage, QStringLiteral("b"), true, b);
        auto third = insert(*storage, QStringLiteral("c"), false, c);
        auto duplicate = insert(*storage, QStringLiteral("a"), false, d);
        open.set_value();
        QTRY_VERIFY(blockerDone && a && b && c && d);

        QVERIFY(a->ok());
        QVERIFY(!b->ok());
        QCOMPARE(b->error().kind, StorageError::Kind::Invalid);
        QVERIFY(c->ok());
        QVERIFY(!d->ok());
        QCOMPARE(d->error().kind, StorageError::Kind::Conflict);
        QCOMPARE(storage->stats().largestBatch, 4u);
        QCOMPARE(storage->stats().commits, 2u);
        storage.reset();

        // Only the kept writes are there, with the ids their callers were given.
        QCOMPARE(notes(path), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
        QCOMPARE(a->value(), 1);
        QCOMPARE(c->value(), 2);
    }

    void batchWithoutFailureCommitsEverything()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.db"));
        auto opened = Storage::open(storage::DatabaseConfig::sqlite(path), schema());
        QVERIFY(opened);
        std::unique_ptr<Storage> storage = std::move(opened).value();
        std::promise<void> open;
        bool blockerDone = false;
        auto blocker = holdStorage(*storage, open.get_future().share(), blockerDone);
        std::vector<std::optional<StorageResult<qint64>>> results(50);
        std::vector<QCoro::Task<void>> tasks;
        for (int i = 0; i < 50; ++i)
            tasks.push_back(insert(*storage, QStringLiteral("n%1").arg(i), false, results[size_t(i)]));
        open.set_value();
        QTRY_VERIFY(std::all_of(results.begin(), results.end(), [](const auto &r) { return r.has_value(); }));
        for (int i = 0; i < 50; ++i)
            QCOMPARE(results[size_t(i)]->value(), i + 1);
        QCOMPARE(storage->stats().largestBatch, 50u);
        storage.reset();
        QCOMPARE(notes(path).size(), 50);
    }
};

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_group_commit.moc"
