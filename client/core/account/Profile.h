#pragma once

#include <QSettings>
#include <QString>
#include <QUrl>

#include <memory>
#include <optional>

namespace parley::client {

/// The signed-in account a profile remembers (the token itself lives in TokenStore).
struct StoredSession
{
    QUrl server;
    QString userId;
    QString username;
};

/// One directory holding the app's settings and caches. `--profile DIR` picks another one, so
/// several accounts or instances run side by side.
class Profile
{
public:
    explicit Profile(const QString &directory);

    /// The platform's per-user app data directory.
    static QString defaultDirectory();

    QString directory() const { return m_directory; }
    bool isUsable() const { return m_usable; }

    std::optional<StoredSession> session() const;
    void saveSession(const StoredSession &session);
    void clearSession();

    QUrl lastServer() const;
    void setLastServer(const QUrl &server);
    QString lastUsername() const;

    /// The cache file of one account on one server.
    QString cachePath(const QUrl &server, const QString &userId) const;
    /// Where the token is kept when no secret service is available (mode 0600).
    QString tokenFilePath() const;

    QSettings &settings() { return *m_settings; }

private:
    QString m_directory;
    bool m_usable = false;
    std::unique_ptr<QSettings> m_settings;
};

} // namespace parley::client
