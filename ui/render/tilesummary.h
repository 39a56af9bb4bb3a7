#pragma once

#include "heatmaprenderer.h"
#include "math/blockoverview.h"

namespace embedscope::render {

// Value ranges of a detail tile, in the form summarizeMatrix() gives for a
// matrix. The tile's diagonal is where a phrase meets itself, which lies
// off the tile's own diagonal unless rows and columns start together.
MatrixSummary summarizeTile(const math::SimilarityTile &tile);

// The smallest summary that covers both a and b, such as a block overview
// and the single scores of its tile. A NaN bound counts as no value.
MatrixSummary mergeSummaries(const MatrixSummary &a, const MatrixSummary &b);

} // namespace embedscope::render
