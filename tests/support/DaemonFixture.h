#pragma once

#include "ParleydProcess.h"
#include "TestBackend.h"
#include "TestClient.h"
#include "TestJson.h"

#include <protocol/Limits.h>

#include <QString>
#include <QStringList>
#include <QUrl>

#include <array>

namespace parley::test {

/// A registered account and the session it registered on (client and everything it received).
struct Person : Session
{
    Account account;

    const QString &id() const { return account.userId; }
};

/// What an end-to-end suite stands on: the backend PARLEY_TEST_BACKEND names, one real parleyd on
/// a new database of it, and the way to make users and sessions there. One per suite, as a member;
/// initTestCase() calls start() and cleanupTestCase() checks stop().
class DaemonFixture
{
public:
    /// Starts the backend and parleyd (with fastArgs() and `daemonArgs`). False on failure;
    /// error() then says why.
    bool start(const QStringList &daemonArgs = {});
    /// Starts only the backend, for suites that start their daemons themselves.
    bool startBackend();
    QString error() const { return m_error; }
    /// Stops parleyd (SIGTERM); its exit code, 0 for a clean shutdown.
    int stop() { return m_daemon.terminate(); }

    TestBackend &backend() { return m_backend; }
    ParleydProcess &daemon() { return m_daemon; }
    QUrl url() const { return m_daemon.url(); }
    /// The parleyd arguments that select the daemon's database (for parleyctl, which needs the same).
    const QStringList &databaseArgs() const { return m_daemon.databaseArgs(); }
    /// What the daemon advertises in hello.
    Limits limits();

    /// A bare connection (authenticated with `token`, if given); stops the run when it fails.
    std::unique_ptr<net::ProtocolClient> connect(const QString &token = {}) const;
    /// A new connection (authenticated with `token`, if given) recording its events.
    Session openSession(const QString &token = {}) const;
    /// A new user `base_N` (N counts per process), registered on a new session.
    Person newUser(const char *base) const;
    /// newUser() for each of `bases`, in order: `auto [alice, bob] = fixture.newUsers("alice", "bob");`
    template <typename... Bases>
    std::array<Person, sizeof...(Bases)> newUsers(const Bases &...bases) const
    {
        return {newUser(bases)...};
    }
    /// A new user with exactly `username` (and `displayName`, if given), registered on a new session.
    Person newUserNamed(const QString &username, const QString &displayName = {}) const;
    /// One more session of `user`, authenticated with its bearer token.
    Session anotherSession(const Person &user) const;
    /// One more session of `account`, authenticated by auth.login with its password.
    Session loginSession(const Account &account) const;

    /// Any daemon at `url`: the same helpers, for suites that run daemons of their own.
    static Session openSessionAt(const QUrl &url, const QString &token = {});
    static Person newUserAt(const QUrl &url, const QString &username, const QString &displayName = {});

private:
    TestBackend m_backend;
    ParleydProcess m_daemon;
    QString m_error;
};

/// The id of the direct conversation of `from` with `to` (conversations.direct); empty when it fails.
QString directConversation(Session &from, const Person &to);

} // namespace parley::test
