#pragma once

#include <core/connection/Api.h>

#include <QCoroFwd>
#include <QDialog>
#include <QUrl>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace parley::client::ui {

/// Server address, username and password; logs in or creates the account. On success the
/// dialog is accepted and holds the new session.
class SignInDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SignInDialog(const QUrl &server, const QString &username, QWidget *parent = nullptr);

    QUrl server() const { return m_server; }
    const AuthReply &session() const { return m_session; }
    /// Shown above the form, e.g. why the previous session ended.
    void setNotice(const QString &text);

private:
    QCoro::Task<void> submit(bool createAccount);
    void setBusy(bool busy);
    void showError(const QString &text);
    static QString explain(const ProtocolError &error, bool createAccount);

    QLineEdit *m_serverEdit;
    QLineEdit *m_usernameEdit;
    QLineEdit *m_passwordEdit;
    QLineEdit *m_displayNameEdit;
    QCheckBox *m_createCheck;
    QLabel *m_noticeLabel;
    QLabel *m_errorLabel;
    QPushButton *m_submitButton;
    QUrl m_server;
    AuthReply m_session;
    bool m_busy = false;
};

} // namespace parley::client::ui
