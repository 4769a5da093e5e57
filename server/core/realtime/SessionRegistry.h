#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace parley::server {

class Recipient;

/// Every authenticated recipient of this daemon, by user and by session token. Only EventBus
/// changes it: recipients are attached when they authenticate and detached when they close or
/// log out.
class SessionRegistry
{
public:
    struct Entry
    {
        QString userId;
        QString tokenHash;
    };

    /// Registers `recipient` (replacing what it was registered as before).
    void add(Recipient *recipient, const QString &userId, const QString &tokenHash);
    /// What `recipient` was registered as; nullopt when it was not.
    std::optional<Entry> remove(Recipient *recipient);
    std::optional<Entry> find(Recipient *recipient) const;

    QList<Recipient *> forToken(const QString &tokenHash) const;
    QList<Recipient *> forUser(const QString &userId) const;
    bool hasUser(const QString &userId) const { return m_byUser.contains(userId); }
    qsizetype authenticatedCount() const { return m_entries.size(); }

private:
    QHash<Recipient *, Entry> m_entries;
    QMultiHash<QString, Recipient *> m_byUser;
    QMultiHash<QString, Recipient *> m_byToken;
};

} // namespace parley::server
