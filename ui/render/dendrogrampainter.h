#pragma once

#include "heatmaprenderer.h"

class QPainter;

namespace embedscope::render {

// Draws data.order.dendrogram into layout.rowTree (root on the left) and
// layout.columnTree (root on top), and data.clusterBands into the band
// rectangles. Draws nothing when the layout has no tree areas.
void paintDendrograms(QPainter &painter, const HeatmapData &data, const HeatmapLayout &layout);

// Fill of cluster label on a band: a qualitative palette (ColorBrewer
// "Set2"), repeated when there are more clusters than colors.
QColor clusterBandColor(int label);

} // namespace embedscope::render
