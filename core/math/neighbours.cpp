#include "neighbours.h"

#include "cancellation.h"
#include "common/logging.h"

#include <algorithm>
#include <cmath>

namespace embedscope::math {

std::vector<RankedScore> nearestNeighbours(const SimilarityMatrix &matrix, int reference, int k)
{
    std::vector<RankedScore> neighbours;
    if (k <= 0 || reference < 0 || reference >= matrix.size())
        return neighbours;

    // rankAgainst already orders by the metric's direction, puts undefined
    // scores last and keeps ties in list order.
    for (const RankedScore &entry : rankAgainst(matrix, reference)) {
        if (int(neighbours.size()) == k || std::isnan(entry.score))
            break;
        if (entry.index != reference)
            neighbours.push_back(entry);
    }
    return neighbours;
}

// Closest first, then by position, so the order is total and the same on
// every run.
static auto closerPairFirst(Metric metric)
{
    const bool descending = higherIsCloser(metric);
    return [descending](const PhrasePair &a, const PhrasePair &b) {
        if (a.score != b.score)
            return descending ? a.score > b.score : a.score < b.score;
        if (a.first != b.first)
            return a.first < b.first;
        return a.second < b.second;
    };
}

static bool passesThreshold(Metric metric, float score, float threshold)
{
    if (std::isnan(score))
        return false;
    return higherIsCloser(metric) ? score >= threshold : score <= threshold;
}

// Drops all but the closest maxPairs pairs, leaving the rest unsorted.
static void keepClosest(std::vector<PhrasePair> &pairs, int maxPairs, Metric metric)
{
    if (maxPairs <= 0 || pairs.size() <= size_t(maxPairs))
        return;
    std::nth_element(pairs.begin(), pairs.begin() + maxPairs, pairs.end(), closerPairFirst(metric));
    pairs.resize(size_t(maxPairs));
}

std::optional<NearDuplicates> findNearDuplicates(const SimilarityMatrix &matrix, float threshold, int maxPairs,
                                                 const std::atomic_bool *cancel)
{
    NearDuplicates result;
    const int n = matrix.size();
    const Metric metric = matrix.metric();

    for (int i = 0; i < n; ++i) {
        if (isCancelled(cancel))
            return std::nullopt;

        for (int j = i + 1; j < n; ++j) {
            const float score = matrix.at(i, j);
            if (!passesThreshold(metric, score, threshold))
                continue;
            result.pairs.push_back({i, j, score});
            ++result.matchingPairCount;
        }

        // Pruning at twice the limit bounds memory when a loose threshold
        // matches most of the N^2 / 2 pairs, at amortised linear cost.
        if (maxPairs > 0 && result.pairs.size() > 2 * size_t(maxPairs))
            keepClosest(result.pairs, maxPairs, metric);
    }

    keepClosest(result.pairs, maxPairs, metric);
    std::sort(result.pairs.begin(), result.pairs.end(), closerPairFirst(metric));
    qCDebug(lcMath) << "near-duplicates:" << result.matchingPairCount << "pairs past" << threshold << "of" << n
                    << "phrases";
    return result;
}

} // namespace embedscope::math
