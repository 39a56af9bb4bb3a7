#pragma once

#include "similaritymatrix.h"

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

struct OutlierScore
{
    int index = 0;
    // Higher is more isolated. For similarities, 1 - the mean score to the k
    // nearest other phrases. For Euclidean, the mean distance to them. NaN
    // when the phrase has no defined score to any other phrase.
    double score = 0.0;
    int neighbourCount = 0; // neighbours averaged: k, or fewer where scores are undefined
};

// Scores every phrase by how far it sits from its k nearest other phrases,
// k clamped to [1, N - 1]. Returns the scores most isolated first, undefined
// scores last, ties in list order. Returns nullopt when cancel becomes true.
//
// NOTE: under the dot metric the score is on the dot product's own scale, so
// it compares phrases with each other, not with a cosine-based score.
std::optional<std::vector<OutlierScore>> scoreOutliers(const SimilarityMatrix &matrix, int k,
                                                       const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::math
