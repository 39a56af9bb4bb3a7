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
    // Barnes-Hut accuracy for BARNES_HUT_MIN_POINTS points or more: 0 keeps
    // the exact gradient, larger values are faster and coarser. 0.5 is
    // scikit-learn's default angle.
    double theta = 0.5;
};

// Below this many points the exact gradient is used whatever theta is,
// because it has no approximation and takes under a second there (an
// estimate from its N^2 growth and 4 s measured at 500 points).
inline constexpr int BARNES_HUT_MIN_POINTS = 200;

// Maps the vectors to 2D with t-SNE (van der Maaten and Hinton,
// "Visualizing High-Dimensional Data Using t-SNE", JMLR 9, 2008),
// following scikit-learn 1.2's sklearn/manifold/_t_sne.py, method="exact":
// perplexity-calibrated affinities, early
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
// From BARNES_HUT_MIN_POINTS points on, with theta above 0, P is computed
// only over the 3 * perplexity + 1 exact nearest neighbours of each point,
// found blockwise without an N x N matrix, and the repulsive forces come
// from a Barnes-Hut quadtree, as scikit-learn's method="barnes_hut". Memory
// is then O(N * k), but finding the neighbours still takes O(N^2 * D) time.
// Otherwise the exact variant keeps N x N matrices.
//
// Distances between clusters and cluster sizes in the map carry little
// meaning, and maps from different runs with different options are not
// comparable.
std::optional<Projection> projectTsne(const embedding::EmbeddingSet &vectors, Metric metric,
                                      const TsneOptions &options = {}, const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::math
