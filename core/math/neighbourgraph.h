#pragma once

#include "similaritymatrix.h"

#include "embedding/embeddingset.h"

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

// The k nearest other points of every point, row-major: the neighbours of
// point i are indices[i * k .. i * k + k), nearest first, with their input
// distances at the same positions. The order comes from the float products
// and the distances from the double recomputation, so two near-equal
// distances can appear out of order.
struct NeighbourGraph
{
    int pointCount = 0;
    int k = 0;
    std::vector<int> indices;
    std::vector<double> distances;
};

// Finds the exact k nearest neighbours of every vector, leaving the vector
// itself out, for t-SNE's input affinities. Distances are 1 - cosine under
// cosine and squared Euclidean otherwise, as t-SNE's input distances.
// Candidates come from float matrix products over blocks of rows, so the
// memory is O(rowsPerBlock * N + N * k) and never N x N. The distances kept
// are then recomputed in double, so that exact duplicates get exactly 0.
// Ties go to the lower index. k is clamped to N - 1. rowsPerBlock 0 picks a
// block of about 16 MiB. Returns nullopt when cancel becomes true, checked
// between blocks.
std::optional<NeighbourGraph> buildNeighbourGraph(const embedding::EmbeddingSet &vectors, Metric metric, int k,
                                                  const std::atomic_bool *cancel = nullptr, int rowsPerBlock = 0);

} // namespace embedscope::math
