#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace parley::server {

class ClientSession;

/// Every authenticated connection, by user and by session token. Connections register when
/// they authenticate and leave when they close or log out.
class SessionRegistry
{
public:
    void add(ClientSession *session, const QString &userId, const QString &tokenHash);
    void remove(ClientSession *session, const QString &userId, const QString &tokenHash);

    QList<ClientSession *> forToken(const QString &tokenHash) const;
    QList<ClientSession *> forUser(const QString &userId) const;
    qsizetype authenticatedCount() const { return m_byToken.size(); }

private:
    QMultiHash<QString, ClientSession *> m_byUser;
    QMultiHash<QString, ClientSession *> m_byToken;
};

} // namespace parley::server
