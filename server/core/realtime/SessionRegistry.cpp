#include "realtime/SessionRegistry.h"

namespace parley::server {

void SessionRegistry::add(Recipient *recipient, const QString &userId, const QString &tokenHash)
{
    remove(recipient);
    m_entries.insert(recipient, Entry{userId, tokenHash});
    m_byUser.insert(userId, recipient);
    m_byToken.insert(tokenHash, recipient);
}

std::optional<SessionRegistry::Entry> SessionRegistry::remove(Recipient *recipient)
{
    const auto it = m_entries.constFind(recipient);
    if (it == m_entries.cend())
        return std::nullopt;
    const Entry entry = it.value();
    m_entries.erase(it);
    m_byUser.remove(entry.userId, recipient);
    m_byToken.remove(entry.tokenHash, recipient);
    return entry;
}

std::optional<SessionRegistry::Entry> SessionRegistry::find(Recipient *recipient) const
{
    const auto it = m_entries.constFind(recipient);
    if (it == m_entries.cend())
        return std::nullopt;
    return it.value();
}

QList<Recipient *> SessionRegistry::forToken(const QString &tokenHash) const
{
    return m_byToken.values(tokenHash);
}

QList<Recipient *> SessionRegistry::forUser(const QString &userId) const
{
    return m_byUser.values(userId);
}

} // namespace parley::server
