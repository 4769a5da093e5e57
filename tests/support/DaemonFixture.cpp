#include "DaemonFixture.h"

namespace parley::test {

bool DaemonFixture::startBackend()
{
    m_error = m_backend.start();
    return m_error.isEmpty();
}

bool DaemonFixture::start(const QStringList &daemonArgs)
{
    if (!startBackend())
        return false;
    if (!m_daemon.startOn(m_backend, daemonArgs)) {
        m_error = m_daemon.output();
        return false;
    }
    return true;
}

Limits DaemonFixture::limits()
{
    const Session probe = openSession();
    return probe.client->hello()->limits;
}

std::unique_ptr<net::ProtocolClient> DaemonFixture::connect(const QString &token) const
{
    auto client = connectClient(url(), token);
    if (!client)
        qFatal("cannot connect to %s", qPrintable(url().toString()));
    return client;
}

Session DaemonFixture::openSession(const QString &token) const
{
    return openSessionAt(url(), token);
}

Person DaemonFixture::newUser(const char *base) const
{
    return newUserAt(url(), uniqueName(base));
}

Person DaemonFixture::newUserNamed(const QString &username, const QString &displayName) const
{
    return newUserAt(url(), username, displayName);
}

Session DaemonFixture::anotherSession(const Person &user) const
{
    Session session = openSession(user.account.token);
    if (!session.client->hello()->user || session.client->hello()->user->id != user.id())
        qFatal("the bearer token of %s did not authenticate", qPrintable(user.account.username));
    return session;
}

Session DaemonFixture::loginSession(const Account &account) const
{
    Session session = openSession();
    const Reply reply =
        session.call("auth.login", obj({{"username", account.username}, {"password", account.password}}));
    if (!reply.ok)
        qFatal("login of %s failed: %s", qPrintable(account.username), qPrintable(describe(reply)));
    return session;
}

Session DaemonFixture::openSessionAt(const QUrl &url, const QString &token)
{
    return test::openSession(url, token);
}

Person DaemonFixture::newUserAt(const QUrl &url, const QString &username, const QString &displayName)
{
    Person user;
    static_cast<Session &>(user) = openSessionAt(url);
    user.account = registerAccount(*user.client, username, QStringLiteral("correct horse battery"), displayName);
    return user;
}

QString directConversation(Session &from, const Person &to)
{
    const Reply reply = from.call("conversations.direct", obj({{"user_id", to.id()}}));
    return reply.ok ? idOf(conversationOf(reply)) : QString();
}

} // namespace parley::test
