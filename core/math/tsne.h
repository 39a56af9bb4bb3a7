#pragma once

#include "projection.h"

#include <atomic>
#include <optional>

namespace embedscope::math {

struct TsneOptions
{
    // Effective number of neighbours each point attends to. Lowered to
    // (N - 1) / 3 for short lists, well below the N - 1 at which every
    // neighbour would weigh the same (scikit-learn only requires < N).
    double perplexity = 30.0;
    int iterations = 1000; // at least 250, the early exaggeration phase
};

// Maps the vectors to 2D with exact t-SNE (van der Maaten and Hinton,
// "Visualizing High-Dimensional Data Using t-SNE", JMLR 9, 2008),
// following scikit-learn 1.2's sklearn/manifold/_t_sne.py, method="exact": perplexity-calibrated affinities, early
// exaggeration 12 for 250 iterations, momentum 0.5 then 0.8, adaptive
// gains, learning rate max(N / 48, 50) and PCA initialisation scaled to a
// standard deviation of 1e-4. Distances are 1 - cosine under cosine and
// squared Euclidean otherwise, as scikit-learn uses for those metrics.
// Unlike scikit-learn it always runs every iteration, without early stops.
//
// Nothing is random: the start is the PCA map, so the same input always
// gives the same map. Exact duplicate vectors get exactly the same point.
// With three phrases or fewer the PCA map is returned instead, with a note,
// because t-SNE has no meaningful neighbourhoods there. Returns nullopt when
// cancel becomes true; cancel is checked between iterations.
//
// NOTE: each iteration costs O(N^2) time and the affinities O(N^2) memory,
// so this suits hundreds of phrases: 500 took 4 s on one AMD EPYC core,
// and the time grows with N^2. Distances between
// clusters and cluster sizes in the map carry little meaning, and maps
// from different runs with different options are not comparable.
std::optional<Projection> projectTsne(const embedding::EmbeddingSet &vectors, Metric metric,
                                      const TsneOptions &options = {}, const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::math
