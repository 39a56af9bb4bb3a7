#pragma once

#include <QColor>
#include <QList>
#include <QString>

namespace embedscope::render {

enum class ColormapKind { Greens };

// Maps t in [0, 1] to a color; t = 0 is the light end for sequential maps.
// Values outside [0, 1] are clipped.
QColor colormapColor(ColormapKind kind, double t);

// Black or white, whichever reads better on background.
QColor annotationColorOn(const QColor &background);

} // namespace embedscope::render
