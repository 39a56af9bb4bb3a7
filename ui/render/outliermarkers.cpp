#include "outliermarkers.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace embedscope::render {

// Space between a label's text and its marker, and the marker's diameter
// limits in logical pixels: large enough to spot on a 1,000-phrase overview
// whose rows are thinner than a pixel.
static constexpr double MARKER_GAP = 2.0;
static constexpr double MIN_MARKER = 5.0;
static constexpr double MAX_MARKER = 9.0;

// Opacity of the marker colour in the tint behind a flagged label.
static constexpr int TINT_ALPHA = 45;

QColor outlierMarkerColor()
{
    return QColor(0xD5, 0x5E, 0x00);
}

// Text colour of a flagged label: the marker colour darkened until it
// reads as well as the black labels on the light tint.
static QColor outlierTextColor()
{
    return QColor(0xA3, 0x3A, 0x00);
}

static double markerSize(const HeatmapLayout &layout)
{
    return std::clamp(QFontMetricsF(layout.labelFont).capHeight(), MIN_MARKER, MAX_MARKER);
}

// Flagged labels are redrawn in their own colour only when every row has a
// label. With thinner rows the labels overlap their cells, so only the
// marker and a see-through tint are added.
static bool redrawsLabels(const HeatmapLayout &layout)
{
    return layout.labelStep == 1;
}

// Text of a redrawn flagged label: the renderer's label, shortened further
// so that the marker fits before it within length.
static QString flaggedLabel(const HeatmapLayout &layout, const QString &text, double length)
{
    const QFontMetricsF metrics(layout.labelFont);
    const double room = length - markerSize(layout) - MARKER_GAP;
    return metrics.horizontalAdvance(text) <= room ? text : metrics.elidedText(text, Qt::ElideRight, room);
}

// Length of the label text at position as drawn with its marker, or 0 when
// the renderer skips that label (every labelStep-th one is drawn).
static double labelAdvance(const HeatmapLayout &layout, const QStringList &texts, int position, double length)
{
    if (position % layout.labelStep != 0)
        return 0.0;
    const QString text = redrawsLabels(layout) ? flaggedLabel(layout, texts.value(position), length)
                                               : texts.value(position);
    return QFontMetricsF(layout.labelFont).horizontalAdvance(text);
}

QRectF outlierMarkerRect(const HeatmapLayout &layout, int position, bool rowLabel)
{
    if (position < 0 || position >= layout.size)
        return {};

    const double size = markerSize(layout);
    const QPointF cell = layout.cellRect(position, position).center();
    if (rowLabel) {
        // Row labels end at the grid, so the marker goes left of the text.
        const double advance = labelAdvance(layout, layout.rowLabelTexts, position, layout.rowLabels.width());
        const double left = std::max(layout.rowLabels.left(), layout.rowLabels.right() - advance - MARKER_GAP - size);
        return QRectF(left, cell.y() - size / 2, size, size);
    }
    // Column labels start at the grid and run down, so the marker goes below.
    const double advance = labelAdvance(layout, layout.columnLabelTexts, position, layout.columnLabels.height());
    const double top = std::min(layout.columnLabels.bottom() - size, layout.columnLabels.top() + advance + MARKER_GAP);
    return QRectF(cell.x() - size / 2, top, size, size);
}

// Covers the renderer's label at position with an opaque tint and draws it
// again, shortened to make room for the marker, in the outlier colour.
// NOTE: this repeats the label placement of paintRowLabels() and
// paintColumnLabels() in heatmaprenderer.cpp; a change there must be made
// here too, or flagged labels will sit beside their originals.
static void redrawLabels(QPainter &painter, const HeatmapLayout &layout, int position, const QColor &tint)
{
    const QRectF cell = layout.cellRect(position, position);
    const QFontMetricsF metrics(layout.labelFont);
    painter.fillRect(QRectF(layout.rowLabels.left(), cell.top(), layout.rowLabels.width(), cell.height()), tint);
    painter.fillRect(QRectF(cell.left(), layout.columnLabels.top(), cell.width(), layout.columnLabels.height()), tint);

    painter.setPen(outlierTextColor());
    const QString row = flaggedLabel(layout, layout.rowLabelTexts.value(position), layout.rowLabels.width());
    painter.drawText(QPointF(layout.rowLabels.right() - metrics.horizontalAdvance(row),
                             cell.center().y() + metrics.capHeight() / 2),
                     row);

    const QString column = flaggedLabel(layout, layout.columnLabelTexts.value(position), layout.columnLabels.height());
    painter.save();
    painter.translate(cell.center().x(), layout.columnLabels.top());
    painter.rotate(-90.0);
    painter.drawText(QPointF(-metrics.horizontalAdvance(column), metrics.capHeight() / 2), column);
    painter.restore();
}

void paintOutlierMarkers(QPainter &painter, const HeatmapLayout &layout, const std::vector<int> &positions,
                         const QColor &background)
{
    const QColor marker = outlierMarkerColor();
    QColor tint = marker;
    tint.setAlpha(TINT_ALPHA);
    // The same tint made opaque over the background, to hide the label below.
    const double share = TINT_ALPHA / 255.0;
    const QColor opaqueTint = QColor::fromRgbF(float(background.redF() * (1 - share) + marker.redF() * share),
                                               float(background.greenF() * (1 - share) + marker.greenF() * share),
                                               float(background.blueF() * (1 - share) + marker.blueF() * share));

    painter.save();
    painter.setFont(layout.labelFont);
    for (int position : positions) {
        if (position < 0 || position >= layout.size)
            continue;
        if (redrawsLabels(layout)) {
            redrawLabels(painter, layout, position, opaqueTint);
        } else {
            const QRectF cell = layout.cellRect(position, position);
            painter.fillRect(QRectF(layout.rowLabels.left(), cell.top(), layout.rowLabels.width(), cell.height()),
                             tint);
            painter.fillRect(
                QRectF(cell.left(), layout.columnLabels.top(), cell.width(), layout.columnLabels.height()), tint);
        }
        painter.setPen(QPen(marker.darker(130), 1.0));
        painter.setBrush(marker);
        painter.drawEllipse(outlierMarkerRect(layout, position, true));
        painter.drawEllipse(outlierMarkerRect(layout, position, false));
    }
    painter.restore();
}

} // namespace embedscope::render
