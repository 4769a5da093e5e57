#include "ui/account/SignInDialog.h"

#include <net/ProtocolClient.h>

#include <QCheckBox>
#include <QCoroTask>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSysInfo>
#include <QVBoxLayout>

namespace parley::client::ui {

SignInDialog::SignInDialog(const QUrl &server, const QString &username, QWidget *parent)
    : QDialog(parent)
    , m_serverEdit(new QLineEdit(server.isEmpty() ? QStringLiteral("ws://localhost:7600") : server.toString(), this))
    , m_usernameEdit(new QLineEdit(username, this))
    , m_passwordEdit(new QLineEdit(this))
    , m_displayNameEdit(new QLineEdit(this))
    , m_createCheck(new QCheckBox(tr("Create a new account"), this))
    , m_noticeLabel(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_submitButton(new QPushButton(tr("Log in"), this))
{
    setWindowTitle(tr("Sign in to Parley"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_serverEdit->setAccessibleName(tr("Server address"));
    m_usernameEdit->setAccessibleName(tr("Username"));
    m_passwordEdit->setAccessibleName(tr("Password"));
    m_displayNameEdit->setAccessibleName(tr("Display name"));
    m_displayNameEdit->setPlaceholderText(tr("Optional"));
    m_usernameEdit->setMaxLength(32);
    m_displayNameEdit->setMaxLength(64);
    for (QLabel *label : {m_noticeLabel, m_errorLabel}) {
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->hide();
    }
    m_errorLabel->setObjectName(QStringLiteral("signInError"));
    m_errorLabel->setAccessibleName(tr("Sign-in error"));
    QPalette errorPalette = m_errorLabel->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xd3, 0x2f, 0x2f));
    m_errorLabel->setPalette(errorPalette);

    auto *form = new QFormLayout;
    form->addRow(tr("&Server:"), m_serverEdit);
    form->addRow(tr("&Username:"), m_usernameEdit);
    form->addRow(tr("&Password:"), m_passwordEdit);
    form->addRow(QString(), m_createCheck);
    form->addRow(tr("&Display name:"), m_displayNameEdit);
    form->setRowVisible(m_displayNameEdit, false);

    auto *cancel = new QPushButton(tr("Cancel"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(cancel);
    buttons->addWidget(m_submitButton);
    m_submitButton->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_noticeLabel);
    layout->addLayout(form);
    layout->addWidget(m_errorLabel);
    layout->addLayout(buttons);

    connect(m_createCheck, &QCheckBox::toggled, this, [this, form](bool create) {
        form->setRowVisible(m_displayNameEdit, create);
        m_submitButton->setText(create ? tr("Create account") : tr("Log in"));
        adjustSize();
    });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_submitButton, &QPushButton::clicked, this, [this] {
        auto task = submit(m_createCheck->isChecked());
        Q_UNUSED(task);
    });
    if (!username.isEmpty())
        m_passwordEdit->setFocus();
    setMinimumWidth(380);
}

void SignInDialog::setNotice(const QString &text)
{
    m_noticeLabel->setText(text);
    m_noticeLabel->setVisible(!text.isEmpty());
}

void SignInDialog::setBusy(bool busy)
{
    m_busy = busy;
    for (QWidget *widget : std::initializer_list<QWidget *>{m_serverEdit, m_usernameEdit, m_passwordEdit,
                                                            m_displayNameEdit, m_createCheck, m_submitButton})
        widget->setEnabled(!busy);
    if (busy)
        m_submitButton->setText(tr("Connecting…"));
    else
        m_submitButton->setText(m_createCheck->isChecked() ? tr("Create account") : tr("Log in"));
}

void SignInDialog::showError(const QString &text)
{
    m_errorLabel->setText(text);
    m_errorLabel->setVisible(!text.isEmpty());
}

QString SignInDialog::explain(const ProtocolError &error, bool createAccount)
{
    switch (error.code) {
    case ErrorCode::Unauthorized:
        return error.message == QStringLiteral("this account is disabled") ? tr("This account is disabled.")
                                                                           : tr("Wrong username or password.");
    case ErrorCode::Conflict:
        return tr("That username is taken. Choose another one.");
    case ErrorCode::RateLimited:
        return tr("Too many attempts. Try again in %n second(s).", nullptr,
                  int((error.retryAfterMs.value_or(1000) + 999) / 1000));
    case ErrorCode::BadRequest:
        // The server's message names the rule that was broken, e.g. the username's shape.
        return createAccount ? tr("Cannot create the account: %1.").arg(error.message)
                             : tr("Cannot log in: %1.").arg(error.message);
    case ErrorCode::Unavailable:
        return tr("The server is busy. Try again in a moment.");
    default:
        return tr("The server reported an error: %1.").arg(error.message);
    }
}

QCoro::Task<void> SignInDialog::submit(bool createAccount)
{
    if (m_busy)
        co_return;
    showError({});
    const QUrl server = QUrl::fromUserInput(m_serverEdit->text().trimmed());
    if (!server.isValid() || (server.scheme() != QStringLiteral("ws") && server.scheme() != QStringLiteral("wss"))) {
        showError(tr("The server address must start with ws:// or wss://, e.g. ws://localhost:7600."));
        co_return;
    }
    const QString username = m_usernameEdit->text().trimmed();
    const QString password = m_passwordEdit->text();
    if (username.isEmpty() || password.isEmpty()) {
        showError(tr("Enter your username and password."));
        co_return;
    }

    setBusy(true);
    QPointer<SignInDialog> self(this);
    auto client = std::make_unique<net::ProtocolClient>();
    auto opening = client->open(server);
    const bool opened = co_await opening;
    if (!self)
        co_return;
    if (!opened) {
        setBusy(false);
        showError(
            tr("Cannot reach the server at %1. Check the address and that parleyd is running.").arg(server.toString()));
        co_return;
    }
    net::ProtocolClient *raw = client.get();
    Api api([raw](const QString &op, const QJsonObject &data) { return raw->request(op, data); });
    auto pending = createAccount ? api.registerAccount(username, password, m_displayNameEdit->text())
                                 : api.login(username, password, QSysInfo::machineHostName().left(64));
    auto reply = co_await pending;
    if (!self)
        co_return;
    setBusy(false);
    if (!reply) {
        showError(explain(reply.error(), createAccount));
        co_return;
    }
    m_server = server;
    m_session = reply.value();
    accept();
}

} // namespace parley::client::ui
