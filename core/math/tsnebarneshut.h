#pragma once

#include "neighbourgraph.h"

#include <Eigen/Core>

#include <atomic>
#include <optional>
#include <utility>
#include <vector>

namespace embedscope::math {

// Joint probabilities P of t-SNE kept only between each point and its
// nearest neighbours: one list of (neighbour, p_ij) per point, symmetric,
// summing to 1 over all pairs.
using SparseAffinities = std::vector<std::vector<std::pair<int, double>>>;

// The neighbour count Barnes-Hut t-SNE calibrates P on: 3 * perplexity + 1
// as in scikit-learn 1.2's method="barnes_hut", at most N - 1.
int affinityNeighbourCount(int pointCount, double perplexity);

// Calibrates p(j | i) on each point's neighbours in the graph only, then
// symmetrises and normalises as scikit-learn 1.2's method="barnes_hut"
// does: P = (C + C^T) / sum. Memory is O(N * k). Returns nullopt when
// cancel becomes true.
std::optional<SparseAffinities> sparseJointProbabilities(const NeighbourGraph &neighbours, double perplexity,
                                                         const std::atomic_bool *cancel);

// Gradient of KL(P || Q) with the repulsive forces approximated by a
// Barnes-Hut quadtree (van der Maaten, "Accelerating t-SNE using Tree-Based
// Algorithms", JMLR 15, 2014): a cell whose width over its distance to the
// point is below theta acts as one body at its centre of mass. theta 0
// opens every cell. exaggeration scales P. Costs O(N log N) per call for
// theta around 0.5, against O(N^2) for the exact gradient.
Eigen::MatrixX2d barnesHutGradient(const SparseAffinities &joint, double exaggeration,
                                   const Eigen::MatrixX2d &points, double theta);

} // namespace embedscope::math
