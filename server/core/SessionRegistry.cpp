#include "SessionRegistry.h"

namespace parley::server {

void SessionRegistry::add(ClientSession *session, const QString &userId, const QString &tokenHash)
{
    m_byUser.insert(userId, session);
    m_byToken.insert(tokenHash, session);
}

void SessionRegistry::remove(ClientSession *session, const QString &userId, const QString &tokenHash)
{
    m_byUser.remove(userId, session);
    m_byToken.remove(tokenHash, session);
}

QList<ClientSession *> SessionRegistry::forToken(const QString &tokenHash) const
{
    return m_byToken.values(tokenHash);
}

QList<ClientSession *> SessionRegistry::forUser(const QString &userId) const
{
    return m_byUser.values(userId);
}

} // namespace parley::server
