#include "workspacefile.h"

#include "common/logging.h"
#include "savefile.h"
#include "text/importfile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtEndian>

#include <cstring>

namespace embedscope::workspace {

static QString formatName()
{
    return QString::fromUtf16(WORKSPACE_FORMAT_NAME);
}

static QByteArray encodeVectors(const embedding::EmbeddingSet &vectors)
{
    const qsizetype count = qsizetype(vectors.rows()) * vectors.dimensions();
    QByteArray bytes(count * qsizetype(sizeof(float)), Qt::Uninitialized);
    auto *out = reinterpret_cast<uchar *>(bytes.data());
    for (qsizetype i = 0; i < count; ++i) {
        quint32 bits;
        std::memcpy(&bits, vectors.data() + i, sizeof bits);
        qToLittleEndian<quint32>(bits, out + i * 4);
    }
    return bytes.toBase64();
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

static QJsonObject runJson(const EmbeddingRun &run)
{
    return QJsonObject{
        {QStringLiteral("name"), run.spec.name},
        {QStringLiteral("provider"), providerJson(run.spec.provider)},
        {QStringLiteral("prefix"), run.spec.prefix},
        {QStringLiteral("truncateTo"), run.spec.truncateTo},
        {QStringLiteral("fullDimensions"), run.fullDimensions},
        {QStringLiteral("source"), run.source},
        {QStringLiteral("rows"), run.vectors.rows()},
        {QStringLiteral("dimensions"), run.vectors.dimensions()},
        {QStringLiteral("encoding"), QStringLiteral("float32-le-base64")},
        {QStringLiteral("data"), QString::fromLatin1(encodeVectors(run.vectors))},
    };
}

static QJsonObject comparisonJson(const WorkspaceData &data)
{
    QJsonArray runs;
    for (const EmbeddingRun &run : data.runs)
        runs.append(runJson(run));
    return QJsonObject{
        {QStringLiteral("phrases"), QJsonArray::fromStringList(data.runPhrases)},
        {QStringLiteral("runs"), runs},
    };
}

QByteArray serializeWorkspace(const WorkspaceData &data)
{
    QJsonObject root{
        {QStringLiteral("format"), formatName()},
        {QStringLiteral("version"), WORKSPACE_FORMAT_VERSION},
        {QStringLiteral("application"), QStringLiteral("Embedscope " EMBEDSCOPE_VERSION)},
        {QStringLiteral("phrases"), QJsonArray::fromStringList(data.phrases)},
        {QStringLiteral("provider"), providerJson(data.provider)},
        {QStringLiteral("metric"), math::metricName(data.metric)},
        {QStringLiteral("view"), data.viewSettings},
    };
    if (!data.labels.isEmpty())
        root.insert(QStringLiteral("labels"), QJsonArray::fromStringList(data.labels));

    if (!data.vectors.isEmpty()) {
        root.insert(QStringLiteral("embeddings"),
                    QJsonObject{
                        {QStringLiteral("phrases"), QJsonArray::fromStringList(data.embeddedPhrases)},
                        {QStringLiteral("source"), data.embeddingSource},
                        {QStringLiteral("rows"), data.vectors.rows()},
                        {QStringLiteral("dimensions"), data.vectors.dimensions()},
                        {QStringLiteral("encoding"), QStringLiteral("float32-le-base64")},
                        {QStringLiteral("data"), QString::fromLatin1(encodeVectors(data.vectors))},
                    });
    }
    if (!data.runs.isEmpty())
        root.insert(QStringLiteral("comparison"), comparisonJson(data));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
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
    auto written = writeFileAtomically(path, serializeWorkspace(data));
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
