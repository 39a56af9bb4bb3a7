#pragma once

#include "heatmaprenderer.h"

#include <QColor>
#include <QPointF>
#include <QRectF>

#include <vector>

class QPainter;

namespace embedscope::render {

// Fill of the marker that flags an outlier, on the heatmap's labels and in
// the Outliers view (Okabe and Ito's vermillion, distinct from the
// colormaps and the cluster bands).
QColor outlierMarkerColor();

// Marker beside the row label (rowLabel true) or the column label of the
// phrase drawn at position: a dot just outside the label's text, in the
// layout's coordinates. Null when position is outside the layout.
QRectF outlierMarkerRect(const HeatmapLayout &layout, int position, bool rowLabel);

// Marks the row and column labels of each position: a tint behind them,
// the labels redrawn in a darker outlier colour when every row is labelled,
// and a marker beside each. background is the heatmap's background colour.
// Positions are row positions as drawn, not input indices.
void paintOutlierMarkers(QPainter &painter, const HeatmapLayout &layout, const std::vector<int> &positions,
                         const QColor &background);

} // namespace embedscope::render
