#pragma once

#include "ErrorCode.h"
#include "Result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
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

/// A whole number read leniently from a server's JSON: absent, out of range or fractional
/// reads as 0 (a client must not fail on a field it can do without).
qint64 integerOrZero(const QJsonObject &object, QLatin1StringView name);

/// A requested page size: `fallback` when absent, never above `maximum`.
int clampLimit(std::optional<qint64> requested, int fallback, int maximum);

/// A JSON array of objects as a list of T (by `T::fromJson`); nullopt when `value` is not an
/// array or one item does not parse (a reply must not be half taken).
template <typename T>
std::optional<QList<T>> objectList(const QJsonValue &value)
{
    if (!value.isArray())
        return std::nullopt;
    QList<T> items;
    const QJsonArray array = value.toArray();
    items.reserve(array.size());
    for (const QJsonValue &item : array) {
        auto parsed = T::fromJson(item.toObject());
        if (!parsed)
            return std::nullopt;
        items.append(std::move(*parsed));
    }
    return items;
}

} // namespace parley::fields

/// Unwraps a field reader's result into `target`, or returns its error from the caller.
#define PARLEY_READ(target, expression)                                                                                \
    do {                                                                                                               \
        auto parsed_ = (expression);                                                                                   \
        if (!parsed_)                                                                                                  \
            return std::move(parsed_).error();                                                                         \
        target = std::move(parsed_).value();                                                                           \
    } while (false)
