#pragma once

#include "common/expected.h"
#include "heatmaprenderer.h"

#include <QString>
#include <QStringList>

namespace embedscope::render {

// A heatmap of two runs' difference with the heading that identifies them:
// a short title (the run names) and subtitle lines with each run's full
// description, wrapped to the heatmap's width.
struct DifferenceFigure
{
    HeatmapData data; // its own title is ignored; title and subtitle replace it
    HeatmapStyle style;
    QString title;
    QStringList subtitle;
};

// A - B on the red-blue colormap centred on 0, with a range symmetric around
// 0 that covers every finite value, and a caption that states whether the
// values were normalised.
HeatmapStyle differenceStyle(const math::SimilarityMatrix &difference, bool normalised);

// Renders the figure at scale times its preferred size, at least 640
// logical pixels wide. The heading never widens the figure: descriptions
// wrap, inside a word only when the word alone is too wide, and the title
// is elided. Returns a null image when the size cannot be allocated.
QImage renderDifferenceFigure(const DifferenceFigure &figure, double scale);

// Writes the figure as a PNG, replacing path atomically. The error names the
// path and the reason.
Expected<bool> exportDifferencePng(const DifferenceFigure &figure, const QString &path, double scale = 2.0);

} // namespace embedscope::render
