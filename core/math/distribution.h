#pragma once

#include "similaritymatrix.h"

#include <QtGlobal>

#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace embedscope::math {

struct DistributionOptions
{
    int binCount = 20;
    // Histogram range. When either end is NaN or the range is reversed, the
    // values' own minimum and maximum are used, as np.histogram does without
    // a range.
    double rangeMin = std::numeric_limits<double>::quiet_NaN();
    double rangeMax = std::numeric_limits<double>::quiet_NaN();
    // Threshold for closeShare, or NaN for none.
    double closeThreshold = std::numeric_limits<double>::quiet_NaN();
};

// Summary statistics of a set of scores, with undefined (NaN) values left
// out and counted. Every statistic is NaN when no defined value remains.
struct Distribution
{
    qint64 valueCount = 0;     // defined values described
    qint64 undefinedCount = 0; // NaN values left out

    // binCount + 1 ascending edges and binCount counts, binned as
    // np.histogram does: each bin is half-open [low, high) except the last,
    // which also takes its upper edge. Values outside the range are counted
    // below, not in a bin.
    std::vector<double> binEdges;
    std::vector<qint64> binCounts;
    qint64 belowRangeCount = 0;
    qint64 aboveRangeCount = 0;

    double minimum = 0.0;
    double maximum = 0.0;
    double mean = 0.0;
    // Percentiles with linear interpolation between the two nearest ranks,
    // NumPy's default ("linear") method.
    double median = 0.0;
    double percentile5 = 0.0;
    double percentile95 = 0.0;

    // Share of values at least as close as closeThreshold (score >=
    // threshold for similarities, distance <= threshold for distances), or
    // NaN without a threshold.
    double closeShare = std::numeric_limits<double>::quiet_NaN();
};

// Describes plain values: NaNs are left out, the rest binned and summarised.
// higherIsCloser sets the direction of closeShare. Returns nullopt when
// cancel becomes true.
std::optional<Distribution> describeValues(std::vector<float> values, const DistributionOptions &options,
                                           bool higherIsCloser, const std::atomic_bool *cancel = nullptr);

// Describes every pair of different phrases once (the upper triangle).
// NOTE: copies the N(N-1)/2 scores, 200 MB for 10,000 phrases, because exact
// percentiles need them all.
std::optional<Distribution> describePairs(const SimilarityMatrix &matrix, const DistributionOptions &options,
                                          const std::atomic_bool *cancel = nullptr);

// Describes one phrase's scores against every other phrase (its row without
// the diagonal). An invalid reference gives an empty distribution.
Distribution describeRow(const SimilarityMatrix &matrix, int reference, const DistributionOptions &options);

// Computes the q-th percentile (0 to 100) of values with NumPy's linear
// method, reordering values. NaN for no values.
double percentile(std::vector<float> &values, double q);

} // namespace embedscope::math
