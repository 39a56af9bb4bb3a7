#pragma once

#include "heatmaprenderer.h"

#include "math/blockoverview.h"

namespace embedscope::render {

// Blocks per side of an exported overview. Images are laid out so that
// every label is legible. For the view's 1,000 blocks that came to 30,000
// pixels a side (3.6 GB as an image), so exports recompute the block means
// from the vectors at this coarser grain.
inline constexpr int EXPORT_OVERVIEW_BLOCKS = 100;

// Heatmap data of a block overview: one row and column per block, labelled
// with its 1-based phrase range ("101–200"), under title.
HeatmapData blockOverviewData(const math::BlockOverview &overview, const QString &title);

} // namespace embedscope::render
