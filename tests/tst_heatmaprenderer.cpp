// Heatmap rendering checked on real pixels: fills, annotations, n/a cells,
// labels at the image edge, image size and color scales per metric.
#include "render/dendrogrampainter.h"
#include "render/heatmaprenderer.h"
#include "render/renderfont.h"

#include <QFile>
#include <QFontDatabase>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QLocale>
#include <QSet>
#include <QTest>

#include <array>
#include <cmath>

using namespace embedscope;
using namespace embedscope::render;
using math::Metric;
using math::SimilarityMatrix;

class TestHeatmapRenderer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void clusterColorsAreDistinct();
    void clusterColorsRepeatAfterPalette();

    void cellFillsFollowColormap();
    void higherValuesDrawDarker();
    void everyCellHasCenteredAnnotation();
    void annotationText_data();
    void annotationText();
    void annotationContrastsWithFill();
    void smallCellsHideAnnotations();

    void undefinedCellsDrawnAsNotAvailable();
    void undefinedCellsLeftOutOfRange();

    void longLabelsStayInsideImage_data();
    void longLabelsStayInsideImage();
    void clashingLabelsStayDistinctWhenElided();
    void reorderedLabelsKeepLineNumbers();
    void labelGlyphsDrawnHeadless();

    void imageHasExactPixelSize_data();
    void imageHasExactPixelSize();
    void scaleKeepsLayout();

    void cosineDefaultsToUnitRange();
    void negativeValuesSwitchToDiverging();
    void chosenColormapPaintsCells_data();
    void chosenColormapPaintsCells();
    void maskedDiagonalShowsBackground();
    void dotRangeComesFromData();
    void distanceRampIsReversed();
    void explicitRangeWins();
    void fitToDataSpreadsNarrowBand();
    void colorBarTicks_data();
    void colorBarTicks();
    void colorBarCaptionNamesMetric();
    void colorBarCaptionOverride();

    void emptyMatrixRendersBackground();
    void hitTestingFindsCells();
};

// --- Fixtures ---------------------------------------------------------------

static SimilarityMatrix matrixOf(Metric metric, const QList<QList<double>> &rows)
{
    SimilarityMatrix matrix(int(rows.size()), metric);
    for (int row = 0; row < rows.size(); ++row) {
        for (int column = 0; column < rows.size(); ++column)
            matrix.set(row, column, float(rows[row][column]));
    }
    return matrix;
}

static QStringList phrasesOf(int count)
{
    QStringList phrases;
    for (int i = 0; i < count; ++i)
        phrases.append(QStringLiteral("phrase %1").arg(i + 1));
    return phrases;
}

// The three-phrase matrix from the "annotations only in the first row" report.
static HeatmapData threeByThree()
{
    const SimilarityMatrix matrix = matrixOf(Metric::Cosine, {{1.00, 0.42, 0.17}, {0.42, 1.00, 0.63}, {0.17, 0.63, 1.00}});
    return HeatmapData{{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")}, matrix,
                       QStringLiteral("Three phrases")};
}

// Row and column 2 undefined, as after a zero vector under cosine. The
// diagonal cell stays defined.
static HeatmapData withUndefinedRow(Metric metric)
{
    const double nan = std::nan("");
    const SimilarityMatrix matrix = matrixOf(metric, {{1.0, 0.8, nan, 0.3},
                                                      {0.8, 1.0, nan, 0.5},
                                                      {nan, nan, 1.0, nan},
                                                      {0.3, 0.5, nan, 1.0}});
    return HeatmapData{phrasesOf(4), matrix, QString()};
}

// An image together with the layout it was painted from.
struct Rendering
{
    QImage image;
    HeatmapLayout layout;
    double scale = 1.0;

    QPoint pixel(QPointF logical) const
    {
        return QPoint(int(std::floor(logical.x() * scale)), int(std::floor(logical.y() * scale)));
    }

    QColor colorAt(QPointF logical) const { return image.pixelColor(pixel(logical)); }

    // Fill of a cell, sampled just inside its top-left corner, away from the
    // annotation in the middle and from the gap between cells.
    QColor cellFill(int row, int column) const
    {
        return colorAt(layout.cellRect(row, column).topLeft() + QPointF(3.0, 3.0));
    }
};

static Rendering drawHeatmap(const HeatmapData &data, const HeatmapStyle &style = {}, QSizeF size = {},
                        double scale = 1.0)
{
    if (size.isEmpty())
        size = preferredHeatmapSize(data, style);
    return Rendering{renderHeatmapImage(data, style, size, scale), layoutHeatmap(data, style, size), scale};
}

static bool closeColors(const QColor &a, const QColor &b, int tolerance = 2)
{
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance
           && std::abs(a.blue() - b.blue()) <= tolerance;
}

static int channelDistance(const QColor &a, const QColor &b)
{
    return std::max({std::abs(a.red() - b.red()), std::abs(a.green() - b.green()), std::abs(a.blue() - b.blue())});
}

// Device pixels inside a logical rectangle that differ clearly from
// background: drawn glyphs, for a rectangle inside one cell or margin.
static QList<QPoint> inkPixels(const Rendering &rendering, const QRectF &logical, const QColor &background)
{
    const QRect area = QRectF(logical.topLeft() * rendering.scale, logical.size() * rendering.scale)
                           .toAlignedRect()
                           .intersected(rendering.image.rect());
    QList<QPoint> ink;
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            if (channelDistance(rendering.image.pixelColor(x, y), background) > 60)
                ink.append(QPoint(x, y));
        }
    }
    return ink;
}

static QRect boundsOf(const QList<QPoint> &points)
{
    QRect bounds;
    for (const QPoint &point : points)
        bounds = bounds.united(QRect(point, QSize(1, 1)));
    return bounds;
}

static QString describe(const QColor &color)
{
    return color.name();
}

static QColor greens(double t)
{
    return colormapColor(ColormapKind::Greens, t);
}

void TestHeatmapRenderer::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

// --- Cells and annotations --------------------------------------------------

void TestHeatmapRenderer::cellFillsFollowColormap()
{
    const HeatmapData data = threeByThree();
    const Rendering rendering = drawHeatmap(data);

    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column) {
            const QColor expected = greens(data.matrix.at(row, column));
            const QColor actual = rendering.cellFill(row, column);
            QVERIFY2(closeColors(actual, expected),
                     qPrintable(QStringLiteral("cell %1,%2 is %3, expected %4")
                                    .arg(row)
                                    .arg(column)
                                    .arg(describe(actual), describe(expected))));
        }
    }
}

void TestHeatmapRenderer::higherValuesDrawDarker()
{
    const Rendering rendering = drawHeatmap(threeByThree());

    const double one = relativeLuminance(rendering.cellFill(0, 0));
    const double middle = relativeLuminance(rendering.cellFill(0, 1));
    const double low = relativeLuminance(rendering.cellFill(0, 2));
    QVERIFY(one < middle);
    QVERIFY(middle < low);
}

// Exactly N * N numbers, each centred in its own cell, not only in the first row.
void TestHeatmapRenderer::everyCellHasCenteredAnnotation()
{
    const HeatmapData data = threeByThree();
    const Rendering rendering = drawHeatmap(data);
    QVERIFY(rendering.layout.annotate);

    int annotated = 0;
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column) {
            const QRectF cell = rendering.layout.cellRect(row, column);
            const QList<QPoint> ink = inkPixels(rendering, cell.adjusted(3, 3, -3, -3), rendering.cellFill(row, column));
            const QString where = QStringLiteral("cell %1,%2").arg(row).arg(column);
            QVERIFY2(ink.size() > 20, qPrintable(where + QStringLiteral(" has no annotation")));

            const QPointF inkCenter = QRectF(boundsOf(ink)).center();
            QVERIFY2(std::abs(inkCenter.x() - cell.center().x()) <= 1.5, qPrintable(where));
            QVERIFY2(std::abs(inkCenter.y() - cell.center().y()) <= 1.5, qPrintable(where));
            ++annotated;
        }
    }
    QCOMPARE(annotated, 9);
}

void TestHeatmapRenderer::annotationText_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected");

    QTest::newRow("two decimals") << 0.42 << 2 << QStringLiteral("0.42");
    QTest::newRow("value 1 keeps its decimals") << 1.0 << 3 << QStringLiteral("1.000");
    QTest::newRow("negative gets a minus sign") << -0.05 << 2 << QStringLiteral("\u22120.05");
    QTest::newRow("tiny negative loses its sign") << -0.001 << 2 << QStringLiteral("0.00");
    QTest::newRow("dot product above one") << 100.0 << 2 << QStringLiteral("100.00");
    QTest::newRow("no decimals rounds") << 0.6 << 0 << QStringLiteral("1");
    QTest::newRow("undefined is n/a") << std::nan("") << 2 << QStringLiteral("n/a");
}

void TestHeatmapRenderer::annotationText()
{
    QFETCH(double, value);
    QFETCH(int, decimals);
    QFETCH(QString, expected);

    QCOMPARE(render::annotationText(value, decimals), expected);
}

void TestHeatmapRenderer::annotationContrastsWithFill()
{
    const Rendering rendering = drawHeatmap(threeByThree());

    // Cell 0,0 shows 1.00 on the darkest green, so its glyphs are white.
    const QRectF dark = rendering.layout.cellRect(0, 0).adjusted(3, 3, -3, -3);
    int brightest = 0;
    for (const QPoint &point : inkPixels(rendering, dark, rendering.cellFill(0, 0)))
        brightest = std::max(brightest, qGray(rendering.image.pixel(point)));
    QVERIFY2(brightest >= 235, qPrintable(QString::number(brightest)));

    // Cell 0,2 shows 0.17 on a light green, so its glyphs are dark.
    const QRectF light = rendering.layout.cellRect(0, 2).adjusted(3, 3, -3, -3);
    int darkest = 255;
    for (const QPoint &point : inkPixels(rendering, light, rendering.cellFill(0, 2)))
        darkest = std::min(darkest, qGray(rendering.image.pixel(point)));
    QVERIFY2(darkest <= 80, qPrintable(QString::number(darkest)));
}

void TestHeatmapRenderer::smallCellsHideAnnotations()
{
    const HeatmapData data{phrasesOf(40), SimilarityMatrix(40, Metric::Cosine), QString()};
    const Rendering rendering = drawHeatmap(data, {}, QSizeF(400, 400));

    QVERIFY(rendering.layout.cellSize < 10.0);
    QVERIFY(!rendering.layout.annotate);
    const QRectF cell = rendering.layout.cellRect(20, 20);
    QVERIFY(inkPixels(rendering, cell.adjusted(1, 1, -1, -1), rendering.colorAt(cell.center())).isEmpty());
}

// --- Undefined values ---------------------------------------------------------

void TestHeatmapRenderer::undefinedCellsDrawnAsNotAvailable()
{
    const HeatmapData data = withUndefinedRow(Metric::Cosine);
    const Rendering rendering = drawHeatmap(data);

    for (int i = 0; i < 4; ++i) {
        if (i == 2)
            continue;
        for (const auto &[row, column] : {std::pair{2, i}, std::pair{i, 2}}) {
            const QString where = QStringLiteral("cell %1,%2").arg(row).arg(column);
            QVERIFY2(closeColors(rendering.cellFill(row, column), NOT_AVAILABLE_FILL), qPrintable(where));

            const QRectF cell = rendering.layout.cellRect(row, column).adjusted(3, 3, -3, -3);
            QVERIFY2(inkPixels(rendering, cell, NOT_AVAILABLE_FILL).size() > 10,
                     qPrintable(where + QStringLiteral(" has no n/a text")));
        }
    }

    // Defined cells keep their own colors, the diagonal included.
    QVERIFY(closeColors(rendering.cellFill(2, 2), greens(1.0)));
    QVERIFY(closeColors(rendering.cellFill(0, 1), greens(0.8)));
    QVERIFY(closeColors(rendering.cellFill(3, 0), greens(0.3)));

    // A key under the color bar explains the grey.
    QVERIFY(!rendering.layout.notAvailableKey.isEmpty());
    QVERIFY(closeColors(rendering.colorAt(rendering.layout.notAvailableKey.center()), NOT_AVAILABLE_FILL));
}

void TestHeatmapRenderer::undefinedCellsLeftOutOfRange()
{
    const HeatmapData data = withUndefinedRow(Metric::Dot);
    const ColorScale scale = resolveColorScale(data.matrix, HeatmapStyle{});
    QCOMPARE(float(scale.vmin), 0.3f);
    QCOMPARE(scale.vmax, 1.0);

    HeatmapStyle fitted;
    fitted.fitToData = true;
    const ColorScale fittedScale = resolveColorScale(data.matrix, fitted);
    QCOMPARE(float(fittedScale.vmin), 0.3f);
    QCOMPARE(float(fittedScale.vmax), 0.8f);

    const Rendering rendering = drawHeatmap(data);
    QVERIFY(closeColors(rendering.cellFill(0, 3), greens(0.0)));
    QVERIFY(closeColors(rendering.cellFill(0, 0), greens(1.0)));
}

// --- Labels -----------------------------------------------------------------

void TestHeatmapRenderer::longLabelsStayInsideImage_data()
{
    QTest::addColumn<QSizeF>("size");
    QTest::addColumn<double>("scale");

    QTest::newRow("export size 1200x1000") << QSizeF(1200, 1000) << 1.0;
    QTest::newRow("export size at scale 2") << QSizeF(1200, 1000) << 2.0;
    QTest::newRow("small window elides further") << QSizeF(420, 320) << 1.0;
    QTest::newRow("wide and short window") << QSizeF(900, 260) << 1.0;
}

// Every label is complete or ends in a visible ellipsis, and no glyph comes
// within one pixel of the image edge.
void TestHeatmapRenderer::longLabelsStayInsideImage()
{
    QFETCH(QSizeF, size);
    QFETCH(double, scale);

    const QString longPhrase = QStringLiteral("A sentence that goes on and on about quarterly figures, regional "
                                              "revenue, staffing plans and the weather in the northern");
    QCOMPARE(longPhrase.size(), 120);
    HeatmapData data = threeByThree();
    data.phrases[1] = longPhrase;
    const Rendering rendering = drawHeatmap(data, {}, size, scale);

    const QImage &image = rendering.image;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const bool nearEdge = x < 2 || y < 2 || x >= image.width() - 2 || y >= image.height() - 2;
            if (nearEdge && image.pixel(x, y) != qRgb(255, 255, 255))
                QFAIL(qPrintable(QStringLiteral("ink at the image edge, pixel %1,%2").arg(x).arg(y)));
        }
    }

    const HeatmapLayout &layout = rendering.layout;
    const QFontMetricsF metrics(layout.labelFont);
    for (int i = 0; i < 3; ++i) {
        for (const QString &label : {layout.rowLabelTexts.at(i), layout.columnLabelTexts.at(i)}) {
            const bool complete = label == data.phrases.at(i);
            const bool ellipsis = label.endsWith(QStringLiteral("...")) || label.endsWith(QChar(0x2026));
            QVERIFY2(complete || ellipsis, qPrintable(label));
        }
        QVERIFY(metrics.horizontalAdvance(layout.rowLabelTexts.at(i)) <= layout.rowLabels.width() + 0.01);
        QVERIFY(metrics.horizontalAdvance(layout.columnLabelTexts.at(i)) <= layout.columnLabels.height() + 0.01);
    }
    QVERIFY(layout.rowLabelTexts.at(1).size() <= 50);

    // The long row label is drawn, and ends before the grid starts.
    const QRectF rowBand(0, layout.cellRect(1, 0).top(), layout.grid.left(), layout.cellSize);
    const QRect ink = boundsOf(inkPixels(rendering, rowBand, Qt::white));
    QVERIFY(!ink.isEmpty());
    QVERIFY(ink.right() < layout.grid.left() * scale);
}

// Phrases that read the same once shortened keep their " #k" suffix when
// the renderer elides them again, so rows stay apart and the grid stays N x N.
void TestHeatmapRenderer::clashingLabelsStayDistinctWhenElided()
{
    const QStringList phrases{
        QStringLiteral("Quarterly revenue summary for the northern region"),
        QStringLiteral("Quarterly revenue summary for the southern region"),
        QStringLiteral("apple"),
        QStringLiteral("apple"),
    };
    HeatmapStyle style;
    style.maxLabelChars = 30;
    const HeatmapData data{phrases, SimilarityMatrix(4, Metric::Cosine), QString()};
    const Rendering rendering = drawHeatmap(data, style, QSizeF(300, 260));

    QCOMPARE(rendering.layout.size, 4);
    const QStringList &labels = rendering.layout.rowLabelTexts;
    QCOMPARE(labels.size(), 4);
    QVERIFY2(labels.at(0).endsWith(QStringLiteral(" #1")), qPrintable(labels.at(0)));
    QVERIFY2(labels.at(1).endsWith(QStringLiteral(" #2")), qPrintable(labels.at(1)));
    QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), 4);
}

// A reordered heatmap numbers clashing labels by the phrase's line, so the
// same row reads the same in every order.
void TestHeatmapRenderer::reorderedLabelsKeepLineNumbers()
{
    const QStringList phrases{QStringLiteral("apple"), QStringLiteral("pear"), QStringLiteral("apple")};
    const HeatmapData original{phrases, SimilarityMatrix(3, Metric::Cosine), QString()};
    math::HeatmapOrder reversed;
    reversed.permutation = {2, 1, 0};

    const Rendering rendering = drawHeatmap(orderHeatmap(original, reversed), HeatmapStyle{}, QSizeF(300, 260));

    QCOMPARE(rendering.layout.rowLabelTexts,
             (QStringList{QStringLiteral("apple #3"), QStringLiteral("pear"), QStringLiteral("apple #1")}));
}

// Without a display server the labels must still be drawn in the shared font.
void TestHeatmapRenderer::labelGlyphsDrawnHeadless()
{
    if (!QFile::exists(QString::fromLatin1(RENDER_FONT_FILE)))
        QSKIP("DejaVu Sans is not installed; packaging/install-deps.sh installs fonts-dejavu-core");

    const QFont font = renderFont();
    QCOMPARE(QFontInfo(font).family(), QString::fromLatin1(RENDER_FONT_FAMILY));
    QVERIFY(!QFontDatabase::families().isEmpty());

    const Rendering rendering = drawHeatmap(threeByThree());
    for (int row = 0; row < 3; ++row) {
        const QRectF band(rendering.layout.rowLabels.left(), rendering.layout.cellRect(row, 0).top(),
                          rendering.layout.rowLabels.width(), rendering.layout.cellSize);
        QVERIFY2(inkPixels(rendering, band, Qt::white).size() > 20, qPrintable(QString::number(row)));
    }
    QVERIFY(inkPixels(rendering, rendering.layout.columnLabels, Qt::white).size() > 60);
    QVERIFY(inkPixels(rendering, rendering.layout.title, Qt::white).size() > 60);
}

// --- Image size -------------------------------------------------------------

void TestHeatmapRenderer::imageHasExactPixelSize_data()
{
    QTest::addColumn<QSizeF>("logicalSize");
    QTest::addColumn<double>("scale");
    QTest::addColumn<QSize>("pixels");

    QTest::newRow("scale 1") << QSizeF(800, 600) << 1.0 << QSize(800, 600);
    QTest::newRow("scale 2") << QSizeF(800, 600) << 2.0 << QSize(1600, 1200);
    QTest::newRow("scale 4") << QSizeF(800, 600) << 4.0 << QSize(3200, 2400);
    QTest::newRow("fractional size rounds") << QSizeF(640.3, 480.7) << 1.5 << QSize(960, 721);
}

void TestHeatmapRenderer::imageHasExactPixelSize()
{
    QFETCH(QSizeF, logicalSize);
    QFETCH(double, scale);
    QFETCH(QSize, pixels);

    const QImage image = renderHeatmapImage(threeByThree(), {}, logicalSize, scale);
    QCOMPARE(image.size(), pixels);
    QCOMPARE(image.devicePixelRatio(), 1.0);

    // 96 dpi per unit of scale, in dots per meter.
    const int dotsPerMeter = qRound(96.0 * scale / 0.0254);
    QCOMPARE(image.dotsPerMeterX(), dotsPerMeter);
    QCOMPARE(image.dotsPerMeterY(), dotsPerMeter);
}

// A larger scale draws the same picture with more pixels.
void TestHeatmapRenderer::scaleKeepsLayout()
{
    const HeatmapData data = threeByThree();
    const Rendering single = drawHeatmap(data, {}, {}, 1.0);
    const Rendering quadruple = drawHeatmap(data, {}, {}, 4.0);

    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column)
            QVERIFY(closeColors(single.cellFill(row, column), quadruple.cellFill(row, column)));
    }
    QVERIFY(inkPixels(quadruple, quadruple.layout.cellRect(1, 2).adjusted(3, 3, -3, -3), quadruple.cellFill(1, 2))
                .size()
            > 16 * 20);
}

// --- Color scales -----------------------------------------------------------

void TestHeatmapRenderer::cosineDefaultsToUnitRange()
{
    const SimilarityMatrix matrix = matrixOf(Metric::Cosine, {{1.0, 0.2}, {0.2, 0.5}});
    const ColorScale scale = resolveColorScale(matrix, HeatmapStyle{});
    QCOMPARE(scale.vmin, 0.0);
    QCOMPARE(scale.vmax, 1.0);
    QVERIFY(!scale.reversed);
    QCOMPARE(scale.colormap, ColormapKind::Greens);

    // Greens chosen explicitly clips a negative score to the light end.
    const SimilarityMatrix signedMatrix = matrixOf(Metric::Cosine, {{1.0, -0.2}, {-0.2, 0.5}});
    HeatmapStyle style;
    style.colormap = ColormapKind::Greens;
    const Rendering rendering = drawHeatmap(HeatmapData{phrasesOf(2), signedMatrix, QString()}, style);
    QVERIFY(closeColors(rendering.cellFill(0, 1), greens(0.0)));
    QVERIFY(closeColors(rendering.cellFill(1, 1), greens(0.5)));
}

void TestHeatmapRenderer::negativeValuesSwitchToDiverging()
{
    const SimilarityMatrix matrix = matrixOf(Metric::Cosine, {{1.0, -0.5}, {-0.5, 1.0}});
    const ColorScale scale = resolveColorScale(matrix, HeatmapStyle{});
    QCOMPARE(scale.colormap, ColormapKind::RedBlue);
    QCOMPARE(scale.vmin, -1.0);
    QCOMPARE(scale.vmax, 1.0);

    // -0.5 sits a quarter of the way up the blue-white-red ramp.
    const Rendering rendering = drawHeatmap(HeatmapData{phrasesOf(2), matrix, QString()});
    const QColor expected = colormapColor(ColormapKind::RedBlue, 0.25);
    QVERIFY2(closeColors(rendering.cellFill(0, 1), expected), qPrintable(describe(rendering.cellFill(0, 1))));
}

void TestHeatmapRenderer::chosenColormapPaintsCells_data()
{
    QTest::addColumn<ColormapKind>("kind");

    QTest::newRow("Blues") << ColormapKind::Blues;
    QTest::newRow("viridis") << ColormapKind::Viridis;
    QTest::newRow("cividis") << ColormapKind::Cividis;
}

void TestHeatmapRenderer::chosenColormapPaintsCells()
{
    QFETCH(ColormapKind, kind);
    const HeatmapData data = threeByThree();
    HeatmapStyle style;
    style.colormap = kind;

    const Rendering rendering = drawHeatmap(data, style);
    for (int row = 0; row < 3; ++row) {
        for (int column = 0; column < 3; ++column) {
            const QColor expected = colormapColor(kind, data.matrix.at(row, column));
            QVERIFY2(closeColors(rendering.cellFill(row, column), expected),
                     qPrintable(QStringLiteral("cell %1,%2").arg(row).arg(column)));
        }
    }
}

void TestHeatmapRenderer::maskedDiagonalShowsBackground()
{
    HeatmapStyle style;
    style.maskDiagonal = true;
    const Rendering rendering = drawHeatmap(threeByThree(), style);

    for (int i = 0; i < 3; ++i) {
        const QRectF cell = rendering.layout.cellRect(i, i).adjusted(2, 2, -2, -2);
        QVERIFY2(inkPixels(rendering, cell, Qt::white).isEmpty(), qPrintable(QString::number(i)));
    }
    QVERIFY(closeColors(rendering.cellFill(0, 1), greens(0.42)));
}

// Unnormalised vectors a = [3, 4], b = [6, 8], c = [4, -3] under the dot
// product: the scale runs 0..100 instead of saturating at 1.
void TestHeatmapRenderer::dotRangeComesFromData()
{
    const SimilarityMatrix matrix = matrixOf(Metric::Dot, {{25, 50, 0}, {50, 100, 0}, {0, 0, 25}});
    const HeatmapData data{{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, matrix, QString()};

    const ColorScale scale = resolveColorScale(matrix, HeatmapStyle{});
    QCOMPARE(scale.vmin, 0.0);
    QCOMPARE(scale.vmax, 100.0);
    QVERIFY(!scale.reversed);

    const Rendering rendering = drawHeatmap(data);
    QVERIFY(closeColors(rendering.cellFill(1, 1), greens(1.0)));
    QVERIFY(closeColors(rendering.cellFill(0, 1), greens(0.5)));
    QVERIFY(closeColors(rendering.cellFill(0, 2), greens(0.0)));
    QCOMPARE(rendering.layout.tickTexts.constLast(), QStringLiteral("100"));

    // "100.00" fits at the preferred size too.
    QVERIFY(rendering.layout.annotate);
    const QRectF widest = rendering.layout.cellRect(1, 1).adjusted(3, 3, -3, -3);
    QVERIFY(inkPixels(rendering, widest, rendering.cellFill(1, 1)).size() > 20);
}

// Points a = [0, 0], b = [1, 0], c = [10, 0] under Euclidean distance: dark
// means close, on the cells and on the color bar.
void TestHeatmapRenderer::distanceRampIsReversed()
{
    const SimilarityMatrix matrix = matrixOf(Metric::Euclidean, {{0, 1, 10}, {1, 0, 9}, {10, 9, 0}});
    const HeatmapData data{{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, matrix, QString()};

    const ColorScale scale = resolveColorScale(matrix, HeatmapStyle{});
    QCOMPARE(scale.vmin, 0.0);
    QCOMPARE(scale.vmax, 10.0);
    QVERIFY(scale.reversed);

    const Rendering rendering = drawHeatmap(data);
    QVERIFY(closeColors(rendering.cellFill(0, 0), greens(1.0)));
    QVERIFY(closeColors(rendering.cellFill(0, 2), greens(0.0)));
    QVERIFY(relativeLuminance(rendering.cellFill(0, 1)) < relativeLuminance(rendering.cellFill(1, 2)));

    // The ramp's bottom (distance 0) is dark, its top (distance 10) light.
    const QRectF &ramp = rendering.layout.colorBar;
    const QColor bottom = rendering.colorAt(QPointF(ramp.center().x(), ramp.bottom() - 2));
    const QColor top = rendering.colorAt(QPointF(ramp.center().x(), ramp.top() + 2));
    QVERIFY2(relativeLuminance(bottom) < 0.05, qPrintable(describe(bottom)));
    QVERIFY2(relativeLuminance(top) > 0.85, qPrintable(describe(top)));
}

void TestHeatmapRenderer::explicitRangeWins()
{
    HeatmapStyle style;
    style.vmin = 0.5;
    style.vmax = 0.9;
    for (Metric metric : {Metric::Cosine, Metric::Dot, Metric::Euclidean}) {
        const ColorScale scale = resolveColorScale(matrixOf(metric, {{1.0, 0.2}, {0.2, 1.0}}), style);
        QCOMPARE(scale.vmin, 0.5);
        QCOMPARE(scale.vmax, 0.9);
    }
}

// Five phrases whose off-diagonal cosines all lie in 0.80..0.92: on the fixed
// 0..1 scale they look alike; fitted to the data they span the ramp.
void TestHeatmapRenderer::fitToDataSpreadsNarrowBand()
{
    const SimilarityMatrix matrix = matrixOf(Metric::Cosine, {{1.00, 0.80, 0.83, 0.86, 0.92},
                                                              {0.80, 1.00, 0.84, 0.85, 0.81},
                                                              {0.83, 0.84, 1.00, 0.90, 0.88},
                                                              {0.86, 0.85, 0.90, 1.00, 0.82},
                                                              {0.92, 0.81, 0.88, 0.82, 1.00}});
    const HeatmapData data{phrasesOf(5), matrix, QString()};

    const Rendering fixed = drawHeatmap(data);
    const double fixedContrast = relativeLuminance(fixed.cellFill(0, 1)) - relativeLuminance(fixed.cellFill(0, 4));

    HeatmapStyle style;
    style.fitToData = true;
    const ColorScale scale = resolveColorScale(matrix, style);
    QCOMPARE(float(scale.vmin), 0.80f);
    QCOMPARE(float(scale.vmax), 0.92f);

    const Rendering fitted = drawHeatmap(data, style);
    const double fittedContrast = relativeLuminance(fitted.cellFill(0, 1)) - relativeLuminance(fitted.cellFill(0, 4));
    QVERIFY2(fixedContrast < 0.1, qPrintable(QString::number(fixedContrast)));
    QVERIFY2(fittedContrast > 0.5, qPrintable(QString::number(fittedContrast)));

    // The color bar shows the range in use.
    QVERIFY(fitted.layout.ticks.constFirst() >= 0.80 - 1e-9);
    QVERIFY(fitted.layout.ticks.constLast() <= 0.92 + 1e-9);
}

void TestHeatmapRenderer::colorBarTicks_data()
{
    QTest::addColumn<double>("vmin");
    QTest::addColumn<double>("vmax");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<QList<double>>("expected");

    QTest::newRow("unit range in fifths") << 0.0 << 1.0 << 6 << QList<double>{0.0, 0.2, 0.4, 0.6, 0.8, 1.0};
    QTest::newRow("unit range in tenths") << 0.0 << 1.0 << 11
                                          << QList<double>{0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    QTest::newRow("dot products up to 100") << 0.0 << 100.0 << 6 << QList<double>{0, 20, 40, 60, 80, 100};
    QTest::newRow("distances to 4.24") << 0.0 << 4.24 << 6 << QList<double>{0, 1, 2, 3, 4};
    QTest::newRow("narrow cosine band") << 0.80 << 0.92 << 6 << QList<double>{0.8, 0.825, 0.85, 0.875, 0.9};
    QTest::newRow("negative to positive") << -1.0 << 1.0 << 5 << QList<double>{-1.0, -0.5, 0.0, 0.5, 1.0};
}

void TestHeatmapRenderer::colorBarTicks()
{
    QFETCH(double, vmin);
    QFETCH(double, vmax);
    QFETCH(int, maxTicks);
    QFETCH(QList<double>, expected);

    const QList<double> ticks = render::colorBarTicks(ColorScale{vmin, vmax, false}, maxTicks);
    QCOMPARE(ticks.size(), expected.size());
    for (qsizetype i = 0; i < ticks.size(); ++i)
        QVERIFY2(std::abs(ticks[i] - expected[i]) < 1e-9, qPrintable(QString::number(ticks[i])));
}

void TestHeatmapRenderer::colorBarCaptionNamesMetric()
{
    QCOMPARE(colorBarCaption(Metric::Cosine), QStringLiteral("Cosine similarity"));
    QCOMPARE(colorBarCaption(Metric::Dot), QStringLiteral("Dot product"));
    QCOMPARE(colorBarCaption(Metric::Euclidean), QStringLiteral("Euclidean distance"));

    // The caption is drawn right of the tick labels.
    const Rendering rendering = drawHeatmap(threeByThree());
    const QRectF &axis = rendering.layout.colorBarAxis;
    const QRectF captionBand(axis.right() - 20, axis.top(), 20, axis.height());
    QVERIFY(inkPixels(rendering, captionBand, Qt::white).size() > 50);
}

void TestHeatmapRenderer::colorBarCaptionOverride()
{
    const HeatmapData data = threeByThree();
    HeatmapStyle style;
    style.colorBarCaption = QStringLiteral("Rank difference (A − B)");
    QCOMPARE(colorBarCaption(data.matrix, style), style.colorBarCaption);
    QCOMPARE(colorBarCaption(data.matrix, HeatmapStyle{}), QStringLiteral("Cosine similarity"));

    // A longer caption widens the axis instead of being elided.
    const QSizeF plain = preferredHeatmapSize(data, {});
    style.colorBarCaption = QStringLiteral("A much longer caption for a difference map of two runs");
    QVERIFY(preferredHeatmapSize(data, style).height() >= plain.height());
}

// --- Edge cases -------------------------------------------------------------

void TestHeatmapRenderer::emptyMatrixRendersBackground()
{
    const HeatmapData data;
    const QSizeF size = preferredHeatmapSize(data, {});
    QVERIFY(!size.isEmpty());

    const Rendering rendering = drawHeatmap(data, {}, size);
    QCOMPARE(rendering.image.size(), size.toSize());
    QCOMPARE(rendering.image.pixel(rendering.image.rect().center()), qRgb(255, 255, 255));
    QCOMPARE(rendering.layout.size, 0);
}

void TestHeatmapRenderer::hitTestingFindsCells()
{
    const HeatmapLayout layout = layoutHeatmap(threeByThree(), {}, QSizeF(600, 500));

    const QPointF center = layout.cellRect(2, 1).center();
    QCOMPARE(layout.rowAt(center), 2);
    QCOMPARE(layout.columnAt(center), 1);
    QCOMPARE(layout.rowAt(QPointF(1, 1)), -1);

    const QPointF rowLabel(layout.rowLabels.right() - 1, layout.cellRect(1, 0).center().y());
    QCOMPARE(layout.rowLabelAt(rowLabel), 1);
    const QPointF columnLabel(layout.cellRect(0, 2).center().x(), layout.columnLabels.top() + 1);
    QCOMPARE(layout.columnLabelAt(columnLabel), 2);
}

// CIELAB coordinates of an sRGB color under the D65 white point, as in
// IEC 61966-2-1 and CIE 15.
static std::array<double, 3> cieLab(const QColor &color)
{
    const auto linear = [](double channel) {
        return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    const double r = linear(color.redF());
    const double g = linear(color.greenF());
    const double b = linear(color.blueF());
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    const auto f = [](double t) { return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0; };
    return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}

// Twenty clusters get twenty colors that a reader can tell apart: every
// pair is at least 15 apart in CIELAB (CIE76 delta E), several times the
// just noticeable difference of about 2.3 often quoted for that measure.
void TestHeatmapRenderer::clusterColorsAreDistinct()
{
    constexpr double MIN_DELTA_E = 15.0;
    QCOMPARE(render::CLUSTER_BAND_COLOR_COUNT, 20);

    for (int first = 0; first < render::CLUSTER_BAND_COLOR_COUNT; ++first) {
        const auto labFirst = cieLab(render::clusterBandColor(first));
        for (int second = first + 1; second < render::CLUSTER_BAND_COLOR_COUNT; ++second) {
            const auto labSecond = cieLab(render::clusterBandColor(second));
            const double deltaE = std::hypot(labFirst[0] - labSecond[0], labFirst[1] - labSecond[1],
                                             labFirst[2] - labSecond[2]);
            QVERIFY2(deltaE >= MIN_DELTA_E,
                     qPrintable(QStringLiteral("clusters %1 and %2: delta E %3").arg(first).arg(second).arg(deltaE)));
        }
    }
}

void TestHeatmapRenderer::clusterColorsRepeatAfterPalette()
{
    QCOMPARE(render::clusterBandColor(render::CLUSTER_BAND_COLOR_COUNT), render::clusterBandColor(0));
    QCOMPARE(render::clusterBandColor(-3), render::clusterBandColor(3));
}

QTEST_MAIN(TestHeatmapRenderer)

#include "tst_heatmaprenderer.moc"
