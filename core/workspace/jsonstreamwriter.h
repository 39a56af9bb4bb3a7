#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QStringView>

class QIODevice;

namespace embedscope::workspace {

// Writes one JSON object to a device member by member, indented as
// QJsonDocument::Indented does. Small values are encoded by QJsonDocument.
// A long string, such as the base64 of 150 MB of vectors, is written in
// chunks with beginString()/writeStringChunk()/endString(), so it never
// exists in memory as one QString or one document. Write errors are left to
// the device: QSaveFile::commit() fails after any of them.
class JsonStreamWriter
{
public:
    explicit JsonStreamWriter(QIODevice *device);

    // Starts the top-level object.
    void beginDocument();
    // Ends the top-level object and the line.
    void endDocument();

    // Starts a nested object as the member key of the current object.
    void beginObject(QStringView key);
    // Starts a nested object as the next element of the current array.
    void beginObject();
    void endObject();

    // Starts an array as the member key of the current object; its elements
    // are objects started with beginObject().
    void beginArray(QStringView key);
    void endArray();

    void writeMember(QStringView key, const QJsonValue &value);

    // Starts a string member whose text follows in chunks. The chunks are
    // written as they are, so they must contain no character that JSON
    // escapes; base64 contains none.
    void beginString(QStringView key);
    void writeStringChunk(QByteArrayView chunk);
    void endString();

private:
    void writeKey(QStringView key);
    void writeSeparator();
    QByteArray indentation() const;

    QIODevice *m_device;
    int m_depth = 0;
    // Whether the current object or array has a member or element yet, so
    // the next one needs a comma.
    bool m_hasMember = false;
};

} // namespace embedscope::workspace
