#pragma once

#include "ErrorCode.h"
#include "Result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace parley::fields {

/// Readers for request fields. Each names the field in its error, so a client learns exactly
/// what to fix. Length limits count UTF-16 code units unless they say bytes.
Result<QString, ProtocolError> requiredString(const QJsonObject &data, QLatin1StringView name, int maxChars);
Result<std::optional<QString>, ProtocolError> optionalString(const QJsonObject &data, QLatin1StringView name,
                                                             int maxChars);
/// An opaque id (user, conversation, message): a non-empty string of at most 64 characters.
Result<QString, ProtocolError> requiredId(const QJsonObject &data, QLatin1StringView name);
Result<std::optional<QString>, ProtocolError> optionalId(const QJsonObject &data, QLatin1StringView name);
/// A list of ids, at most `maxCount`, duplicates removed (first occurrence kept).
Result<QStringList, ProtocolError> idList(const QJsonObject &data, QLatin1StringView name, int maxCount);
/// A whole number in [min, max]; fractions, strings and out-of-range values are refused.
Result<qint64, ProtocolError> requiredInteger(const QJsonObject &data, QLatin1StringView name, qint64 min, qint64 max);
Result<std::optional<qint64>, ProtocolError> optionalInteger(const QJsonObject &data, QLatin1StringView name,
                                                             qint64 min, qint64 max);
Result<bool, ProtocolError> requiredBool(const QJsonObject &data, QLatin1StringView name);
Result<std::optional<bool>, ProtocolError> optionalBool(const QJsonObject &data, QLatin1StringView name);

/// A JSON number that is a whole number within ±(2^53 - 1), else nullopt (never undefined
/// behaviour, whatever the number).
std::optional<qint64> wholeNumber(const QJsonValue &value);

/// The largest integer a JSON number carries exactly (2^53 - 1).
inline constexpr qint64 kMaxSafeInteger = 9007199254740991;

} // namespace parley::fields
