// PNG, SVG, CSV and tab-separated export: pixel size, atomic replacement,
// files read back, the current order and errors that name the path.
#include "render/heatmapexport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QLocale>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>

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
    void exportWritesSvgWithLabels();
    void extensionChoosesFormat();
    void csvFollowsCurrentOrder();
    void tabSeparatedTextForSpreadsheets();
    void clusteredExportDrawsTree();
    void clusteredSvgTreeHasPlainStroke();
    void largeListExportStaysViewable();
    void smallListKeepsNumbers();
    void largerMaxGridSideKeepsLabels();
};

// n phrases with cosine scores spread over 0..1, made up deterministically.
static HeatmapData manyPhrases(int n)
{
    math::SimilarityMatrix matrix(n, math::Metric::Cosine);
    QStringList phrases;
    for (int row = 0; row < n; ++row) {
        phrases << QStringLiteral("phrase number %1 about something").arg(row);
        for (int column = 0; column < n; ++column) {
            const float value = row == column ? 1.0f : float((row * 7 + column * 13) % 101) / 100.0f;
            matrix.set(row, column, value);
        }
    }
    return HeatmapData{phrases, matrix, QStringLiteral("Many phrases")};
}

// True when some pixel of image inside rect (logical pixels at scale)
// differs from white.
static bool hasInk(const QImage &image, const QRectF &rect, double scale)
{
    const QRect pixels = QRectF(rect.topLeft() * scale, rect.size() * scale).toAlignedRect() & image.rect();
    for (int y = pixels.top(); y <= pixels.bottom(); ++y) {
        for (int x = pixels.left(); x <= pixels.right(); ++x) {
            if (image.pixel(x, y) != qRgb(255, 255, 255))
                return true;
        }
    }
    return false;
}

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

// Text of every <text> element and the root attributes of an SVG file,
// or an error string when it does not parse as XML.
struct SvgContent
{
    QStringList texts;
    QString width;
    QString error;
};

static SvgContent readSvg(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{}, {}, file.errorString()};

    SvgContent content;
    QXmlStreamReader reader(&file);
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        if (reader.name() == u"svg")
            content.width = reader.attributes().value(QStringLiteral("width")).toString();
        else if (reader.name() == u"text")
            content.texts.append(reader.readElementText(QXmlStreamReader::IncludeChildElements).trimmed());
    }
    if (reader.hasError())
        content.error = reader.errorString();
    return content;
}

void TestHeatmapExport::exportWritesSvgWithLabels()
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("heatmap.svg"));

    const auto written = exportHeatmapSvg(threePhrases(), {}, path);
    QVERIFY2(written, qPrintable(written ? QString() : written.error()));

    const SvgContent svg = readSvg(path);
    QVERIFY2(svg.error.isEmpty(), qPrintable(svg.error));
    for (const char *label : {"cat", "dog", "bird", "Pets", "0.42", "Cosine similarity"})
        QVERIFY2(svg.texts.contains(QString::fromUtf8(label)), qPrintable(svg.texts.join(u'|')));
    QVERIFY(!svg.width.isEmpty());
}

void TestHeatmapExport::extensionChoosesFormat()
{
    QTemporaryDir folder;
    const QString svgPath = folder.filePath(QStringLiteral("upper.SVG"));
    const QString pngPath = folder.filePath(QStringLiteral("plain.png"));

    QVERIFY(exportHeatmapImage(threePhrases(), {}, svgPath, 4.0));
    QVERIFY(exportHeatmapImage(threePhrases(), {}, pngPath, 4.0));

    QFile svg(svgPath);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("<svg"));

    // Four times the preferred size, as a high-DPI screen or print needs.
    const QImage image(pngPath);
    const QSizeF logical = preferredHeatmapSize(threePhrases(), {});
    QCOMPARE(image.size(), QSize(qRound(logical.width() * 4), qRound(logical.height() * 4)));
}

void TestHeatmapExport::csvFollowsCurrentOrder()
{
    const HeatmapData data = threePhrases();
    const HeatmapData ordered = orderHeatmap(data, math::HeatmapOrder{{2, 0, 1}, std::nullopt});

    const QList<QByteArray> lines = heatmapMatrixCsv(ordered).split('\n');
    QCOMPARE(lines.at(0), QByteArray("phrase,bird,cat,dog"));
    QCOMPARE(lines.at(1), QByteArray("bird,1,0.17,0.63"));
    QCOMPARE(lines.at(2), QByteArray("cat,0.17,1,0.42"));
}

void TestHeatmapExport::tabSeparatedTextForSpreadsheets()
{
    HeatmapData data = threePhrases();
    data.phrases[1] = QStringLiteral("hot\tdog");
    data.matrix.set(0, 2, std::nanf(""));

    const QStringList lines = heatmapTabSeparated(data).split(u'\n');
    QCOMPARE(lines.at(0), QStringLiteral("phrase\tcat\thot dog\tbird"));
    QCOMPARE(lines.at(1), QStringLiteral("cat\t1\t0.42\t"));
    QCOMPARE(lines.at(2).split(u'\t').size(), 4);
}

void TestHeatmapExport::clusteredExportDrawsTree()
{
    const HeatmapData data = threePhrases();
    const auto order = math::computeHeatmapOrder(data.matrix, {math::OrderMode::Clustered});
    QVERIFY(order.has_value());
    const HeatmapData ordered = orderHeatmap(data, *order);
    QCOMPARE(ordered.phrases.size(), 3);

    // The tree takes room above the grid, so the image grows.
    const QSizeF plain = preferredHeatmapSize(data, {});
    const QSizeF withTree = preferredHeatmapSize(ordered, {});
    QVERIFY(withTree.height() > plain.height());

    const HeatmapLayout layout = layoutHeatmap(ordered, {}, withTree);
    QVERIFY(!layout.columnTree.isEmpty());
    const QImage image = renderHeatmapImage(ordered, {}, withTree, 1.0);
    int ink = 0;
    const QRect tree = layout.columnTree.toAlignedRect();
    for (int y = tree.top(); y < tree.bottom(); ++y) {
        for (int x = tree.left(); x < tree.right(); ++x)
            ink += qGray(image.pixel(x, y)) < 160 ? 1 : 0;
    }
    QVERIFY2(ink > 20, qPrintable(QString::number(ink)));
}

// A tree drawn through a painter scaled to cell and distance units needs
// SVG's non-scaling stroke, which librsvg 2.54 ignores and so fills the
// tree's area dark. The tree's points must be placed without such a scale.
void TestHeatmapExport::clusteredSvgTreeHasPlainStroke()
{
    const HeatmapData data = threePhrases();
    const auto order = math::computeHeatmapOrder(data.matrix, {math::OrderMode::Clustered});
    QVERIFY(order.has_value());
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("clustered.svg"));

    const auto written = exportHeatmapSvg(orderHeatmap(data, *order), {}, path);
    QVERIFY2(written, qPrintable(written ? QString() : written.error()));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(!svg.contains("non-scaling-stroke"));
    QVERIFY(svg.contains("stroke=\"#404040\""));
}

// Before the size cap, 1,000 phrases made a PNG of about 30,000 pixels a
// side. Now the grid stays within 2,000 logical pixels, and labels of at
// most 50 characters and the color bar add under 800. QImage's default
// allocation limit (128 MB) also checks that Qt-based viewers open it.
void TestHeatmapExport::largeListExportStaysViewable()
{
    constexpr double MAX_LOGICAL_SIDE = 2800.0;
    constexpr double SCALE = 2.0;
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("large.png"));
    const HeatmapData data = manyPhrases(1000);

    const Expected<bool> result = exportHeatmapPng(data, {}, path, SCALE);
    QVERIFY2(result.has_value(), qPrintable(result.has_value() ? QString() : result.error()));

    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY2(image.width() <= MAX_LOGICAL_SIDE * SCALE, qPrintable(QString::number(image.width())));
    QVERIFY2(image.height() <= MAX_LOGICAL_SIDE * SCALE, qPrintable(QString::number(image.height())));

    const HeatmapLayout layout = layoutHeatmap(data, {}, preferredHeatmapSize(data, {}));
    QVERIFY(!layout.annotate);
    QVERIFY(layout.labelStep > 1);
    QVERIFY(layout.colorBar.height() > 100.0);
    QVERIFY(layout.title.isValid());

    // The ramp runs from white at the bottom to dark green at the top, so
    // its top row contains the darkest pixel.
    const QPoint rampTop = (QPointF(layout.colorBar.center().x(), layout.colorBar.top() + 2) * SCALE).toPoint();
    QVERIFY(qGreen(image.pixel(rampTop)) < 128);
    QVERIFY(qRed(image.pixel(rampTop)) < 64);
    QVERIFY(hasInk(image, layout.title, SCALE));
    QVERIFY(hasInk(image, layout.rowLabels, SCALE));
}

void TestHeatmapExport::smallListKeepsNumbers()
{
    const HeatmapData data = manyPhrases(8);

    const HeatmapLayout layout = layoutHeatmap(data, {}, preferredHeatmapSize(data, {}));

    QVERIFY(layout.annotate);
    QCOMPARE(layout.labelStep, 1);
}

// A user who raises the cap gets the cells tall enough for a label on every
// row, as every export had before the cap.
void TestHeatmapExport::largerMaxGridSideKeepsLabels()
{
    const HeatmapData data = manyPhrases(300);
    HeatmapStyle style;
    style.maxGridSide = 10000.0;

    const QSizeF capped = preferredHeatmapSize(data, {});
    const QSizeF raised = preferredHeatmapSize(data, style);

    QVERIFY(raised.width() > capped.width() + 1000.0);
    QCOMPARE(layoutHeatmap(data, style, raised).labelStep, 1);
    QVERIFY(layoutHeatmap(data, {}, capped).labelStep > 1);
}

QTEST_MAIN(TestHeatmapExport)

#include "tst_heatmapexport.moc"
