// The sign-in dialog against a real parleyd, offscreen: creating an account, logging in, and
// the clear errors a person sees for a taken name, a wrong password and an unreachable server.

#include "ParleydProcess.h"

#include <ui/account/SignInDialog.h>

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using namespace parley;
using namespace parley::client::ui;

class tst_SignIn : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void createAccountThenLogIn();
    void takenName();
    void wrongPassword();
    void unreachableServer();
    void badAddress();

private:
    struct Form
    {
        QLineEdit *server;
        QLineEdit *username;
        QLineEdit *password;
        QCheckBox *create;
        QPushButton *submit;
        QLabel *error;
    };
    static Form formOf(SignInDialog &dialog);
    static void fill(Form form, const QString &server, const QString &username, const QString &password, bool create);

    test::ParleydProcess m_daemon;
};

void tst_SignIn::initTestCase()
{
    // Its own temporary database: never the user's default data directory.
    QVERIFY2(m_daemon.start(test::ParleydProcess::fastArgs() << QStringLiteral("--data") << m_daemon.dataDir()),
             qPrintable(m_daemon.output()));
}

tst_SignIn::Form tst_SignIn::formOf(SignInDialog &dialog)
{
    Form form{};
    for (QLineEdit *edit : dialog.findChildren<QLineEdit *>()) {
        if (edit->accessibleName() == QStringLiteral("Server address"))
            form.server = edit;
        else if (edit->accessibleName() == QStringLiteral("Username"))
            form.username = edit;
        else if (edit->accessibleName() == QStringLiteral("Password"))
            form.password = edit;
    }
    form.create = dialog.findChild<QCheckBox *>();
    for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
        if (button->isDefault())
            form.submit = button;
    }
    form.error = dialog.findChild<QLabel *>(QStringLiteral("signInError"));
    return form;
}

void tst_SignIn::fill(Form form, const QString &server, const QString &username, const QString &password, bool create)
{
    form.server->setText(server);
    form.username->setText(username);
    form.password->setText(password);
    form.create->setChecked(create);
}

void tst_SignIn::createAccountThenLogIn()
{
    {
        SignInDialog dialog(m_daemon.url(), {});
        const Form form = formOf(dialog);
        QVERIFY(form.server && form.username && form.password && form.create && form.submit && form.error);
        QCOMPARE(form.server->text(), m_daemon.url().toString());
        fill(form, m_daemon.url().toString(), QStringLiteral("dora"), QStringLiteral("long enough secret"), true);
        form.submit->click();
        QTRY_VERIFY2_WITH_TIMEOUT(dialog.result() == QDialog::Accepted, qPrintable(form.error->text()), 10000);
        QCOMPARE(dialog.session().user.username, QStringLiteral("dora"));
        QVERIFY(!dialog.session().token.isEmpty());
    }
    SignInDialog dialog(m_daemon.url(), QStringLiteral("dora"));
    const Form form = formOf(dialog);
    fill(form, m_daemon.url().toString(), QStringLiteral("Dora"), QStringLiteral("long enough secret"), false);
    form.submit->click();
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
    QCOMPARE(dialog.session().user.username, QStringLiteral("dora"));
}

void tst_SignIn::takenName()
{
    for (int attempt = 0; attempt < 2; ++attempt) {
        SignInDialog dialog(m_daemon.url(), {});
        const Form form = formOf(dialog);
        fill(form, m_daemon.url().toString(), QStringLiteral("eve"), QStringLiteral("long enough secret"), true);
        form.submit->click();
        if (attempt == 0) {
            QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), 10000);
        } else {
            QTRY_VERIFY_WITH_TIMEOUT(form.error->isVisibleTo(&dialog), 10000);
            QCOMPARE(form.error->text(), QStringLiteral("That username is taken. Choose another one."));
            QCOMPARE(dialog.result(), int(QDialog::Rejected));
            QVERIFY(form.submit->isEnabled());
        }
    }
}

void tst_SignIn::wrongPassword()
{
    SignInDialog dialog(m_daemon.url(), {});
    const Form form = formOf(dialog);
    fill(form, m_daemon.url().toString(), QStringLiteral("nobody_here"), QStringLiteral("whatever it is"), false);
    form.submit->click();
    QTRY_VERIFY_WITH_TIMEOUT(form.error->isVisibleTo(&dialog), 10000);
    QCOMPARE(form.error->text(), QStringLiteral("Wrong username or password."));
    QCOMPARE(form.error->textFormat(), Qt::PlainText);
}

void tst_SignIn::unreachableServer()
{
    SignInDialog dialog(m_daemon.url(), {});
    const Form form = formOf(dialog);
    // Port 1 on loopback refuses connections.
    fill(form, QStringLiteral("ws://127.0.0.1:1"), QStringLiteral("dora"), QStringLiteral("long enough secret"), false);
    form.submit->click();
    QTRY_VERIFY_WITH_TIMEOUT(form.error->isVisibleTo(&dialog), 10000);
    QVERIFY2(form.error->text().startsWith(QStringLiteral("Cannot reach the server at ws://127.0.0.1:1")),
             qPrintable(form.error->text()));
}

void tst_SignIn::badAddress()
{
    SignInDialog dialog(m_daemon.url(), {});
    const Form form = formOf(dialog);
    fill(form, QStringLiteral("http://example.org"), QStringLiteral("dora"), QStringLiteral("secret secret"), false);
    form.submit->click();
    QVERIFY(form.error->isVisibleTo(&dialog));
    QVERIFY(form.error->text().contains(QStringLiteral("ws://")));
}

QTEST_MAIN(tst_SignIn)
#include "tst_sign_in.moc"
