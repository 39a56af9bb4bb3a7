#pragma once

#include "render/heatmaprenderer.h"

namespace embedscope::ui::compare {

// base with vmin, vmax and colormap fixed to what base would choose for A's
// and B's scores together, so that both run heatmaps use one color scale.
// Returns base unchanged when the runs use different metrics, because a
// similarity and a distance cannot share a scale.
render::HeatmapStyle sharedRunStyle(const render::HeatmapStyle &base, const render::MatrixSummary &a,
                                    const render::MatrixSummary &b);

} // namespace embedscope::ui::compare
