// Reading .embedscope files: every field is checked before anything is
// returned, so a damaged file never opens half-loaded.
#include "workspacefile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QtEndian>

#include <cmath>
#include <cstring>
#include <limits>

namespace embedscope::workspace {

namespace {

class WorkspaceParser
{
public:
    explicit WorkspaceParser(const QString &source)
        : m_source(source)
    {}

    Expected<WorkspaceData> parse(const QByteArray &json)
    {
        auto root = parseRoot(json);
        if (!root)
            return fail(root.error());
        if (auto version = checkFormat(*root); !version)
            return fail(version.error());

        WorkspaceData data;
        if (auto read = readDocument(*root, data); !read)
            return fail(read.error());
        if (auto read = readEmbeddings(*root, data); !read)
            return fail(read.error());
        if (auto read = readComparison(*root, data); !read)
            return fail(read.error());
        return data;
    }

private:
    Unexpected damaged(const QString &problem) const
    {
        return fail(QStringLiteral("%1 is damaged: %2. Open a backup copy instead")
                        .arg(m_source, problem));
    }

    Unexpected missing(const QString &field, const QString &expected) const
    {
        return damaged(QStringLiteral("the field \"%1\" is missing or is not %2").arg(field, expected));
    }

    Expected<QJsonObject> parseRoot(const QByteArray &json) const
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError)
            return damaged(QStringLiteral("its JSON is invalid at byte %1 (%2), so it may be truncated")
                               .arg(error.offset)
                               .arg(error.errorString()));
        if (!document.isObject())
            return damaged(QStringLiteral("it is JSON but not a JSON object"));
        return document.object();
    }

    Expected<bool> checkFormat(const QJsonObject &root) const
    {
        const QJsonValue formatValue = root.value(QStringLiteral("format"));
        if (!formatValue.isString())
            return fail(QStringLiteral("%1 is not an Embedscope workspace: it has no \"format\" field").arg(m_source));
        const QString format = formatValue.toString();
        if (format != QString::fromUtf16(WORKSPACE_FORMAT_NAME))
            return fail(QStringLiteral("%1 is not an Embedscope workspace: its \"format\" field is \"%2\", not "
                                       "\"%3\"")
                            .arg(m_source, format, QString::fromUtf16(WORKSPACE_FORMAT_NAME)));

        const auto version = readInt(root, QStringLiteral("version"), 1);
        if (!version)
            return fail(version.error());
        if (*version > WORKSPACE_FORMAT_VERSION)
            return fail(QStringLiteral("%1 was saved by a newer Embedscope (workspace format version %2); this "
                                       "version reads versions up to %3. Update Embedscope to open it")
                            .arg(m_source)
                            .arg(*version)
                            .arg(WORKSPACE_FORMAT_VERSION));
        return true;
    }

    // A whole number in [minimum, INT_MAX]; JSON stores every number as a
    // double.
    Expected<int> readInt(const QJsonObject &object, const QString &field, int minimum,
                          const QString &path = {}) const
    {
        const QJsonValue value = object.value(field);
        const double number = value.toDouble(std::nan(""));
        const QString name = path.isEmpty() ? field : path + u'.' + field;
        if (!value.isDouble() || number != std::floor(number) || number < minimum
            || number > double(std::numeric_limits<int>::max()))
            return missing(name, QStringLiteral("a whole number of at least %1").arg(minimum));
        return int(number);
    }

    Expected<QString> readString(const QJsonObject &object, const QString &field, const QString &path = {}) const
    {
        const QJsonValue value = object.value(field);
        if (!value.isString())
            return missing(path.isEmpty() ? field : path + u'.' + field, QStringLiteral("a string"));
        return value.toString();
    }

    Expected<QStringList> readStringList(const QJsonObject &object, const QString &field,
                                         const QString &path = {}) const
    {
        const QString name = path.isEmpty() ? field : path + u'.' + field;
        const QJsonValue value = object.value(field);
        if (!value.isArray())
            return missing(name, QStringLiteral("an array of strings"));
        QStringList strings;
        for (const QJsonValue &item : value.toArray()) {
            if (!item.isString())
                return missing(name, QStringLiteral("an array of strings"));
            strings.append(item.toString());
        }
        return strings;
    }

    Expected<bool> readDocument(const QJsonObject &root, WorkspaceData &data) const
    {
        auto phrases = readStringList(root, QStringLiteral("phrases"));
        if (!phrases)
            return fail(phrases.error());
        data.phrases = std::move(*phrases);

        if (root.contains(QStringLiteral("labels"))) {
            auto labels = readStringList(root, QStringLiteral("labels"));
            if (!labels)
                return fail(labels.error());
            if (labels->size() != data.phrases.size())
                return damaged(QStringLiteral("it has %1 labels for %2 phrases").arg(labels->size()).arg(data.phrases.size()));
            data.labels = std::move(*labels);
        }

        if (auto provider = readProvider(root, data.provider); !provider)
            return provider;
        auto metric = readMetric(root);
        if (!metric)
            return fail(metric.error());
        data.metric = *metric;

        const QJsonValue view = root.value(QStringLiteral("view"));
        if (!view.isUndefined() && !view.isObject())
            return missing(QStringLiteral("view"), QStringLiteral("an object"));
        data.viewSettings = view.toObject();
        return true;
    }

    Expected<bool> readProvider(const QJsonObject &root, embedding::ProviderSettings &settings) const
    {
        const QString path = QStringLiteral("provider");
        const QJsonValue value = root.value(path);
        if (!value.isObject())
            return missing(path, QStringLiteral("an object"));
        return readProviderObject(value.toObject(), path, settings);
    }

    Expected<bool> readProviderObject(const QJsonObject &provider, const QString &path,
                                      embedding::ProviderSettings &settings) const
    {
        auto kindName = readString(provider, QStringLiteral("kind"), path);
        auto baseUrl = readString(provider, QStringLiteral("baseUrl"), path);
        auto model = readString(provider, QStringLiteral("model"), path);
        auto keyVariable = readString(provider, QStringLiteral("apiKeyVariable"), path);
        auto dimensions = readInt(provider, QStringLiteral("dimensions"), 0, path);
        auto timeout = readInt(provider, QStringLiteral("timeoutSeconds"), 1, path);
        if (!kindName)
            return fail(kindName.error());
        if (!baseUrl)
            return fail(baseUrl.error());
        if (!model)
            return fail(model.error());
        if (!keyVariable)
            return fail(keyVariable.error());
        if (!dimensions)
            return fail(dimensions.error());
        if (!timeout)
            return fail(timeout.error());

        const auto kind = embedding::parseProviderKind(*kindName);
        if (!kind)
            return damaged(QStringLiteral("its provider kind \"%1\" is unknown").arg(*kindName));
        settings.kind = *kind;
        settings.baseUrl = *baseUrl;
        settings.model = *model;
        settings.apiKeyVariable = *keyVariable;
        settings.dimensions = *dimensions;
        settings.timeoutSeconds = *timeout;
        return true;
    }

    Expected<math::Metric> readMetric(const QJsonObject &root) const
    {
        const auto name = readString(root, QStringLiteral("metric"));
        if (!name)
            return fail(name.error());
        for (math::Metric metric : {math::Metric::Cosine, math::Metric::Dot, math::Metric::Euclidean}) {
            if (math::metricName(metric) == *name)
                return metric;
        }
        return damaged(QStringLiteral("its metric \"%1\" is unknown").arg(*name));
    }

    Expected<bool> readEmbeddings(const QJsonObject &root, WorkspaceData &data) const
    {
        const QString path = QStringLiteral("embeddings");
        const QJsonValue value = root.value(path);
        if (value.isUndefined())
            return true;
        if (!value.isObject())
            return missing(path, QStringLiteral("an object"));
        const QJsonObject embeddings = value.toObject();

        auto phrases = readStringList(embeddings, QStringLiteral("phrases"), path);
        auto source = readString(embeddings, QStringLiteral("source"), path);
        auto rows = readInt(embeddings, QStringLiteral("rows"), 1, path);
        auto dimensions = readInt(embeddings, QStringLiteral("dimensions"), 1, path);
        auto encoding = readString(embeddings, QStringLiteral("encoding"), path);
        auto base64 = readString(embeddings, QStringLiteral("data"), path);
        if (!phrases)
            return fail(phrases.error());
        if (!source)
            return fail(source.error());
        if (!rows)
            return fail(rows.error());
        if (!dimensions)
            return fail(dimensions.error());
        if (!encoding)
            return fail(encoding.error());
        if (!base64)
            return fail(base64.error());

        if (*encoding != u"float32-le-base64")
            return damaged(QStringLiteral("its vectors use the unknown encoding \"%1\"").arg(*encoding));
        if (phrases->size() != *rows)
            return damaged(QStringLiteral("it has %1 rows of vectors for %2 embedded phrases")
                               .arg(*rows)
                               .arg(phrases->size()));
        auto vectors = decodeVectors(*base64, *rows, *dimensions);
        if (!vectors)
            return fail(vectors.error());

        data.embeddedPhrases = std::move(*phrases);
        data.embeddingSource = std::move(*source);
        data.vectors = std::move(*vectors);
        return true;
    }

    // The optional "comparison" object of version 2: the run phrases and
    // one object per run with its spec, source and vectors.
    Expected<bool> readComparison(const QJsonObject &root, WorkspaceData &data) const
    {
        const QString path = QStringLiteral("comparison");
        const QJsonValue value = root.value(path);
        if (value.isUndefined())
            return true;
        if (!value.isObject())
            return missing(path, QStringLiteral("an object"));
        const QJsonObject comparison = value.toObject();

        auto phrases = readStringList(comparison, QStringLiteral("phrases"), path);
        if (!phrases)
            return fail(phrases.error());
        const QJsonValue runs = comparison.value(QStringLiteral("runs"));
        if (!runs.isArray())
            return missing(path + QStringLiteral(".runs"), QStringLiteral("an array"));

        QList<EmbeddingRun> read;
        for (qsizetype i = 0; i < runs.toArray().size(); ++i) {
            const QString runPath = QStringLiteral("%1.runs[%2]").arg(path).arg(i);
            const QJsonValue run = runs.toArray().at(i);
            if (!run.isObject())
                return missing(runPath, QStringLiteral("an object"));
            auto parsed = readRun(run.toObject(), runPath, int(phrases->size()));
            if (!parsed)
                return fail(parsed.error());
            read.append(std::move(*parsed));
        }
        data.runPhrases = std::move(*phrases);
        data.runs = std::move(read);
        return true;
    }

    Expected<EmbeddingRun> readRun(const QJsonObject &run, const QString &path, int phraseCount) const
    {
        EmbeddingRun result;
        const QJsonValue provider = run.value(QStringLiteral("provider"));
        if (!provider.isObject())
            return missing(path + QStringLiteral(".provider"), QStringLiteral("an object"));
        if (auto read = readProviderObject(provider.toObject(), path + QStringLiteral(".provider"),
                                           result.spec.provider);
            !read)
            return fail(read.error());

        auto name = readString(run, QStringLiteral("name"), path);
        auto prefix = readString(run, QStringLiteral("prefix"), path);
        auto truncateTo = readInt(run, QStringLiteral("truncateTo"), 0, path);
        auto fullDimensions = readInt(run, QStringLiteral("fullDimensions"), 0, path);
        auto source = readString(run, QStringLiteral("source"), path);
        auto rows = readInt(run, QStringLiteral("rows"), 1, path);
        auto dimensions = readInt(run, QStringLiteral("dimensions"), 1, path);
        auto encoding = readString(run, QStringLiteral("encoding"), path);
        auto base64 = readString(run, QStringLiteral("data"), path);
        for (const auto *field : {&name, &prefix, &source, &encoding, &base64}) {
            if (!*field)
                return fail(field->error());
        }
        for (const auto *field : {&truncateTo, &fullDimensions, &rows, &dimensions}) {
            if (!*field)
                return fail(field->error());
        }

        if (*encoding != u"float32-le-base64")
            return damaged(QStringLiteral("run \"%1\" uses the unknown encoding \"%2\"").arg(*name, *encoding));
        if (*rows != phraseCount)
            return damaged(QStringLiteral("run \"%1\" has %2 rows of vectors for %3 run phrases")
                               .arg(*name)
                               .arg(*rows)
                               .arg(phraseCount));
        auto vectors = decodeVectors(*base64, *rows, *dimensions);
        if (!vectors)
            return fail(vectors.error());

        result.spec.name = *name;
        result.spec.prefix = *prefix;
        result.spec.truncateTo = *truncateTo;
        result.fullDimensions = *fullDimensions;
        result.source = *source;
        result.vectors = std::move(*vectors);
        return result;
    }

    Expected<embedding::EmbeddingSet> decodeVectors(const QString &base64, int rows, int dimensions) const
    {
        const auto decoded = QByteArray::fromBase64Encoding(base64.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return damaged(QStringLiteral("its vector data is not valid base64"));

        // Divide instead of multiplying, so that damaged counts cannot overflow.
        const qint64 rowBytes = qint64(dimensions) * qint64(sizeof(float));
        const qint64 size = decoded.decoded.size();
        if (size % rowBytes != 0 || size / rowBytes != rows)
            return damaged(QStringLiteral("its vector data has %1 bytes, which is not %2 rows of %3 float32 values")
                               .arg(size)
                               .arg(rows)
                               .arg(dimensions));

        embedding::EmbeddingSet vectors(rows, dimensions);
        const auto *in = reinterpret_cast<const uchar *>(decoded.decoded.constData());
        float *out = vectors.data();
        for (qint64 i = 0; i < qint64(rows) * dimensions; ++i) {
            const quint32 bits = qFromLittleEndian<quint32>(in + i * 4);
            std::memcpy(out + i, &bits, sizeof bits);
            if (!std::isfinite(out[i]))
                return damaged(QStringLiteral("the vector of embedded phrase %1 contains NaN or infinity")
                                   .arg(i / dimensions + 1));
        }
        return vectors;
    }

    QString m_source;
};

} // namespace

Expected<WorkspaceData> parseWorkspace(const QByteArray &json, const QString &source)
{
    return WorkspaceParser(source).parse(json);
}

} // namespace embedscope::workspace
