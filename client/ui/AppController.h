#pragma once

#include "ui/MainWindow.h"
#include <core/account/Profile.h>
#include <core/account/TokenStore.h>

#include <protocol/UserPayloads.h>

#include <QCoroFwd>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

namespace parley::client {
class ChatSession;
}

namespace parley::client::ui {

class MainWindow;

/// Takes the app from start to a signed-in main window and back: the stored session if there
/// is one, else the sign-in dialog; log out and revoked sessions lead back to signing in.
class AppController : public QObject
{
    Q_OBJECT
public:
    /// `serverOverride` (from --server) preselects the server in the sign-in dialog.
    AppController(Profile &profile, const QUrl &serverOverride, QObject *parent = nullptr);
    ~AppController() override;

    QCoro::Task<void> start();
    ChatSession *session() const { return m_session.get(); }
    MainWindow *window() const { return m_window; }

Q_SIGNALS:
    /// The user closed the sign-in dialog without signing in.
    void quitRequested(int exitCode);

private:
    QCoro::Task<void> signIn(QString notice);
    bool openSession(const QUrl &server, const User &user, const QString &token);
    QCoro::Task<void> logout(bool revoke, QString notice);
    static QString accountKey(const QUrl &server, const QString &userId);

    Profile &m_profile;
    TokenStore m_tokens;
    QUrl m_serverOverride;
    std::unique_ptr<ChatSession> m_session;
    QPointer<MainWindow> m_window;
};

} // namespace parley::client::ui
