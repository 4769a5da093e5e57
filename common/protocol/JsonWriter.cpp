#include "JsonWriter.h"

#include <QJsonDocument>

namespace parley {
namespace {

constexpr char kHex[] = "0123456789abcdef";

// Writes `text` as a JSON string at `out`, which has room for the worst case (6 bytes per
// UTF-16 unit, plus the quotes); returns the end.
char *writeString(char *out, QStringView text)
{
    *out++ = '"';
    const char16_t *unit = text.utf16();
    const char16_t *const end = unit + text.size();
    while (unit < end) {
        const char32_t c = *unit++;
        if (c < 0x80) {
            if (c >= 0x20 && c != '"' && c != '\\') {
                *out++ = char(c);
                continue;
            }
            *out++ = '\\';
            switch (c) {
            case '"':
                *out++ = '"';
                break;
            case '\\':
                *out++ = '\\';
                break;
            case '\b':
                *out++ = 'b';
                break;
            case '\f':
                *out++ = 'f';
                break;
            case '\n':
                *out++ = 'n';
                break;
            case '\r':
                *out++ = 'r';
                break;
            case '\t':
                *out++ = 't';
                break;
            default:
                *out++ = 'u';
                *out++ = '0';
                *out++ = '0';
                *out++ = kHex[c >> 4];
                *out++ = kHex[c & 0xf];
            }
            continue;
        }
        if (c == 0xfeff) {
            // Escaped: Qt's JSON parser decodes each string's UTF-8 on its own and drops a
            // byte order mark at its start, so a text beginning with U+FEFF would lose it.
            for (const char escaped : {'\\', 'u', 'f', 'e', 'f', 'f'})
                *out++ = escaped;
            continue;
        }
        char32_t code = c;
        if (c >= 0xd800 && c <= 0xdfff) {
            const bool pair = c <= 0xdbff && unit < end && *unit >= 0xdc00 && *unit <= 0xdfff;
            code = pair ? 0x10000 + ((c - 0xd800) << 10) + (char32_t(*unit++) - 0xdc00) : 0xfffd;
        }
        if (code < 0x800) {
            *out++ = char(0xc0 | (code >> 6));
        } else if (code < 0x10000) {
            *out++ = char(0xe0 | (code >> 12));
            *out++ = char(0x80 | ((code >> 6) & 0x3f));
        } else {
            *out++ = char(0xf0 | (code >> 18));
            *out++ = char(0x80 | ((code >> 12) & 0x3f));
            *out++ = char(0x80 | ((code >> 6) & 0x3f));
        }
        *out++ = char(0x80 | (code & 0x3f));
    }
    *out++ = '"';
    return out;
}

} // namespace

JsonWriter::JsonWriter(qsizetype reserve)
{
    m_out.reserve(reserve);
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_empty.empty()) {
        if (!m_empty.back())
            m_out.append(',');
        m_empty.back() = false;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    beforeValue();
    m_out.append('{');
    m_empty.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out.append('}');
    m_empty.pop_back();
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    beforeValue();
    m_out.append('[');
    m_empty.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out.append(']');
    m_empty.pop_back();
    return *this;
}

JsonWriter &JsonWriter::key(QLatin1StringView name)
{
    beforeValue();
    m_out.append('"').append(name.data(), name.size()).append("\":", 2);
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::string(QStringView text)
{
    beforeValue();
    const qsizetype start = m_out.size();
    m_out.resize(start + 6 * text.size() + 2);
    char *const begin = m_out.data() + start;
    m_out.truncate(start + (writeString(begin, text) - begin));
    return *this;
}

JsonWriter &JsonWriter::number(qint64 value)
{
    beforeValue();
    char digits[24];
    char *end = digits + sizeof digits;
    char *at = end;
    quint64 magnitude = value < 0 ? 0 - quint64(value) : quint64(value);
    do {
        *--at = char('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        *--at = '-';
    m_out.append(at, end - at);
    return *this;
}

JsonWriter &JsonWriter::boolean(bool value)
{
    beforeValue();
    m_out.append(value ? QByteArrayView("true") : QByteArrayView("false"));
    return *this;
}

JsonWriter &JsonWriter::null()
{
    beforeValue();
    m_out.append("null", 4);
    return *this;
}

JsonWriter &JsonWriter::raw(QByteArrayView json)
{
    beforeValue();
    m_out.append(json);
    return *this;
}

QByteArray JsonWriter::take()
{
    m_empty.clear();
    m_afterKey = false;
    return std::exchange(m_out, QByteArray());
}

QJsonObject readBack(const std::function<void(JsonWriter &)> &write)
{
    JsonWriter out;
    write(out);
    return QJsonDocument::fromJson(out.take()).object();
}

} // namespace parley
