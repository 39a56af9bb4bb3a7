#include "colormap.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace embedscope::render {

// ColorBrewer's 9-class sequential Greens, light to dark. Matplotlib's
// "Greens" spaces these stops evenly over [0, 1] and interpolates linearly.
static constexpr std::array<QRgb, 9> GREENS_STOPS = {
    0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c, 0x00441b,
};

// ColorBrewer's 11-class diverging RdBu, reversed as matplotlib's "RdBu_r":
// blue for negative, near-white at the centre, red for positive.
static constexpr std::array<QRgb, 11> RED_BLUE_STOPS = {
    0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7,
    0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f,
};

// Matplotlib samples each colormap into a 256-entry lookup table (rcParams
// "image.lut") and picks entry floor(t * 256), so it shows 256 distinct shades.
static constexpr int LOOKUP_SIZE = 256;

// Seaborn's heatmap switches annotations to white below this luminance.
static constexpr double DARK_BACKGROUND_LUMINANCE = 0.408;

static double interpolateChannel(int from, int to, double fraction)
{
    return from + (to - from) * fraction;
}

template<size_t N>
static QColor interpolateStops(const std::array<QRgb, N> &stops, double t)
{
    const double position = t * double(N - 1);
    const int lower = std::min(int(position), int(N) - 2);
    const double fraction = position - lower;
    const QRgb from = stops[size_t(lower)];
    const QRgb to = stops[size_t(lower) + 1];

    const double red = interpolateChannel(qRed(from), qRed(to), fraction);
    const double green = interpolateChannel(qGreen(from), qGreen(to), fraction);
    const double blue = interpolateChannel(qBlue(from), qBlue(to), fraction);
    return QColor(qRound(red), qRound(green), qRound(blue));
}

QColor colormapColor(ColormapKind kind, double t)
{
    if (std::isnan(t))
        t = 0.0;
    t = std::clamp(t, 0.0, 1.0);

    // Same quantisation as matplotlib, so a cell matches the reference shade.
    const int entry = std::min(int(t * LOOKUP_SIZE), LOOKUP_SIZE - 1);
    const double sample = double(entry) / double(LOOKUP_SIZE - 1);
    switch (kind) {
    case ColormapKind::Greens:
        return interpolateStops(GREENS_STOPS, sample);
    case ColormapKind::RedBlue:
        return interpolateStops(RED_BLUE_STOPS, sample);
    }
    return interpolateStops(GREENS_STOPS, sample);
}

static double linearChannel(double channel)
{
    if (channel <= 0.03928)
        return channel / 12.92;
    return std::pow((channel + 0.055) / 1.055, 2.4);
}

double relativeLuminance(const QColor &color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * linearChannel(rgb.redF()) + 0.7152 * linearChannel(rgb.greenF())
           + 0.0722 * linearChannel(rgb.blueF());
}

QColor annotationColorOn(const QColor &background)
{
    if (relativeLuminance(background) > DARK_BACKGROUND_LUMINANCE)
        return QColor(0x26, 0x26, 0x26); // matplotlib's ".15" grey
    return Qt::white;
}

} // namespace embedscope::render
