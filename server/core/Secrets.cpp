#include "Secrets.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QRandomGenerator>

#include <sodium.h>

namespace parley::server {
namespace {

QString randomBase64Url(int bytes)
{
    QByteArray buffer(bytes, Qt::Uninitialized);
    randombytes_buf(buffer.data(), size_t(buffer.size()));
    return QString::fromLatin1(buffer.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

bool initializeSodium()
{
    return sodium_init() >= 0;
}

QString newSessionToken()
{
    return randomBase64Url(32);
}

QString hashSessionToken(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString newObjectId()
{
    return randomBase64Url(12);
}

QString newMessageId(qint64 nowMsecs)
{
    // 6 bytes of big-endian milliseconds, then 6 random bytes. Ids made close together in time
    // share a prefix, so the unique index on messages.id grows at one place instead of
    // touching a random page per message (each a page written to the WAL at commit).
    // The random half only keeps ids apart, it guards nothing (a message is reached through
    // its conversation's membership), so it comes from Qt's seeded generator rather than a
    // getrandom() system call per message.
    QByteArray buffer(12, Qt::Uninitialized);
    for (int i = 0; i < 6; ++i)
        buffer[i] = char((quint64(nowMsecs) >> (8 * (5 - i))) & 0xff);
    const quint64 random = QRandomGenerator::global()->generate64();
    for (int i = 0; i < 6; ++i)
        buffer[6 + i] = char((random >> (8 * i)) & 0xff);
    return QString::fromLatin1(buffer.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace parley::server
