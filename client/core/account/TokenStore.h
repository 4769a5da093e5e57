#pragma once

#include <QCoroFwd>
#include <QString>

namespace parley::client {

/// Keeps the session token in the desktop's secret store (QtKeychain) where one runs, else in
/// a file only the user can read inside the profile. The token never goes to logs or settings.
class TokenStore
{
public:
    /// `fallbackFile`: used when no secret service answers (e.g. headless machines).
    explicit TokenStore(QString fallbackFile);

    QCoro::Task<QString> read(QString account);
    QCoro::Task<bool> write(QString account, QString token);
    QCoro::Task<void> remove(QString account);

    /// False when the secret service is not tried at all (no D-Bus session, or
    /// PARLEY_NO_KEYCHAIN is set).
    static bool keychainAvailable();

private:
    QString readFile() const;
    bool writeFile(const QString &token) const;

    QString m_fallbackFile;
};

} // namespace parley::client
