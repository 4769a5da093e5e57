#include "Secrets.h"

#include <QByteArray>
#include <QCryptographicHash>

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

} // namespace parley::server
