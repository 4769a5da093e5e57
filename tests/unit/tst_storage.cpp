// The storage thread (group commit) and the account repository, on the backend
// PARLEY_TEST_BACKEND names.
#include "FinishTask.h"
#include <TestBackend.h>
#include <auth/AccountStore.h>
#include <storage/Schema.h>
#include <storage/Storage.h>

#include <QCoroTask>
#include <QSqlQuery>
#include <QTest>

using namespace parley;
using namespace parley::server;
using parley::test::finish;

namespace {

template <typename T>
T await(AwaitCallback<T> awaitable)
{
    auto wrapped = [](AwaitCallback<T> a) -> QCoro::Task<std::optional<T>> { co_return co_await a; };
    return *QCoro::waitFor(wrapped(std::move(awaitable)));
}

NewAccount account(const QString &username)
{
    return NewAccount{QStringLiteral("id-") + username, username, username.toUpper(), QStringLiteral("hash"), 1000};
}

} // namespace

class tst_Storage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void createAndFindAccount();
    void usernameConflict();
    void sessionsLifecycle();
    void writesAreGroupCommitted();
    void failedWriteDoesNotUndoItsBatch();
    void readSeesEarlierWrites();
    void writesAfterStopFail();
    void openRefusesUnreachableDatabase();

private:
    QCoro::Task<StorageResult<User>> createLater(QString username);

    test::TestBackend m_backend;
    std::unique_ptr<Storage> m_storage;
};

void tst_Storage::initTestCase()
{
    const QString error = m_backend.start();
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void tst_Storage::init()
{
    auto opened = Storage::open(m_backend.newDatabase(), serverSchema());
    QVERIFY2(opened, opened ? "" : qPrintable(opened.error()));
    m_storage = std::move(opened).value();
}

void tst_Storage::cleanup()
{
    m_storage.reset();
}

void tst_Storage::createAndFindAccount()
{
    auto created = await(m_storage->write<User>(
        [](QSqlDatabase &db) { return accounts::create(db, account(QStringLiteral("alice"))); }));
    QVERIFY(created);
    QCOMPARE(created->username, QStringLiteral("alice"));

    auto found = await(m_storage->read<std::optional<StoredAccount>>(
        [](QSqlDatabase &db) { return accounts::findByUsername(db, QStringLiteral("alice")); }));
    QVERIFY(found && found.value());
    QCOMPARE(found.value()->user.id, QStringLiteral("id-alice"));
    QCOMPARE(found.value()->user.displayName, QStringLiteral("ALICE"));
    QCOMPARE(found.value()->passwordHash, QStringLiteral("hash"));
    QVERIFY(!found.value()->disabled);

    auto missing = await(m_storage->read<std::optional<StoredAccount>>(
        [](QSqlDatabase &db) { return accounts::findByUsername(db, QStringLiteral("bob")); }));
    QVERIFY(missing && !missing.value());
}

void tst_Storage::usernameConflict()
{
    QVERIFY(await(m_storage->write<User>(
        [](QSqlDatabase &db) { return accounts::create(db, account(QStringLiteral("carol"))); })));
    auto again = await(m_storage->write<User>([](QSqlDatabase &db) {
        NewAccount other = account(QStringLiteral("carol"));
        other.id = QStringLiteral("another-id");
        return accounts::create(db, other);
    }));
    QVERIFY(!again);
    QCOMPARE(int(again.error().kind), int(StorageError::Kind::Conflict));
}

void tst_Storage::sessionsLifecycle()
{
    QVERIFY(await(m_storage->write<User>(
        [](QSqlDatabase &db) { return accounts::create(db, account(QStringLiteral("dave"))); })));
    QVERIFY(await(m_storage->write<std::monostate>([](QSqlDatabase &db) {
        return accounts::createSession(
            db, NewSession{QStringLiteral("tokenhash"), QStringLiteral("id-dave"), QStringLiteral("laptop"), 5});
    })));
    auto owner = await(m_storage->read<std::optional<StoredAccount>>(
        [](QSqlDatabase &db) { return accounts::findBySession(db, QStringLiteral("tokenhash")); }));
    QVERIFY(owner && owner.value());
    QCOMPARE(owner.value()->user.username, QStringLiteral("dave"));

    auto deleted = await(m_storage->write<bool>(
        [](QSqlDatabase &db) { return accounts::deleteSession(db, QStringLiteral("tokenhash")); }));
    QVERIFY(deleted && deleted.value());
    auto deletedAgain = await(m_storage->write<bool>(
        [](QSqlDatabase &db) { return accounts::deleteSession(db, QStringLiteral("tokenhash")); }));
    QVERIFY(deletedAgain && !deletedAgain.value());
    auto gone = await(m_storage->read<std::optional<StoredAccount>>(
        [](QSqlDatabase &db) { return accounts::findBySession(db, QStringLiteral("tokenhash")); }));
    QVERIFY(gone && !gone.value());
}

QCoro::Task<StorageResult<User>> tst_Storage::createLater(QString username)
{
    auto write =
        m_storage->write<User>([username](QSqlDatabase &db) { return accounts::create(db, account(username)); });
    co_return co_await write;
}

void tst_Storage::writesAreGroupCommitted()
{
    // Queue many writes before the event loop runs: the storage thread must take several per
    // transaction, and every one must be answered only once committed.
    constexpr int kWrites = 200;
    std::vector<QCoro::Task<StorageResult<User>>> tasks;
    tasks.reserve(kWrites);
    for (int i = 0; i < kWrites; ++i)
        tasks.push_back(createLater(QStringLiteral("user%1").arg(i)));
    int succeeded = 0;
    for (auto &task : tasks)
        succeeded += finish(std::move(task)).ok() ? 1 : 0;
    QCOMPARE(succeeded, kWrites);

    const Storage::Stats stats = m_storage->stats();
    QCOMPARE(stats.writes, quint64(kWrites));
    QVERIFY2(stats.commits < stats.writes,
             qPrintable(QStringLiteral("%1 commits for %2 writes").arg(stats.commits).arg(stats.writes)));
    QVERIFY(stats.largestBatch > 1);

    auto count = await(m_storage->read<int>([](QSqlDatabase &db) -> StorageResult<int> {
        QSqlQuery query(db);
        query.exec(QStringLiteral("SELECT COUNT(*) FROM users"));
        query.next();
        return query.value(0).toInt();
    }));
    QCOMPARE(count.value(), kWrites);
}

void tst_Storage::failedWriteDoesNotUndoItsBatch()
{
    auto first = createLater(QStringLiteral("erin"));
    auto duplicate = createLater(QStringLiteral("erin"));
    auto second = createLater(QStringLiteral("frank"));
    QVERIFY(finish(std::move(first)));
    auto failed = finish(std::move(duplicate));
    QVERIFY(!failed);
    QCOMPARE(int(failed.error().kind), int(StorageError::Kind::Conflict));
    QVERIFY(finish(std::move(second)));
    auto frank = await(m_storage->read<std::optional<StoredAccount>>(
        [](QSqlDatabase &db) { return accounts::findByUsername(db, QStringLiteral("frank")); }));
    QVERIFY(frank && frank.value());
}

void tst_Storage::readSeesEarlierWrites()
{
    auto write = createLater(QStringLiteral("gina"));
    auto read = [this]() -> QCoro::Task<StorageResult<std::optional<StoredAccount>>> {
        auto lookup = m_storage->read<std::optional<StoredAccount>>(
            [](QSqlDatabase &db) { return accounts::findByUsername(db, QStringLiteral("gina")); });
        co_return co_await lookup;
    }();
    QVERIFY(finish(std::move(write)));
    auto seen = finish(std::move(read));
    QVERIFY(seen && seen.value());
}

void tst_Storage::writesAfterStopFail()
{
    m_storage->stop();
    auto late = await(
        m_storage->write<User>([](QSqlDatabase &db) { return accounts::create(db, account(QStringLiteral("late"))); }));
    QVERIFY(!late);
    QCOMPARE(int(late.error().kind), int(StorageError::Kind::Unavailable));
}

void tst_Storage::openRefusesUnreachableDatabase()
{
    storage::DatabaseConfig config =
        storage::DatabaseConfig::fromUrl(
            QStringLiteral("postgresql://nobody@/nowhere?host=/nonexistent-parley-socket-dir"))
            .value();
    auto opened = Storage::open(config, serverSchema());
    QVERIFY(!opened);
    QVERIFY2(opened.error().contains(QLatin1StringView("cannot open")), qPrintable(opened.error()));
}

QTEST_GUILESS_MAIN(tst_Storage)
#include "tst_storage.moc"
