#pragma once

#include "ErrorCode.h"
#include "Result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace parley::fields {

/// Readers for request fields. Each names the field in its error, so a client learns exactly
/// what to fix. Length limits count UTF-16 code units unless they say bytes.
Result<QString, ProtocolError> requiredString(const QJsonObject &data, QLatin1StringView name, int maxChars);
Result<std::optional<QString>, ProtocolError> optionalString(const QJsonObject &data, QLatin1StringView name,
                                                             int maxChars);

} // namespace parley::fields
