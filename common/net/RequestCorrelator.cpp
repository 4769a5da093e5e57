#include "RequestCorrelator.h"

namespace parley::net {

QString RequestCorrelator::nextId()
{
    return QString::number(++m_counter, 36);
}

void RequestCorrelator::add(const QString &id, Completion completion)
{
    m_pending.insert(id, std::move(completion));
}

bool RequestCorrelator::complete(const Reply &reply)
{
    if (!reply.replyTo)
        return false;
    const auto it = m_pending.constFind(*reply.replyTo);
    if (it == m_pending.cend())
        return false;
    Completion completion = *it;
    m_pending.erase(it);
    completion(reply);
    return true;
}

bool RequestCorrelator::fail(const QString &id, const ProtocolError &error)
{
    const auto it = m_pending.constFind(id);
    if (it == m_pending.cend())
        return false;
    Completion completion = *it;
    m_pending.erase(it);
    Reply reply;
    reply.replyTo = id;
    reply.ok = false;
    reply.error = error;
    completion(reply);
    return true;
}

void RequestCorrelator::failAll(const ProtocolError &error)
{
    // Completions may add new requests; finish only the ones waiting now.
    const QList<QString> ids = m_pending.keys();
    for (const QString &id : ids)
        fail(id, error);
}

} // namespace parley::net
