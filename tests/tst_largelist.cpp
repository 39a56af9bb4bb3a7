// Lists above the full-matrix limit: the block overview in the heatmap, its
// tooltips, tiles computed at full detail when zoomed in, and the score
// table and analysis views without the N x N matrix. The limit is lowered so
// the lists stay small.
#include "analysis/mapview.h"
#include "analysis/scattermap.h"
#include "heatmapview.h"
#include "mainwindow.h"
#include "scoretablemodel.h"
#include "documentcontroller.h"

#include "math/blockoverview.h"
#include "render/colormap.h"
#include "render/overviewdata.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QMouseEvent>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace embedscope;

static constexpr int PHRASES = 2000;
static constexpr int DIMENSIONS = 16;
static constexpr int BLOCKS = 40; // 50 phrases each
static const workspace::MatrixLimits SMALL_LIMITS{500, BLOCKS};

// Random vectors in two halves that lean different ways, so block means
// differ between the halves.
static embedding::EmbeddingSet randomVectors()
{
    embedding::EmbeddingSet vectors(PHRASES, DIMENSIONS);
    QRandomGenerator random(11);
    for (int row = 0; row < PHRASES; ++row) {
        for (int d = 0; d < DIMENSIONS; ++d) {
            const double lean = (d == 0 && row < PHRASES / 2) || (d == 1 && row >= PHRASES / 2) ? 1.5 : 0.0;
            vectors.row(row)[size_t(d)] = float(random.generateDouble() - 0.5 + lean);
        }
    }
    return vectors;
}

static QStringList phraseNames()
{
    QStringList phrases;
    for (int i = 0; i < PHRASES; ++i)
        phrases.append(QStringLiteral("phrase %1").arg(i + 1));
    return phrases;
}

// Cosine of two rows in double, the reference the views are checked against.
static double directCosine(const embedding::EmbeddingSet &vectors, int a, int b)
{
    double dot = 0.0;
    double normA = 0.0;
    double normB = 0.0;
    for (int d = 0; d < vectors.dimensions(); ++d) {
        const double x = vectors.row(a)[size_t(d)];
        const double y = vectors.row(b)[size_t(d)];
        dot += x * y;
        normA += x * x;
        normB += y * y;
    }
    return dot / std::sqrt(normA * normB);
}

static double directBlockMean(const embedding::EmbeddingSet &vectors, const std::vector<int> &bounds, int a, int b)
{
    double sum = 0.0;
    for (int i = bounds[size_t(a)]; i < bounds[size_t(a) + 1]; ++i) {
        for (int j = bounds[size_t(b)]; j < bounds[size_t(b) + 1]; ++j)
            sum += i == j ? 1.0 : directCosine(vectors, i, j);
    }
    return sum / (double(bounds[size_t(a) + 1] - bounds[size_t(a)]) * double(bounds[size_t(b) + 1] - bounds[size_t(b)]));
}

// True when the 5 x 5 pixels around x, y have one color, so the pixel lies
// inside a cell rather than on a border that smooth scaling blends.
static bool uniformAround(const QImage &image, int x, int y)
{
    for (int dy = -2; dy <= 2; ++dy) {
        for (int dx = -2; dx <= 2; ++dx) {
            if (image.pixel(x + dx, y + dy) != image.pixel(x, y))
                return false;
        }
    }
    return true;
}

class TestLargeList : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void blockTooltipNamesRanges();
    void zoomedInTileEqualsDotProducts();
    void tileColorsReadOffColorBar();
    void cursorMovesByPhraseInTile();
    void imageExportUsesCoarseBlocks();
    void windowShowsOverviewWithScores();

private:
    std::unique_ptr<ui::HeatmapView> overviewView(const embedding::EmbeddingSet &vectors);
};

void TestLargeList::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_largelist"));
    QLocale::setDefault(QLocale::c());
    QSettings().clear();
}

// A view showing the overview as the main window builds it.
std::unique_ptr<ui::HeatmapView> TestLargeList::overviewView(const embedding::EmbeddingSet &vectors)
{
    const math::BlockOverview overview = math::computeBlockOverview(vectors, BLOCKS);
    render::HeatmapData data;
    for (int b = 0; b < BLOCKS; ++b)
        data.phrases.append(QStringLiteral("%1–%2").arg(overview.boundaries[b] + 1).arg(overview.boundaries[b + 1]));
    data.matrix = overview.means;

    ui::BlockSource source;
    source.phrases = phraseNames();
    source.vectors = std::make_shared<const embedding::EmbeddingSet>(vectors);
    source.boundaries = overview.boundaries;

    auto view = std::make_unique<ui::HeatmapView>();
    view->resize(700, 700);
    view->setDetailDebounce(0);
    view->setOverview(data, std::move(source));
    view->show();
    return view;
}

void TestLargeList::blockTooltipNamesRanges()
{
    const embedding::EmbeddingSet vectors = randomVectors();
    const auto view = overviewView(vectors);
    QVERIFY(view->isOverview());
    const render::HeatmapLayout &layout = view->heatmapLayout();
    QCOMPARE(layout.size, BLOCKS);

    // Block 3 covers phrases 151 to 200 and block 30 phrases 1501 to 1550.
    const QString tip = view->toolTipAt(layout.cellRect(3, 30).center());
    QVERIFY2(tip.contains(QStringLiteral("Phrases 151–200")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("phrases 1501–1550")), qPrintable(tip));
    const std::vector<int> bounds = math::blockBoundaries(PHRASES, BLOCKS);
    const double mean = directBlockMean(vectors, bounds, 3, 30);
    QVERIFY2(tip.contains(QString::number(mean, 'f', 3)), qPrintable(tip + QStringLiteral(" vs ") + QString::number(mean)));

    const QString labelTip = view->toolTipAt(QPointF(layout.rowLabels.center().x(), layout.cellRect(39, 0).center().y()));
    QVERIFY2(labelTip.contains(QStringLiteral("Phrases 1951–2000")), qPrintable(labelTip));
}

void TestLargeList::zoomedInTileEqualsDotProducts()
{
    const embedding::EmbeddingSet vectors = randomVectors();
    const auto view = overviewView(vectors);
    QSignalSpy tileChanged(view.get(), &ui::HeatmapView::detailTileChanged);
    QCOMPARE(view->detailTile().rows(), 0);

    // Zoomed in on the middle before the first tile starts, the tile covers
    // the visible blocks only.
    view->setZoom(20.0);
    QVERIFY(tileChanged.wait(5000));
    QVERIFY(view->detailTile().rows() > 0);
    QVERIFY(view->detailTile().rows() < PHRASES);
    const math::SimilarityTile &tile = view->detailTile();
    const math::TileRange range = tile.range();
    QVERIFY(range.rowBegin > 0);
    for (int i = 0; i < tile.rows(); ++i) {
        for (int j = 0; j < tile.columns(); ++j) {
            const int row = range.rowBegin + i;
            const int column = range.columnBegin + j;
            const double expected = row == column ? 1.0 : directCosine(vectors, row, column);
            if (std::abs(tile.at(i, j) - expected) > 1e-5)
                QFAIL(qPrintable(QStringLiteral("cell %1, %2: %3 != %4").arg(row).arg(column).arg(tile.at(i, j)).arg(expected)));
        }
    }

    // Phrases in the tile get their own tooltip with the real score.
    const QPointF center = QRectF(view->viewport()->rect()).center();
    const QString tip = view->toolTipAt(center);
    QVERIFY2(tip.contains(QStringLiteral("<b>Row ")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("phrase ")), qPrintable(tip));

    // A click in the tile makes the phrase of that row the reference.
    const QRegularExpressionMatch match = QRegularExpression(QStringLiteral("<b>Row (\\d+):")).match(tip);
    QVERIFY(match.hasMatch());
    const int row = match.captured(1).toInt() - 1;
    QSignalSpy requested(view.get(), &ui::HeatmapView::referenceRequested);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, center.toPoint());
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toInt(), row);

    // Zoomed out to all 2,000 phrases, one tile covers the whole list.
    view->fitToWindow();
    QTRY_COMPARE_WITH_TIMEOUT(view->detailTile().rows(), PHRASES, 5000);
    QCOMPARE(view->detailTile().columns(), PHRASES);
}

// Single scores spread wider than block means. With the automatic range,
// the color bar must cover every score of the tile on screen, and each
// pixel of the tile must have its score's color on that color bar.
void TestLargeList::tileColorsReadOffColorBar()
{
    const embedding::EmbeddingSet vectors = randomVectors();
    const auto view = overviewView(vectors);
    const render::ColorScale blockScale = view->heatmapLayout().scale;
    QSignalSpy tileChanged(view.get(), &ui::HeatmapView::detailTileChanged);

    view->setZoom(20.0);
    QVERIFY(tileChanged.wait(5000));
    const math::SimilarityTile &tile = view->detailTile();
    QVERIFY(tile.rows() > 0);
    float low = tile.at(0, 0);
    float high = low;
    for (int i = 0; i < tile.rows(); ++i) {
        for (int j = 0; j < tile.columns(); ++j) {
            low = std::min(low, tile.at(i, j));
            high = std::max(high, tile.at(i, j));
        }
    }
    // The blocks' own range would clip some of these scores.
    QVERIFY2(low < blockScale.vmin || high > blockScale.vmax,
             qPrintable(QStringLiteral("tile %1..%2 inside %3..%4").arg(low).arg(high).arg(blockScale.vmin).arg(blockScale.vmax)));

    const render::ColorScale &scale = view->heatmapLayout().scale;
    QVERIFY2(scale.vmin <= low, qPrintable(QStringLiteral("%1 > %2").arg(scale.vmin).arg(low)));
    QVERIFY2(scale.vmax >= high, qPrintable(QStringLiteral("%1 < %2").arg(scale.vmax).arg(high)));

    // Pixels at cell centers, away from the labels pinned to the left and
    // top edges, each compared with its cell's color on the scale.
    const QImage pixels = view->viewport()->grab().toImage();
    const QRegularExpression cellPattern(QStringLiteral("<b>Row (\\d+):</b>.*<b>Column (\\d+):</b>"));
    const QSize size = view->viewport()->size();
    int checked = 0;
    for (int y = size.height() * 2 / 5; y < size.height() * 19 / 20; y += 23) {
        for (int x = size.width() * 2 / 5; x < size.width() * 19 / 20; x += 23) {
            // A point on a cell border or on a label matches no one cell.
            const QRegularExpressionMatch match = cellPattern.match(view->toolTipAt(QPointF(x, y)));
            if (!match.hasMatch() || !uniformAround(pixels, x, y))
                continue;
            const int row = match.captured(1).toInt() - 1 - tile.range().rowBegin;
            const int column = match.captured(2).toInt() - 1 - tile.range().columnBegin;
            const float score = tile.at(row, column);
            const QColor expected = render::colormapColor(scale.colormap, scale.position(score));
            const QColor actual = pixels.pixelColor(x, y);
            const int difference = std::max({std::abs(actual.red() - expected.red()),
                                             std::abs(actual.green() - expected.green()),
                                             std::abs(actual.blue() - expected.blue())});
            QVERIFY2(difference <= 6, qPrintable(QStringLiteral("pixel %1, %2 (score %3): %4, expected %5")
                                                     .arg(x).arg(y).arg(score)
                                                     .arg(actual.name(), expected.name())));
            ++checked;
        }
    }
    QVERIFY2(checked >= 50, qPrintable(QString::number(checked)));
}

// In a tile the arrow keys move by one phrase, not by one block of 50.
void TestLargeList::cursorMovesByPhraseInTile()
{
    const embedding::EmbeddingSet vectors = randomVectors();
    const auto view = overviewView(vectors);
    QSignalSpy tileChanged(view.get(), &ui::HeatmapView::detailTileChanged);
    view->setZoom(20.0);
    QVERIFY(tileChanged.wait(5000));
    QVERIFY(view->detailTile().rows() > 0);

    // The pointer over the center puts the cursor on that phrase.
    const QPoint center = view->viewport()->rect().center();
    QMouseEvent move(QEvent::MouseMove, QPointF(center), view->viewport()->mapToGlobal(QPointF(center)),
                     Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &move);
    const QRegularExpressionMatch match =
        QRegularExpression(QStringLiteral("<b>Row (\\d+):</b>")).match(view->toolTipAt(QPointF(center)));
    QVERIFY(match.hasMatch());
    const int row = match.captured(1).toInt() - 1;

    QSignalSpy requested(view.get(), &ui::HeatmapView::referenceRequested);
    view->setFocus();
    QTest::keyClick(view.get(), Qt::Key_Down);
    QTest::keyClick(view.get(), Qt::Key_Down);
    QTest::keyClick(view.get(), Qt::Key_Right);
    QTest::keyClick(view.get(), Qt::Key_Return);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().first().toInt(), row + 2);

    QTest::keyClick(view.get(), Qt::Key_Up);
    QTest::keyClick(view.get(), Qt::Key_Return);
    QCOMPARE(requested.count(), 2);
    QCOMPARE(requested.last().first().toInt(), row + 1);
}

void TestLargeList::imageExportUsesCoarseBlocks()
{
    const embedding::EmbeddingSet vectors = randomVectors();
    const auto view = overviewView(vectors);

    const render::HeatmapData data = view->imageExportData();
    QCOMPARE(data.matrix.size(), render::EXPORT_OVERVIEW_BLOCKS);
    QCOMPARE(data.phrases.size(), render::EXPORT_OVERVIEW_BLOCKS);
    QCOMPARE(data.phrases.first(), QStringLiteral("1–20"));
    const std::vector<int> bounds = math::blockBoundaries(PHRASES, render::EXPORT_OVERVIEW_BLOCKS);
    QVERIFY(std::abs(data.matrix.at(0, 99) - directBlockMean(vectors, bounds, 0, 99)) < 1e-5);
}

void TestLargeList::windowShowsOverviewWithScores()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const embedding::EmbeddingSet vectors = randomVectors();
    const QStringList phrases = phraseNames();
    QFile csv(dir.filePath(QStringLiteral("vectors.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly | QIODevice::Text));
    QTextStream out(&csv);
    out << "text";
    for (int d = 0; d < DIMENSIONS; ++d)
        out << ",v" << d;
    out << '\n';
    for (int row = 0; row < PHRASES; ++row) {
        out << phrases.at(row);
        for (int d = 0; d < DIMENSIONS; ++d)
            out << ',' << QString::number(vectors.row(row)[size_t(d)], 'g', 9);
        out << '\n';
    }
    csv.close();

    ui::MainWindow window;
    window.resize(1400, 850);
    window.show();
    window.workspace()->setMatrixLimits(SMALL_LIMITS);
    auto *table = window.findChild<QTableView *>();
    QVERIFY(table);
    QSignalSpy scoreResets(table->model(), &QAbstractItemModel::modelReset);
    QSignalSpy ready(window.workspace(), &workspace::Workspace::snapshotChanged);
    QVERIFY(window.documents()->importEmbeddingsFrom(csv.fileName()));
    QVERIFY(ready.wait(10000));
    // One ranking per result, although the reference index is announced
    // after the snapshot, because each ranking sorts every phrase.
    QCOMPARE(scoreResets.count(), 1);

    const workspace::Snapshot &snapshot = window.workspace()->snapshot();
    QVERIFY(!snapshot.hasFullMatrix());
    auto *view = window.findChild<ui::HeatmapView *>();
    QVERIFY(view);
    QVERIFY(view->isOverview());
    QCOMPARE(view->heatmapLayout().size, BLOCKS);
    auto *order = window.findChild<QComboBox *>(QStringLiteral("orderCombo"));
    QVERIFY(order);
    QVERIFY(!order->isEnabled());
    QVERIFY(order->toolTip().contains(QStringLiteral("full similarity matrix")));

    // The score table ranks every phrase against the reference from the
    // vectors: N dot products.
    const QAbstractItemModel *model = table->model();
    QCOMPARE(model->rowCount(), PHRASES);
    for (int row = 0; row < PHRASES; row += 97) {
        const int position = model->index(row, ui::ScoreTableModel::PositionColumn).data().toInt();
        const double score = model->index(row, ui::ScoreTableModel::ScoreColumn)
                                 .data(ui::ScoreTableModel::RawValueRole)
                                 .toDouble();
        const double expected = position == 1 ? 1.0 : directCosine(vectors, 0, position - 1);
        QVERIFY2(std::abs(score - expected) < 1e-5, qPrintable(QStringLiteral("phrase %1").arg(position)));
    }

    // Views that need the N x N matrix show a message naming the size and
    // the limit: near-duplicates, clusters, outliers and pair statistics.
    const QString count = QLocale().toString(PHRASES);
    int noted = 0;
    for (const QLabel *label : window.findChildren<QLabel *>()) {
        if (label->text().contains(QStringLiteral("needs the full similarity matrix"))) {
            ++noted;
            QVERIFY2(label->text().contains(count), qPrintable(label->text()));
            QVERIFY2(label->text().contains(QStringLiteral("500")), qPrintable(label->text()));
        }
    }
    QCOMPARE(noted, 4);

    // The map needs only the vectors, so it draws every phrase.
    auto *map = window.findChild<ui::analysis::MapView *>();
    QVERIFY(map);
    QTRY_VERIFY_WITH_TIMEOUT(map->projection().has_value(), 60000);
    QCOMPARE(map->projection()->points.size(), size_t(PHRASES));
    QCOMPARE(map->scatterMap()->pointCount(), PHRASES);

    // Switching to a metric that has no block means raises a warning, and
    // the scores stay cosine.
    QSignalSpy warned(window.workspace(), &workspace::Workspace::warningRaised);
    window.workspace()->setMetric(math::Metric::Euclidean);
    QCOMPARE(warned.count(), 1);
    QVERIFY2(warned.first().first().toString().contains(QStringLiteral("cosine")),
             qPrintable(warned.first().first().toString()));
    QCOMPARE(window.workspace()->snapshot().metric(), math::Metric::Cosine);
}

QTEST_MAIN(TestLargeList)
#include "tst_largelist.moc"
