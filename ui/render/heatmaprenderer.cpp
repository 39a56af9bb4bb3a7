// Painting half of the heatmap renderer: draws a layout from layoutHeatmap on
// any QPainter, a widget's or an image's.
#include "heatmaprenderer.h"

#include "dendrogrampainter.h"
#include "heatmapspacing.h"
#include "paintarea.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPaintEngine>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace embedscope::render {

using namespace spacing;

namespace {

// Text and tick color, matplotlib's ".15" grey.
const QColor TEXT_COLOR(0x26, 0x26, 0x26);
const QColor NOT_AVAILABLE_TEXT(0x59, 0x59, 0x59);

// Lines between cells in the background color, as a share of the cell size,
// so neighbouring cells of one shade still read as separate cells.
constexpr double CELL_GAP_SHARE = 0.03;
constexpr double MAX_CELL_GAP = 2.0;
constexpr double MIN_CELL_FOR_GAP = 12.0;

// Resolution that makes an image at scale 1 print at its logical size.
constexpr double LOGICAL_DPI = 96.0;
constexpr double INCHES_PER_METER = 1.0 / 0.0254;

// Entries in the color-bar ramp, as many as matplotlib's lookup table.
constexpr int RAMP_STEPS = 256;

// Cells narrower than this many device pixels are drawn as a sampled image.
constexpr double SMALL_CELL_PIXELS = 3.0;

} // namespace

static QColor cellColor(const ColorScale &scale, double value)
{
    if (std::isnan(value))
        return NOT_AVAILABLE_FILL;
    return colormapColor(scale.colormap, scale.position(value));
}

static bool isMasked(const HeatmapStyle &style, int row, int column)
{
    return style.maskDiagonal && row == column;
}

static double cellGap(double cellSize)
{
    if (cellSize < MIN_CELL_FOR_GAP)
        return 0.0;
    return std::min(MAX_CELL_GAP, cellSize * CELL_GAP_SHARE);
}

// Draws text with its cap height centered on centerY, so digits and capitals
// sit in the optical middle and descenders hang below.
static void drawCenteredLine(QPainter &painter, const QString &text, double left, double centerY)
{
    const QFontMetricsF metrics(painter.font());
    painter.drawText(QPointF(left, centerY + metrics.capHeight() / 2), text);
}

// Rows and columns whose cells meet the area the painter can reach, as
// half-open ranges, so a zoomed-in view of a large matrix paints only what
// shows. Overestimates when the device transform is unusual.
struct VisibleCells
{
    int firstRow = 0;
    int endRow = 0;
    int firstColumn = 0;
    int endColumn = 0;
};

static VisibleCells visibleCells(const QPainter &painter, const HeatmapLayout &layout)
{
    const QRectF area = layout.grid & visiblePaintArea(painter);

    const auto index = [&layout](double offset) {
        return std::clamp(int(std::floor(offset / layout.cellSize)), 0, layout.size);
    };
    VisibleCells cells;
    if (area.isEmpty())
        return cells;
    cells.firstRow = index(area.top() - layout.grid.top());
    cells.endRow = std::min(layout.size, index(area.bottom() - layout.grid.top()) + 1);
    cells.firstColumn = index(area.left() - layout.grid.left());
    cells.endColumn = std::min(layout.size, index(area.right() - layout.grid.left()) + 1);
    return cells;
}

// Rows and columns whose labels can show: the rows visible at any x and
// the columns visible at any y, so a scrolled view skips the other labels.
static VisibleCells visibleLabels(const QPainter &painter, const HeatmapLayout &layout)
{
    HeatmapLayout band = layout;
    band.grid = QRectF(-1e9, layout.grid.top(), 2e9, layout.grid.height());
    const VisibleCells rows = visibleCells(painter, band);
    band.grid = QRectF(layout.grid.left(), -1e9, layout.grid.width(), 2e9);
    const VisibleCells columns = visibleCells(painter, band);

    VisibleCells cells = rows;
    cells.firstColumn = columns.firstColumn;
    cells.endColumn = columns.endColumn;
    return cells;
}

// Colors of the RAMP_STEPS colormap entries, so filling a pixel costs one
// table lookup instead of an interpolation.
static std::array<QRgb, RAMP_STEPS> colorTable(const ColorScale &scale)
{
    std::array<QRgb, RAMP_STEPS> table{};
    for (int entry = 0; entry < RAMP_STEPS; ++entry)
        table[size_t(entry)] = colormapColor(scale.colormap, (entry + 0.5) / RAMP_STEPS).rgb();
    return table;
}

// Paints the visible cells as one image drawn scaled with nearest-neighbour
// sampling: one image pixel per cell when cells are larger than a device
// pixel, else one per device pixel (the cell under the pixel centre). The
// image never exceeds the visible area in device pixels, so a frame costs
// the same at 100 and at 10,000 phrases, where filling one rectangle per
// cell would take seconds. A full image of a 10,000-phrase matrix would need
// 400 MB, which is why it is not built once and kept.
static void paintCellsAsImage(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                              const HeatmapLayout &layout)
{
    const VisibleCells cells = visibleCells(painter, layout);
    if (cells.endRow <= cells.firstRow || cells.endColumn <= cells.firstColumn)
        return;
    const QRectF area(layout.cellRect(cells.firstRow, cells.firstColumn).topLeft(),
                      layout.cellRect(cells.endRow - 1, cells.endColumn - 1).bottomRight());
    const QRect pixels = painter.deviceTransform().mapRect(area).toAlignedRect();
    if (pixels.isEmpty())
        return;

    const int rowCount = cells.endRow - cells.firstRow;
    const int columnCount = cells.endColumn - cells.firstColumn;
    const QSize imageSize(std::min(columnCount, pixels.width()), std::min(rowCount, pixels.height()));
    const std::array<QRgb, RAMP_STEPS> table = colorTable(layout.scale);
    const QRgb masked = style.background.rgb();
    const QRgb missing = NOT_AVAILABLE_FILL.rgb();
    const double rowsPerPixel = double(rowCount) / imageSize.height();
    const double columnsPerPixel = double(columnCount) / imageSize.width();

    std::vector<int> columns(size_t(imageSize.width()));
    for (int x = 0; x < imageSize.width(); ++x)
        columns[size_t(x)] = std::min(cells.endColumn - 1, cells.firstColumn + int((x + 0.5) * columnsPerPixel));

    // ColorScale::position() written out, because this loop runs once per
    // device pixel of the visible map.
    const ColorScale &scale = layout.scale;
    const double inverseSpan = 1.0 / (scale.vmax - scale.vmin);
    QImage image(imageSize, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        const int row = std::min(cells.endRow - 1, cells.firstRow + int((y + 0.5) * rowsPerPixel));
        const float *values = data.matrix.data() + qsizetype(row) * data.matrix.size();
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const int column = columns[size_t(x)];
            const double value = values[column];
            if (isMasked(style, row, column)) {
                line[x] = masked;
            } else if (std::isnan(value)) {
                line[x] = missing;
            } else {
                const double t = std::clamp((value - scale.vmin) * inverseSpan, 0.0, 1.0);
                const double position = scale.reversed ? 1.0 - t : t;
                line[x] = table[size_t(std::min(int(position * RAMP_STEPS), RAMP_STEPS - 1))];
            }
        }
    }

    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(area, image);
    painter.restore();
}

// True when cells are drawn as an image: always when they are thinner than
// SMALL_CELL_PIXELS device pixels, and on raster devices (the window, PNG
// export) whenever cells have no gap between them. Vector output (SVG)
// keeps one rectangle per cell while the cells can be seen as such.
static bool drawsCellsAsImage(const QPainter &painter, const HeatmapLayout &layout)
{
    if (layout.cellSize * painter.deviceTransform().m11() < SMALL_CELL_PIXELS)
        return true;
    const QPaintEngine *engine = painter.paintEngine();
    return engine && engine->type() == QPaintEngine::Raster && cellGap(layout.cellSize) == 0.0;
}

static void paintCells(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                       const HeatmapLayout &layout)
{
    if (drawsCellsAsImage(painter, layout)) {
        paintCellsAsImage(painter, data, style, layout);
        return;
    }

    // Aliased fills put shared edges on the same device pixel, so there is
    // no light seam between cells at fractional positions.
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);

    const VisibleCells cells = visibleCells(painter, layout);
    const double inset = cellGap(layout.cellSize) / 2;
    for (int row = cells.firstRow; row < cells.endRow; ++row) {
        for (int column = cells.firstColumn; column < cells.endColumn; ++column) {
            if (isMasked(style, row, column))
                continue;
            const QRectF cell = layout.cellRect(row, column).adjusted(inset, inset, -inset, -inset);
            painter.fillRect(cell, cellColor(layout.scale, data.matrix.at(row, column)));
        }
    }
    painter.restore();
}

static void paintAnnotations(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                             const HeatmapLayout &layout)
{
    if (!layout.annotate)
        return;

    painter.setFont(layout.annotationFont);
    const QFontMetricsF metrics(layout.annotationFont);
    const VisibleCells cells = visibleCells(painter, layout);
    for (int row = cells.firstRow; row < cells.endRow; ++row) {
        for (int column = cells.firstColumn; column < cells.endColumn; ++column) {
            if (isMasked(style, row, column))
                continue;
            const double value = data.matrix.at(row, column);
            const QString text = annotationText(value, style.decimals);
            const QColor fill = cellColor(layout.scale, value);
            painter.setPen(std::isnan(value) ? NOT_AVAILABLE_TEXT : annotationColorOn(fill));

            const QPointF center = layout.cellRect(row, column).center();
            drawCenteredLine(painter, text, center.x() - metrics.horizontalAdvance(text) / 2, center.y());
        }
    }
}

static void paintRowLabels(QPainter &painter, const HeatmapLayout &layout)
{
    painter.setFont(layout.labelFont);
    painter.setPen(TEXT_COLOR);
    const QFontMetricsF metrics(layout.labelFont);
    const VisibleCells cells = visibleLabels(painter, layout);
    const int first = cells.firstRow - cells.firstRow % layout.labelStep;
    for (int row = first; row < std::min(cells.endRow, int(layout.rowLabelTexts.size())); row += layout.labelStep) {
        const QString &text = layout.rowLabelTexts.at(row);
        const double left = layout.rowLabels.right() - metrics.horizontalAdvance(text);
        drawCenteredLine(painter, text, left, layout.cellRect(row, 0).center().y());
    }
}

// Column labels read bottom to top and end at the grid, like matplotlib's
// tick labels at rotation=90.
static void paintColumnLabels(QPainter &painter, const HeatmapLayout &layout)
{
    painter.setFont(layout.labelFont);
    painter.setPen(TEXT_COLOR);
    const QFontMetricsF metrics(layout.labelFont);
    const VisibleCells cells = visibleLabels(painter, layout);
    const int first = cells.firstColumn - cells.firstColumn % layout.labelStep;
    for (int column = first; column < std::min(cells.endColumn, int(layout.columnLabelTexts.size()));
         column += layout.labelStep) {
        const QString &text = layout.columnLabelTexts.at(column);
        painter.save();
        painter.translate(layout.cellRect(0, column).center().x(), layout.columnLabels.top());
        painter.rotate(-90.0);
        drawCenteredLine(painter, text, -metrics.horizontalAdvance(text), 0.0);
        painter.restore();
    }
}

// Ramp image with vmax at the top, one row per lookup-table entry.
static QImage rampImage(const ColorScale &scale)
{
    QImage ramp(1, RAMP_STEPS, QImage::Format_RGB32);
    for (int row = 0; row < RAMP_STEPS; ++row) {
        const double fraction = (row + 0.5) / RAMP_STEPS;
        const double value = scale.vmax - fraction * (scale.vmax - scale.vmin);
        ramp.setPixelColor(0, row, cellColor(scale, value));
    }
    return ramp;
}

static void paintColorBarTicks(QPainter &painter, const HeatmapLayout &layout)
{
    painter.setFont(layout.tickFont);
    painter.setPen(QPen(TEXT_COLOR, 1.0));
    const QRectF &ramp = layout.colorBar;
    const double span = layout.scale.vmax - layout.scale.vmin;

    for (qsizetype i = 0; i < layout.ticks.size(); ++i) {
        const double fraction = span > 0.0 ? (layout.ticks.at(i) - layout.scale.vmin) / span : 0.5;
        const double y = ramp.bottom() - fraction * ramp.height();
        painter.drawLine(QPointF(ramp.right(), y), QPointF(ramp.right() + TICK_LENGTH, y));
        drawCenteredLine(painter, layout.tickTexts.at(i), ramp.right() + TICK_LENGTH + TICK_TEXT_GAP, y);
    }
}

// Draws the metric caption along the right edge, reading bottom to top and
// centered on the ramp. A caption longer than the ramp is elided.
static void paintColorBarCaption(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                                 const HeatmapLayout &layout)
{
    painter.setFont(layout.labelFont.pixelSize() < layout.tickFont.pixelSize() ? layout.tickFont
                                                                                : layout.labelFont);
    const QFontMetricsF metrics(painter.font());
    const QString caption = metrics.elidedText(colorBarCaption(data.matrix, style), Qt::ElideRight,
                                               layout.colorBar.height());

    painter.save();
    painter.translate(layout.colorBarAxis.right() - metrics.descent(), layout.colorBar.center().y());
    painter.rotate(-90.0);
    painter.drawText(QPointF(-metrics.horizontalAdvance(caption) / 2, 0.0), caption);
    painter.restore();
}

static void paintNotAvailableKey(QPainter &painter, const HeatmapLayout &layout)
{
    if (layout.notAvailableKey.isEmpty())
        return;

    painter.fillRect(layout.notAvailableKey, NOT_AVAILABLE_FILL);
    painter.setFont(layout.tickFont);
    painter.setPen(TEXT_COLOR);
    drawCenteredLine(painter, annotationText(std::nan(""), 0), layout.notAvailableKey.right() + KEY_TEXT_GAP,
                     layout.notAvailableKey.center().y());
}

static void paintColorBar(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                          const HeatmapLayout &layout)
{
    painter.drawImage(layout.colorBar, rampImage(layout.scale));
    paintColorBarTicks(painter, layout);
    paintColorBarCaption(painter, data, style, layout);
    paintNotAvailableKey(painter, layout);
}

static void paintTitle(QPainter &painter, const HeatmapData &data, const HeatmapLayout &layout)
{
    if (layout.title.isEmpty())
        return;

    painter.setFont(layout.titleFont);
    painter.setPen(TEXT_COLOR);
    const QFontMetricsF metrics(layout.titleFont);
    const QString title = metrics.elidedText(data.title, Qt::ElideRight, layout.title.width());
    const double left = layout.title.center().x() - metrics.horizontalAdvance(title) / 2;
    painter.drawText(QPointF(left, layout.title.top() + metrics.ascent()), title);
}

void paintHeatmap(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                  const HeatmapLayout &layout)
{
    painter.save();
    painter.fillRect(QRectF(QPointF(0, 0), layout.canvas), style.background);
    paintTitle(painter, data, layout);

    if (layout.cellSize > 0.0 && layout.size == data.matrix.size()) {
        paintCells(painter, data, style, layout);
        paintAnnotations(painter, data, style, layout);
        paintRowLabels(painter, layout);
        paintColumnLabels(painter, layout);
        paintDendrograms(painter, data, layout);
        paintColorBar(painter, data, style, layout);
    }
    painter.restore();
}

QImage renderHeatmapImage(const HeatmapData &data, const HeatmapStyle &style, QSizeF logicalSize,
                          double scale)
{
    if (!(scale > 0.0) || !std::isfinite(scale) || logicalSize.isEmpty())
        return {};

    const QSize pixels(qRound(logicalSize.width() * scale), qRound(logicalSize.height() * scale));
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) // too large to allocate
        return {};
    image.setDevicePixelRatio(1.0);
    image.fill(style.background);

    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing
                           | QPainter::SmoothPixmapTransform);
    painter.scale(scale, scale);
    paintHeatmap(painter, data, style, layoutHeatmap(data, style, logicalSize));
    painter.end();

    // Set after painting. Fonts are sized in pixels, so the resolution only
    // records for viewers and printers how large the image should appear.
    const int dotsPerMeter = qRound(LOGICAL_DPI * scale * INCHES_PER_METER);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    return image;
}

} // namespace embedscope::render
