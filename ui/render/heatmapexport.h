#pragma once

#include "common/expected.h"
#include "heatmaprenderer.h"

#include <QByteArray>
#include <QString>

namespace embedscope::render {

// Writes the heatmap as a PNG of round(preferredHeatmapSize * scale) pixels
// to path. The file is replaced atomically, so a failed export leaves any
// previous file intact. The error names the path and the reason.
Expected<bool> exportHeatmapPng(const HeatmapData &data, const HeatmapStyle &style, const QString &path,
                                double scale = 2.0);

// Writes the heatmap as SVG 1.2 Tiny through Qt Svg, at preferredHeatmapSize
// in logical pixels (96 dpi), with text kept as text so labels stay
// searchable. Replaced atomically like the PNG.
Expected<bool> exportHeatmapSvg(const HeatmapData &data, const HeatmapStyle &style, const QString &path);

// Writes SVG when path ends in ".svg" (any case) and PNG at scale otherwise.
Expected<bool> exportHeatmapImage(const HeatmapData &data, const HeatmapStyle &style, const QString &path,
                                  double scale);

// The matrix as CSV in the order of data: a header row of phrases and a
// first column of phrases, "." as decimal separator, n/a as an empty cell.
QByteArray heatmapMatrixCsv(const HeatmapData &data);

// The matrix as tab-separated text for pasting into a spreadsheet, laid out
// like heatmapMatrixCsv. Tabs and line breaks inside phrases become spaces,
// because spreadsheets split cells on them even inside quotes.
QString heatmapTabSeparated(const HeatmapData &data);

} // namespace embedscope::render
