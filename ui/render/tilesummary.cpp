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
    SummaryAccumulator accumulator;
    const math::TileRange &range = tile.range();
    for (int row = 0; row < tile.rows(); ++row) {
        for (int column = 0; column < tile.columns(); ++column)
            accumulator.add(tile.at(row, column), range.rowBegin + row == range.columnBegin + column);
    }
    return accumulator.result(tile.metric());
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
