#include "distribution.h"

#include "cancellation.h"
#include "common/logging.h"

#include <algorithm>

namespace embedscope::math {

static constexpr double UNDEFINED = std::numeric_limits<double>::quiet_NaN();

// NumPy 1.24's _lerp: from the upper end when t >= 0.5, which keeps the
// result inside [a, b] under rounding.
static double lerp(double a, double b, double t)
{
    const double difference = b - a;
    return t >= 0.5 ? b - difference * (1.0 - t) : a + difference * t;
}

// Percentile of values[from, end) where every element before from is no
// greater than the rest: nth_element then only has to search the tail, so
// ascending q share one partition.
static double percentileFrom(std::vector<float> &values, size_t from, double q, size_t &lowerIndex)
{
    const size_t n = values.size();
    const double position = double(n - 1) * (q / 100.0);
    lowerIndex = std::min(size_t(std::floor(position)), n - 1);
    std::nth_element(values.begin() + std::ptrdiff_t(std::min(from, lowerIndex)),
                     values.begin() + std::ptrdiff_t(lowerIndex), values.end());

    const double lower = values[lowerIndex];
    double upper = lower;
    if (lowerIndex + 1 < n)
        upper = *std::min_element(values.begin() + std::ptrdiff_t(lowerIndex + 1), values.end());
    return lerp(lower, upper, position - double(lowerIndex));
}

double percentile(std::vector<float> &values, double q)
{
    if (values.empty())
        return UNDEFINED;
    size_t lowerIndex = 0;
    return percentileFrom(values, 0, q, lowerIndex);
}

// Outer edges as np.histogram picks them: the range if given, else the
// data's extent, widened by 0.5 each way when it is a single point.
static std::pair<double, double> outerEdges(const DistributionOptions &options, const Distribution &result)
{
    double low = options.rangeMin;
    double high = options.rangeMax;
    if (std::isnan(low) || std::isnan(high) || low > high) {
        low = result.valueCount > 0 ? result.minimum : 0.0;
        high = result.valueCount > 0 ? result.maximum : 1.0;
    }
    if (low == high) {
        low -= 0.5;
        high += 0.5;
    }
    return {low, high};
}

// Edges as np.linspace computes them: start + i * step, the last edge set
// to the end exactly.
static std::vector<double> linspaceEdges(double low, double high, int binCount)
{
    std::vector<double> edges(size_t(binCount) + 1);
    const double step = (high - low) / binCount;
    for (int i = 0; i <= binCount; ++i)
        edges[size_t(i)] = double(i) * step + low;
    edges.back() = high;
    return edges;
}

// Bin index by NumPy's rule for uniform bins: a first guess from the
// scaled offset, then one step down or up where rounding put the value on
// the wrong side of an edge.
static int binIndex(double value, const std::vector<double> &edges, double scale)
{
    const int binCount = int(edges.size()) - 1;
    int index = int((value - edges.front()) * scale);
    if (index == binCount)
        --index;
    if (value < edges[size_t(index)])
        --index;
    else if (value >= edges[size_t(index) + 1] && index != binCount - 1)
        ++index;
    return index;
}

static void fillHistogram(const std::vector<float> &values, const DistributionOptions &options, Distribution &result)
{
    const int binCount = std::max(1, options.binCount);
    const auto [low, high] = outerEdges(options, result);
    result.binEdges = linspaceEdges(low, high, binCount);
    result.binCounts.assign(size_t(binCount), 0);

    const double scale = binCount / (high - low);
    for (float value : values) {
        if (value < low) {
            ++result.belowRangeCount;
            continue;
        }
        if (value > high) {
            ++result.aboveRangeCount;
            continue;
        }
        ++result.binCounts[size_t(binIndex(value, result.binEdges, scale))];
    }
}

static void measureCentre(const std::vector<float> &values, bool higherIsCloser, double threshold,
                          Distribution &result)
{
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    result.minimum = *low;
    result.maximum = *high;

    double sum = 0.0;
    qint64 close = 0;
    for (float value : values) {
        sum += value;
        if (higherIsCloser ? value >= threshold : value <= threshold)
            ++close;
    }
    result.mean = sum / double(values.size());
    if (!std::isnan(threshold))
        result.closeShare = double(close) / double(values.size());
}

static void measurePercentiles(std::vector<float> &values, Distribution &result)
{
    size_t lowerIndex = 0;
    result.percentile5 = percentileFrom(values, 0, 5.0, lowerIndex);
    result.median = percentileFrom(values, lowerIndex + 1, 50.0, lowerIndex);
    result.percentile95 = percentileFrom(values, lowerIndex + 1, 95.0, lowerIndex);
}

static void markEmpty(Distribution &result)
{
    result.minimum = result.maximum = result.mean = UNDEFINED;
    result.median = result.percentile5 = result.percentile95 = UNDEFINED;
}

std::optional<Distribution> describeValues(std::vector<float> values, const DistributionOptions &options,
                                           bool higherIsCloser, const std::atomic_bool *cancel)
{
    Distribution result;
    const auto firstUndefined = std::remove_if(values.begin(), values.end(), [](float v) { return std::isnan(v); });
    result.undefinedCount = qint64(values.end() - firstUndefined);
    values.erase(firstUndefined, values.end());
    result.valueCount = qint64(values.size());

    if (values.empty()) {
        markEmpty(result);
        fillHistogram(values, options, result);
        return result;
    }

    measureCentre(values, higherIsCloser, options.closeThreshold, result);
    fillHistogram(values, options, result);
    if (isCancelled(cancel))
        return std::nullopt;

    measurePercentiles(values, result);
    return result;
}

std::optional<Distribution> describePairs(const SimilarityMatrix &matrix, const DistributionOptions &options,
                                          const std::atomic_bool *cancel)
{
    const int n = matrix.size();
    std::vector<float> values;
    values.reserve(size_t(n) * size_t(std::max(n - 1, 0)) / 2);
    for (int i = 0; i < n; ++i) {
        if (isCancelled(cancel))
            return std::nullopt;
        const float *row = matrix.data() + size_t(i) * size_t(n);
        values.insert(values.end(), row + i + 1, row + n);
    }

    qCDebug(lcMath) << "distribution of" << values.size() << "pairs";
    return describeValues(std::move(values), options, higherIsCloser(matrix.metric()), cancel);
}

Distribution describeRow(const SimilarityMatrix &matrix, int reference, const DistributionOptions &options)
{
    std::vector<float> values;
    if (reference >= 0 && reference < matrix.size()) {
        values.reserve(size_t(matrix.size()));
        for (int j = 0; j < matrix.size(); ++j) {
            if (j != reference)
                values.push_back(matrix.at(reference, j));
        }
    }
    return *describeValues(std::move(values), options, higherIsCloser(matrix.metric()));
}

} // namespace embedscope::math
