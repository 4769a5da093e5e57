#include "Profile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QStandardPaths>

namespace parley::client {
namespace {

const QString kServerKey = QStringLiteral("session/server");
const QString kUserIdKey = QStringLiteral("session/user_id");
const QString kUsernameKey = QStringLiteral("session/username");
const QString kLastServerKey = QStringLiteral("sign_in/server");
const QString kLastUsernameKey = QStringLiteral("sign_in/username");

} // namespace

Profile::Profile(const QString &directory)
    : m_directory(QDir(directory).absolutePath())
{
    m_usable = QDir().mkpath(m_directory);
    QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    m_settings =
        std::make_unique<QSettings>(QDir(m_directory).filePath(QStringLiteral("parley.ini")), QSettings::IniFormat);
}

QString Profile::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

std::optional<StoredSession> Profile::session() const
{
    const QUrl server(m_settings->value(kServerKey).toString());
    const QString userId = m_settings->value(kUserIdKey).toString();
    if (!server.isValid() || server.isEmpty() || userId.isEmpty())
        return std::nullopt;
    return StoredSession{server, userId, m_settings->value(kUsernameKey).toString()};
}

void Profile::saveSession(const StoredSession &session)
{
    m_settings->setValue(kServerKey, session.server.toString());
    m_settings->setValue(kUserIdKey, session.userId);
    m_settings->setValue(kUsernameKey, session.username);
    m_settings->setValue(kLastServerKey, session.server.toString());
    m_settings->setValue(kLastUsernameKey, session.username);
    m_settings->sync();
}

void Profile::clearSession()
{
    m_settings->remove(QStringLiteral("session"));
    m_settings->sync();
}

QUrl Profile::lastServer() const
{
    return QUrl(m_settings->value(kLastServerKey).toString());
}

void Profile::setLastServer(const QUrl &server)
{
    m_settings->setValue(kLastServerKey, server.toString());
}

QString Profile::lastUsername() const
{
    return m_settings->value(kLastUsernameKey).toString();
}

QString Profile::cachePath(const QUrl &server, const QString &userId) const
{
    const QByteArray key = server.toString().toUtf8() + '\n' + userId.toUtf8();
    const QString digest =
        QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
    return QDir(m_directory).filePath(QStringLiteral("cache-%1.sqlite").arg(digest));
}

QString Profile::tokenFilePath() const
{
    return QDir(m_directory).filePath(QStringLiteral("session-token"));
}

} // namespace parley::client
