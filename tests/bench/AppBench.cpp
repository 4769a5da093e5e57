// parley-app-bench: how fast the desktop app opens from its cache, and how much memory a
// very long conversation costs it.
//
//   parley-app-bench startup [--conversations 1000] [--messages 100000] [--runs 3]
//       Time from starting a process to a painted conversation list, with a cache of that
//       size (the same code path as the app: open the cache, ChatSession::start, MainWindow).
//   parley-app-bench memory [--messages 100000]
//       Opens one conversation of that many messages, scrolls from the newest to the oldest
//       message and back, and reports the app's resident memory.
//
// Both run without a server (the session stays offline) on the offscreen platform.

#include <core/ChatSession.h>
#include <core/messages/MessageListModel.h>
#include <core/store/LocalCache.h>
#include <ui/MainWindow.h>
#include <ui/chat/ChatView.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QListView>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace parley;
using namespace parley::client;

namespace {

const QString kSelf = QStringLiteral("BenchSelf0000001");

qint64 statusKib(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// A cache as a long-time user's app would have it: `conversations` direct chats with
// distinct peers, `messages` spread evenly, each message 20-120 characters.
bool buildCache(const QString &path, int conversations, int messages)
{
    auto opened = LocalCache::open(path);
    if (!opened) {
        std::fprintf(stderr, "cannot create the cache: %s\n", qPrintable(opened.error()));
        return false;
    }
    LocalCache &cache = *opened.value();
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(messages) * 60000;
    const QString filler =
        QStringLiteral("The quick brown fox jumps over the lazy dog, then naps in the afternoon sun. ");
    cache.begin();
    QList<User> users;
    int written = 0;
    for (int c = 0; c < conversations; ++c) {
        User peer;
        peer.id = QStringLiteral("Peer%1").arg(c, 12, 10, QLatin1Char('0'));
        peer.username = QStringLiteral("peer%1").arg(c);
        peer.displayName = QStringLiteral("Peer Number %1").arg(c);
        users.append(peer);

        Conversation conversation;
        conversation.id = QStringLiteral("Conv%1").arg(c, 12, 10, QLatin1Char('0'));
        conversation.members = {Member{kSelf, Member::Role::Member, 0, 0}, Member{peer.id, Member::Role::Member, 0, 0}};
        conversation.createdAtMsecs = start;
        const int count = messages / conversations + (c < messages % conversations ? 1 : 0);
        QList<Message> batch;
        batch.reserve(count);
        for (int seq = 1; seq <= count; ++seq, ++written) {
            Message message;
            message.id = QStringLiteral("M%1-%2").arg(c).arg(seq);
            message.conversationId = conversation.id;
            message.seq = seq;
            message.rev = seq;
            message.senderId = seq % 2 ? peer.id : kSelf;
            message.text = filler.left(20 + (written * 37) % 100);
            message.createdAtMsecs = start + qint64(written) * 60000;
            batch.append(message);
        }
        conversation.lastSeq = count;
        conversation.rev = count;
        if (!batch.isEmpty())
            conversation.lastMessage = batch.last();
        if (!cache.saveConversation(conversation, kSelf) || !cache.saveMessages(batch, kSelf) ||
            !cache.saveCursor(conversation.id, SyncCursor{count, 0}))
            return false;
    }
    return cache.saveUsers(users) && cache.commit();
}

std::unique_ptr<ChatSession> openSession(const QString &cachePath)
{
    auto cache = LocalCache::open(cachePath);
    if (!cache)
        return nullptr;
    User self;
    self.id = kSelf;
    self.username = QStringLiteral("bench");
    // Port 1 refuses at once: no server, as on a plane.
    auto session = std::make_unique<ChatSession>(std::move(cache).value(), QUrl(QStringLiteral("ws://127.0.0.1:1")),
                                                 QStringLiteral("token"), self);
    session->start();
    return session;
}

// Reports on stdout when the conversation list has painted rows for the first time.
class FirstPaint : public QObject
{
public:
    explicit FirstPaint(QListView *list)
        : m_list(list)
    {
        list->viewport()->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_list->model()->rowCount() > 0 && !m_reported) {
            m_reported = true;
            // After this paint has run, not before.
            QTimer::singleShot(0, [] {
                std::printf("painted\n");
                std::fflush(stdout);
                QApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QListView *m_list;
    bool m_reported = false;
};

int startupChild(const QString &cachePath)
{
    auto session = openSession(cachePath);
    if (!session)
        return 1;
    ui::MainWindow window(*session);
    FirstPaint probe(window.conversationList());
    window.show();
    return QApplication::exec();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

void report(const QJsonObject &result, const QList<QPair<QString, QString>> &rows)
{
    for (const auto &row : rows)
        std::printf("  %-42s %s\n", qPrintable(row.first), qPrintable(row.second));
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
}

int runStartup(const QString &self, int conversations, int messages, int runs)
{
    QTemporaryDir dir;
    const QString cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    QElapsedTimer timer;
    timer.start();
    if (!buildCache(cachePath, conversations, messages))
        return 1;
    std::printf("built a cache of %d conversations and %d messages in %.1f s (%.1f MiB)\n", conversations, messages,
                timer.elapsed() / 1000.0, QFileInfo(cachePath).size() / 1048576.0);

    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        timer.restart();
        child.start(self, {QStringLiteral("startup-child"), cachePath});
        bool painted = false;
        while (child.waitForReadyRead(30000)) {
            if (child.readAll().contains("painted")) {
                painted = true;
                break;
            }
        }
        const double elapsed = timer.nsecsElapsed() / 1e6;
        child.waitForFinished(10000);
        if (!painted) {
            std::fprintf(stderr, "the app did not paint its conversation list\n");
            return 1;
        }
        times.push_back(elapsed);
    }
    QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("app-startup")},
                       {QStringLiteral("conversations"), conversations},
                       {QStringLiteral("messages"), messages},
                       {QStringLiteral("runs"), runs},
                       {QStringLiteral("median_ms"), median(times)},
                       {QStringLiteral("min_ms"), *std::min_element(times.begin(), times.end())},
                       {QStringLiteral("max_ms"), *std::max_element(times.begin(), times.end())}};
    report(result,
           {{QStringLiteral("start → painted conversation list, median"),
             QStringLiteral("%1 ms").arg(median(times), 0, 'f', 1)},
            {QStringLiteral("min / max"), QStringLiteral("%1 / %2 ms")
                                              .arg(result.value(QStringLiteral("min_ms")).toDouble(), 0, 'f', 1)
                                              .arg(result.value(QStringLiteral("max_ms")).toDouble(), 0, 'f', 1)}});
    return 0;
}

int runMemory(int messages)
{
    QTemporaryDir dir;
    const QString cachePath = dir.filePath(QStringLiteral("cache.sqlite"));
    if (!buildCache(cachePath, 1, messages))
        return 1;
    const qint64 before = statusKib("VmRSS:");
    auto session = openSession(cachePath);
    ui::MainWindow window(*session);
    window.resize(1100, 720);
    window.show();
    QApplication::processEvents();
    const qint64 opened = statusKib("VmRSS:");
    window.openConversation(session->conversationIds().first());
    QApplication::processEvents();

    // Scroll up the way a user does: to the top, wait for the older page, again.
    QElapsedTimer timer;
    timer.start();
    QListView *list = window.chatView()->messageList();
    MessageListModel *model = window.chatView()->model();
    while (model->canLoadOlder() || model->isLoading()) {
        list->verticalScrollBar()->setValue(0);
        QApplication::processEvents();
    }
    const double upMs = timer.elapsed();
    const int rows = model->rowCount();
    // And all the way down again, a screen at a time, painting each.
    timer.restart();
    QScrollBar *bar = list->verticalScrollBar();
    for (int value = 0; value < bar->maximum(); value += list->viewport()->height()) {
        bar->setValue(value);
        list->viewport()->repaint();
    }
    const double downMs = timer.elapsed();
    const qint64 after = statusKib("VmRSS:");
    const qint64 peak = statusKib("VmHWM:");
    QJsonObject result{{QStringLiteral("scenario"), QStringLiteral("app-memory")},
                       {QStringLiteral("messages"), messages},
                       {QStringLiteral("rows_loaded"), rows},
                       {QStringLiteral("rss_before_kib"), before},
                       {QStringLiteral("rss_window_kib"), opened},
                       {QStringLiteral("rss_scrolled_kib"), after},
                       {QStringLiteral("rss_peak_kib"), peak},
                       {QStringLiteral("scroll_up_ms"), upMs},
                       {QStringLiteral("scroll_down_ms"), downMs}};
    report(result,
           {{QStringLiteral("rows loaded by scrolling up"), QString::number(rows)},
            {QStringLiteral("RSS with the window open"), QStringLiteral("%1 MiB").arg(opened / 1024.0, 0, 'f', 1)},
            {QStringLiteral("RSS after scrolling end to end"), QStringLiteral("%1 MiB").arg(after / 1024.0, 0, 'f', 1)},
            {QStringLiteral("peak RSS"), QStringLiteral("%1 MiB").arg(peak / 1024.0, 0, 'f', 1)},
            {QStringLiteral("scroll to the oldest message"), QStringLiteral("%1 s").arg(upMs / 1000.0, 0, 'f', 1)},
            {QStringLiteral("scroll back down, painting each screen"),
             QStringLiteral("%1 s").arg(downMs / 1000.0, 0, 'f', 1)}});
    return rows == messages ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    if (args.value(1) == QStringLiteral("startup-child"))
        return startupChild(args.value(2));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Desktop app benchmarks: startup and memory."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("scenario"), QStringLiteral("startup or memory"));
    const QCommandLineOption conversations(QStringLiteral("conversations"),
                                           QStringLiteral("conversations in the cache"), QStringLiteral("N"),
                                           QStringLiteral("1000"));
    const QCommandLineOption messages(QStringLiteral("messages"), QStringLiteral("messages in the cache"),
                                      QStringLiteral("N"), QStringLiteral("100000"));
    const QCommandLineOption runs(QStringLiteral("runs"), QStringLiteral("startup runs (median reported)"),
                                  QStringLiteral("N"), QStringLiteral("3"));
    parser.addOptions({conversations, messages, runs});
    parser.process(app);
    const QString scenario = parser.positionalArguments().value(0);
    if (scenario == QStringLiteral("startup"))
        return runStartup(QApplication::applicationFilePath(), parser.value(conversations).toInt(),
                          parser.value(messages).toInt(), std::max(1, parser.value(runs).toInt()));
    if (scenario == QStringLiteral("memory"))
        return runMemory(std::max(1, parser.value(messages).toInt()));
    std::fprintf(stderr, "parley-app-bench: give a scenario: startup or memory\n");
    return 2;
}
