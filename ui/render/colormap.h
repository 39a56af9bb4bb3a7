#pragma once

#include <QColor>
#include <QList>
#include <QString>

namespace embedscope::render {

enum class ColormapKind {
    Greens,  // sequential, light = low
    RedBlue, // diverging for signed values such as differences: blue < 0 < red
};

// Maps t in [0, 1] to a color, where t = 0 is the light end of a sequential
// map. Values outside [0, 1] are clipped, and NaN maps to t = 0.
QColor colormapColor(ColormapKind kind, double t);

// WCAG relative luminance of an sRGB color, from 0 (black) to 1 (white).
double relativeLuminance(const QColor &color);

// Near-black or white annotation text, whichever reads better on background.
QColor annotationColorOn(const QColor &background);

} // namespace embedscope::render
