#pragma once

#include "colormap.h"
#include "math/heatmaporder.h"
#include "math/similaritymatrix.h"

#include <QFont>
#include <QImage>
#include <QList>
#include <QRectF>
#include <QSize>
#include <QStringList>

#include <limits>
#include <vector>

class QPainter;

namespace embedscope::render {

// What the heatmap shows: the phrases in row order and their matrix.
struct HeatmapData
{
    QStringList phrases;
    math::SimilarityMatrix matrix;
    QString title;
    // Order that phrases and matrix are already in (see orderHeatmap()).
    // With a dendrogram, the tree is drawn beside the rows and above the
    // columns. Empty means the input order without a tree.
    math::HeatmapOrder order;
    // Cluster label per row position, drawn as a colored band between the
    // tree and the labels. Empty draws no band.
    std::vector<int> clusterBands;
};

// data rearranged by order: phrases, matrix and the order itself, so the
// renderer can draw order.dendrogram.
HeatmapData orderHeatmap(const HeatmapData &data, const math::HeatmapOrder &order);

// Default cap on the side of a preferred grid, in logical pixels. With
// labels and color bar, a PNG at scale 2 stays near 5,000 pixels a side,
// under the 128 MB that Qt's image reader (Qt 6.4) accepts by default.
// Without a cap, 1,000 phrases made a PNG of 30,000 pixels a side.
inline constexpr double DEFAULT_MAX_GRID_SIDE = 2000.0;

// How it is drawn. vmin/vmax of NaN mean "choose from the metric and data":
// 0..1 for cosine (as the reference notebook), the finite range otherwise.
struct HeatmapStyle
{
    ColormapKind colormap = ColormapKind::Automatic;
    double vmin = std::numeric_limits<double>::quiet_NaN();
    double vmax = std::numeric_limits<double>::quiet_NaN();
    // Fit the default range to the finite off-diagonal values, for any metric.
    // Modern models put most cosine scores in a narrow band near 1, which a
    // fixed 0..1 scale shows as one shade. The diagonal is then clipped.
    bool fitToData = false;
    // Paints the diagonal in the background color without numbers, because
    // self-similarity carries no information and would dominate the scale.
    bool maskDiagonal = false;
    // Color-bar caption in place of the metric name, such as
    // "Rank difference (A − B)" for a difference map. Empty keeps the metric.
    QString colorBarCaption;
    int decimals = 2;
    int maxLabelChars = 50;
    // Shorter length for the column labels, or 0 for maxLabelChars. Column
    // labels run down below the grid and so take height from a square grid,
    // while row labels longer than the column labels only take width that
    // the grid leaves spare.
    int maxColumnLabelChars = 0;
    // Largest side of the grid that preferredHeatmapSize chooses, in logical
    // pixels. Beyond it cells shrink, labels thin out and numbers go.
    double maxGridSide = DEFAULT_MAX_GRID_SIDE;
    bool annotate = true;
    // Family, size, weight and style set explicitly here override
    // renderFont(). A default-constructed QFont keeps the shared look.
    QFont font;
    QColor background = Qt::white;
};

// Color scale actually in use after defaults are resolved.
struct ColorScale
{
    double vmin = 0.0;
    double vmax = 1.0;
    bool reversed = false; // distances: dark means close
    // Concrete colormap, never Automatic.
    ColormapKind colormap = ColormapKind::Greens;

    // Colormap position of value in [0, 1], clipped to the range and turned
    // around when reversed. NaN stays NaN.
    double position(double value) const;
};

// Value ranges of a matrix that the color scale and the layout read,
// gathered in one pass, because a 10,000-phrase matrix has 100 million
// scores and scanning them once per layout made every zoom step slow.
struct MatrixSummary
{
    math::Metric metric = math::Metric::Cosine;
    // Finite range over every cell, NaN when no cell is finite.
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = std::numeric_limits<double>::quiet_NaN();
    // Finite range without the diagonal, NaN when there is none.
    double offDiagonalLow = std::numeric_limits<double>::quiet_NaN();
    double offDiagonalHigh = std::numeric_limits<double>::quiet_NaN();
    // True when a cell is NaN (a zero vector has no cosine).
    bool hasUndefined = false;
};

// Running ranges of the cells seen so far, in the form of a MatrixSummary.
class SummaryAccumulator
{
public:
    // Takes one cell; onDiagonal marks a phrase's score with itself.
    void add(float value, bool onDiagonal);
    MatrixSummary result(math::Metric metric) const;

private:
    double m_low = std::numeric_limits<double>::infinity();
    double m_high = -std::numeric_limits<double>::infinity();
    double m_offLow = std::numeric_limits<double>::infinity();
    double m_offHigh = -std::numeric_limits<double>::infinity();
    bool m_undefined = false;
};

MatrixSummary summarizeMatrix(const math::SimilarityMatrix &matrix);

// Resolves the range and colormap. Automatic becomes RedBlue when a finite
// value is negative, and then an automatic range is symmetric around 0.
ColorScale resolveColorScale(const math::SimilarityMatrix &matrix, const HeatmapStyle &style);
ColorScale resolveColorScale(const MatrixSummary &summary, const HeatmapStyle &style);

// Tick values for a color bar over scale: round steps of 1, 2, 2.5 or 5 times
// a power of ten, at most maxTicks of them, all inside the range.
QList<double> colorBarTicks(const ColorScale &scale, int maxTicks);

// Text of one cell: value with decimals decimals and a true minus sign, or
// "n/a" for NaN.
QString annotationText(double value, int decimals);

// Color-bar caption naming the metric, such as "Cosine similarity".
QString colorBarCaption(math::Metric metric);

// style.colorBarCaption when set, else the metric's caption.
QString colorBarCaption(const math::SimilarityMatrix &matrix, const HeatmapStyle &style);

// Fill of cells whose value is undefined (NaN), a grey that no colormap has.
inline const QColor NOT_AVAILABLE_FILL = QColor(0xd9, 0xd9, 0xd9);

// Where each part goes for one output size, in logical pixels. Margins come
// from the font metrics of the text as drawn, so no label is clipped.
struct HeatmapLayout
{
    QSizeF canvas;
    QRectF title;
    QRectF grid;
    QRectF rowLabels;
    QRectF columnLabels;
    QRectF colorBar;     // the color ramp itself
    QRectF colorBarAxis; // tick labels and caption, right of the ramp
    // Swatch explaining the n/a fill, under the color bar. It is empty when
    // every value is defined.
    QRectF notAvailableKey;
    // Dendrogram areas, left of the row labels and above the grid, and the
    // cluster bands at their inner edges. Empty without a dendrogram.
    QRectF rowTree;
    QRectF columnTree;
    QRectF rowBands;
    QRectF columnBands;
    double cellSize = 0.0;
    int size = 0;

    QFont titleFont;
    QFont labelFont;
    QFont annotationFont;
    QFont tickFont;
    // False when style.annotate is off or cells are too small for numbers
    // that can be read.
    bool annotate = false;
    // Every labelStep-th row and column is labelled when rows are thinner
    // than the smallest legible label font.
    int labelStep = 1;
    // Labels as drawn, elided with an ellipsis when they would not fit.
    QStringList rowLabelTexts;
    QStringList columnLabelTexts;
    ColorScale scale;
    QList<double> ticks;
    QStringList tickTexts;

    QRectF cellRect(int row, int column) const;
    // Row or column under point, or -1.
    int rowAt(QPointF point) const;
    int columnAt(QPointF point) const;
    int rowLabelAt(QPointF point) const;
    int columnLabelAt(QPointF point) const;
};

// Labels of one axis as shortened to maxChars, with their widths at the
// base label font.
struct LabelMeasurements
{
    int maxChars = 0;
    QStringList labels; // distinct, shortened, one per row
    std::vector<double> widths;
    double widest = 0.0;
    // Indices of the widest labels, which each layout measures exactly, and
    // the width of the widest label not among them.
    std::vector<int> widestIndices;
    double nextWidest = 0.0;
};

// Measurements that layoutHeatmap takes independent of the output size: the
// row and column labels with their widths, the widest cell and tick texts,
// and the color scale. A view that lays out the same data at many sizes
// (every zoom step) measures once and reuses this.
struct HeatmapMeasurements
{
    MatrixSummary summary;
    ColorScale scale;
    int size = 0;
    int labelPixels = 0; // pixel size of the font the widths were taken in
    LabelMeasurements rowLabels;
    LabelMeasurements columnLabels;
    double widestAnnotation = 0.0; // at labelPixels
    double widestTick = 0.0;       // at the tick font
};

// Label length of each axis that style sets.
int rowLabelChars(const HeatmapStyle &style);
int columnLabelChars(const HeatmapStyle &style);

// Measures data for style. Reuses summary when given, which must come from
// summarizeMatrix(data.matrix), so a caller that tries several label lengths
// scans the matrix once. Likewise copies the label measurements of earlier
// (taken for the same data and font) whose length matches an axis.
HeatmapMeasurements measureHeatmap(const HeatmapData &data, const HeatmapStyle &style,
                                   const MatrixSummary *summary = nullptr,
                                   const HeatmapMeasurements *earlier = nullptr);

HeatmapLayout layoutHeatmap(const HeatmapData &data, const HeatmapStyle &style, QSizeF size);
// The same layout from measurements that measureHeatmap took for this data
// and style. Costs O(rows) at most, plus eliding the labels that are too long.
HeatmapLayout layoutHeatmap(const HeatmapData &data, const HeatmapStyle &style, QSizeF size,
                            const HeatmapMeasurements &measured);

// Size at which every label fits without eliding and every annotation at a
// comfortable cell size. Large grids shrink toward a tight cell, and grids
// that would still exceed 2800 logical pixels (about 70 phrases at two
// decimals) drop the annotations instead. The grid's side stays within
// style.maxGridSide: at the default 2000, beyond about 130 phrases cells
// are thinner than a label, so only every few rows are labelled. Title and
// color bar keep their size.
QSizeF preferredHeatmapSize(const HeatmapData &data, const HeatmapStyle &style);

// Paints the heatmap as placed by layoutHeatmap for the same data and style,
// after filling layout.canvas with the background.
void paintHeatmap(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                  const HeatmapLayout &layout);

// Renders onto an image of round(logicalSize * scale) pixels with device
// pixel ratio 1, independent of any screen, and records the matching
// resolution (96 dpi times scale) in the image. Works without a display
// server. Returns a null image when logicalSize or scale is not positive, or
// when an image that large cannot be allocated.
QImage renderHeatmapImage(const HeatmapData &data, const HeatmapStyle &style, QSizeF logicalSize,
                          double scale);

} // namespace embedscope::render
