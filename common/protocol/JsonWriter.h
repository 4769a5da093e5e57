#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1StringView>
#include <QStringView>

#include <functional>
#include <vector>

namespace parley {

/// Writes compact JSON straight into bytes. The daemon's busiest frames (a message, a page of
/// messages, the conversation list) go through it: building a QJsonObject and then encoding
/// it cost more than the rest of handling a message.
///
/// Commas are placed automatically; keys are Latin-1 literals (the protocol's field names);
/// strings are written as UTF-8 with `"`, `\`, control characters and U+FEFF escaped, and a
/// lone surrogate (not valid Unicode) as U+FFFD.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 256);

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    /// The next value belongs to `name` in the current object.
    JsonWriter &key(QLatin1StringView name);

    JsonWriter &string(QStringView text);
    JsonWriter &number(qint64 value);
    JsonWriter &boolean(bool value);
    JsonWriter &null();
    /// A value that is already JSON (e.g. an object written by another writer).
    JsonWriter &raw(QByteArrayView json);

    /// The JSON written so far; the writer is empty afterwards.
    QByteArray take();

private:
    void beforeValue();

    QByteArray m_out;
    std::vector<bool> m_empty; ///< per open object/array: nothing written into it yet
    bool m_afterKey = false;
};

/// What `write` writes, read back as a QJsonObject: `writeJson` stays the one definition of
/// an object, `toJson` is derived from it.
QJsonObject readBack(const std::function<void(JsonWriter &)> &write);

} // namespace parley
