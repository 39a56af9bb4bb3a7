#pragma once

#include "heatmaprenderer.h"

class QPainter;

namespace embedscope::render {

// Draws data.order.dendrogram into layout.rowTree (root on the left) and
// layout.columnTree (root on top), and data.clusterBands into the band
// rectangles. Draws nothing when the layout has no tree areas.
void paintDendrograms(QPainter &painter, const HeatmapData &data, const HeatmapLayout &layout);

// Number of distinct colors that clusterBandColor cycles through.
inline constexpr int CLUSTER_BAND_COLOR_COUNT = 20;

// Fill of cluster label on a band: a qualitative palette (matplotlib's
// "tab20"), repeated when there are more clusters than colors.
QColor clusterBandColor(int label);

} // namespace embedscope::render
