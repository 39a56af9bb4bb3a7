#pragma once

#include "similaritymatrix.h"

#include <QtGlobal>

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

// The k phrases closest to reference, closest first: highest score for
// similarities, smallest distance for Euclidean. Leaves out the reference
// itself and undefined (NaN) scores, but keeps other phrases with the same
// text. Ties keep list order. Returns fewer than k when the list is shorter,
// and nothing for an invalid reference or k <= 0.
std::vector<RankedScore> nearestNeighbours(const SimilarityMatrix &matrix, int reference, int k);

// Two different phrases (first < second) and their score.
struct PhrasePair
{
    int first = 0;
    int second = 0;
    float score = 0.0f;
};

struct NearDuplicates
{
    std::vector<PhrasePair> pairs; // closest first, at most the requested maximum
    qint64 matchingPairCount = 0;  // every pair that passed the threshold, kept or not
};

// Pairs of phrases at least as close as threshold: score >= threshold for
// similarities, distance <= threshold for Euclidean. Each pair appears once,
// closest first, ties ordered by first and then second index. Keeps the
// closest maxPairs pairs (all when maxPairs <= 0) and counts the rest in
// matchingPairCount. Returns nullopt when cancel becomes true.
std::optional<NearDuplicates> findNearDuplicates(const SimilarityMatrix &matrix, float threshold, int maxPairs = 0,
                                                 const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::math
