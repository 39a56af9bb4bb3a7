#pragma once

#include "clustering.h"
#include "similaritymatrix.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

enum class OrderMode {
    Original,  // input order
    Reference, // closest to the reference phrase first, as rankAgainst()
    Clustered, // leaves of hierarchical clustering on distance 1 - cosine
};

QString orderModeName(OrderMode mode); // "original", "reference", "clustered"
std::optional<OrderMode> orderModeFromName(const QString &name);

struct OrderRequest
{
    OrderMode mode = OrderMode::Original;
    int reference = 0; // row index, used by OrderMode::Reference
    Linkage linkage = Linkage::Average;
};

// Row and column order of a heatmap. permutation[position] is the original
// index shown at that position. The dendrogram is set for Clustered only and
// refers to original indices, so its leafOrder() equals permutation.
struct HeatmapOrder
{
    std::vector<int> permutation;
    std::optional<Dendrogram> dendrogram;
};

// Computes the order for request. Ties keep input order for Reference and
// follow SciPy's leaves_list for Clustered, so the result is deterministic.
// A reference outside the matrix falls back to row 0. Returns nullopt when
// cancel becomes true during clustering. Safe to call off the UI thread on a
// copy of the matrix.
std::optional<HeatmapOrder> computeHeatmapOrder(const SimilarityMatrix &matrix, const OrderRequest &request,
                                                const std::atomic_bool *cancel = nullptr);

// Matrix with rows and columns rearranged: result(i, j) = matrix(p[i], p[j]).
SimilarityMatrix permuteMatrix(const SimilarityMatrix &matrix, const std::vector<int> &permutation);

// Items rearranged the same way: result[i] = items[p[i]].
QStringList permuteLabels(const QStringList &items, const std::vector<int> &permutation);

// Cluster label per position of permutation, from a cut of the dendrogram
// by distance threshold (when clusterCount is 0) or into clusterCount
// clusters. Empty when order has no dendrogram.
std::vector<int> clusterBands(const HeatmapOrder &order, double threshold, int clusterCount);

} // namespace embedscope::math
