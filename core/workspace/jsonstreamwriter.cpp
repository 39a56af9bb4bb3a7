#include "jsonstreamwriter.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>

namespace embedscope::workspace {

static constexpr int INDENT = 4;

// JSON text of key, escaped exactly as QJsonDocument escapes strings.
static QByteArray encodedKey(QStringView key)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{key.toString()}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

JsonStreamWriter::JsonStreamWriter(QIODevice *device)
    : m_device(device)
{}

void JsonStreamWriter::beginDocument()
{
    m_device->write("{");
    m_depth = 1;
    m_hasMember = false;
}

void JsonStreamWriter::endDocument()
{
    m_device->write("\n}\n");
    m_depth = 0;
}

void JsonStreamWriter::beginObject(QStringView key)
{
    writeKey(key);
    m_device->write("{");
    ++m_depth;
    m_hasMember = false;
}

void JsonStreamWriter::beginObject()
{
    writeSeparator();
    m_device->write("{");
    ++m_depth;
    m_hasMember = false;
}

void JsonStreamWriter::endObject()
{
    --m_depth;
    m_device->write("\n" + indentation() + "}");
    m_hasMember = true;
}

// QJsonDocument encodes only arrays and objects, so the value goes in a
// one-element array whose brackets are cut off. Its indented lines are
// then shifted from one level deep to the current depth.
void JsonStreamWriter::writeMember(QStringView key, const QJsonValue &value)
{
    writeKey(key);
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Indented);
    // wrapped is "[\n" + four spaces + the value's lines + "\n]\n".
    QByteArray text = wrapped.mid(2 + INDENT, wrapped.size() - (2 + INDENT) - 3);
    if (m_depth > 1) {
        const QByteArray oneLevel = QByteArray("\n").append(QByteArray(INDENT, ' '));
        text.replace(oneLevel, QByteArray("\n").append(indentation()));
    }
    m_device->write(text);
}

void JsonStreamWriter::beginArray(QStringView key)
{
    writeKey(key);
    m_device->write("[");
    ++m_depth;
    m_hasMember = false;
}

void JsonStreamWriter::endArray()
{
    --m_depth;
    m_device->write("\n" + indentation() + "]");
    m_hasMember = true;
}

void JsonStreamWriter::beginString(QStringView key)
{
    writeKey(key);
    m_device->write("\"");
}

void JsonStreamWriter::writeStringChunk(QByteArrayView chunk)
{
    m_device->write(chunk.data(), chunk.size());
}

void JsonStreamWriter::endString()
{
    m_device->write("\"");
}

void JsonStreamWriter::writeKey(QStringView key)
{
    writeSeparator();
    m_device->write(encodedKey(key) + ": ");
}

void JsonStreamWriter::writeSeparator()
{
    m_device->write(m_hasMember ? ",\n" : "\n");
    m_device->write(indentation());
    m_hasMember = true;
}

QByteArray JsonStreamWriter::indentation() const
{
    return QByteArray(m_depth * INDENT, ' ');
}

} // namespace embedscope::workspace
