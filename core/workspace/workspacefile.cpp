#include "workspacefile.h"

#include "common/logging.h"
#include "jsonstreamwriter.h"
#include "savefile.h"
#include "text/importfile.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <algorithm>
#include <cstring>

namespace embedscope::workspace {

static QString formatName()
{
    return QString::fromUtf16(WORKSPACE_FORMAT_NAME);
}

// Bytes of float32 per base64 chunk: a multiple of 3, so that the chunks'
// base64 texts join into the base64 of the whole.
static constexpr qsizetype VECTOR_CHUNK_BYTES = 3 * 4 * 16384;

// Writes the vectors as base64 of little-endian float32 in chunks of
// 192 KB, because the whole text of 100,000 x 384 vectors is 205 MB.
static void writeVectorData(JsonStreamWriter &writer, const embedding::EmbeddingSet &vectors)
{
    const qsizetype count = qsizetype(vectors.rows()) * vectors.dimensions();
    const qsizetype chunkValues = VECTOR_CHUNK_BYTES / qsizetype(sizeof(float));
    QByteArray bytes(VECTOR_CHUNK_BYTES, Qt::Uninitialized);
    writer.beginString(u"data");
    for (qsizetype first = 0; first < count; first += chunkValues) {
        const qsizetype values = std::min(chunkValues, count - first);
        auto *out = reinterpret_cast<uchar *>(bytes.data());
        for (qsizetype i = 0; i < values; ++i) {
            quint32 bits;
            std::memcpy(&bits, vectors.data() + first + i, sizeof bits);
            qToLittleEndian<quint32>(bits, out + i * 4);
        }
        writer.writeStringChunk(QByteArray::fromRawData(bytes.constData(), values * 4).toBase64());
    }
    writer.endString();
}

static void writeVectors(JsonStreamWriter &writer, const embedding::EmbeddingSet &vectors)
{
    writer.writeMember(u"rows", vectors.rows());
    writer.writeMember(u"dimensions", vectors.dimensions());
    writer.writeMember(u"encoding", QStringLiteral("float32-le-base64"));
    writeVectorData(writer, vectors);
}

static QJsonObject providerJson(const embedding::ProviderSettings &settings)
{
    return QJsonObject{
        {QStringLiteral("kind"), embedding::providerKindName(settings.kind)},
        {QStringLiteral("baseUrl"), settings.baseUrl},
        {QStringLiteral("model"), settings.model},
        {QStringLiteral("apiKeyVariable"), settings.apiKeyVariable},
        {QStringLiteral("dimensions"), settings.dimensions},
        {QStringLiteral("timeoutSeconds"), settings.timeoutSeconds},
    };
}

static void writeRun(JsonStreamWriter &writer, const EmbeddingRun &run)
{
    writer.writeMember(u"name", run.spec.name);
    writer.writeMember(u"provider", providerJson(run.spec.provider));
    writer.writeMember(u"prefix", run.spec.prefix);
    writer.writeMember(u"truncateTo", run.spec.truncateTo);
    writer.writeMember(u"fullDimensions", run.fullDimensions);
    writer.writeMember(u"source", run.source);
    writeVectors(writer, run.vectors);
}

static void writeComparison(JsonStreamWriter &writer, const WorkspaceData &data)
{
    writer.beginObject(u"comparison");
    writer.writeMember(u"phrases", QJsonArray::fromStringList(data.runPhrases));
    writer.beginArray(u"runs");
    for (const EmbeddingRun &run : data.runs) {
        writer.beginObject();
        writeRun(writer, run);
        writer.endObject();
    }
    writer.endArray();
    writer.endObject();
}

static void writeWorkspace(QIODevice *device, const WorkspaceData &data)
{
    JsonStreamWriter writer(device);
    writer.beginDocument();
    writer.writeMember(u"format", formatName());
    writer.writeMember(u"version", WORKSPACE_FORMAT_VERSION);
    writer.writeMember(u"application", QStringLiteral("Embedscope " EMBEDSCOPE_VERSION));
    writer.writeMember(u"phrases", QJsonArray::fromStringList(data.phrases));
    if (!data.labels.isEmpty())
        writer.writeMember(u"labels", QJsonArray::fromStringList(data.labels));
    writer.writeMember(u"provider", providerJson(data.provider));
    writer.writeMember(u"metric", math::metricName(data.metric));
    writer.writeMember(u"view", data.viewSettings);

    if (!data.vectors.isEmpty()) {
        writer.beginObject(u"embeddings");
        writer.writeMember(u"phrases", QJsonArray::fromStringList(data.embeddedPhrases));
        writer.writeMember(u"source", data.embeddingSource);
        writeVectors(writer, data.vectors);
        writer.endObject();
    }
    if (!data.runs.isEmpty())
        writeComparison(writer, data);
    writer.endDocument();
}

QByteArray serializeWorkspace(const WorkspaceData &data)
{
    QByteArray json;
    QBuffer buffer(&json);
    buffer.open(QIODevice::WriteOnly);
    writeWorkspace(&buffer, data);
    return json;
}

static Expected<bool> checkSizes(const WorkspaceData &data)
{
    if (!data.labels.isEmpty() && data.labels.size() != data.phrases.size())
        return fail(QStringLiteral("cannot save %1 phrases with %2 labels")
                        .arg(data.phrases.size())
                        .arg(data.labels.size()));
    if (!data.vectors.isEmpty() && data.vectors.rows() != data.embeddedPhrases.size())
        return fail(QStringLiteral("cannot save %1 vectors for %2 embedded phrases")
                        .arg(data.vectors.rows())
                        .arg(data.embeddedPhrases.size()));
    for (const EmbeddingRun &run : data.runs) {
        if (run.vectors.rows() != data.runPhrases.size())
            return fail(QStringLiteral("cannot save run \"%1\" with %2 vectors for %3 run phrases")
                            .arg(run.spec.displayName())
                            .arg(run.vectors.rows())
                            .arg(data.runPhrases.size()));
    }
    return true;
}

Expected<bool> saveWorkspaceFile(const QString &path, const WorkspaceData &data)
{
    if (auto sizes = checkSizes(data); !sizes)
        return sizes;
    auto written = writeFileAtomically(path, [&data](QIODevice *device) { writeWorkspace(device, data); });
    if (written)
        qCDebug(lcWorkspace) << "saved workspace" << path << "with" << data.phrases.size() << "phrases";
    return written;
}

Expected<WorkspaceData> loadWorkspaceFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcWorkspace) << "cannot open workspace" << path << ":" << file.errorString();
        return fail(QStringLiteral("cannot open %1: %2").arg(path, file.errorString()));
    }

    auto data = parseWorkspace(file.readAll(), text::importSourceName(path));
    if (!data)
        qCWarning(lcWorkspace) << "rejected workspace" << path << ":" << data.error();
    else
        qCDebug(lcWorkspace) << "opened workspace" << path << "with" << data->phrases.size() << "phrases";
    return data;
}

} // namespace embedscope::workspace
