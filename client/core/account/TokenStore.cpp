#include "TokenStore.h"

#include <QCoroSignal>
#include <QCoroTask>
#include <QFile>
#include <QSaveFile>
#include <qt6keychain/keychain.h>

#include <memory>

namespace parley::client {
namespace {

const QString kService = QStringLiteral("Parley");

} // namespace

TokenStore::TokenStore(QString fallbackFile)
    : m_fallbackFile(std::move(fallbackFile))
{
}

bool TokenStore::keychainAvailable()
{
    return !qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") &&
           qEnvironmentVariableIsEmpty("PARLEY_NO_KEYCHAIN");
}

QCoro::Task<QString> TokenStore::read(QString account)
{
    if (keychainAvailable()) {
        auto job = std::make_unique<QKeychain::ReadPasswordJob>(kService);
        job->setAutoDelete(false);
        job->setKey(account);
        job->start();
        auto finished = qCoro(job.get(), &QKeychain::Job::finished);
        co_await std::move(finished);
        if (job->error() == QKeychain::NoError)
            co_return job->textData();
    }
    co_return readFile();
}

QCoro::Task<bool> TokenStore::write(QString account, QString token)
{
    if (keychainAvailable()) {
        auto job = std::make_unique<QKeychain::WritePasswordJob>(kService);
        job->setAutoDelete(false);
        job->setKey(account);
        job->setTextData(token);
        job->start();
        auto finished = qCoro(job.get(), &QKeychain::Job::finished);
        co_await std::move(finished);
        if (job->error() == QKeychain::NoError) {
            QFile::remove(m_fallbackFile);
            co_return true;
        }
    }
    co_return writeFile(token);
}

QCoro::Task<void> TokenStore::remove(QString account)
{
    QFile::remove(m_fallbackFile);
    if (keychainAvailable()) {
        auto job = std::make_unique<QKeychain::DeletePasswordJob>(kService);
        job->setAutoDelete(false);
        job->setKey(account);
        job->start();
        auto finished = qCoro(job.get(), &QKeychain::Job::finished);
        co_await std::move(finished);
    }
}

QString TokenStore::readFile() const
{
    QFile file(m_fallbackFile);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

bool TokenStore::writeFile(const QString &token) const
{
    QSaveFile file(m_fallbackFile);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(token.toUtf8());
    return file.commit();
}

} // namespace parley::client
