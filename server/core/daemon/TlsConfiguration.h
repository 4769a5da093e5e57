#pragma once

#include <protocol/Result.h>

#include <QSslConfiguration>

namespace parley::server {

/// The TLS configuration for `wss://` from PEM files: a certificate chain and an RSA or EC key.
/// The error says which file is wrong and how.
Result<QSslConfiguration, QString> loadTlsConfiguration(const QString &certPath, const QString &keyPath);

} // namespace parley::server
