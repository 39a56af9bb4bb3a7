#include "outliers.h"

#include "cancellation.h"
#include "common/logging.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace embedscope::math {

// Mean of the k closest defined scores in row, leaving out the diagonal.
// scratch is reused across rows to avoid an allocation per phrase.
static OutlierScore scoreRow(const SimilarityMatrix &matrix, int row, int k, std::vector<float> &scratch)
{
    scratch.clear();
    for (int j = 0; j < matrix.size(); ++j) {
        if (j != row && matrix.isDefined(row, j))
            scratch.push_back(matrix.at(row, j));
    }

    OutlierScore result{row, std::numeric_limits<double>::quiet_NaN(), 0};
    const int count = std::min(k, int(scratch.size()));
    if (count == 0)
        return result;

    const bool similarity = higherIsCloser(matrix.metric());
    const auto middle = scratch.begin() + count;
    if (similarity)
        std::nth_element(scratch.begin(), middle - 1, scratch.end(), std::greater<float>());
    else
        std::nth_element(scratch.begin(), middle - 1, scratch.end());

    // nth_element leaves the count closest in front in no particular order,
    // so they are sorted before summing to make the result reproducible.
    std::sort(scratch.begin(), middle);
    double sum = 0.0;
    for (auto it = scratch.begin(); it != middle; ++it)
        sum += *it;

    const double mean = sum / count;
    result.score = similarity ? 1.0 - mean : mean;
    result.neighbourCount = count;
    return result;
}

std::optional<std::vector<OutlierScore>> scoreOutliers(const SimilarityMatrix &matrix, int k,
                                                       const std::atomic_bool *cancel)
{
    const int n = matrix.size();
    const int neighbours = std::clamp(k, 1, std::max(1, n - 1));

    std::vector<OutlierScore> scores;
    scores.reserve(size_t(n));
    std::vector<float> scratch;
    scratch.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        if (isCancelled(cancel))
            return std::nullopt;
        scores.push_back(scoreRow(matrix, i, neighbours, scratch));
    }

    std::stable_sort(scores.begin(), scores.end(), [](const OutlierScore &a, const OutlierScore &b) {
        const bool aDefined = !std::isnan(a.score);
        const bool bDefined = !std::isnan(b.score);
        if (aDefined != bDefined)
            return aDefined;
        return aDefined && a.score > b.score;
    });
    qCDebug(lcMath) << "outlier scores for" << n << "phrases with k =" << neighbours;
    return scores;
}

} // namespace embedscope::math
