// The window's heatmap on a 10,000-phrase matrix: the fitted map shows
// every cell, zooming keeps the cell under the pointer, and the pixels and
// the tooltip there belong to that cell.
#include "heatmapview.h"

#include "math/similaritymatrix.h"
#include "render/colormap.h"

#include <QHelpEvent>
#include <QLocale>
#include <QScrollBar>
#include <QThreadPool>
#include <QTest>
#include <QToolTip>
#include <QWheelEvent>

#include <random>

using namespace embedscope;

namespace {

constexpr int PHRASES = 10000;
constexpr int DIMENSIONS = 64;
// Cell that the zoom tests aim at, away from the diagonal and the edges.
constexpr int TARGET_ROW = 6123;
constexpr int TARGET_COLUMN = 2471;

} // namespace

class TestHeatmapView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void fitShowsWholeMap();
    void zoomKeepsCellUnderPointer();
    void tooltipNamesPairUnderPointer();
    void pixelsHaveColormapColor();
    void orderedDataOutlastsClustering();

private:
    QPointF viewportPointOf(int row, int column) const;
    void zoomInAt(QPointF point, double minimumCell);

    render::HeatmapData m_data;
    std::unique_ptr<ui::HeatmapView> m_view;
};

// Cosine similarities of seeded random vectors, and phrases such as "p17x"
// that no other phrase contains.
static render::HeatmapData randomData(int phrases = PHRASES)
{
    embedding::EmbeddingSet vectors(phrases, DIMENSIONS);
    std::mt19937 generator(3);
    std::normal_distribution<float> normal;
    for (size_t i = 0; i < size_t(phrases) * DIMENSIONS; ++i)
        vectors.data()[i] = normal(generator);

    render::HeatmapData data;
    data.matrix = math::computeSimilarity(vectors, math::Metric::Cosine);
    for (int i = 0; i < phrases; ++i)
        data.phrases.append(QStringLiteral("p%1x").arg(i));
    return data;
}

void TestHeatmapView::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    m_data = randomData();
}

void TestHeatmapView::init()
{
    m_view = std::make_unique<ui::HeatmapView>();
    m_view->resize(900, 700);
    m_view->show();
    m_view->setData(m_data);
    QCOMPARE(m_view->data().phrases.size(), PHRASES);
}

QPointF TestHeatmapView::viewportPointOf(int row, int column) const
{
    const QPointF scroll(m_view->horizontalScrollBar()->value(), m_view->verticalScrollBar()->value());
    return m_view->heatmapLayout().cellRect(row, column).center() - scroll;
}

// Turns the wheel with Ctrl held at point until cells are minimumCell wide.
void TestHeatmapView::zoomInAt(QPointF point, double minimumCell)
{
    for (int notch = 0; notch < 60 && m_view->heatmapLayout().cellSize < minimumCell; ++notch) {
        QWheelEvent wheel(point, m_view->viewport()->mapToGlobal(point), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_view->viewport(), &wheel);
    }
    QVERIFY(m_view->heatmapLayout().cellSize >= minimumCell);
}

void TestHeatmapView::fitShowsWholeMap()
{
    const render::HeatmapLayout &layout = m_view->heatmapLayout();
    QVERIFY(layout.cellSize > 0.0);
    QVERIFY(QRectF(m_view->viewport()->rect()).contains(layout.grid));
    QCOMPARE(m_view->horizontalScrollBar()->maximum(), 0);
    QCOMPARE(m_view->verticalScrollBar()->maximum(), 0);
}

void TestHeatmapView::zoomKeepsCellUnderPointer()
{
    const QPointF anchor = viewportPointOf(TARGET_ROW, TARGET_COLUMN);
    zoomInAt(anchor, 6.0);

    const render::HeatmapLayout &layout = m_view->heatmapLayout();
    const QPointF content = anchor + QPointF(m_view->horizontalScrollBar()->value(),
                                             m_view->verticalScrollBar()->value());
    QCOMPARE(layout.rowAt(content), TARGET_ROW);
    QCOMPARE(layout.columnAt(content), TARGET_COLUMN);
}

void TestHeatmapView::tooltipNamesPairUnderPointer()
{
    const QPointF anchor = viewportPointOf(TARGET_ROW, TARGET_COLUMN);
    zoomInAt(anchor, 6.0);

    const QPoint point = anchor.toPoint();
    QHelpEvent help(QEvent::ToolTip, point, m_view->viewport()->mapToGlobal(point));
    QApplication::sendEvent(m_view->viewport(), &help);

    const QString text = QToolTip::text();
    const QString score = QLocale().toString(double(m_data.matrix.at(TARGET_ROW, TARGET_COLUMN)), 'f', 3);
    QVERIFY2(text.contains(QStringLiteral("p%1x").arg(TARGET_ROW)), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("p%1x").arg(TARGET_COLUMN)), qPrintable(text));
    QVERIFY2(text.contains(score), qPrintable(text));
    QToolTip::hideText();
}

void TestHeatmapView::pixelsHaveColormapColor()
{
    zoomInAt(viewportPointOf(TARGET_ROW, TARGET_COLUMN), 6.0);
    const QImage frame = m_view->viewport()->grab().toImage();
    const render::ColorScale &scale = m_view->heatmapLayout().scale;
    const qreal ratio = frame.devicePixelRatio();

    // Several cells of one row, so a frame painted from the wrong rows or
    // columns fails on the values that differ.
    for (int column = TARGET_COLUMN - 3; column <= TARGET_COLUMN + 3; ++column) {
        const double value = m_data.matrix.at(TARGET_ROW, column);
        const QColor expected = render::colormapColor(scale.colormap, scale.position(value));
        const QPoint pixel = (viewportPointOf(TARGET_ROW, column) * ratio).toPoint();
        const QColor actual = frame.pixelColor(pixel);

        // The renderer looks colors up in a 256-entry table, so a channel
        // may differ from the exact colormap by a few units.
        const QString where = QStringLiteral("column %1, value %2: expected %3, got %4")
                                  .arg(column)
                                  .arg(value)
                                  .arg(expected.name(), actual.name());
        QVERIFY2(std::abs(actual.red() - expected.red()) <= 4, qPrintable(where));
        QVERIFY2(std::abs(actual.green() - expected.green()) <= 4, qPrintable(where));
        QVERIFY2(std::abs(actual.blue() - expected.blue()) <= 4, qPrintable(where));
    }
}

// Data given in its own order replaces a clustering that is still running
// on a worker thread for earlier data, and the clustering's result is
// dropped when it arrives.
void TestHeatmapView::orderedDataOutlastsClustering()
{
    ui::HeatmapView view;
    view.resize(600, 500);
    math::OrderRequest clustered;
    clustered.mode = math::OrderMode::Clustered;
    view.setOrder(clustered);
    view.setData(randomData(1000)); // large enough to cluster in the background

    render::HeatmapData ordered = randomData(5);
    ordered.order.permutation = {4, 3, 2, 1, 0};
    view.setOrderedData(ordered);
    QCOMPARE(view.data().phrases, ordered.phrases);

    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QCOMPARE(view.data().phrases, ordered.phrases);
    QCOMPARE(view.data().order.permutation, ordered.order.permutation);
}

QTEST_MAIN(TestHeatmapView)
#include "tst_heatmapview.moc"
