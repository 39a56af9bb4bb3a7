#include "tilesummary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope::render {

// Lower and upper bound that NaN leaves out.
static double lowerOf(double a, double b)
{
    if (std::isnan(a))
        return b;
    return std::isnan(b) ? a : std::min(a, b);
}

static double upperOf(double a, double b)
{
    if (std::isnan(a))
        return b;
    return std::isnan(b) ? a : std::max(a, b);
}

MatrixSummary summarizeTile(const math::SimilarityTile &tile)
{
    constexpr double infinity = std::numeric_limits<double>::infinity();
    double low = infinity;
    double high = -infinity;
    double offLow = infinity;
    double offHigh = -infinity;
    bool undefined = false;

    const math::TileRange &range = tile.range();
    for (int row = 0; row < tile.rows(); ++row) {
        for (int column = 0; column < tile.columns(); ++column) {
            const float value = tile.at(row, column);
            if (!std::isfinite(value)) {
                undefined = undefined || std::isnan(value);
                continue;
            }
            low = std::min(low, double(value));
            high = std::max(high, double(value));
            if (range.rowBegin + row != range.columnBegin + column) {
                offLow = std::min(offLow, double(value));
                offHigh = std::max(offHigh, double(value));
            }
        }
    }

    MatrixSummary summary;
    summary.metric = tile.metric();
    summary.hasUndefined = undefined;
    if (low <= high) {
        summary.low = low;
        summary.high = high;
    }
    if (offLow <= offHigh) {
        summary.offDiagonalLow = offLow;
        summary.offDiagonalHigh = offHigh;
    }
    return summary;
}

MatrixSummary mergeSummaries(const MatrixSummary &a, const MatrixSummary &b)
{
    MatrixSummary merged = a;
    merged.low = lowerOf(a.low, b.low);
    merged.high = upperOf(a.high, b.high);
    merged.offDiagonalLow = lowerOf(a.offDiagonalLow, b.offDiagonalLow);
    merged.offDiagonalHigh = upperOf(a.offDiagonalHigh, b.offDiagonalHigh);
    merged.hasUndefined = a.hasUndefined || b.hasUndefined;
    return merged;
}

} // namespace embedscope::render
