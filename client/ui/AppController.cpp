#include "ui/AppController.h"

#include "ui/account/SignInDialog.h"

#include <core/ChatSession.h>
#include <core/store/LocalCache.h>

#include <QCoroTask>
#include <QMessageBox>

namespace parley::client::ui {
namespace {

const QString kLastConversationKey = QStringLiteral("ui/last_conversation");

} // namespace

AppController::AppController(Profile &profile, const QUrl &serverOverride, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_tokens(profile.tokenFilePath())
    , m_serverOverride(serverOverride)
{
}

AppController::~AppController()
{
    delete m_window;
}

QString AppController::accountKey(const QUrl &server, const QString &userId)
{
    return server.toString() + QLatin1Char('#') + userId;
}

QCoro::Task<void> AppController::start()
{
    const auto stored = m_profile.session();
    // --server names another server than the remembered session: sign in there instead.
    if (stored && (m_serverOverride.isEmpty() || m_serverOverride == stored->server)) {
        QPointer<AppController> self(this);
        auto reading = m_tokens.read(accountKey(stored->server, stored->userId));
        const QString token = co_await reading;
        if (!self)
            co_return;
        if (!token.isEmpty()) {
            User user;
            user.id = stored->userId;
            user.username = stored->username;
            if (openSession(stored->server, user, token))
                co_return;
        }
    }
    auto signingIn = signIn({});
    co_await signingIn;
}

QCoro::Task<void> AppController::signIn(QString notice)
{
    const QUrl server = !m_serverOverride.isEmpty() ? m_serverOverride : m_profile.lastServer();
    SignInDialog dialog(server, m_profile.lastUsername());
    dialog.setNotice(notice);
    if (dialog.exec() != QDialog::Accepted) {
        Q_EMIT quitRequested(0);
        co_return;
    }
    const AuthReply session = dialog.session();
    const QUrl signedInServer = dialog.server();
    QPointer<AppController> self(this);
    auto writing = m_tokens.write(accountKey(signedInServer, session.user.id), session.token);
    const bool stored = co_await writing;
    if (!self)
        co_return;
    if (!stored)
        qWarning("parley: could not store the session token; you will have to sign in again next time");
    m_profile.saveSession({signedInServer, session.user.id, session.user.username});
    if (!openSession(signedInServer, session.user, session.token))
        Q_EMIT quitRequested(1);
}

bool AppController::openSession(const QUrl &server, const User &user, const QString &token)
{
    auto cache = LocalCache::open(m_profile.cachePath(server, user.id));
    if (!cache) {
        QMessageBox::critical(nullptr, tr("Parley"), tr("Cannot open the local cache: %1").arg(cache.error()));
        return false;
    }
    m_session = std::make_unique<ChatSession>(std::move(cache).value(), server, token, user);
    m_window = new MainWindow(*m_session);
    m_window->setAttribute(Qt::WA_DeleteOnClose, false);
    connect(m_window, &MainWindow::logoutRequested, this, [this] {
        auto task = logout(true, {});
        Q_UNUSED(task);
    });
    connect(m_session.get(), &ChatSession::sessionRejected, this, [this] {
        auto task =
            logout(false, tr("Your session has ended (it was revoked or the account was disabled). Sign in again."));
        Q_UNUSED(task);
    });
    connect(m_window, &MainWindow::conversationOpened, this, [this](const QString &conversationId) {
        m_profile.settings().setValue(kLastConversationKey, conversationId);
    });
    m_session->start();
    // Where the user left off: from the cache at once, or as soon as the first sync brings it.
    const QString last = m_profile.settings().value(kLastConversationKey).toString();
    if (m_session->conversation(last)) {
        m_window->openConversation(last);
    } else if (!last.isEmpty()) {
        auto *pending = new QObject(m_window);
        connect(m_session.get(), &ChatSession::conversationChanged, pending, [this, last, pending](const QString &id) {
            if (id != last || !m_window->currentConversation().isEmpty())
                return;
            m_window->openConversation(last);
            pending->deleteLater();
        });
    }
    m_window->show();
    return true;
}

QCoro::Task<void> AppController::logout(bool revoke, QString notice)
{
    if (!m_session)
        co_return;
    QPointer<AppController> self(this);
    const QUrl server = m_session->connection().server();
    const QString userId = m_session->self().id;
    if (revoke) {
        auto loggingOut = m_session->logout();
        co_await loggingOut;
        if (!self)
            co_return;
    }
    m_session->stop();
    auto removing = m_tokens.remove(accountKey(server, userId));
    co_await removing;
    if (!self)
        co_return;
    m_profile.clearSession();
    if (m_window) {
        m_window->hide();
        m_window->deleteLater();
    }
    m_session.release()->deleteLater();
    auto signingIn = signIn(notice);
    co_await signingIn;
}

} // namespace parley::client::ui
