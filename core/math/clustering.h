#pragma once

#include "similaritymatrix.h"

#include <QString>

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

enum class Linkage { Average, Complete, Single };

QString linkageName(Linkage linkage); // "average", "complete", "single"

// One merge of agglomerative clustering, in SciPy's linkage-matrix terms:
// ids below the leaf count are leaves, id leafCount + k is the cluster made
// by merge k; left < right.
struct Merge
{
    int left = 0;
    int right = 0;
    double distance = 0.0;
    int size = 0;
};

// The full merge tree of N leaves, merges sorted by distance.
class Dendrogram
{
public:
    Dendrogram() = default;
    Dendrogram(int leafCount, std::vector<Merge> merges);

    int leafCount() const { return m_leafCount; }
    const std::vector<Merge> &merges() const { return m_merges; }
    bool isEmpty() const { return m_leafCount == 0; }

    // Leaves left to right, as SciPy's leaves_list: a pre-order walk from the
    // root that visits each merge's left side first.
    std::vector<int> leafOrder() const;

    // Cluster label (0-based) per leaf, for a cut at a distance: two leaves
    // share a cluster when they are joined at or below threshold. Labels are
    // numbered in leaf order, so the first cluster from the left is 0.
    std::vector<int> cutAtDistance(double threshold) const;

    // Cluster label per leaf for at most count clusters: the lowest cut that
    // leaves no more than count.
    std::vector<int> cutIntoClusters(int count) const;

private:
    std::vector<int> labelsAfterMerges(int mergeCount) const;

    int m_leafCount = 0;
    std::vector<Merge> m_merges;
};

// Condensed distances (upper triangle, row by row, as SciPy's squareform)
// derived from a matrix: 1 - cosine for cosine, and for dot products after
// normalising by the diagonal; the distance itself for Euclidean. Pairs with
// an undefined score get the largest cosine distance, 2, so they join last.
std::vector<double> condensedDistances(const SimilarityMatrix &matrix);

// Agglomerative clustering of condensed distances between n points, with the
// same algorithms as SciPy 1.10's linkage() (nearest-neighbour chain for
// average and complete, a minimum spanning tree for single), so the merge
// order and the leaf order match SciPy's, ties included. Returns nullopt
// when cancel becomes true.
std::optional<Dendrogram> clusterHierarchically(std::vector<double> distances, int n, Linkage linkage,
                                                const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::math
