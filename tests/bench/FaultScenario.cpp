// `faults`: direct and group traffic at a fixed rate while parleyd is killed with SIGKILL and
// restarted on the same data (every 10-30 s), and/or while client connections are dropped
// (every 5 s). Clients keep an outbox and resend what was not acknowledged, with the same
// client_id, after reconnecting. At the end every client syncs every conversation from rev 0
// and the run checks that each acknowledged message is there exactly once and that seq has no
// gap. Prints lost and duplicated counts; exit status 0 only when both are 0.
#include "BenchSupport.h"

#include <QCoroSignal>
#include <QHash>
#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>

#include <csignal>
#include <cstdio>

namespace parley::bench {
namespace {

struct Pending
{
    QString conversationId;
    QString text;
    QString messageId; ///< once acknowledged
};

// One user: a connection that comes back, an outbox, and what the server acknowledged.
class FaultClient : public QObject
{
public:
    FaultClient(Account account, const QUrl &url)
        : m_account(std::move(account))
        , m_url(url)
    {
    }

    const Account &account() const { return m_account; }
    QHash<QString, Pending> acknowledged; ///< client_id → conversation and stored message id
    QHash<QString, Pending> outbox;       ///< client_id → what to (re)send
    quint64 resent = 0;

    void send(const QString &conversationId, const QString &text)
    {
        const QString clientId = QStringLiteral("%1-%2").arg(m_account.username).arg(++m_counter);
        outbox.insert(clientId, Pending{conversationId, text, {}});
        transmit(clientId);
    }

    void drop()
    {
        if (m_client)
            m_client->socket().abort();
    }

    bool connected() const { return m_client && m_client->isConnected(); }

    // Keeps the connection up: reconnects with a short jittered backoff and resends the outbox.
    QCoro::Task<void> keepConnected(const bool &running)
    {
        while (running) {
            if (!connected()) {
                m_client = std::make_unique<net::ProtocolClient>();
                auto opening = m_client->open(m_url, m_account.token, std::chrono::milliseconds(2000));
                const bool opened = co_await std::move(opening);
                if (opened && m_client->hello()->user) {
                    const QList<QString> waiting = outbox.keys();
                    for (const QString &clientId : waiting) {
                        ++resent;
                        transmit(clientId);
                    }
                }
            }
            QTimer pause;
            pause.setSingleShot(true);
            pause.start(100 + int(QRandomGenerator::global()->bounded(200)));
            auto waiting = qCoro(&pause, &QTimer::timeout);
            co_await std::move(waiting);
        }
    }

    net::ProtocolClient *client() { return m_client.get(); }

private:
    void transmit(const QString &clientId)
    {
        if (!connected())
            return; // stays in the outbox until the next connection
        const Pending pending = outbox.value(clientId);
        sendOne(m_client.get(), clientId, pending);
    }

    QCoro::Task<void> sendOne(net::ProtocolClient *client, QString clientId, Pending pending)
    {
        auto request = client->request(QStringLiteral("messages.send"),
                                       {{QStringLiteral("conversation_id"), pending.conversationId},
                                        {QStringLiteral("client_id"), clientId},
                                        {QStringLiteral("text"), pending.text}},
                                       std::chrono::seconds(5));
        const Reply reply = co_await std::move(request);
        if (reply.ok && outbox.remove(clientId) > 0) {
            pending.messageId =
                reply.data.value(QLatin1StringView("message")).toObject().value(QLatin1StringView("id")).toString();
            acknowledged.insert(clientId, pending);
        }
    }

    Account m_account;
    QUrl m_url;
    std::unique_ptr<net::ProtocolClient> m_client;
    quint64 m_counter = 0;
};

QCoro::Task<void> pause(int milliseconds)
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.start(milliseconds);
    auto waiting = qCoro(&timer, &QTimer::timeout);
    co_await std::move(waiting);
}

// Every message of one conversation as `client` sees it, from rev 0, page by page.
QCoro::Task<std::optional<QList<QJsonObject>>> syncAll(net::ProtocolClient &client, QString conversationId)
{
    QList<QJsonObject> messages;
    qint64 rev = 0;
    for (;;) {
        auto request =
            client.request(QStringLiteral("messages.sync"), {{QStringLiteral("conversation_id"), conversationId},
                                                             {QStringLiteral("after_rev"), rev},
                                                             {QStringLiteral("limit"), 100}});
        const Reply reply = co_await std::move(request);
        if (!reply.ok)
            co_return std::nullopt;
        for (const QJsonValue &message : reply.data.value(QLatin1StringView("messages")).toArray())
            messages.append(message.toObject());
        rev = qint64(reply.data.value(QLatin1StringView("rev")).toDouble());
        if (!reply.data.value(QLatin1StringView("has_more")).toBool())
            co_return messages;
    }
}

} // namespace

QCoro::Task<int> runFaults(Options options)
{
    const bool kills = options.faults != QLatin1StringView("drop");
    const bool drops = options.faults != QLatin1StringView("kill");
    SpawnedDaemon daemon(options);
    if (!daemon.start())
        co_return 1;
    const int users = options.pairs * 2;
    auto registering = registerAccounts(daemon.url(), users);
    const std::vector<Account> accounts = co_await std::move(registering);
    if (accounts.empty())
        co_return 1;

    // Conversations: each pair's direct chat, and one group of every user.
    std::vector<std::unique_ptr<FaultClient>> clients;
    for (const Account &account : accounts)
        clients.push_back(std::make_unique<FaultClient>(account, daemon.url()));
    bool running = true;
    std::vector<QCoro::Task<void>> keepers;
    for (auto &client : clients)
        keepers.push_back(client->keepConnected(running));
    while (std::any_of(clients.begin(), clients.end(), [](const auto &c) { return !c->connected(); })) {
        auto waiting = pause(50);
        co_await std::move(waiting);
    }
    QStringList direct;
    for (int pair = 0; pair < options.pairs; ++pair) {
        auto opening = clients[size_t(2 * pair)]->client()->request(
            QStringLiteral("conversations.direct"), {{QStringLiteral("user_id"), accounts[size_t(2 * pair + 1)].id}});
        const Reply reply = co_await std::move(opening);
        direct.append(
            reply.data.value(QLatin1StringView("conversation")).toObject().value(QLatin1StringView("id")).toString());
    }
    QJsonArray everyone;
    for (size_t i = 1; i < accounts.size(); ++i)
        everyone.append(accounts[i].id);
    auto creating = clients[0]->client()->request(
        QStringLiteral("groups.create"),
        {{QStringLiteral("title"), QStringLiteral("faults")}, {QStringLiteral("member_ids"), everyone}});
    const Reply group = co_await std::move(creating);
    const QString groupId =
        group.data.value(QLatin1StringView("conversation")).toObject().value(QLatin1StringView("id")).toString();
    if (!group.ok || direct.contains(QString()))
        co_return 1;

    std::fprintf(stderr, "faults: %d users, %d msg/s for %d s, faults: %s\n", users, options.rate, options.seconds,
                 qPrintable(options.faults));
    const double started = nowMs();
    double nextKill = started + 1000.0 * (10 + QRandomGenerator::global()->bounded(21));
    double nextDrop = started + 5000.0;
    int kills_ = 0;
    int drops_ = 0;
    quint64 sent = 0;
    const double interval = 1000.0 / options.rate;
    while (nowMs() - started < options.seconds * 1000.0) {
        const double now = nowMs();
        while (double(sent) * interval < now - started) {
            const size_t sender = size_t(QRandomGenerator::global()->bounded(users));
            // Four in five messages go to the sender's direct chat, the rest to the group.
            const QString conversation =
                QRandomGenerator::global()->bounded(5) == 0 ? groupId : direct[int(sender / 2)];
            clients[sender]->send(conversation, QStringLiteral("m%1").arg(sent));
            ++sent;
        }
        if (kills && now >= nextKill) {
            daemon.kill();
            ++kills_;
            if (!daemon.start())
                co_return 1;
            nextKill = nowMs() + 1000.0 * (10 + QRandomGenerator::global()->bounded(21));
        }
        if (drops && now >= nextDrop) {
            for (auto &client : clients)
                client->drop();
            ++drops_;
            nextDrop = now + 5000.0;
        }
        auto waiting = pause(5);
        co_await std::move(waiting);
    }

    // Let every outbox drain (bounded), then stop reconnecting.
    const double drainStart = nowMs();
    while (nowMs() - drainStart < 60000.0 &&
           std::any_of(clients.begin(), clients.end(), [](const auto &c) { return !c->outbox.isEmpty(); })) {
        auto waiting = pause(50);
        co_await std::move(waiting);
    }
    quint64 unacknowledged = 0;
    quint64 resent = 0;
    QHash<QString, QList<QString>> expected; // conversation → acknowledged message ids
    quint64 acknowledgedCount = 0;
    for (const auto &client : clients) {
        unacknowledged += quint64(client->outbox.size());
        resent += client->resent;
        for (const Pending &ack : std::as_const(client->acknowledged))
            expected[ack.conversationId].append(ack.messageId);
        acknowledgedCount += quint64(client->acknowledged.size());
    }
    running = false;

    // Every member's view of every conversation it is in: each acknowledged message exactly
    // once, no text twice, seq 1..N without a gap.
    quint64 lost = 0;
    quint64 duplicated = 0;
    quint64 gaps = 0;
    quint64 views = 0;
    for (size_t i = 0; i < clients.size(); ++i) {
        while (!clients[i]->connected()) {
            auto waiting = pause(50);
            co_await std::move(waiting);
        }
        for (const QString &conversation : {direct[int(i / 2)], groupId}) {
            auto syncing = syncAll(*clients[i]->client(), conversation);
            const auto messages = co_await std::move(syncing);
            if (!messages) {
                std::fprintf(stderr, "faults: sync failed for a member's view\n");
                co_return 1;
            }
            ++views;
            QHash<QString, int> byId;
            QHash<QString, int> byText;
            QList<qint64> seqs;
            for (const QJsonObject &message : *messages) {
                ++byId[message.value(QLatin1StringView("id")).toString()];
                if (message.value(QLatin1StringView("kind")).toString() == QLatin1StringView("text"))
                    ++byText[message.value(QLatin1StringView("text")).toString()];
                seqs.append(qint64(message.value(QLatin1StringView("seq")).toDouble()));
            }
            for (const QString &id : expected.value(conversation)) {
                const int times = byId.value(id);
                lost += times == 0 ? 1 : 0;
                duplicated += times > 1 ? quint64(times - 1) : 0;
            }
            for (int times : std::as_const(byText))
                duplicated += times > 1 ? quint64(times - 1) : 0;
            std::sort(seqs.begin(), seqs.end());
            for (qsizetype k = 0; k < seqs.size(); ++k)
                gaps += seqs[k] != k + 1 ? 1 : 0;
        }
    }
    for (auto &keeper : keepers)
        co_await std::move(keeper);

    const double seconds = (nowMs() - started) / 1000.0;
    QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("faults")},
                       {QStringLiteral("faults"), options.faults},
                       {QStringLiteral("seconds"), seconds},
                       {QStringLiteral("sent"), qint64(sent)},
                       {QStringLiteral("acknowledged"), qint64(acknowledgedCount)},
                       {QStringLiteral("unacknowledged"), qint64(unacknowledged)},
                       {QStringLiteral("resent"), qint64(resent)},
                       {QStringLiteral("kills"), kills_},
                       {QStringLiteral("drops"), drops_},
                       {QStringLiteral("views_checked"), qint64(views)},
                       {QStringLiteral("lost"), qint64(lost)},
                       {QStringLiteral("duplicated"), qint64(duplicated)},
                       {QStringLiteral("seq_gaps"), qint64(gaps)}};
    report(result, {{QStringLiteral("scenario"),
                     QStringLiteral("faults (%1), %2 s").arg(options.faults).arg(seconds, 0, 'f', 0)},
                    {QStringLiteral("daemon kills"), QString::number(kills_)},
                    {QStringLiteral("connection drops"), QString::number(drops_)},
                    {QStringLiteral("sent / acknowledged"),
                     QStringLiteral("%1 / %2 (%3 resent)").arg(sent).arg(acknowledgedCount).arg(resent)},
                    {QStringLiteral("views checked"), QString::number(views)},
                    {QStringLiteral("lost"), QString::number(lost)},
                    {QStringLiteral("duplicated"), QString::number(duplicated)},
                    {QStringLiteral("seq gaps"), QString::number(gaps)}});
    co_return lost == 0 && duplicated == 0 && gaps == 0 && unacknowledged == 0 ? 0 : 1;
}

} // namespace parley::bench
