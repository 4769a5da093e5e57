// The main window with real sessions against a real parleyd, offscreen: the composer sends on
// Enter (and not on Shift+Enter), the peer gets the message and the ticks follow, the
// connection banner tells the truth, and the filter box narrows the conversation list.

#include "FinishTask.h"
#include "ParleydProcess.h"

#include <core/ChatSession.h>
#include <core/ModelRoles.h>
#include <core/connection/Api.h>
#include <core/conversations/ConversationListModel.h>
#include <core/messages/MessageListModel.h>
#include <core/store/LocalCache.h>
#include <net/ProtocolClient.h>
#include <ui/MainWindow.h>
#include <ui/chat/ChatView.h>
#include <ui/chat/ComposerEdit.h>

#include <QCoroTask>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTemporaryDir>
#include <QTest>

using namespace parley;
using namespace parley::client;
using parley::test::finish;

namespace {

constexpr int kTimeoutMs = 10000;

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void composerSendsAndPeerReceives();
    void bannerShowsConnectionState();
    void filterNarrowsTheList();

private:
    AuthReply registerUser(const QString &username);
    std::unique_ptr<ChatSession> startSession(const AuthReply &account, const QUrl &server = {});

    test::ParleydProcess m_daemon;
    QTemporaryDir m_caches;
};

void tst_MainWindow::initTestCase()
{
    QVERIFY2(m_daemon.start(test::ParleydProcess::fastArgs() << QStringLiteral("--data") << m_daemon.dataDir()),
             qPrintable(m_daemon.output()));
}

void tst_MainWindow::cleanupTestCase()
{
    QCOMPARE(m_daemon.terminate(), 0);
}

AuthReply tst_MainWindow::registerUser(const QString &username)
{
    net::ProtocolClient client;
    auto opened = finish(client.open(m_daemon.url()));
    if (!opened)
        qFatal("cannot reach parleyd");
    Api api([&client](const QString &op, const QJsonObject &data) { return client.request(op, data); });
    auto registered = finish(api.registerAccount(username, QStringLiteral("correct horse battery"), {}));
    if (!registered)
        qFatal("cannot register %s: %s", qPrintable(username), qPrintable(registered.error().message));
    return registered.value();
}

std::unique_ptr<ChatSession> tst_MainWindow::startSession(const AuthReply &account, const QUrl &server)
{
    auto cache = LocalCache::open(m_caches.filePath(account.user.username + QStringLiteral(".sqlite")));
    if (!cache)
        qFatal("cannot open a cache");
    auto session = std::make_unique<ChatSession>(std::move(cache).value(), server.isEmpty() ? m_daemon.url() : server,
                                                 account.token, account.user);
    session->start();
    return session;
}

void tst_MainWindow::composerSendsAndPeerReceives()
{
    const AuthReply alice = registerUser(QStringLiteral("win_alice"));
    const AuthReply bob = registerUser(QStringLiteral("win_bob"));
    auto aliceSession = startSession(alice);
    auto bobSession = startSession(bob);
    QTRY_VERIFY_WITH_TIMEOUT(aliceSession->isSynced() && bobSession->isSynced(), kTimeoutMs);

    ui::MainWindow window(*aliceSession);
    window.show();
    QVERIFY(window.connectionBanner()->isHidden());
    auto opened = finish(aliceSession->openDirect(bob.user.id));
    QVERIFY(opened);
    window.openConversation(opened.value());
    QCOMPARE(window.currentConversation(), opened.value());

    ui::ComposerEdit *composer = window.chatView()->composer();
    composer->setFocus();
    QTest::keyClicks(composer, QStringLiteral("first line"));
    QTest::keyClick(composer, Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(composer, QStringLiteral("<b>second</b>"));
    QCOMPARE(composer->toPlainText(), QStringLiteral("first line\n<b>second</b>"));
    QCOMPARE(aliceSession->outbox(opened.value()).size(), 0);
    QTest::keyClick(composer, Qt::Key_Return);
    QVERIFY(composer->toPlainText().isEmpty());

    // The peer's session has it, exactly as typed.
    const QString text = QStringLiteral("first line\n<b>second</b>");
    QTRY_VERIFY_WITH_TIMEOUT(bobSession->conversation(opened.value()) &&
                                 bobSession->conversation(opened.value())->lastMessage &&
                                 bobSession->conversation(opened.value())->lastMessage->text == text,
                             kTimeoutMs);
    // Alice's row: sent, then delivered once Bob's app confirmed it, then seen when Bob reads.
    MessageListModel *model = window.chatView()->model();
    QVERIFY(model);
    const QModelIndex last = model->index(model->rowCount() - 1);
    QCOMPARE(last.data(TextRole).toString(), text);
    QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowCount() - 1).data(DeliveryStateRole).toInt(),
                              int(DeliveryState::Delivered), kTimeoutMs);
    bobSession->markRead(opened.value());
    QTRY_COMPARE_WITH_TIMEOUT(model->index(model->rowCount() - 1).data(DeliveryStateRole).toInt(),
                              int(DeliveryState::Seen), kTimeoutMs);
    // The conversation list shows it as the last message.
    const QModelIndex row = window.conversations()->indexOf(opened.value());
    QCOMPARE(row.data(PreviewRole).toString(), QStringLiteral("You: first line <b>second</b>"));
}

void tst_MainWindow::bannerShowsConnectionState()
{
    const AuthReply carol = registerUser(QStringLiteral("win_carol"));
    // Port 1 refuses: the app works offline and says so.
    auto offline = startSession(carol, QUrl(QStringLiteral("ws://127.0.0.1:1")));
    ui::MainWindow window(*offline);
    window.show();
    QTRY_COMPARE_WITH_TIMEOUT(window.connectionBanner()->text(),
                              QStringLiteral("Offline — messages will be sent when you're back online"), kTimeoutMs);
    QVERIFY(window.connectionBanner()->isVisible());
    offline->stop();

    auto online = startSession(carol);
    ui::MainWindow onlineWindow(*online);
    onlineWindow.show();
    QTRY_VERIFY_WITH_TIMEOUT(onlineWindow.connectionBanner()->isHidden(), kTimeoutMs);
}

void tst_MainWindow::filterNarrowsTheList()
{
    const AuthReply dan = registerUser(QStringLiteral("win_dan"));
    const AuthReply erin = registerUser(QStringLiteral("win_erin"));
    const AuthReply frank = registerUser(QStringLiteral("win_frank"));
    auto session = startSession(dan);
    QTRY_VERIFY_WITH_TIMEOUT(session->isSynced(), kTimeoutMs);
    QVERIFY(finish(session->openDirect(erin.user.id)));
    QVERIFY(finish(session->openDirect(frank.user.id)));
    ui::MainWindow window(*session);
    window.show();
    QListView *list = window.conversationList();
    QCOMPARE(list->model()->rowCount(), 2);
    QLineEdit *filter = nullptr;
    for (QLineEdit *edit : window.findChildren<QLineEdit *>()) {
        if (edit->accessibleName() == QStringLiteral("Filter conversations"))
            filter = edit;
    }
    QVERIFY(filter);
    QTest::keyClicks(filter, QStringLiteral("FRA"));
    QCOMPARE(list->model()->rowCount(), 1);
    QCOMPARE(list->model()->index(0, 0).data(TitleRole).toString(), QStringLiteral("win_frank"));
    filter->clear();
    QCOMPARE(list->model()->rowCount(), 2);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_main_window.moc"
