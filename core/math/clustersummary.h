#pragma once

#include "similaritymatrix.h"

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

// One cluster of a cut. "Score" is the matrix's metric, so for Euclidean a
// smaller mean is tighter.
struct ClusterSummary
{
    int label = 0;
    std::vector<int> members; // phrase indices in list order, size() phrases
    // The member closest on average to the other members: highest mean
    // similarity, or smallest mean distance for Euclidean. Ties go to the
    // earlier phrase. A singleton's only member.
    int centralMember = 0;
    // Mean score of centralMember against the other members, or NaN for a
    // singleton.
    double centralMeanScore = 0.0;
    // Mean score over each pair of different members once, without undefined
    // (NaN) scores. NaN when there is no defined pair, as in a singleton.
    double meanInternalScore = 0.0;
    int undefinedPairCount = 0; // pairs left out of meanInternalScore
};

// Summarises the clusters of a cut such as Dendrogram::cutAtDistance, given
// one label per phrase. Clusters come in ascending label order. Returns an
// empty list when labels does not have one entry per phrase, and nullopt
// when cancel becomes true.
std::optional<std::vector<ClusterSummary>> summariseClusters(const SimilarityMatrix &matrix,
                                                             const std::vector<int> &labels,
                                                             const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::math
