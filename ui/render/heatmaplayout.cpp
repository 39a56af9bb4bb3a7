// Layout half of the heatmap renderer: where the grid, labels, color bar and
// title go for a given output size, measured with the fonts as drawn.
#include "heatmaprenderer.h"

#include "heatmapspacing.h"
#include "renderfont.h"
#include "text/labels.h"

#include <QFontMetricsF>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace embedscope::render {

using namespace spacing;

namespace {

// Label size, about matplotlib's 10 pt at its 100 dpi default.
constexpr int BASE_PIXEL_SIZE = 13;
constexpr double TITLE_SCALE = 1.3;
constexpr double RAMP_WIDTH_SCALE = 1.2;
constexpr double MAX_ANNOTATION_SCALE = 1.4;
// Annotations grow with the cell up to MAX_ANNOTATION_SCALE, by this share
// of the cell size, so big cells do not hold tiny numbers.
constexpr double ANNOTATION_GROWTH = 0.22;

// Below these sizes text is hard to read at 96 dpi, so labels are thinned
// out and annotations hidden instead of drawn smaller.
constexpr int MIN_LABEL_PIXELS = 7;
constexpr double MIN_ANNOTATION_PIXELS = 8.0;

// Share of a cell's width that its number may fill.
constexpr double ANNOTATION_FILL = 0.8;
// Row pitch that a label of a given pixel size needs, as a multiple of it.
constexpr double LABEL_PITCH = 1.15;
// Rows up to about this share thinner than the label pitch are still all
// labelled.
constexpr double PITCH_TOLERANCE = 0.01;
// Color-bar ticks are at least this many tick-label heights apart.
constexpr double TICK_PITCH = 2.5;
constexpr int MAX_TICKS = 11;

// The grid keeps at least this share of the space it shares with the labels
// on each axis, and labels longer than the rest are elided.
constexpr double MIN_GRID_SHARE = 0.4;
// A comfortable cell fits its number plus this many font pixel sizes, a
// tight one (used for large grids) plus TIGHT_PADDING.
constexpr double COMFORT_PADDING = 1.2;
constexpr double TIGHT_PADDING = 0.8;
// Preferred grids shrink their cells towards a tight fit beyond this side.
constexpr double MAX_PREFERRED_GRID = 1400.0;

// Fonts of one layout before the label and annotation sizes are fitted.
struct BaseFonts
{
    QFont label;
    QFont title;
    QFont tick;
};

// Space the parts around the grid need, from the text as drawn.
struct Extents
{
    double rowLabels = 0.0;    // widest row label
    double columnLabels = 0.0; // widest column label, as a height
    double title = 0.0;    // title line plus gap, 0 without a title
    double colorBar = 0.0; // gap, ramp, ticks, tick labels and caption
    double key = 0.0;      // height of the n/a key under the color bar
    double rampWidth = 0.0;
    double tree = 0.0;     // dendrogram and cluster band, 0 without a tree
    double band = 0.0;     // cluster band inside tree
};

// Depth of a drawn dendrogram and width of the cluster band, as seaborn's
// clustermap gives its trees about a fifth of a small figure.
constexpr double TREE_DEPTH = 80.0;
constexpr double BAND_WIDTH = 10.0;
constexpr double BAND_GAP = 3.0;

} // namespace

static QFont withPixelSize(QFont font, double pixels)
{
    font.setPixelSize(std::max(1, int(std::floor(pixels))));
    return font;
}

// Applies the attributes that style.font sets explicitly to the render font.
// QFont::resolve() would not do: its result marks only style.font's own
// attributes as set, and QPainter takes every unmarked one from the device's
// default font, so text would be drawn in another size than it was measured.
static QFont labelFontFor(const HeatmapStyle &style)
{
    QFont font = renderFont(BASE_PIXEL_SIZE);
    const uint explicitAttributes = style.font.resolveMask();
    if (explicitAttributes & (QFont::FamilyResolved | QFont::FamiliesResolved))
        font.setFamilies(style.font.families());
    if (explicitAttributes & QFont::WeightResolved)
        font.setWeight(style.font.weight());
    if (explicitAttributes & QFont::StyleResolved)
        font.setStyle(style.font.style());

    // A point size would scale with the paint device's resolution; convert it
    // at 96 dpi so the window and every image lay out alike.
    if (explicitAttributes & QFont::SizeResolved) {
        const int pixels = style.font.pixelSize() > 0 ? style.font.pixelSize()
                                                      : qRound(style.font.pointSizeF() * 96.0 / 72.0);
        font.setPixelSize(std::max(1, pixels));
    }
    return font;
}

static BaseFonts baseFonts(const HeatmapStyle &style)
{
    const QFont label = labelFontFor(style);
    BaseFonts fonts{label, withPixelSize(label, label.pixelSize() * TITLE_SCALE),
                    withPixelSize(label, label.pixelSize() - 1)};
    fonts.title.setBold(true);
    return fonts;
}

int rowLabelChars(const HeatmapStyle &style)
{
    return style.maxLabelChars;
}

int columnLabelChars(const HeatmapStyle &style)
{
    return style.maxColumnLabelChars > 0 ? style.maxColumnLabelChars : style.maxLabelChars;
}

static QStringList fullLabels(const HeatmapData &data, int maxChars)
{
    const int n = data.matrix.size();
    QStringList labels = text::distinctLabels(data.phrases.mid(0, n), maxChars, data.order.permutation);
    while (labels.size() < n)
        labels.append(QString());
    return labels;
}

static double widestText(const QStringList &texts, const QFontMetricsF &metrics)
{
    double widest = 0.0;
    for (const QString &text : texts)
        widest = std::max(widest, metrics.horizontalAdvance(text));
    return widest;
}

// Cell texts of the most digits: fixed decimals make the extremes the
// widest, and "n/a" when a cell is undefined.
static QStringList widestAnnotationCandidates(const MatrixSummary &summary, int decimals)
{
    QStringList candidates;
    if (!std::isnan(summary.low))
        candidates << annotationText(summary.low, decimals) << annotationText(summary.high, decimals);
    if (summary.hasUndefined)
        candidates << annotationText(std::nan(""), decimals);
    return candidates;
}

// Fewest decimals that print every tick exactly, so 0.25 steps keep two.
static int tickDecimals(const QList<double> &ticks)
{
    for (int decimals = 0; decimals < 6; ++decimals) {
        const double factor = std::pow(10.0, decimals);
        const bool exact = std::all_of(ticks.cbegin(), ticks.cend(), [factor](double tick) {
            return std::abs(tick * factor - std::round(tick * factor)) < 1e-6;
        });
        if (exact)
            return decimals;
    }
    return 6;
}

static QStringList tickTexts(const QList<double> &ticks)
{
    const int decimals = tickDecimals(ticks);
    QStringList texts;
    for (double tick : ticks)
        texts.append(annotationText(tick, decimals));
    return texts;
}

// Tick labels can be measured before the ramp height is known by taking the
// widest over every tick count the ramp might get.
static double widestTickText(const ColorScale &scale, const QFontMetricsF &metrics)
{
    double widest = 0.0;
    for (int count = 2; count <= MAX_TICKS; ++count)
        widest = std::max(widest, widestText(tickTexts(colorBarTicks(scale, count)), metrics));
    return widest;
}

// Label widths scale with the pixel size because the render font is
// unhinted, but Qt rounds glyph advances to 1/64 pixel. This share (plus a
// pixel) is an estimate of the error, so labels within it are measured.
constexpr double WIDTH_ESTIMATE_ERROR = 0.03;
// Labels measured exactly at each label size, the widest at the base size.
constexpr size_t MEASURED_WIDEST_LABELS = 32;

static double widthFactor(const HeatmapMeasurements &measured, const QFont &font)
{
    return measured.labelPixels > 0 ? double(font.pixelSize()) / measured.labelPixels : 1.0;
}

// Upper bound of the label widths in font: the labels widest at the base
// size are measured exactly, and every other label is at most the next
// one's scaled width plus the estimate error.
static double widestLabelIn(const HeatmapMeasurements &measured, const LabelMeasurements &axis,
                            const QFont &font)
{
    const double factor = widthFactor(measured, font);
    const QFontMetricsF metrics(font);
    double widest = 0.0;
    for (int index : axis.widestIndices)
        widest = std::max(widest, metrics.horizontalAdvance(axis.labels.at(index)));
    if (axis.labels.size() > qsizetype(axis.widestIndices.size()))
        widest = std::max(widest, axis.nextWidest * factor * (1.0 + WIDTH_ESTIMATE_ERROR) + 1.0);
    return widest;
}

// Indices of the count widest labels at the base size, and the width of the
// widest label left out (0 when none is).
static void findWidestLabels(LabelMeasurements &axis, size_t count)
{
    std::vector<int> order(axis.widths.size());
    std::iota(order.begin(), order.end(), 0);
    count = std::min(count, order.size());
    const auto wider = [&axis](int a, int b) { return axis.widths[size_t(a)] > axis.widths[size_t(b)]; };
    std::partial_sort(order.begin(), order.begin() + qsizetype(count), order.end(), wider);

    axis.widestIndices.assign(order.begin(), order.begin() + qsizetype(count));
    double next = 0.0;
    for (size_t i = count; i < order.size(); ++i)
        next = std::max(next, axis.widths[order[i]]);
    axis.nextWidest = next;
}

// Measures the labels shortened to maxChars, or copies them from earlier
// when it has measured them at that length already.
static LabelMeasurements measureLabels(const HeatmapData &data, int maxChars, const QFontMetricsF &metrics,
                                       const HeatmapMeasurements *earlier)
{
    if (earlier && earlier->rowLabels.maxChars == maxChars)
        return earlier->rowLabels;
    if (earlier && earlier->columnLabels.maxChars == maxChars)
        return earlier->columnLabels;

    LabelMeasurements axis;
    axis.maxChars = maxChars;
    axis.labels = fullLabels(data, maxChars);
    axis.widths.reserve(size_t(axis.labels.size()));
    for (const QString &label : std::as_const(axis.labels)) {
        axis.widths.push_back(metrics.horizontalAdvance(label));
        axis.widest = std::max(axis.widest, axis.widths.back());
    }
    findWidestLabels(axis, MEASURED_WIDEST_LABELS);
    return axis;
}

HeatmapMeasurements measureHeatmap(const HeatmapData &data, const HeatmapStyle &style,
                                   const MatrixSummary *summary, const HeatmapMeasurements *earlier)
{
    HeatmapMeasurements measured;
    measured.summary = summary ? *summary : summarizeMatrix(data.matrix);
    measured.scale = resolveColorScale(measured.summary, style);
    measured.size = data.matrix.size();

    const BaseFonts fonts = baseFonts(style);
    const QFontMetricsF labelMetrics(fonts.label);
    measured.labelPixels = fonts.label.pixelSize();
    measured.rowLabels = measureLabels(data, rowLabelChars(style), labelMetrics, earlier);
    measured.columnLabels = measureLabels(data, columnLabelChars(style), labelMetrics, &measured);
    measured.widestAnnotation =
        widestText(widestAnnotationCandidates(measured.summary, style.decimals), labelMetrics);
    measured.widestTick = widestTickText(measured.scale, QFontMetricsF(fonts.tick));
    return measured;
}

static Extents measureExtents(const HeatmapData &data, const BaseFonts &fonts, const HeatmapMeasurements &measured)
{
    const QFontMetricsF labelMetrics(fonts.label);

    Extents extents;
    extents.rowLabels = measured.rowLabels.widest;
    extents.columnLabels = measured.columnLabels.widest;
    if (!data.title.isEmpty())
        extents.title = QFontMetricsF(fonts.title).height() + TITLE_GAP;

    extents.rampWidth = std::round(fonts.label.pixelSize() * RAMP_WIDTH_SCALE);
    extents.colorBar = COLOR_BAR_GAP + extents.rampWidth + TICK_LENGTH + TICK_TEXT_GAP + measured.widestTick
                       + CAPTION_GAP + labelMetrics.height();

    if (measured.summary.hasUndefined)
        extents.key = std::max(extents.rampWidth, labelMetrics.height());

    if (data.order.dendrogram && data.order.dendrogram->leafCount() == data.matrix.size()) {
        extents.band = data.clusterBands.empty() ? 0.0 : BAND_WIDTH + BAND_GAP;
        extents.tree = TREE_DEPTH + extents.band + LABEL_GAP;
    }
    return extents;
}

// Elides label to width but keeps the " #k" suffix that distinctLabels adds,
// so labels it made distinct stay distinct when shortened further.
static QString elideLabel(const QString &label, const QFontMetricsF &metrics, double width)
{
    if (metrics.horizontalAdvance(label) <= width)
        return label;

    static const QRegularExpression suffixPattern(QStringLiteral(" #\\d+$"));
    const QRegularExpressionMatch suffix = suffixPattern.match(label);
    if (!suffix.hasMatch())
        return metrics.elidedText(label, Qt::ElideRight, width);

    const QString tail = suffix.captured();
    const double headWidth = width - metrics.horizontalAdvance(tail);
    return metrics.elidedText(label.left(suffix.capturedStart()), Qt::ElideRight, headWidth) + tail;
}

// Elides only the labels whose estimated width may exceed width, because
// measuring every label of a 10,000-phrase map made each layout slow.
static QStringList elideLabels(const HeatmapMeasurements &measured, const LabelMeasurements &axis,
                               const QFont &font, double width)
{
    QStringList texts = axis.labels;
    if (widestLabelIn(measured, axis, font) <= width)
        return texts;

    const QFontMetricsF metrics(font);
    const double factor = widthFactor(measured, font);
    for (qsizetype i = 0; i < texts.size(); ++i) {
        if (axis.widths[size_t(i)] * factor * (1.0 + WIDTH_ESTIMATE_ERROR) + 1.0 > width)
            texts[i] = elideLabel(texts.at(i), metrics, width);
    }
    return texts;
}

static void placeTrees(HeatmapLayout &layout, const Extents &extents, double left)
{
    if (extents.tree <= 0.0)
        return;

    const QRectF &grid = layout.grid;
    layout.rowTree = QRectF(left, grid.top(), TREE_DEPTH, grid.height());
    layout.columnTree = QRectF(grid.left(), grid.top() - extents.tree, grid.width(), TREE_DEPTH);
    if (extents.band > 0.0) {
        layout.rowBands = QRectF(layout.rowTree.right() + BAND_GAP, grid.top(), BAND_WIDTH, grid.height());
        layout.columnBands = QRectF(grid.left(), layout.columnTree.bottom() + BAND_GAP, grid.width(), BAND_WIDTH);
    }
}

// Places the grid, labels and color bar in size for label extents measured
// with layout.labelFont, eliding labels that would squeeze the grid.
static void placeParts(HeatmapLayout &layout, const Extents &extents, QSizeF size)
{
    // Spans that the grid shares with the row labels and with the column
    // labels (or the n/a key, when that is taller).
    const double spanWidth = size.width() - 2 * PADDING - LABEL_GAP - extents.colorBar - extents.tree;
    const double spanHeight = size.height() - 2 * PADDING - extents.title - LABEL_GAP - extents.tree;

    const double minGrid = MIN_GRID_SHARE * std::min(spanWidth, spanHeight);
    const double columnHeight = std::clamp(spanHeight - minGrid, 0.0, extents.columnLabels);
    const double bottomText = std::max(columnHeight, extents.key);

    // Row labels claim as much width as the column labels take height. The
    // rest of a longer row label only gets width that the square grid, sized
    // by that claim, leaves spare, so it never makes the grid smaller.
    const double claimedRowWidth =
        std::clamp(spanWidth - minGrid, 0.0, std::min(extents.rowLabels, extents.columnLabels));
    const double side = std::max(0.0, std::min(spanWidth - claimedRowWidth, spanHeight - bottomText));
    const double rowWidth = extents.rowLabels > extents.columnLabels
                                ? std::clamp(spanWidth - side, claimedRowWidth, extents.rowLabels)
                                : claimedRowWidth;
    layout.cellSize = side / layout.size;

    // Center the block of grid and surrounding text in the canvas.
    const double blockWidth = extents.tree + rowWidth + LABEL_GAP + side + extents.colorBar;
    const double blockHeight = extents.title + extents.tree + side + LABEL_GAP + bottomText;
    const double left = (size.width() - blockWidth) / 2;
    const double top = (size.height() - blockHeight) / 2;

    layout.grid = QRectF(left + extents.tree + rowWidth + LABEL_GAP, top + extents.title + extents.tree, side, side);
    layout.rowLabels = QRectF(left + extents.tree, layout.grid.top(), rowWidth, side);
    placeTrees(layout, extents, left);
    layout.columnLabels = QRectF(layout.grid.left(), layout.grid.bottom() + LABEL_GAP, side, columnHeight);
    layout.colorBar = QRectF(layout.grid.right() + COLOR_BAR_GAP, layout.grid.top(), extents.rampWidth, side);
    layout.colorBarAxis = QRectF(layout.colorBar.right(), layout.grid.top(),
                                 extents.colorBar - COLOR_BAR_GAP - extents.rampWidth, side);
    if (extents.key > 0.0) {
        layout.notAvailableKey = QRectF(layout.colorBar.left(), layout.grid.bottom() + LABEL_GAP,
                                        extents.rampWidth, extents.key);
    }
}

// Centers the title over the grid when it fits there, else over the canvas,
// where paintHeatmap elides it to the rectangle's width.
static void placeTitle(HeatmapLayout &layout, const QString &title, double top)
{
    if (title.isEmpty())
        return;

    const QFontMetricsF metrics(layout.titleFont);
    const double width = metrics.horizontalAdvance(title) + 1.0;
    const double center = layout.grid.isValid() ? layout.grid.center().x() : layout.canvas.width() / 2;
    const double room = 2 * std::min(center - PADDING, layout.canvas.width() - PADDING - center);
    if (width <= room)
        layout.title = QRectF(center - width / 2, top, width, metrics.height());
    else
        layout.title = QRectF(PADDING, top, std::max(0.0, layout.canvas.width() - 2 * PADDING), metrics.height());
}

// Places the parts with the largest label font, down from the base size,
// whose line pitch fits the resulting rows. Each smaller font narrows the
// margins and so widens the rows. Below MIN_LABEL_PIXELS only every
// labelStep-th row is labelled. Sizes are tried on estimated label widths,
// and the chosen one is placed again with the widest label measured.
static void placeWithFittingLabels(HeatmapLayout &layout, Extents extents, const HeatmapMeasurements &measured,
                                   const QFont &base, QSizeF size)
{
    for (int pixels = base.pixelSize();; --pixels) {
        layout.labelFont = withPixelSize(base, pixels);
        const double factor = widthFactor(measured, layout.labelFont);
        extents.rowLabels = measured.rowLabels.widest * factor;
        extents.columnLabels = measured.columnLabels.widest * factor;
        placeParts(layout, extents, size);
        if (layout.cellSize >= pixels * LABEL_PITCH || pixels <= MIN_LABEL_PIXELS)
            break;
    }
    extents.rowLabels = widestLabelIn(measured, measured.rowLabels, layout.labelFont);
    extents.columnLabels = widestLabelIn(measured, measured.columnLabels, layout.labelFont);
    placeParts(layout, extents, size);

    // The tolerance matters because the exact label width measured above
    // can take a fraction of a pixel from a grid that preferredHeatmapSize
    // sized to the pitch, and the pitch leaves 15 % of the font size between
    // lines anyway.
    const double pitch = layout.labelFont.pixelSize() * LABEL_PITCH;
    const double steps = pitch / layout.cellSize - PITCH_TOLERANCE;
    layout.labelStep = layout.cellSize > 0.0 ? std::max(1, int(std::ceil(steps))) : 1;
}

static void fitAnnotations(HeatmapLayout &layout, const HeatmapMeasurements &measured, const HeatmapStyle &style,
                           const QFont &base)
{
    const double widest = measured.widestAnnotation;
    const double basePixels = base.pixelSize();

    double pixels = std::clamp(layout.cellSize * ANNOTATION_GROWTH, basePixels, basePixels * MAX_ANNOTATION_SCALE);
    if (widest > 0.0)
        pixels = std::min(pixels, basePixels * layout.cellSize * ANNOTATION_FILL / widest);
    pixels = std::min(pixels, layout.cellSize / LABEL_PITCH);

    layout.annotationFont = withPixelSize(base, pixels);
    layout.annotate = style.annotate && std::floor(pixels) >= MIN_ANNOTATION_PIXELS;
}

static void fitTicks(HeatmapLayout &layout, const QFont &tickFont)
{
    const double pitch = QFontMetricsF(tickFont).height() * TICK_PITCH;
    const int count = std::clamp(int(layout.colorBar.height() / pitch) + 1, 2, MAX_TICKS);
    layout.ticks = colorBarTicks(layout.scale, count);
    layout.tickTexts = tickTexts(layout.ticks);
    layout.tickFont = tickFont;
}

HeatmapLayout layoutHeatmap(const HeatmapData &data, const HeatmapStyle &style, QSizeF size)
{
    return layoutHeatmap(data, style, size, measureHeatmap(data, style));
}

HeatmapLayout layoutHeatmap(const HeatmapData &data, const HeatmapStyle &style, QSizeF size,
                            const HeatmapMeasurements &measured)
{
    Q_ASSERT(measured.size == data.matrix.size());
    Q_ASSERT(measured.rowLabels.maxChars == rowLabelChars(style));
    Q_ASSERT(measured.columnLabels.maxChars == columnLabelChars(style));

    HeatmapLayout layout;
    layout.canvas = size;
    layout.size = data.matrix.size();
    layout.scale = measured.scale;

    const BaseFonts fonts = baseFonts(style);
    layout.titleFont = fonts.title;
    layout.labelFont = fonts.label;

    const Extents extents = measureExtents(data, fonts, measured);
    if (layout.size > 0)
        placeWithFittingLabels(layout, extents, measured, fonts.label, size);

    if (layout.cellSize > 0.0) {
        layout.rowLabelTexts = elideLabels(measured, measured.rowLabels, layout.labelFont, layout.rowLabels.width());
        layout.columnLabelTexts =
            elideLabels(measured, measured.columnLabels, layout.labelFont, layout.columnLabels.height());
        fitAnnotations(layout, measured, style, fonts.label);
        fitTicks(layout, fonts.tick);
    }

    const double blockTop = layout.cellSize > 0.0 ? layout.grid.top() - extents.tree - extents.title : PADDING;
    placeTitle(layout, data.title, blockTop);
    return layout;
}

static double preferredCellSize(const HeatmapData &data, const HeatmapStyle &style, const QFont &labelFont,
                                double widest)
{
    const int n = data.matrix.size();
    const double pixels = labelFont.pixelSize();

    const double plain = pixels * LABEL_PITCH;
    const double comfortable = std::max(widest + COMFORT_PADDING * pixels, 2 * plain);
    const double tight = std::max(widest + TIGHT_PADDING * pixels, plain);
    const double shrunk = MAX_PREFERRED_GRID / n;

    // Numbers that need a grid far larger than MAX_PREFERRED_GRID would make
    // an image too large to view whole; such grids are drawn without them.
    // Either way the cells then shrink to keep the grid within
    // style.maxGridSide, and layoutHeatmap drops numbers that no longer fit.
    const double capped = style.maxGridSide / n;
    if (!style.annotate || n * tight > 2 * MAX_PREFERRED_GRID)
        return std::min(std::max(plain, std::min(comfortable, shrunk)), capped);
    return std::min(std::max(tight, std::min(comfortable, shrunk)), capped);
}

QSizeF preferredHeatmapSize(const HeatmapData &data, const HeatmapStyle &style)
{
    const BaseFonts fonts = baseFonts(style);
    const HeatmapMeasurements measured = measureHeatmap(data, style);
    const Extents extents = measureExtents(data, fonts, measured);
    const int n = data.matrix.size();
    const double titleWidth = QFontMetricsF(fonts.title).horizontalAdvance(data.title) + 2 * PADDING + 1.0;

    if (n == 0)
        return QSizeF(std::ceil(std::max(400.0, titleWidth)), 300.0);

    // The grid is large enough that no label is elided, that the caption
    // fits along the color bar, and that the color bar gets three ticks.
    const QFontMetricsF labelMetrics(fonts.label);
    double side = n * preferredCellSize(data, style, fonts.label, measured.widestAnnotation);
    const double widestLabel = std::max(extents.rowLabels, extents.columnLabels);
    side = std::max(side, widestLabel * MIN_GRID_SHARE / (1.0 - MIN_GRID_SHARE) + 1.0);
    side = std::max(side, labelMetrics.horizontalAdvance(colorBarCaption(data.matrix, style)) + 1.0);
    side = std::max(side, 2 * TICK_PITCH * QFontMetricsF(fonts.tick).height() + 1.0);

    const double width = 2 * PADDING + extents.tree + extents.rowLabels + LABEL_GAP + side + extents.colorBar;
    const double height =
        2 * PADDING + extents.title + extents.tree + side + LABEL_GAP + std::max(extents.columnLabels, extents.key);
    return QSizeF(std::ceil(std::max(width, titleWidth)), std::ceil(height));
}

QRectF HeatmapLayout::cellRect(int row, int column) const
{
    return QRectF(grid.left() + column * cellSize, grid.top() + row * cellSize, cellSize, cellSize);
}

static int indexAlong(double offset, double cellSize, int count)
{
    if (cellSize <= 0.0 || offset < 0.0)
        return -1;
    const int index = int(offset / cellSize);
    return index < count ? index : -1;
}

int HeatmapLayout::rowAt(QPointF point) const
{
    if (!grid.contains(point))
        return -1;
    return indexAlong(point.y() - grid.top(), cellSize, size);
}

int HeatmapLayout::columnAt(QPointF point) const
{
    if (!grid.contains(point))
        return -1;
    return indexAlong(point.x() - grid.left(), cellSize, size);
}

int HeatmapLayout::rowLabelAt(QPointF point) const
{
    if (!rowLabels.contains(point))
        return -1;
    return indexAlong(point.y() - rowLabels.top(), cellSize, size);
}

int HeatmapLayout::columnLabelAt(QPointF point) const
{
    if (!columnLabels.contains(point))
        return -1;
    return indexAlong(point.x() - columnLabels.left(), cellSize, size);
}

} // namespace embedscope::render
