#pragma once

#include "render/heatmaprenderer.h"

#include "math/agreement.h"

#include <QStringList>

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::ui::compare {

// Row and column order shared by the linked heatmaps.
enum class SharedOrder {
    Input,        // the phrase list's order
    ClusteredA,   // hierarchical clustering of run A
    ClusteredBoth // hierarchical clustering of the mean of A and B
};

// Inputs of a comparison of two runs of the same phrases, copied so that it
// can run off the UI thread.
struct ComparisonRequest
{
    QStringList phrases;
    math::SimilarityMatrix a;
    math::SimilarityMatrix b;
    SharedOrder order = SharedOrder::ClusteredA;
    math::Normalisation normalisation = math::Normalisation::Rank;
    int k = 10;
};

// The three heatmaps in one order and the agreement figures. permutation[p]
// is the phrase-list index drawn at position p; agreement is in list order.
// The heatmaps' own order numbers phrases by drawn position: an identity
// permutation, with the clustering's tree when the order is a clustering.
struct Comparison
{
    render::HeatmapData a;
    render::HeatmapData b;
    render::HeatmapData difference;
    std::vector<int> permutation;
    math::Agreement agreement;
    // Score ranges of runs A and B, taken here off the UI thread because a
    // large matrix takes a while to scan, for a color range shared by both.
    render::MatrixSummary summaryA;
    render::MatrixSummary summaryB;
};

// Computes the shared order of a and b: the input order, or a clustering of
// a or of the mean of both, with its dendrogram. Returns nullopt when
// cancel becomes true during clustering.
std::optional<math::HeatmapOrder> computeSharedOrder(const math::SimilarityMatrix &a, const math::SimilarityMatrix &b,
                                                     SharedOrder order, const std::atomic_bool *cancel = nullptr);

// Computes the order, the difference A - B after normalisation and the
// agreement figures. Returns nullopt when cancel becomes true, which the
// clustering order and the agreement figures check as they go.
std::optional<Comparison> computeComparison(const ComparisonRequest &request, const std::atomic_bool *cancel);

// The mean of two matrices of the same size, for a joint order.
math::SimilarityMatrix meanMatrix(const math::SimilarityMatrix &a, const math::SimilarityMatrix &b);

} // namespace embedscope::ui::compare
