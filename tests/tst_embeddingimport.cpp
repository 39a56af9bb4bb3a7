// Importing precomputed embeddings: Projector TSV pairs, CSV, JSON Lines and
// NumPy .npy files written by NumPy itself, and the errors for bad cells,
// wrong dimensions and mismatched row counts.
#include "text/embeddingimport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace embedscope;
using text::ColumnChoice;
using text::EmbeddingImportOptions;

namespace {

struct EmbeddingErrorCase
{
    QString fileName;
    QByteArray bytes;
    QString companionName; // written from companionBytes when not empty
    QByteArray companionBytes;
    QStringList messageParts; // each must appear in the error message
};

QString fixturePath(const QString &name)
{
    return QStringLiteral(EMBEDSCOPE_TEST_DATA "/import/") + name;
}

// The float32 values NumPy wrote, from expected.json.
embedding::EmbeddingSet expectedFixtureVectors()
{
    QFile file(fixturePath(QStringLiteral("expected.json")));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read expected.json");
    const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("float32_bits")).toArray();

    embedding::EmbeddingSet vectors(int(rows.size()), int(rows.first().toArray().size()));
    for (int row = 0; row < vectors.rows(); ++row) {
        const QJsonArray values = rows.at(row).toArray();
        for (int column = 0; column < vectors.dimensions(); ++column) {
            const quint32 bits = quint32(values.at(column).toInteger());
            std::memcpy(&vectors.row(row)[column], &bits, sizeof bits);
        }
    }
    return vectors;
}

// Position of the first value whose bits differ, or -1.
qsizetype firstBitDifference(const embedding::EmbeddingSet &a, const embedding::EmbeddingSet &b)
{
    const qsizetype count = qsizetype(a.rows()) * a.dimensions();
    for (qsizetype i = 0; i < count; ++i) {
        if (std::memcmp(a.data() + i, b.data() + i, sizeof(float)) != 0)
            return i;
    }
    return -1;
}

QStringList fixturePhrases()
{
    return {QStringLiteral("apple pie"), QStringLiteral("steel girder"), QStringLiteral("caf\u00E9 au lait")};
}

} // namespace

Q_DECLARE_METATYPE(EmbeddingErrorCase)

class TestEmbeddingImport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void readsNumpyFile_data();
    void readsNumpyFile();
    void rejectsNumpyFile_data();
    void rejectsNumpyFile();
    void rejectsTruncatedNumpyFile();
    void readsProjectorPair_data();
    void readsProjectorPair();
    void projectorMetadataMayComeFirst();
    void findsProjectorMetadataBeside_data();
    void findsProjectorMetadataBeside();
    void vectorsAloneFindTheirMetadata();
    void vectorsWithoutMetadataAreRejected();
    void readsEmbeddingCsv_data();
    void readsEmbeddingCsv();
    void readsEmbeddingJsonl_data();
    void readsEmbeddingJsonl();
    void rejectsBadEmbeddingFile_data();
    void rejectsBadEmbeddingFile();

private:
    QString writeFixture(const QString &name, const QByteArray &bytes);

    QTemporaryDir m_dir;
};

void TestEmbeddingImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestEmbeddingImport::writeFixture(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write fixture %s", qPrintable(path));
    return path;
}

void TestEmbeddingImport::readsNumpyFile_data()
{
    QTest::addColumn<QString>("fileName");

    QTest::newRow("float32 in format version 1") << QStringLiteral("vectors-float32.npy");
    QTest::newRow("float32 in format version 2") << QStringLiteral("vectors-float32-v2.npy");
    QTest::newRow("float32 in format version 3") << QStringLiteral("vectors-float32-v3.npy");
    QTest::newRow("float64 rounded to float32") << QStringLiteral("vectors-float64.npy");
}

void TestEmbeddingImport::readsNumpyFile()
{
    QFETCH(QString, fileName);

    const auto imported = text::importNpyEmbeddings(fixturePath(fileName), fixturePath(QStringLiteral("phrases.txt")));

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, fixturePhrases());
    QCOMPARE(imported->vectors.rows(), 3);
    QCOMPARE(imported->vectors.dimensions(), 4);
    QCOMPARE(firstBitDifference(imported->vectors, expectedFixtureVectors()), -1);
}

void TestEmbeddingImport::rejectsNumpyFile_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QStringList>("messageParts");

    QTest::newRow("Fortran order") << QStringLiteral("vectors-fortran.npy")
                                   << QStringList{QStringLiteral("vectors-fortran.npy"), QStringLiteral("ascontiguousarray")};
    QTest::newRow("big-endian floats") << QStringLiteral("vectors-bigendian.npy")
                                       << QStringList{QStringLiteral("big-endian"), QStringLiteral(">f4")};
    QTest::newRow("integer dtype") << QStringLiteral("vectors-int64.npy")
                                   << QStringList{QStringLiteral("'<i8'"), QStringLiteral("astype")};
    QTest::newRow("one-dimensional array") << QStringLiteral("vectors-1d.npy")
                                           << QStringList{QStringLiteral("1-D array"), QStringLiteral("reshape(1, -1)")};
    QTest::newRow("NaN value") << QStringLiteral("vectors-nan.npy")
                               << QStringList{QStringLiteral("row 2, column 3"), QStringLiteral("array[1, 2]"), QStringLiteral("nan")};
    QTest::newRow("phrase file as the vectors") << QStringLiteral("phrases.txt")
                                                << QStringList{QStringLiteral("not a NumPy .npy file")};
}

void TestEmbeddingImport::rejectsNumpyFile()
{
    QFETCH(QString, fileName);
    QFETCH(QStringList, messageParts);

    const auto imported = text::importNpyEmbeddings(fixturePath(fileName), fixturePath(QStringLiteral("phrases.txt")));

    QVERIFY(!imported.has_value());
    for (const QString &part : messageParts)
        QVERIFY2(imported.error().contains(part), qPrintable(imported.error()));
}

void TestEmbeddingImport::rejectsTruncatedNumpyFile()
{
    QFile original(fixturePath(QStringLiteral("vectors-float32.npy")));
    QVERIFY(original.open(QIODevice::ReadOnly));
    const QString truncated = writeFixture(QStringLiteral("truncated.npy"), original.readAll().chopped(5));
    const QString twoPhrases = writeFixture(QStringLiteral("two.txt"), QByteArray("apple pie\nsteel girder\n"));

    const auto cut = text::importNpyEmbeddings(truncated, fixturePath(QStringLiteral("phrases.txt")));
    const auto mismatched = text::importNpyEmbeddings(fixturePath(QStringLiteral("vectors-float32.npy")), twoPhrases);

    QVERIFY(!cut.has_value());
    QVERIFY2(cut.error().contains(QStringLiteral("truncated")), qPrintable(cut.error()));
    QVERIFY(!mismatched.has_value());
    QVERIFY2(mismatched.error().contains(QStringLiteral("vectors-float32.npy has 3 rows, but two.txt has 2 phrases")),
             qPrintable(mismatched.error()));
}

void TestEmbeddingImport::readsProjectorPair_data()
{
    QTest::addColumn<QByteArray>("metadata");
    QTest::addColumn<QStringList>("labels");

    const QByteArray phrases = QStringLiteral("apple pie\nsteel girder\ncaf\u00E9 au lait\n").toUtf8();
    QTest::newRow("one column without header") << phrases << QStringList();
    QTest::newRow("one column with header") << QByteArray("phrase\n") + phrases << QStringList();
    QTest::newRow("two columns with header")
        << QStringLiteral("label\ttext\nfood\tapple pie\nmetal\tsteel girder\ndrink\tcaf\u00E9 au lait").toUtf8()
        << QStringList{QStringLiteral("food"), QStringLiteral("metal"), QStringLiteral("drink")};
}

void TestEmbeddingImport::readsProjectorPair()
{
    QFETCH(QByteArray, metadata);
    QFETCH(QStringList, labels);
    const QString vectors = writeFixture(QStringLiteral("vectors.tsv"),
                                         QByteArray("0.1\t-0.25\t1e-3\n1\t0\t-0\r\n0.8734\t-0.05\t2.5e+10\n"));
    const QString metadataPath = writeFixture(QStringLiteral("metadata.tsv"), metadata);

    const auto imported = text::importProjectorTsv(vectors, metadataPath);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, fixturePhrases());
    QCOMPARE(imported->labels, labels);
    QCOMPARE(imported->vectors.dimensions(), 3);
    QCOMPARE(imported->vectors.row(0)[0], 0.1f);
    QCOMPARE(imported->vectors.row(2)[2], 2.5e10f);
}

void TestEmbeddingImport::projectorMetadataMayComeFirst()
{
    const QString vectors = writeFixture(QStringLiteral("first-vectors.tsv"), QByteArray("0.5\t1\n2\t3\n"));
    const QString metadata = writeFixture(QStringLiteral("first-metadata.tsv"), QByteArray("apple\npear\n"));

    const auto imported = text::importEmbeddingFile(metadata, vectors);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, (QStringList{QStringLiteral("apple"), QStringLiteral("pear")}));
    QCOMPARE(imported->vectors.row(1)[1], 3.0f);
}

void TestEmbeddingImport::findsProjectorMetadataBeside_data()
{
    QTest::addColumn<QString>("vectorsName");
    QTest::addColumn<QString>("metadataName");

    QTest::newRow("Projector names") << u"vectors.tsv"_qs << u"metadata.tsv"_qs;
    QTest::newRow("prefixed names") << u"words_vectors.tsv"_qs << u"words_metadata.tsv"_qs;
    QTest::newRow("tensors") << u"model-tensors.tsv"_qs << u"model-metadata.tsv"_qs;
    QTest::newRow("suffix on the stem") << u"emb.tsv"_qs << u"emb_metadata.tsv"_qs;
    QTest::newRow("plain metadata beside") << u"output.tsv"_qs << u"metadata.tsv"_qs;
}

void TestEmbeddingImport::findsProjectorMetadataBeside()
{
    QFETCH(QString, vectorsName);
    QFETCH(QString, metadataName);
    QTemporaryDir dir;
    const QString vectors = dir.filePath(vectorsName);
    const QString metadata = dir.filePath(metadataName);
    for (const QString &path : {vectors, metadata}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(path == vectors ? "0.5\t1\n" : "apple\n");
    }

    QVERIFY(text::isProjectorVectorsFile(vectors));
    QVERIFY(!text::isProjectorVectorsFile(metadata));
    QFile marked(dir.filePath(u"marked.tsv"_qs));
    QVERIFY(marked.open(QIODevice::WriteOnly));
    marked.write("\xEF\xBB\xBF" "0.5\t1\n");
    marked.close();
    QVERIFY(text::isProjectorVectorsFile(marked.fileName()));
    QCOMPARE(text::findProjectorMetadata(vectors), metadata);
}

void TestEmbeddingImport::vectorsAloneFindTheirMetadata()
{
    QTemporaryDir dir;
    const QString vectors = dir.filePath(u"pair_vectors.tsv"_qs);
    QFile vectorsFile(vectors);
    QVERIFY(vectorsFile.open(QIODevice::WriteOnly));
    vectorsFile.write("0.5\t1\n2\t3\n");
    vectorsFile.close();
    QFile metadataFile(dir.filePath(u"pair_metadata.tsv"_qs));
    QVERIFY(metadataFile.open(QIODevice::WriteOnly));
    metadataFile.write("apple\npear\n");
    metadataFile.close();

    const auto imported = text::importEmbeddingFile(vectors);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, (QStringList{u"apple"_qs, u"pear"_qs}));
    QCOMPARE(imported->vectors.row(1)[0], 2.0f);
}

void TestEmbeddingImport::vectorsWithoutMetadataAreRejected()
{
    QTemporaryDir dir;
    const QString vectors = dir.filePath(u"lonely.tsv"_qs);
    QFile file(vectors);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("0.5\t1\n2\t3\n");
    file.close();

    QCOMPARE(text::findProjectorMetadata(vectors), QString());
    const auto imported = text::importEmbeddingFile(vectors);
    QVERIFY(!imported.has_value());
    QVERIFY2(imported.error().contains(u"lonely.tsv"_qs), qPrintable(imported.error()));
    QVERIFY2(imported.error().contains(u"metadata"_qs), qPrintable(imported.error()));
}

void TestEmbeddingImport::readsEmbeddingCsv_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("labels");

    QTest::newRow("header with text and dimension columns")
        << QStringLiteral("header.csv") << QByteArray("text,d0,d1\napple,0.5,-1\npear,2,1e-3\n") << QStringList();
    QTest::newRow("no header and text in the first column")
        << QStringLiteral("bare.csv") << QByteArray("apple,0.5,-1\npear,2,1e-3\n") << QStringList();
    QTest::newRow("text in the last column without header")
        << QStringLiteral("last.csv") << QByteArray("0.5,-1,apple\n2,1e-3,pear\n") << QStringList();
    QTest::newRow("label column by header name")
        << QStringLiteral("labelled.csv") << QByteArray("\xEF\xBB\xBFlabel,text,x,y\r\nfruit,apple,0.5,-1\r\nfruit,pear,2,1e-3\r\n")
        << QStringList{QStringLiteral("fruit"), QStringLiteral("fruit")};
    QTest::newRow("German Excel with semicolons and decimal commas")
        << QStringLiteral("excel-de.csv") << QByteArray("Text;x;y\r\napple;0,5;-1\r\npear;2;0,001\r\n") << QStringList();
    QTest::newRow("pandas list column")
        << QStringLiteral("pandas.csv") << QByteArray(",text,embedding\n0,apple,\"[0.5, -1.0]\"\n1,pear,\"[2.0, 0.001]\"\n")
        << QStringList();
    QTest::newRow("tab-separated with a .tsv name")
        << QStringLiteral("vectors-table.tsv") << QByteArray("text\tx\ty\napple\t0.5\t-1\npear\t2\t0.001\n") << QStringList();
}

void TestEmbeddingImport::readsEmbeddingCsv()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, labels);
    EmbeddingImportOptions options;
    if (fileName == u"pandas.csv")
        options.labelColumn = ColumnChoice::byIndex(0); // the pandas index column is not a dimension

    const auto imported = text::importEmbeddingCsv(writeFixture(fileName, bytes), options);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, (QStringList{QStringLiteral("apple"), QStringLiteral("pear")}));
    if (fileName != u"pandas.csv")
        QCOMPARE(imported->labels, labels);
    QCOMPARE(imported->vectors.dimensions(), 2);
    QCOMPARE(imported->vectors.row(0)[0], 0.5f);
    QCOMPARE(imported->vectors.row(0)[1], -1.0f);
    QCOMPARE(imported->vectors.row(1)[1], 0.001f);
}

void TestEmbeddingImport::readsEmbeddingJsonl_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QStringList>("labels");

    QTest::newRow("embedding field")
        << QByteArray("{\"text\": \"apple\", \"embedding\": [0.5, -1]}\n{\"text\": \"pear\", \"embedding\": [2, 0.001]}\n")
        << QStringList();
    QTest::newRow("vector field with labels")
        << QByteArray("{\"sentence\": \"apple\", \"vector\": [0.5, -1], \"label\": 1}\n\n"
                      "{\"sentence\": \"pear\", \"vector\": [2, 1e-3], \"label\": \"b\"}")
        << QStringList{QStringLiteral("1"), QStringLiteral("b")};
}

void TestEmbeddingImport::readsEmbeddingJsonl()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QStringList, labels);

    const auto imported = text::importEmbeddingJsonl(writeFixture(QStringLiteral("records.jsonl"), bytes));

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, (QStringList{QStringLiteral("apple"), QStringLiteral("pear")}));
    QCOMPARE(imported->labels, labels);
    QCOMPARE(imported->vectors.dimensions(), 2);
    QCOMPARE(imported->vectors.row(0)[1], -1.0f);
    QCOMPARE(imported->vectors.row(1)[1], 0.001f);
}

void TestEmbeddingImport::rejectsBadEmbeddingFile_data()
{
    QTest::addColumn<EmbeddingErrorCase>("testCase");
    const QString metadata = QStringLiteral("meta.tsv");

    QTest::newRow("Projector row with a missing dimension")
        << EmbeddingErrorCase{QStringLiteral("short.tsv"), QByteArray("1\t2\t3\n4\t5\n"), metadata, QByteArray("a\nb\n"),
                              {QStringLiteral("short.tsv, line 2"), QStringLiteral("2 values"), QStringLiteral("line 1 has 3")}};
    QTest::newRow("Projector cell that is not a number")
        << EmbeddingErrorCase{QStringLiteral("word.tsv"), QByteArray("1\t2\t3\n4\t5\tabc\n"), metadata, QByteArray("a\nb\n"),
                              {QStringLiteral("word.tsv, line 2, column 3"), QStringLiteral("\"abc\" is not a number")}};
    QTest::newRow("Projector NaN value")
        << EmbeddingErrorCase{QStringLiteral("nan.tsv"), QByteArray("1\tNaN\n"), metadata, QByteArray("a\n"),
                              {QStringLiteral("nan.tsv, line 1, column 2"), QStringLiteral("not a finite number")}};
    QTest::newRow("Projector metadata with a line too many")
        << EmbeddingErrorCase{QStringLiteral("two.tsv"), QByteArray("1\t2\n3\t4\n"), metadata, QByteArray("text\tlabel\na\tl\nb\tl\nc\tl\n"),
                              {QStringLiteral("meta.tsv has 4 lines, but two.tsv has 2 vectors")}};
    QTest::newRow("CSV cell that is not a number")
        << EmbeddingErrorCase{QStringLiteral("word.csv"), QByteArray("text,x,y\napple,1,2\npear,3,n/a\n"), {}, {},
                              {QStringLiteral("word.csv, line 3, column 3 (\"y\")"), QStringLiteral("\"n/a\" is not a number")}};
    QTest::newRow("CSV with an extra text column")
        << EmbeddingErrorCase{QStringLiteral("extra.csv"), QByteArray("text,kind,x\napple,fruit,1\n"), {}, {},
                              {QStringLiteral("extra.csv, line 2, column 2 (\"kind\")"), QStringLiteral("label column")}};
    QTest::newRow("CSV row with a missing cell")
        << EmbeddingErrorCase{QStringLiteral("ragged.csv"), QByteArray("text,x,y\napple,1,2\npear,3\n"), {}, {},
                              {QStringLiteral("ragged.csv, line 3"), QStringLiteral("2 cells"), QStringLiteral("has 3")}};
    QTest::newRow("CSV infinity")
        << EmbeddingErrorCase{QStringLiteral("inf.csv"), QByteArray("apple,1,inf\n"), {}, {},
                              {QStringLiteral("inf.csv, line 1, column 3"), QStringLiteral("not a finite number")}};
    QTest::newRow("CSV value beyond float32")
        << EmbeddingErrorCase{QStringLiteral("big.csv"), QByteArray("apple,1,1e39\n"), {}, {},
                              {QStringLiteral("big.csv, line 1, column 3"), QStringLiteral("outside the float32 range")}};
    QTest::newRow("empty CSV")
        << EmbeddingErrorCase{QStringLiteral("empty.csv"), QByteArray(), {}, {}, {QStringLiteral("empty.csv is empty")}};
    QTest::newRow("binary file named CSV")
        << EmbeddingErrorCase{QStringLiteral("image.csv"), QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), {}, {},
                              {QStringLiteral("image.csv"), QStringLiteral("binary")}};
    QTest::newRow("JSON Lines with a shorter vector")
        << EmbeddingErrorCase{QStringLiteral("short.jsonl"),
                              QByteArray("{\"text\": \"a\", \"embedding\": [1, 2]}\n{\"text\": \"b\", \"embedding\": [1]}\n"), {}, {},
                              {QStringLiteral("short.jsonl, line 2"), QStringLiteral("has 1 value,"), QStringLiteral("line 1 has 2")}};
    QTest::newRow("JSON Lines vector element that is a string")
        << EmbeddingErrorCase{QStringLiteral("string.jsonl"), QByteArray("{\"text\": \"a\", \"embedding\": [1, \"2\"]}\n"), {}, {},
                              {QStringLiteral("string.jsonl, line 1, field \"embedding\", element 2")}};
    QTest::newRow("JSON Lines without a vector field")
        << EmbeddingErrorCase{QStringLiteral("novector.jsonl"), QByteArray("{\"text\": \"a\", \"emb\": [1]}\n"), {}, {},
                              {QStringLiteral("novector.jsonl, line 1"), QStringLiteral("\"emb\"")}};
    QTest::newRow("npy without a phrase file")
        << EmbeddingErrorCase{QStringLiteral("alone.npy"), QByteArray("\x93NUMPY"), {}, {},
                              {QStringLiteral("choose the phrase file")}};
}

void TestEmbeddingImport::rejectsBadEmbeddingFile()
{
    QFETCH(EmbeddingErrorCase, testCase);
    const QString path = writeFixture(testCase.fileName, testCase.bytes);
    const QString companion = testCase.companionName.isEmpty() ? QString()
                                                                : writeFixture(testCase.companionName, testCase.companionBytes);

    const auto imported = text::importEmbeddingFile(path, companion);

    QVERIFY(!imported.has_value());
    for (const QString &part : testCase.messageParts)
        QVERIFY2(imported.error().contains(part), qPrintable(imported.error()));
}

QTEST_GUILESS_MAIN(TestEmbeddingImport)
#include "tst_embeddingimport.moc"
