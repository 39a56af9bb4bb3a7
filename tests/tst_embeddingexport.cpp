// Exporting embeddings as a Projector TSV pair, .npy and JSON Lines: every
// file is read back with the importers and compared bit for bit.
#include "text/embeddingimport.h"
#include "text/npyformat.h"
#include "workspace/embeddingexport.h"

#include <QFile>
#include <QLocale>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace embedscope;
using workspace::EmbeddingTable;

namespace {

// Random finite float32 values over the whole range, subnormals included,
// from random bit patterns. Negative zero is left out because the JSON
// reader turns it into 0 (see negativeZeroKeepsItsSign).
embedding::EmbeddingSet randomVectors(int rows, int dimensions, quint32 seed)
{
    QRandomGenerator random(seed);
    embedding::EmbeddingSet vectors(rows, dimensions);
    for (qsizetype i = 0; i < qsizetype(rows) * dimensions; ++i) {
        float value = std::numeric_limits<float>::quiet_NaN();
        while (!std::isfinite(value) || (value == 0.0f && std::signbit(value))) {
            const quint32 bits = random.generate();
            std::memcpy(&value, &bits, sizeof value);
        }
        vectors.data()[i] = value;
    }
    return vectors;
}

EmbeddingTable makeTable(int rows, int dimensions, bool withLabels)
{
    EmbeddingTable table;
    const QStringList samples = {QStringLiteral("\u00C4pfel, rot"), QStringLiteral("say \"hi\""),
                                 QStringLiteral("caf\u00E9 \u2615"), QStringLiteral("=SUM(A1)"),
                                 QStringLiteral("semi;colon"), QStringLiteral("0.5")};
    for (int i = 0; i < rows; ++i) {
        table.phrases.append(samples.at(i % samples.size()) + u' ' + QString::number(i));
        if (withLabels)
            table.labels.append(i % 2 == 0 ? QStringLiteral("even, as in 2") : QStringLiteral("odd"));
    }
    table.vectors = randomVectors(rows, dimensions, 20240611 + rows);
    return table;
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

} // namespace

class TestEmbeddingExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void negativeZeroKeepsItsSign();
    void doubleRoundingValueSurvivesJson();
    void numbersUseDecimalPointUnderGermanLocale();
    void projectorFlattensTabsAndLineBreaks();
    void npyHeaderIsAlignedAndFloat32();
    void rejectsInconsistentTable();
    void failedExportKeepsEarlierFile();
    void exportToMissingFolderNamesPath();

private:
    // Exports table in format and imports it again.
    Expected<text::ImportedEmbeddings> exportAndImport(const QString &format, const EmbeddingTable &table);

    QTemporaryDir m_dir;
};

void TestEmbeddingExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
}

Expected<text::ImportedEmbeddings> TestEmbeddingExport::exportAndImport(const QString &format,
                                                                        const EmbeddingTable &table)
{
    if (format == u"projector") {
        const QString vectors = m_dir.filePath(QStringLiteral("vectors.tsv"));
        const QString metadata = m_dir.filePath(QStringLiteral("metadata.tsv"));
        if (auto written = workspace::exportProjectorTsv(vectors, metadata, table); !written)
            return fail(written.error());
        return text::importProjectorTsv(vectors, metadata);
    }
    if (format == u"npy") {
        const QString vectors = m_dir.filePath(QStringLiteral("vectors.npy"));
        const QString phrases = m_dir.filePath(QStringLiteral("phrases.csv"));
        if (auto written = workspace::exportNpy(vectors, table.vectors); !written)
            return fail(written.error());
        if (auto written = workspace::exportPhraseCsv(phrases, table.phrases, table.labels); !written)
            return fail(written.error());
        text::EmbeddingImportOptions options;
        options.phraseFile.labelColumn = table.labels.isEmpty() ? text::ColumnChoice() : text::ColumnChoice::byName(QStringLiteral("label"));
        return text::importNpyEmbeddings(vectors, phrases, options);
    }
    const QString path = m_dir.filePath(QStringLiteral("vectors.jsonl"));
    if (auto written = workspace::exportEmbeddingJsonl(path, table); !written)
        return fail(written.error());
    return text::importEmbeddingJsonl(path);
}

void TestEmbeddingExport::roundTrip_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("withLabels");

    QTest::newRow("Projector pair") << QStringLiteral("projector") << false;
    QTest::newRow("Projector pair with labels") << QStringLiteral("projector") << true;
    QTest::newRow("npy with phrase CSV") << QStringLiteral("npy") << false;
    QTest::newRow("npy with labelled phrase CSV") << QStringLiteral("npy") << true;
    QTest::newRow("JSON Lines") << QStringLiteral("jsonl") << false;
    QTest::newRow("JSON Lines with labels") << QStringLiteral("jsonl") << true;
}

void TestEmbeddingExport::roundTrip()
{
    QFETCH(QString, format);
    QFETCH(bool, withLabels);
    const EmbeddingTable table = makeTable(40, 384, withLabels);

    const auto imported = exportAndImport(format, table);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, table.phrases);
    QCOMPARE(imported->labels, table.labels);
    QCOMPARE(imported->vectors.rows(), table.vectors.rows());
    QCOMPARE(imported->vectors.dimensions(), table.vectors.dimensions());
    QCOMPARE(firstBitDifference(imported->vectors, table.vectors), -1);
}

void TestEmbeddingExport::negativeZeroKeepsItsSign()
{
    EmbeddingTable table;
    table.phrases = {QStringLiteral("zero")};
    table.vectors = embedding::EmbeddingSet(1, 2);
    table.vectors.row(0)[0] = -0.0f;
    table.vectors.row(0)[1] = 1.0f;

    const auto projector = exportAndImport(QStringLiteral("projector"), table);
    const auto npy = exportAndImport(QStringLiteral("npy"), table);
    const auto jsonl = exportAndImport(QStringLiteral("jsonl"), table);

    QVERIFY(projector.has_value());
    QVERIFY(std::signbit(projector->vectors.row(0)[0]));
    QVERIFY(npy.has_value());
    QVERIFY(std::signbit(npy->vectors.row(0)[0]));
    // Qt 6.4's JSON parser reads -0 as 0; equal as a number, not in its bits.
    QVERIFY(jsonl.has_value());
    QCOMPARE(jsonl->vectors.row(0)[0], 0.0f);
}

void TestEmbeddingExport::doubleRoundingValueSurvivesJson()
{
    // 7.038531e-26 is the shortest float32 text of these bits, but as a
    // double it rounds to the neighbouring float32.
    const quint32 bits[2] = {0x15ae43fd, 0x95ae43fd};
    EmbeddingTable table;
    table.phrases = {QStringLiteral("tiny")};
    table.vectors = embedding::EmbeddingSet(1, 2);
    std::memcpy(table.vectors.data(), bits, sizeof bits);

    const auto imported = exportAndImport(QStringLiteral("jsonl"), table);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(firstBitDifference(imported->vectors, table.vectors), -1);
}

void TestEmbeddingExport::numbersUseDecimalPointUnderGermanLocale()
{
    embedding::EmbeddingSet vectors(1, 3);
    vectors.row(0)[0] = 0.5f;
    vectors.row(0)[1] = -1234.25f;
    vectors.row(0)[2] = 1e-7f;
    EmbeddingTable table{{QStringLiteral("apple")}, {}, vectors};

    const QByteArray tsv = workspace::projectorVectorsTsv(vectors);
    const QByteArray jsonl = workspace::embeddingJsonl(table);

    QCOMPARE(tsv, QByteArray("0.5\t-1234.25\t1e-07\n"));
    QVERIFY2(jsonl.contains("[0.5,-1234.25,1e-07]"), jsonl.constData());
}

void TestEmbeddingExport::projectorFlattensTabsAndLineBreaks()
{
    const QByteArray metadata = workspace::projectorMetadataTsv({QStringLiteral("a\tb"), QStringLiteral("line\r\nbreak")},
                                                                {QStringLiteral("x\ty"), QStringLiteral("z")});

    QCOMPARE(metadata, QByteArray("text\tlabel\na b\tx y\nline  break\tz\n"));
}

void TestEmbeddingExport::npyHeaderIsAlignedAndFloat32()
{
    const embedding::EmbeddingSet vectors = randomVectors(3, 5, 7);

    const QByteArray bytes = text::serializeNpy(vectors);

    QVERIFY(bytes.startsWith("\x93NUMPY\x01\x00"));
    const qsizetype headerLength = quint8(bytes[8]) | (quint8(bytes[9]) << 8);
    QCOMPARE((10 + headerLength) % 64, 0);
    QCOMPARE(bytes.at(10 + headerLength - 1), '\n');
    QVERIFY(bytes.mid(10, headerLength).contains("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 5), }"));
    QCOMPARE(bytes.size(), 10 + headerLength + 3 * 5 * 4);
}

void TestEmbeddingExport::rejectsInconsistentTable()
{
    EmbeddingTable fewerPhrases = makeTable(3, 4, false);
    fewerPhrases.phrases.removeLast();
    EmbeddingTable withNaN = makeTable(3, 4, false);
    withNaN.vectors.row(1)[2] = std::numeric_limits<float>::quiet_NaN();

    const auto mismatch = workspace::exportEmbeddingJsonl(m_dir.filePath(QStringLiteral("mismatch.jsonl")), fewerPhrases);
    const auto nan = workspace::exportNpy(m_dir.filePath(QStringLiteral("nan.npy")), withNaN.vectors);

    QVERIFY(!mismatch.has_value());
    QVERIFY2(mismatch.error().contains(QStringLiteral("2 phrases with 3 vectors")), qPrintable(mismatch.error()));
    QVERIFY(!nan.has_value());
    QVERIFY2(nan.error().contains(QStringLiteral("phrase 2")), qPrintable(nan.error()));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("nan.npy"))));
}

void TestEmbeddingExport::failedExportKeepsEarlierFile()
{
    const QString path = m_dir.filePath(QStringLiteral("kept.jsonl"));
    QVERIFY(workspace::exportEmbeddingJsonl(path, makeTable(2, 3, false)).has_value());
    const QByteArray earlier = readAll(path);
    EmbeddingTable broken = makeTable(2, 3, false);
    broken.vectors.row(0)[0] = std::numeric_limits<float>::infinity();

    const auto written = workspace::exportEmbeddingJsonl(path, broken);

    QVERIFY(!written.has_value());
    QCOMPARE(readAll(path), earlier);
}

void TestEmbeddingExport::exportToMissingFolderNamesPath()
{
    const QString path = m_dir.filePath(QStringLiteral("no-such-folder/vectors.npy"));

    const auto written = workspace::exportNpy(path, randomVectors(1, 2, 3));

    QVERIFY(!written.has_value());
    QVERIFY2(written.error().contains(path), qPrintable(written.error()));
}

QTEST_GUILESS_MAIN(TestEmbeddingExport)
#include "tst_embeddingexport.moc"
