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

QColor outlierMarkerColor()
{
    return QColor(0xD5, 0x5E, 0x00);
}

static double markerSize(const HeatmapLayout &layout)
{
    return std::clamp(QFontMetricsF(layout.labelFont).capHeight(), MIN_MARKER, MAX_MARKER);
}

// Width of the label text drawn at position, or 0 when the renderer skips
// that label (every labelStep-th one is drawn).
static double labelAdvance(const HeatmapLayout &layout, const QStringList &texts, int position)
{
    if (layout.labelStep > 1 && position % layout.labelStep != 0)
        return 0.0;
    return QFontMetricsF(layout.labelFont).horizontalAdvance(texts.value(position));
}

QRectF outlierMarkerRect(const HeatmapLayout &layout, int position, bool rowLabel)
{
    if (position < 0 || position >= layout.size)
        return {};

    const double size = markerSize(layout);
    const QPointF cell = layout.cellRect(position, position).center();
    if (rowLabel) {
        // Row labels end at the grid, so the marker goes left of the text.
        const double textLeft = layout.rowLabels.right() - labelAdvance(layout, layout.rowLabelTexts, position);
        const double left = std::max(layout.rowLabels.left(), textLeft - MARKER_GAP - size);
        return QRectF(left, cell.y() - size / 2, size, size);
    }
    // Column labels start at the grid and run down, so the marker goes below.
    const double textEnd = layout.columnLabels.top() + labelAdvance(layout, layout.columnLabelTexts, position);
    const double top = std::min(layout.columnLabels.bottom() - size, textEnd + MARKER_GAP);
    return QRectF(cell.x() - size / 2, top, size, size);
}

void paintOutlierMarkers(QPainter &painter, const HeatmapLayout &layout, const std::vector<int> &positions)
{
    const QColor marker = outlierMarkerColor();
    QColor tint = marker;
    tint.setAlpha(45);

    painter.save();
    painter.setPen(QPen(marker.darker(130), 1.0));
    painter.setBrush(marker);
    for (int position : positions) {
        if (position < 0 || position >= layout.size)
            continue;
        const QRectF cell = layout.cellRect(position, position);
        painter.fillRect(QRectF(layout.rowLabels.left(), cell.top(), layout.rowLabels.width(), cell.height()), tint);
        painter.fillRect(QRectF(cell.left(), layout.columnLabels.top(), cell.width(), layout.columnLabels.height()),
                         tint);
        painter.drawEllipse(outlierMarkerRect(layout, position, true));
        painter.drawEllipse(outlierMarkerRect(layout, position, false));
    }
    painter.restore();
}

} // namespace embedscope::render
