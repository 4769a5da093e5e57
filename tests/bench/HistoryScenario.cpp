// `history`: latency of `messages.history` pages on a conversation with 1,000,000 messages and of
// `conversations.list` for a user with 1,000 conversations.
//
// Writing a million messages through the protocol would take far too long, so the scenario
// builds the data in three steps: a daemon it starts itself on fresh data creates the schema,
// two accounts A and B, their direct conversation and `--conversations` groups of A and B (each
// with its `group_created` and `member_added` system messages, so every conversation has a
// last message); the daemon is stopped with SIGTERM; the messages go straight into the database
// in one transaction, with the columns and counters the server itself would have written; then
// the daemon starts again on the same data and A's requests are timed.
#include "BenchSupport.h"

#include <storage/DatabaseConfig.h>
#include <storage/ThreadConnection.h>

#include <QCoroSignal>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

namespace parley::bench {
namespace {

constexpr int kPageSize = 50;

// The daemon's request-latency histogram (parley_request_duration_milliseconds, every op).
struct DaemonHistogram
{
    bool valid = false;
    std::vector<std::pair<double, double>> buckets; ///< upper bound (ms, +inf last) → cumulative count
    double sum = 0;
    double count = 0;
};

// What the daemon measured for one phase: the difference of two histograms. Only the phase's
// requests ran between them (one client, one op at a time).
struct DaemonLatency
{
    bool valid = false;
    double count = 0;
    double meanMs = 0;
    double p50AtMostMs = 0;   ///< upper bound of the bucket holding the median (infinity: over the last)
    double shareUnder1ms = 0; ///< of the requests, the fraction that took at most 1 ms
};

QCoro::Task<DaemonHistogram> readHistogram(QNetworkAccessManager &network, QUrl metricsUrl)
{
    DaemonHistogram histogram;
    if (metricsUrl.isEmpty())
        co_return histogram;
    metricsUrl.setPath(QStringLiteral("/metrics"));
    QNetworkReply *reply = network.get(QNetworkRequest(metricsUrl));
    auto finishing = qCoro(reply, &QNetworkReply::finished);
    co_await std::move(finishing);
    reply->deleteLater();
    if (reply->error() != QNetworkReply::NoError)
        co_return histogram;
    const QString name = QStringLiteral("parley_request_duration_milliseconds");
    const QString bucketKey = name + QStringLiteral("_bucket{le=\"");
    const QString sumKey = name + QStringLiteral("_sum");
    const QString countKey = name + QStringLiteral("_count");
    for (const QByteArray &raw : reply->readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (!line.startsWith(name))
            continue;
        const double value = line.section(QLatin1Char(' '), -1).toDouble();
        const QString key = line.section(QLatin1Char(' '), 0, 0);
        if (key.startsWith(bucketKey)) {
            const QString bound = key.section(QLatin1Char('"'), 1, 1);
            histogram.buckets.emplace_back(
                bound == QLatin1StringView("+Inf") ? std::numeric_limits<double>::infinity() : bound.toDouble(), value);
        } else if (key == sumKey) {
            histogram.sum = value;
        } else if (key == countKey) {
            histogram.count = value;
        }
    }
    histogram.valid = !histogram.buckets.empty();
    co_return histogram;
}

DaemonLatency difference(const DaemonHistogram &before, const DaemonHistogram &after)
{
    DaemonLatency latency;
    if (!before.valid || !after.valid || before.buckets.size() != after.buckets.size())
        return latency;
    latency.count = after.count - before.count;
    if (latency.count <= 0)
        return latency;
    latency.valid = true;
    latency.meanMs = (after.sum - before.sum) / latency.count;
    // The buckets are coarse (0.5, 1, 2.5, 5, 10, 25 ms...): say which one holds the median
    // rather than pretend to know where in it.
    bool found = false;
    for (size_t i = 0; i < after.buckets.size(); ++i) {
        const double bound = after.buckets[i].first;
        const double cumulative = after.buckets[i].second - before.buckets[i].second;
        if (bound == 1.0)
            latency.shareUnder1ms = cumulative / latency.count;
        if (!found && cumulative >= latency.count / 2) {
            found = true;
            latency.p50AtMostMs = bound;
        }
    }
    return latency;
}

// One timed phase: client round trips and what the daemon saw.
struct Phase
{
    QString key;  ///< JSON prefix
    QString name; ///< for the table
    std::vector<double> latencies;
    DaemonLatency daemon;
    int failures = 0;
};

QString newMessageId(qint64 createdAtMsecs)
{
    // As the server makes them (Secrets.cpp): 6 bytes of big-endian milliseconds, 6 random
    // bytes, base64url without padding.
    QByteArray bytes(12, Qt::Uninitialized);
    for (int i = 0; i < 6; ++i)
        bytes[i] = char((quint64(createdAtMsecs) >> (8 * (5 - i))) & 0xff);
    for (int i = 6; i < 12; ++i)
        bytes[i] = char(QRandomGenerator::global()->bounded(256));
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// 20–120 characters of words.
QString messageText(QRandomGenerator &random)
{
    static const QStringList words = QStringLiteral("the a message parley dinner friday see you at six ok thanks "
                                                    "tomorrow maybe later call me when lunch book chapter read done "
                                                    "great idea sounds good where are meet train late sorry again")
                                         .split(QLatin1Char(' '));
    const int length = 20 + int(random.bounded(101));
    QString text;
    while (text.size() < length) {
        if (!text.isEmpty())
            text += QLatin1Char(' ');
        text += words[qsizetype(random.bounded(quint32(words.size())))];
    }
    text.truncate(length);
    return text.trimmed();
}

struct BulkResult
{
    QString error;
    qint64 lastSeq = 0;
    double seconds = 0;
};

// Appends `count` text messages to the direct conversation of A and B as MessageRepository's
// send would have, in one transaction: id as the server makes them, seq and rev the
// conversation's next ones (both run on from the conversation's counters, contiguous), senders
// taking turns in runs of 1–4, client_id unique per sender, created_at rising by 30 s from about
// a year ago to now. Then the conversation's last_seq, rev and activity_at, and the members'
// watermarks: both have had and read everything, as after a `messages.read` from each. The
// conversation and memberships are dated just before the first message.
BulkResult insertInto(QSqlDatabase db, const storage::DatabaseConfig &config, const QString &conversationId,
                      const QString &userA, const QString &userB, qint64 count)
{
    BulkResult result;
    {
        QSqlQuery query(db);
        auto fail = [&](const QSqlQuery &failed) {
            result.error = failed.lastError().text();
            db.rollback();
            return result;
        };
        if (config.backend == storage::DatabaseConfig::Backend::Sqlite &&
            !query.exec(QStringLiteral("PRAGMA cache_size = -262144"))) // 256 MiB: the id index takes random inserts
            return fail(query);
        if (!db.transaction()) {
            result.error = db.lastError().text();
            return result;
        }
        query.prepare(QStringLiteral("SELECT last_seq, rev FROM conversations WHERE id = ?"));
        query.bindValue(0, conversationId);
        if (!query.exec())
            return fail(query);
        if (!query.next()) {
            result.error = QStringLiteral("the direct conversation is missing");
            db.rollback();
            return result;
        }
        const qint64 seq0 = query.value(0).toLongLong();
        const qint64 rev0 = query.value(1).toLongLong();
        query.finish();

        constexpr int kRows = 200; // rows per INSERT: 1,800 parameters, within SQLite's and PostgreSQL's limits
        constexpr int kColumns = 9;
        const QString row = QStringLiteral("(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        auto statement = [&row](qint64 rows) {
            QStringList values;
            for (qint64 i = 0; i < rows; ++i)
                values.append(row);
            // The server's column set (MessageRepository's insert): edited_at NULL, deleted 0 by default.
            return QString(QStringLiteral("INSERT INTO messages (id, conversation_id, seq, rev, sender_id, kind, text, "
                                          "client_id, created_at) VALUES ") +
                           values.join(QStringLiteral(", ")));
        };
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        constexpr qint64 kStepMs = 30000;
        const qint64 firstAt = now - (count - 1) * kStepMs;
        QRandomGenerator random(20261121);
        QSqlQuery insert(db);
        insert.prepare(statement(kRows));
        qint64 preparedRows = kRows;
        QString sender = userA;
        qint64 runLeft = 0;
        for (qint64 first = 0; first < count; first += kRows) {
            const qint64 rows = std::min<qint64>(kRows, count - first);
            if (rows != preparedRows) {
                insert.prepare(statement(rows));
                preparedRows = rows;
            }
            for (qint64 i = 0; i < rows; ++i) {
                const qint64 n = first + i; // 0-based
                if (runLeft == 0) {
                    sender = sender == userA ? userB : userA;
                    runLeft = 1 + random.bounded(4);
                }
                --runLeft;
                const int base = int(i) * kColumns;
                insert.bindValue(base + 0, newMessageId(firstAt + n * kStepMs));
                insert.bindValue(base + 1, conversationId);
                insert.bindValue(base + 2, seq0 + n + 1);
                insert.bindValue(base + 3, rev0 + n + 1);
                insert.bindValue(base + 4, sender);
                insert.bindValue(base + 5, QStringLiteral("text"));
                insert.bindValue(base + 6, messageText(random));
                insert.bindValue(base + 7, QStringLiteral("h-%1").arg(n + 1));
                insert.bindValue(base + 8, firstAt + n * kStepMs);
            }
            if (!insert.exec())
                return fail(insert);
            if ((first / kRows) % 500 == 0)
                std::fprintf(stderr, "  %lld of %lld\n", first + rows, count);
        }
        result.lastSeq = seq0 + count;
        query.prepare(QStringLiteral(
            "UPDATE conversations SET last_seq = ?, rev = ?, activity_at = ?, created_at = ? WHERE id = ?"));
        query.bindValue(0, seq0 + count);
        query.bindValue(1, rev0 + count);
        query.bindValue(2, firstAt + (count - 1) * kStepMs);
        query.bindValue(3, firstAt - 60000);
        query.bindValue(4, conversationId);
        if (!query.exec())
            return fail(query);
        query.prepare(QStringLiteral(
            "UPDATE members SET delivered_seq = ?, read_seq = ?, joined_at = ? WHERE conversation_id = ?"));
        query.bindValue(0, seq0 + count);
        query.bindValue(1, seq0 + count);
        query.bindValue(2, firstAt - 60000);
        query.bindValue(3, conversationId);
        if (!query.exec())
            return fail(query);
        if (!db.commit()) {
            result.error = db.lastError().text();
            return result;
        }
        // PostgreSQL's autovacuum analyzes a table after a load like this one; do it now rather
        // than measure before it happens. SQLite gets nothing: the daemon never runs ANALYZE.
        if (config.backend == storage::DatabaseConfig::Backend::Postgresql && !query.exec(QStringLiteral("ANALYZE")))
            return fail(query);
    }
    return result;
}

BulkResult bulkInsert(const storage::DatabaseConfig &config, const QString &conversationId, const QString &userA,
                      const QString &userB, qint64 count)
{
    const double started = nowMs();
    BulkResult result;
    {
        auto opened = storage::threadConnection(config);
        if (!opened) {
            result.error = opened.error();
            return result;
        }
        result = insertInto(opened.value(), config, conversationId, userA, userB, count);
    }
    storage::closeThreadConnection(config); // the last connection: SQLite checkpoints the WAL
    result.seconds = (nowMs() - started) / 1000.0;
    return result;
}

QString idOf(const Reply &reply)
{
    return reply.data.value(QLatin1StringView("conversation")).toObject().value(QLatin1StringView("id")).toString();
}

// First and last seq of a history page, and how many messages it has.
struct PageShape
{
    qint64 first = 0;
    qint64 last = 0;
    qsizetype size = 0;
    bool hasMore = false;
};

PageShape shapeOf(const Reply &reply)
{
    const QJsonArray messages = reply.data.value(QLatin1StringView("messages")).toArray();
    PageShape shape;
    shape.size = messages.size();
    shape.hasMore = reply.data.value(QLatin1StringView("has_more")).toBool();
    if (!messages.isEmpty()) {
        shape.first = messages.first().toObject().value(QLatin1StringView("seq")).toInteger();
        shape.last = messages.last().toObject().value(QLatin1StringView("seq")).toInteger();
    }
    return shape;
}

} // namespace

QCoro::Task<int> runHistory(Options options)
{
    storage::DatabaseConfig config;
    if (!options.database.isEmpty()) {
        auto parsed = storage::DatabaseConfig::fromUrl(options.database);
        if (!parsed) {
            std::fprintf(stderr, "parley-bench: --database: %s\n", qPrintable(parsed.error()));
            co_return 2;
        }
        config = parsed.value();
    }
    SpawnedDaemon daemon(options, {QStringLiteral("--metrics"), QStringLiteral("127.0.0.1:0"),
                                   QStringLiteral("--log-level"), QStringLiteral("warning")});
    if (options.keepData)
        daemon.keepData();
    if (options.database.isEmpty())
        config = storage::DatabaseConfig::sqlite(daemon.dataDir() + QStringLiteral("/parley.db"));
    if (!daemon.start())
        co_return 1;

    // 1. Through the protocol: A, B, their direct conversation, A's groups.
    const double setupStarted = nowMs();
    auto registering = registerAccounts(daemon.url(), 2);
    const std::vector<Account> accounts = co_await std::move(registering);
    if (accounts.size() != 2)
        co_return 1;
    const Account &a = accounts[0];
    const Account &b = accounts[1];
    QString directId;
    {
        auto connecting = connect(daemon.url(), a.token);
        auto client = co_await std::move(connecting);
        if (!client)
            co_return 1;
        auto opening = client->request(QStringLiteral("conversations.direct"), {{QStringLiteral("user_id"), b.id}});
        const Reply direct = co_await std::move(opening);
        if (!direct.ok)
            co_return 1;
        directId = idOf(direct);
        std::fprintf(stderr, "creating %d groups...\n", options.conversations);
        for (int i = 0; i < options.conversations; ++i) {
            auto creating = client->request(QStringLiteral("groups.create"),
                                            {{QStringLiteral("title"), QStringLiteral("bench group %1").arg(i)},
                                             {QStringLiteral("member_ids"), QJsonArray{b.id}}},
                                            std::chrono::seconds(60));
            const Reply group = co_await std::move(creating);
            if (!group.ok) {
                std::fprintf(stderr, "groups.create failed: %s\n", qPrintable(group.error.message));
                co_return 1;
            }
        }
        client->close();
    }
    const double setupSeconds = (nowMs() - setupStarted) / 1000.0;
    if (!daemon.stop()) {
        std::fputs("parley-bench: parleyd did not stop cleanly on SIGTERM\n", stderr);
        co_return 1;
    }

    // 2. Straight into the database.
    std::fprintf(stderr, "inserting %lld messages into %s...\n", options.historyMessages,
                 qPrintable(config.describe()));
    const BulkResult bulk = bulkInsert(config, directId, a.id, b.id, options.historyMessages);
    if (!bulk.error.isEmpty()) {
        std::fprintf(stderr, "parley-bench: bulk insert failed: %s\n", qPrintable(bulk.error));
        co_return 1;
    }
    const qint64 lastSeq = bulk.lastSeq;

    // 3. The daemon again, on the same data; A's requests, one at a time.
    if (!daemon.start())
        co_return 1;
    auto reconnecting = connect(daemon.url(), a.token);
    auto client = co_await std::move(reconnecting);
    if (!client)
        co_return 1;
    QNetworkAccessManager network;
    auto history = [&client, &directId](std::optional<qint64> beforeSeq) {
        QJsonObject data{{QStringLiteral("conversation_id"), directId}, {QStringLiteral("limit"), kPageSize}};
        if (beforeSeq)
            data.insert(QStringLiteral("before_seq"), *beforeSeq);
        return client->request(QStringLiteral("messages.history"), data, std::chrono::seconds(60));
    };
    // A few untimed requests first: connection set-up, prepared statements, the first pages.
    for (int i = 0; i < 10; ++i) {
        auto warming = history(std::nullopt);
        co_await std::move(warming);
        auto listing = client->request(QStringLiteral("conversations.list"), {}, std::chrono::seconds(60));
        co_await std::move(listing);
    }

    std::vector<Phase> phases;
    int problems = 0;
    auto begin = [&](const QString &key, const QString &name) -> Phase & {
        phases.push_back(Phase{key, name, {}, {}, 0});
        return phases.back();
    };

    // Newest page.
    {
        auto before = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram start = co_await std::move(before);
        Phase &phase = begin(QStringLiteral("newest"), QStringLiteral("history newest page"));
        for (int i = 0; i < options.requests; ++i) {
            const double sent = nowMs();
            auto requesting = history(std::nullopt);
            const Reply reply = co_await std::move(requesting);
            phase.latencies.push_back(nowMs() - sent);
            const PageShape shape = shapeOf(reply);
            if (!reply.ok || shape.size != kPageSize || shape.last != lastSeq || !shape.hasMore)
                ++phase.failures;
        }
        auto after = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram end = co_await std::move(after);
        phase.daemon = difference(start, end);
    }
    // Pages at random places in the whole history.
    {
        QRandomGenerator random(7);
        auto before = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram start = co_await std::move(before);
        Phase &phase = begin(QStringLiteral("random"), QStringLiteral("history random page"));
        for (int i = 0; i < options.requests; ++i) {
            const qint64 beforeSeq = qint64(random.bounded(quint64(kPageSize + 1), quint64(lastSeq) + 1));
            const double sent = nowMs();
            auto requesting = history(beforeSeq);
            const Reply reply = co_await std::move(requesting);
            phase.latencies.push_back(nowMs() - sent);
            const PageShape shape = shapeOf(reply);
            if (!reply.ok || shape.size != kPageSize || shape.last != beforeSeq - 1)
                ++phase.failures;
        }
        auto after = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram end = co_await std::move(after);
        phase.daemon = difference(start, end);
    }
    // Walking back page after page from the newest, as a client scrolling up does.
    {
        auto before = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram start = co_await std::move(before);
        Phase &phase = begin(QStringLiteral("walk"), QStringLiteral("history walking back"));
        std::optional<qint64> beforeSeq;
        for (int i = 0; i < options.pages; ++i) {
            const double sent = nowMs();
            auto requesting = history(beforeSeq);
            const Reply reply = co_await std::move(requesting);
            phase.latencies.push_back(nowMs() - sent);
            const PageShape shape = shapeOf(reply);
            const qint64 expectedLast = beforeSeq ? *beforeSeq - 1 : lastSeq;
            if (!reply.ok || shape.size != kPageSize || shape.last != expectedLast ||
                shape.last - shape.first != kPageSize - 1) {
                ++phase.failures;
                break;
            }
            beforeSeq = shape.first;
        }
        auto after = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram end = co_await std::move(after);
        phase.daemon = difference(start, end);
    }
    // A's conversation list: the groups and the big direct conversation.
    qsizetype listed = 0;
    qsizetype withLastMessage = 0;
    qsizetype listBytes = 0; // the reply's data, as compact JSON
    {
        auto before = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram start = co_await std::move(before);
        Phase &phase = begin(QStringLiteral("list"), QStringLiteral("conversations.list"));
        for (int i = 0; i < options.lists; ++i) {
            const double sent = nowMs();
            auto requesting = client->request(QStringLiteral("conversations.list"), {}, std::chrono::seconds(60));
            const Reply reply = co_await std::move(requesting);
            phase.latencies.push_back(nowMs() - sent);
            const QJsonArray conversations = reply.data.value(QLatin1StringView("conversations")).toArray();
            listed = conversations.size();
            if (i == 0)
                listBytes = QJsonDocument(reply.data).toJson(QJsonDocument::Compact).size();
            withLastMessage = 0;
            for (const QJsonValue &conversation : conversations) {
                if (conversation.toObject().value(QLatin1StringView("last_message")).isObject())
                    ++withLastMessage;
            }
            if (!reply.ok || listed != options.conversations + 1 || withLastMessage != listed)
                ++phase.failures;
        }
        auto after = readHistogram(network, daemon.metricsUrl());
        const DaemonHistogram end = co_await std::move(after);
        phase.daemon = difference(start, end);
    }
    client->close();
    if (options.keepData)
        std::fprintf(stderr, "data kept in %s\n", qPrintable(daemon.dataDir()));

    const QString backend = options.database.isEmpty() ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
    QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("history")},
                       {QStringLiteral("backend"), backend},
                       {QStringLiteral("messages"), lastSeq},
                       {QStringLiteral("conversations"), qint64(listed)},
                       {QStringLiteral("list_reply_bytes"), qint64(listBytes)},
                       {QStringLiteral("page_size"), kPageSize},
                       {QStringLiteral("setup_seconds"), setupSeconds},
                       {QStringLiteral("bulk_insert_seconds"), bulk.seconds}};
    auto ms = [](double value) { return QString::number(value, 'f', 3); };
    std::vector<std::pair<QString, QString>> table{
        {QStringLiteral("scenario"),
         QStringLiteral("history, %1, %2 messages in one conversation, %3 conversations (list reply %4 KiB)")
             .arg(backend)
             .arg(lastSeq)
             .arg(listed)
             .arg(double(listBytes) / 1024.0, 0, 'f', 0)},
        {QStringLiteral("set-up"), QStringLiteral("%1 s through the protocol, %2 s bulk insert")
                                       .arg(setupSeconds, 0, 'f', 1)
                                       .arg(bulk.seconds, 0, 'f', 1)},
        {QStringLiteral("latency"),
         QStringLiteral("client round trip on loopback (ms): p50 p95 p99 max | in the "
                        "daemon (its /metrics histogram): mean / bucket of the median / share ≤ 1 ms")}};
    for (const Phase &phase : phases) {
        problems += phase.failures;
        auto key = [&phase](const char *suffix) { return QString(phase.key + QLatin1StringView(suffix)); };
        const QJsonObject latency = latencyJson(phase.key, phase.latencies);
        for (auto it = latency.begin(); it != latency.end(); ++it)
            result.insert(it.key(), it.value());
        result.insert(key("_requests"), qint64(phase.latencies.size()));
        result.insert(key("_failed"), phase.failures);
        QString daemonSide = QStringLiteral("n/a");
        if (phase.daemon.valid) {
            result.insert(key("_daemon_mean_ms"), phase.daemon.meanMs);
            if (!std::isinf(phase.daemon.p50AtMostMs))
                result.insert(key("_daemon_p50_le_ms"), phase.daemon.p50AtMostMs);
            result.insert(key("_daemon_share_le_1ms"), phase.daemon.shareUnder1ms);
            daemonSide = QStringLiteral("%1 / ≤ %2 / %3%")
                             .arg(ms(phase.daemon.meanMs), QString::number(phase.daemon.p50AtMostMs))
                             .arg(phase.daemon.shareUnder1ms * 100, 0, 'f', 1);
        }
        table.emplace_back(
            QStringLiteral("%1 (%2)").arg(phase.name).arg(phase.latencies.size()),
            QStringLiteral("%1 %2 %3 %4 | %5%6")
                .arg(ms(percentile(phase.latencies, 50)), ms(percentile(phase.latencies, 95)),
                     ms(percentile(phase.latencies, 99)), ms(percentile(phase.latencies, 100)), daemonSide,
                     phase.failures == 0 ? QString() : QStringLiteral(" (%1 wrong replies)").arg(phase.failures)));
    }
    report(result, table);
    co_return problems == 0 ? 0 : 1;
}

} // namespace parley::bench
