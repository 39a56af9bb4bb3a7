#pragma once

#include "common/expected.h"
#include "heatmaprenderer.h"

#include <QString>

namespace embedscope::render {

// Writes the heatmap as a PNG of round(preferredHeatmapSize * scale) pixels
// to path. The file is replaced atomically, so a failed export leaves any
// previous file intact. The error names the path and the reason.
Expected<bool> exportHeatmapPng(const HeatmapData &data, const HeatmapStyle &style, const QString &path,
                                double scale = 2.0);

} // namespace embedscope::render
