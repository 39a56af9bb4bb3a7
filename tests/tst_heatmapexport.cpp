// PNG export: pixel size, atomic replacement and errors that name the path.
#include "render/heatmapexport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>

using namespace embedscope;
using namespace embedscope::render;

class TestHeatmapExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exportWritesScaledPng_data();
    void exportWritesScaledPng();
    void exportReplacesExistingFile();
    void missingFolderNamesPath();
    void invalidScaleRejected();
    void emptyHeatmapRejected();
};

static HeatmapData threePhrases()
{
    math::SimilarityMatrix matrix(3, math::Metric::Cosine);
    const float values[3][3] = {{1.0f, 0.42f, 0.17f}, {0.42f, 1.0f, 0.63f}, {0.17f, 0.63f, 1.0f}};
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column)
            matrix.set(row, column, values[row][column]);
    }
    return HeatmapData{{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")}, matrix,
                       QStringLiteral("Pets")};
}

void TestHeatmapExport::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestHeatmapExport::exportWritesScaledPng_data()
{
    QTest::addColumn<double>("scale");

    QTest::newRow("scale 1") << 1.0;
    QTest::newRow("default scale 2") << 2.0;
    QTest::newRow("scale 3") << 3.0;
}

void TestHeatmapExport::exportWritesScaledPng()
{
    QFETCH(double, scale);
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString path = folder.filePath(QStringLiteral("heatmap.png"));

    const HeatmapData data = threePhrases();
    const Expected<bool> result = exportHeatmapPng(data, {}, path, scale);
    QVERIFY2(result.has_value(), qPrintable(result.has_value() ? QString() : result.error()));

    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage image = reader.read();
    const QSizeF logical = preferredHeatmapSize(data, {});
    QCOMPARE(image.size(), QSize(qRound(logical.width() * scale), qRound(logical.height() * scale)));
    QCOMPARE(image.dotsPerMeterX(), qRound(96.0 * scale / 0.0254));
    QCOMPARE(image.text(QStringLiteral("Title")), QStringLiteral("Pets"));
}

void TestHeatmapExport::exportReplacesExistingFile()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("heatmap.png"));
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("not a png");
    old.close();

    QVERIFY(exportHeatmapPng(threePhrases(), {}, path).has_value());
    QVERIFY(!QImage(path).isNull());
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files), QStringList{QStringLiteral("heatmap.png")});
}

void TestHeatmapExport::missingFolderNamesPath()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("no-such-folder/heatmap.png"));

    const Expected<bool> result = exportHeatmapPng(threePhrases(), {}, path);
    QVERIFY(!result.has_value());
    QVERIFY2(result.error().contains(QDir::toNativeSeparators(path)), qPrintable(result.error()));
    QVERIFY(!QFile::exists(path));
}

void TestHeatmapExport::invalidScaleRejected()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("heatmap.png"));

    for (double scale : {0.0, -1.0, 100.0, std::nan("")}) {
        const Expected<bool> result = exportHeatmapPng(threePhrases(), {}, path, scale);
        QVERIFY(!result.has_value());
        QVERIFY2(result.error().contains(QStringLiteral("scale")), qPrintable(result.error()));
    }
    QVERIFY(!QFile::exists(path));
}

void TestHeatmapExport::emptyHeatmapRejected()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("heatmap.png"));

    const Expected<bool> result = exportHeatmapPng(HeatmapData{}, {}, path);
    QVERIFY(!result.has_value());
    QVERIFY(!QFile::exists(path));
}

QTEST_MAIN(TestHeatmapExport)

#include "tst_heatmapexport.moc"
