#include "runrange.h"

#include <cmath>

namespace embedscope::ui::compare {

// Smaller of two bounds, where NaN means "no finite value" and loses.
static double lowerBound(double x, double y)
{
    return std::isnan(x) ? y : std::isnan(y) ? x : std::min(x, y);
}

static double upperBound(double x, double y)
{
    return std::isnan(x) ? y : std::isnan(y) ? x : std::max(x, y);
}

render::HeatmapStyle sharedRunStyle(const render::HeatmapStyle &base, const render::MatrixSummary &a,
                                    const render::MatrixSummary &b)
{
    if (a.metric != b.metric)
        return base;

    render::MatrixSummary joint = a;
    joint.low = lowerBound(a.low, b.low);
    joint.high = upperBound(a.high, b.high);
    joint.offDiagonalLow = lowerBound(a.offDiagonalLow, b.offDiagonalLow);
    joint.offDiagonalHigh = upperBound(a.offDiagonalHigh, b.offDiagonalHigh);
    joint.hasUndefined = a.hasUndefined || b.hasUndefined;

    const render::ColorScale scale = render::resolveColorScale(joint, base);
    render::HeatmapStyle style = base;
    style.vmin = scale.vmin;
    style.vmax = scale.vmax;
    style.colormap = scale.colormap;
    return style;
}

} // namespace embedscope::ui::compare
