#pragma once

#include <QColor>
#include <QList>
#include <QString>

#include <optional>

namespace embedscope::render {

enum class ColormapKind {
    Greens,  // sequential, light = low
    RedBlue, // diverging for signed values such as differences: blue < 0 < red
    Blues,   // sequential, light = low
    Viridis, // perceptually uniform, dark purple = low, yellow = high
    Cividis, // like viridis, and readable with red-green colour blindness
    // Greens when every value is at least 0, RedBlue centred on 0 otherwise,
    // because dot products and some models give negative scores.
    Automatic,
};

// Name as matplotlib spells it ("Greens", "RdBu_r", "Blues", "viridis",
// "cividis") and "auto" for Automatic.
QString colormapName(ColormapKind kind);

// Kind for a name from colormapName(), compared case-insensitively, with
// "RedBlue" also accepted. Returns nullopt for an unknown name.
std::optional<ColormapKind> colormapFromName(const QString &name);

// Every kind with a name, in the order a menu lists them.
QList<ColormapKind> colormapKinds();

// Maps t in [0, 1] to a color, where t = 0 is the low end of the map (light
// for Greens and Blues). Values outside [0, 1] are clipped, and NaN maps to
// t = 0. Automatic is drawn as Greens here, because the choice needs the data.
QColor colormapColor(ColormapKind kind, double t);

// WCAG relative luminance of an sRGB color, from 0 (black) to 1 (white).
double relativeLuminance(const QColor &color);

// Near-black or white annotation text, whichever reads better on background.
QColor annotationColorOn(const QColor &background);

} // namespace embedscope::render
