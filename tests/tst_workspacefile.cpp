// Workspace files (.embedscope): saving and reopening exactly, and rejecting
// newer, truncated or damaged files without loading part of them.
#include "workspace/jsonstreamwriter.h"
#include "workspace/workspacefile.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

using namespace embedscope;
using workspace::WorkspaceData;

namespace {

// Random finite float32 values over the whole range, from bit patterns.
embedding::EmbeddingSet randomVectors(int rows, int dimensions, quint32 seed)
{
    QRandomGenerator random(seed);
    embedding::EmbeddingSet vectors(rows, dimensions);
    for (qsizetype i = 0; i < qsizetype(rows) * dimensions; ++i) {
        float value = std::numeric_limits<float>::quiet_NaN();
        while (!std::isfinite(value)) {
            const quint32 bits = random.generate();
            std::memcpy(&value, &bits, sizeof value);
        }
        vectors.data()[i] = value;
    }
    return vectors;
}

WorkspaceData makeWorkspace(int phrases, int dimensions)
{
    WorkspaceData data;
    for (int i = 0; i < phrases; ++i) {
        data.phrases.append(QStringLiteral("phrase %1: \u00C4pfel, \"caf\u00E9\"\nzweite Zeile").arg(i));
        data.labels.append(i % 3 == 0 ? QString() : QStringLiteral("group %1").arg(i % 3));
    }
    data.provider = embedding::presetFor(embedding::ProviderKind::OpenAI);
    data.provider.dimensions = dimensions;
    data.provider.timeoutSeconds = 90;
    data.metric = math::Metric::Dot;
    data.viewSettings = QJsonObject{{QStringLiteral("colormap"), QStringLiteral("viridis")},
                                    {QStringLiteral("zoom"), 1.5},
                                    {QStringLiteral("sort"), QJsonObject{{QStringLiteral("column"), 2}}}};
    data.embeddedPhrases = data.phrases;
    data.embeddedPhrases.last() = QStringLiteral("edited since the last run");
    data.vectors = randomVectors(phrases, dimensions, 384);
    data.embeddingSource = QStringLiteral("OpenAI text-embedding-3-small");

    // Two comparison runs: a custom endpoint with a prefix, and a truncation.
    data.runPhrases = data.phrases.mid(0, phrases - 1);
    workspace::EmbeddingRun custom;
    custom.spec.name = QStringLiteral("local e5");
    custom.spec.provider = embedding::presetFor(embedding::ProviderKind::Custom);
    custom.spec.provider.baseUrl = QStringLiteral("http://127.0.0.1:8080/v1");
    custom.spec.provider.model = QStringLiteral("e5-small");
    custom.spec.prefix = QStringLiteral("query: ");
    custom.source = QStringLiteral("Custom · 127.0.0.1:8080 · e5-small");
    custom.vectors = randomVectors(phrases - 1, dimensions, 7);
    workspace::EmbeddingRun truncation = custom;
    truncation.spec.name.clear();
    truncation.spec.truncateTo = 2;
    truncation.fullDimensions = dimensions;
    truncation.vectors = randomVectors(phrases - 1, 2, 8);
    data.runs = {custom, truncation};
    return data;
}

void setRunField(QJsonObject &root, int run, const QString &field, const QJsonValue &value)
{
    QJsonObject comparison = root.value(QStringLiteral("comparison")).toObject();
    QJsonArray runs = comparison.value(QStringLiteral("runs")).toArray();
    QJsonObject changed = runs.at(run).toObject();
    changed.insert(field, value);
    runs.replace(run, changed);
    comparison.insert(QStringLiteral("runs"), runs);
    root.insert(QStringLiteral("comparison"), comparison);
}

qsizetype firstBitDifference(const embedding::EmbeddingSet &a, const embedding::EmbeddingSet &b)
{
    const qsizetype count = qsizetype(a.rows()) * a.dimensions();
    for (qsizetype i = 0; i < count; ++i) {
        if (std::memcmp(a.data() + i, b.data() + i, sizeof(float)) != 0)
            return i;
    }
    return -1;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A small valid workspace file with one change applied to its JSON.
QByteArray mutated(const std::function<void(QJsonObject &)> &change)
{
    QJsonObject root = QJsonDocument::fromJson(workspace::serializeWorkspace(makeWorkspace(3, 4))).object();
    change(root);
    return QJsonDocument(root).toJson();
}

void setEmbeddingField(QJsonObject &root, const QString &field, const QJsonValue &value)
{
    QJsonObject embeddings = root.value(QStringLiteral("embeddings")).toObject();
    embeddings.insert(field, value);
    root.insert(QStringLiteral("embeddings"), embeddings);
}

} // namespace

class TestWorkspaceFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void reopensExactlyAsSaved();
    void savedFileNamesFormatAndVersion();
    void streamedJsonMatchesQtIndented();
    void savedFileContainsNoKey();
    void workspaceWithoutVectorsReopens();
    void comparisonRunsReopen();
    void versionOneFileOpens();
    void rejectsDamagedFile_data();
    void rejectsDamagedFile();
    void rejectedSaveKeepsEarlierFile();
    void missingFileIsReported();

private:
    QTemporaryDir m_dir;
};

void TestWorkspaceFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestWorkspaceFile::reopensExactlyAsSaved()
{
    const WorkspaceData saved = makeWorkspace(1000, 384);
    const QString path = m_dir.filePath(QStringLiteral("large.embedscope"));

    const auto written = workspace::saveWorkspaceFile(path, saved);
    const auto loaded = workspace::loadWorkspaceFile(path);

    QVERIFY2(written.has_value(), qPrintable(written ? QString() : written.error()));
    QVERIFY2(loaded.has_value(), qPrintable(loaded ? QString() : loaded.error()));
    QCOMPARE(loaded->phrases, saved.phrases);
    QCOMPARE(loaded->labels, saved.labels);
    QCOMPARE(loaded->provider.kind, saved.provider.kind);
    QCOMPARE(loaded->provider.baseUrl, saved.provider.baseUrl);
    QCOMPARE(loaded->provider.model, saved.provider.model);
    QCOMPARE(loaded->provider.apiKeyVariable, saved.provider.apiKeyVariable);
    QCOMPARE(loaded->provider.dimensions, 384);
    QCOMPARE(loaded->provider.timeoutSeconds, 90);
    QCOMPARE(loaded->metric, math::Metric::Dot);
    QCOMPARE(loaded->viewSettings, saved.viewSettings);
    QCOMPARE(loaded->embeddedPhrases, saved.embeddedPhrases);
    QCOMPARE(loaded->embeddingSource, saved.embeddingSource);
    QCOMPARE(loaded->vectors.rows(), 1000);
    QCOMPARE(loaded->vectors.dimensions(), 384);
    QCOMPARE(firstBitDifference(loaded->vectors, saved.vectors), -1);
}

void TestWorkspaceFile::savedFileNamesFormatAndVersion()
{
    const QJsonObject root = QJsonDocument::fromJson(workspace::serializeWorkspace(makeWorkspace(2, 3))).object();

    QCOMPARE(root.value(QStringLiteral("format")).toString(), QStringLiteral("embedscope-workspace"));
    QCOMPARE(root.value(QStringLiteral("version")).toInteger(), 2);
    QCOMPARE(root.value(QStringLiteral("embeddings")).toObject().value(QStringLiteral("encoding")).toString(),
             QStringLiteral("float32-le-base64"));
}

// Members written in QJsonDocument's sorted key order must come out byte for
// byte as QJsonDocument::Indented writes the same object, nesting included.
void TestWorkspaceFile::streamedJsonMatchesQtIndented()
{
    const QJsonArray phrases{QStringLiteral("a \"quoted\"\nphrase"), QStringLiteral("\u00C4pfel")};
    const QJsonObject provider{{QStringLiteral("model"), QStringLiteral("m")}, {QStringLiteral("timeout"), 90}};
    const QJsonObject run{{QStringLiteral("data"), QStringLiteral("AAAA")}, {QStringLiteral("rows"), 1}};
    const QJsonObject expected{
        {QStringLiteral("comparison"), QJsonObject{{QStringLiteral("phrases"), phrases},
                                                   {QStringLiteral("runs"), QJsonArray{run, run}}}},
        {QStringLiteral("embeddings"), QJsonObject{{QStringLiteral("provider"), provider}}},
        {QStringLiteral("version"), 2},
    };

    QByteArray written;
    QBuffer buffer(&written);
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    workspace::JsonStreamWriter writer(&buffer);
    writer.beginDocument();
    writer.beginObject(u"comparison");
    writer.writeMember(u"phrases", phrases);
    writer.beginArray(u"runs");
    for (int i = 0; i < 2; ++i) {
        writer.beginObject();
        writer.beginString(u"data");
        writer.writeStringChunk("AA");
        writer.writeStringChunk("AA");
        writer.endString();
        writer.writeMember(u"rows", 1);
        writer.endObject();
    }
    writer.endArray();
    writer.endObject();
    writer.beginObject(u"embeddings");
    writer.writeMember(u"provider", provider);
    writer.endObject();
    writer.writeMember(u"version", 2);
    writer.endDocument();

    QCOMPARE(written, QJsonDocument(expected).toJson(QJsonDocument::Indented));
}

void TestWorkspaceFile::savedFileContainsNoKey()
{
    const QByteArray secret = "sk-embedscope-test-not-a-real-key";
    qputenv("OPENAI_API_KEY", secret);

    const QByteArray json = workspace::serializeWorkspace(makeWorkspace(2, 3));

    qunsetenv("OPENAI_API_KEY");
    QVERIFY(!json.contains(secret));
    QVERIFY(json.contains("\"apiKeyVariable\": \"OPENAI_API_KEY\""));
}

void TestWorkspaceFile::workspaceWithoutVectorsReopens()
{
    WorkspaceData saved = makeWorkspace(3, 4);
    saved.vectors = {};
    saved.embeddedPhrases.clear();
    saved.labels.clear();

    const QByteArray json = workspace::serializeWorkspace(saved);
    const auto loaded = workspace::parseWorkspace(json, QStringLiteral("plain.embedscope"));

    QVERIFY(!json.contains("\"embeddings\""));
    QVERIFY2(loaded.has_value(), qPrintable(loaded ? QString() : loaded.error()));
    QCOMPARE(loaded->phrases, saved.phrases);
    QVERIFY(loaded->labels.isEmpty());
    QVERIFY(loaded->vectors.isEmpty());
}

void TestWorkspaceFile::comparisonRunsReopen()
{
    const WorkspaceData saved = makeWorkspace(20, 8);
    const QString path = m_dir.filePath(QStringLiteral("runs.embedscope"));
    QVERIFY(workspace::saveWorkspaceFile(path, saved));

    const auto loaded = workspace::loadWorkspaceFile(path);
    QVERIFY2(loaded.has_value(), qPrintable(loaded ? QString() : loaded.error()));
    QCOMPARE(loaded->runPhrases, saved.runPhrases);
    QCOMPARE(loaded->runs.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const workspace::EmbeddingRun &run = loaded->runs.at(i);
        const workspace::EmbeddingRun &expected = saved.runs.at(i);
        QCOMPARE(run.spec.name, expected.spec.name);
        QCOMPARE(run.spec.provider.kind, expected.spec.provider.kind);
        QCOMPARE(run.spec.provider.baseUrl, expected.spec.provider.baseUrl);
        QCOMPARE(run.spec.provider.model, expected.spec.provider.model);
        QCOMPARE(run.spec.prefix, expected.spec.prefix);
        QCOMPARE(run.spec.truncateTo, expected.spec.truncateTo);
        QCOMPARE(run.fullDimensions, expected.fullDimensions);
        QCOMPARE(run.source, expected.source);
        QCOMPARE(run.vectors.rows(), expected.vectors.rows());
        QCOMPARE(run.vectors.dimensions(), expected.vectors.dimensions());
        QCOMPARE(firstBitDifference(run.vectors, expected.vectors), -1);
    }
}

// A file written before comparison runs existed has version 1 and no
// "comparison" object; it opens with no runs.
void TestWorkspaceFile::versionOneFileOpens()
{
    const QByteArray json = mutated([](QJsonObject &root) {
        root.insert(QStringLiteral("version"), 1);
        root.remove(QStringLiteral("comparison"));
    });

    const auto loaded = workspace::parseWorkspace(json, QStringLiteral("old.embedscope"));

    QVERIFY2(loaded.has_value(), qPrintable(loaded ? QString() : loaded.error()));
    QCOMPARE(loaded->phrases.size(), 3);
    QCOMPARE(loaded->vectors.rows(), 3);
    QVERIFY(loaded->runs.isEmpty());
    QVERIFY(loaded->runPhrases.isEmpty());
}

void TestWorkspaceFile::rejectsDamagedFile_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("messageParts");

    const QByteArray valid = workspace::serializeWorkspace(makeWorkspace(3, 4));
    QByteArray nanBits(3 * 4 * 4, '\0');
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(nanBits.data() + 20, &nan, sizeof nan);

    QTest::newRow("newer format version")
        << mutated([](QJsonObject &root) { root.insert(QStringLiteral("version"), 3); })
        << QStringList{QStringLiteral("newer Embedscope"), QStringLiteral("version 3"), QStringLiteral("up to 2")};
    QTest::newRow("truncated file") << valid.left(valid.size() / 2)
                                     << QStringList{QStringLiteral("is damaged"), QStringLiteral("truncated")};
    QTest::newRow("empty file") << QByteArray() << QStringList{QStringLiteral("is damaged")};
    QTest::newRow("JSON array instead of object") << QByteArray("[1, 2]") << QStringList{QStringLiteral("not a JSON object")};
    QTest::newRow("other format name")
        << mutated([](QJsonObject &root) { root.insert(QStringLiteral("format"), QStringLiteral("something-else")); })
        << QStringList{QStringLiteral("not an Embedscope workspace"), QStringLiteral("\"something-else\"")};
    QTest::newRow("missing format name")
        << mutated([](QJsonObject &root) { root.remove(QStringLiteral("format")); })
        << QStringList{QStringLiteral("no \"format\" field")};
    QTest::newRow("fractional version")
        << mutated([](QJsonObject &root) { root.insert(QStringLiteral("version"), 1.5); })
        << QStringList{QStringLiteral("\"version\""), QStringLiteral("whole number")};
    QTest::newRow("missing phrases")
        << mutated([](QJsonObject &root) { root.remove(QStringLiteral("phrases")); })
        << QStringList{QStringLiteral("\"phrases\""), QStringLiteral("missing")};
    QTest::newRow("phrase that is a number")
        << mutated([](QJsonObject &root) { root.insert(QStringLiteral("phrases"), QJsonArray{QStringLiteral("a"), 2, QStringLiteral("c")}); })
        << QStringList{QStringLiteral("\"phrases\""), QStringLiteral("array of strings")};
    QTest::newRow("fewer labels than phrases")
        << mutated([](QJsonObject &root) { root.insert(QStringLiteral("labels"), QJsonArray{QStringLiteral("a")}); })
        << QStringList{QStringLiteral("1 labels for 3 phrases")};
    QTest::newRow("missing provider")
        << mutated([](QJsonObject &root) { root.remove(QStringLiteral("provider")); })
        << QStringList{QStringLiteral("\"provider\"")};
    QTest::newRow("unknown provider kind")
        << mutated([](QJsonObject &root) {
               QJsonObject provider = root.value(QStringLiteral("provider")).toObject();
               provider.insert(QStringLiteral("kind"), QStringLiteral("telepathy"));
               root.insert(QStringLiteral("provider"), provider);
           })
        << QStringList{QStringLiteral("provider kind \"telepathy\"")};
    QTest::newRow("unknown metric")
        << mutated([](QJsonObject &root) { root.insert(QStringLiteral("metric"), QStringLiteral("manhattan")); })
        << QStringList{QStringLiteral("metric \"manhattan\"")};
    QTest::newRow("view settings that are not an object")
        << mutated([](QJsonObject &root) { root.insert(QStringLiteral("view"), QStringLiteral("zoomed")); })
        << QStringList{QStringLiteral("\"view\"")};
    QTest::newRow("bad base64")
        << mutated([](QJsonObject &root) { setEmbeddingField(root, QStringLiteral("data"), QStringLiteral("@@not base64@@")); })
        << QStringList{QStringLiteral("not valid base64")};
    QTest::newRow("vector data of the wrong size")
        << mutated([](QJsonObject &root) {
               setEmbeddingField(root, QStringLiteral("data"), QString::fromLatin1(QByteArray(44, '\0').toBase64()));
           })
        << QStringList{QStringLiteral("44 bytes"), QStringLiteral("3 rows of 4 float32 values")};
    QTest::newRow("row count that disagrees with the phrases")
        << mutated([](QJsonObject &root) { setEmbeddingField(root, QStringLiteral("rows"), 2); })
        << QStringList{QStringLiteral("2 rows of vectors for 3 embedded phrases")};
    QTest::newRow("missing dimensions")
        << mutated([](QJsonObject &root) {
               QJsonObject embeddings = root.value(QStringLiteral("embeddings")).toObject();
               embeddings.remove(QStringLiteral("dimensions"));
               root.insert(QStringLiteral("embeddings"), embeddings);
           })
        << QStringList{QStringLiteral("\"embeddings.dimensions\"")};
    QTest::newRow("run rows that disagree with the run phrases")
        << mutated([](QJsonObject &root) { setRunField(root, 1, QStringLiteral("rows"), 3); })
        << QStringList{QStringLiteral("3 rows of vectors for 2 run phrases")};
    QTest::newRow("run without a provider")
        << mutated([](QJsonObject &root) { setRunField(root, 0, QStringLiteral("provider"), 5); })
        << QStringList{QStringLiteral("\"comparison.runs[0].provider\"")};
    QTest::newRow("NaN in the vectors")
        << mutated([&nanBits](QJsonObject &root) {
               setEmbeddingField(root, QStringLiteral("data"), QString::fromLatin1(nanBits.toBase64()));
           })
        << QStringList{QStringLiteral("embedded phrase 2"), QStringLiteral("NaN")};
}

void TestWorkspaceFile::rejectsDamagedFile()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, messageParts);

    const auto loaded = workspace::parseWorkspace(json, QStringLiteral("work.embedscope"));

    QVERIFY(!loaded.has_value());
    QVERIFY2(loaded.error().contains(QStringLiteral("work.embedscope")), qPrintable(loaded.error()));
    for (const QString &part : messageParts)
        QVERIFY2(loaded.error().contains(part), qPrintable(loaded.error()));
}

void TestWorkspaceFile::rejectedSaveKeepsEarlierFile()
{
    const QString path = m_dir.filePath(QStringLiteral("kept.embedscope"));
    QVERIFY(workspace::saveWorkspaceFile(path, makeWorkspace(3, 4)).has_value());
    const QByteArray earlier = readAll(path);
    WorkspaceData inconsistent = makeWorkspace(3, 4);
    inconsistent.embeddedPhrases.removeLast();

    const auto written = workspace::saveWorkspaceFile(path, inconsistent);

    QVERIFY(!written.has_value());
    QVERIFY2(written.error().contains(QStringLiteral("3 vectors for 2 embedded phrases")), qPrintable(written.error()));
    QCOMPARE(readAll(path), earlier);
}

void TestWorkspaceFile::missingFileIsReported()
{
    const QString path = m_dir.filePath(QStringLiteral("absent.embedscope"));

    const auto loaded = workspace::loadWorkspaceFile(path);

    QVERIFY(!loaded.has_value());
    QVERIFY2(loaded.error().contains(path), qPrintable(loaded.error()));
}

QTEST_GUILESS_MAIN(TestWorkspaceFile)
#include "tst_workspacefile.moc"
