#include "comparison.h"

#include <numeric>

namespace embedscope::ui::compare {

// At most this many pairs are listed as the largest rank differences,
// because a longer list would not fit a glance.
static constexpr int LISTED_PAIRS = 50;

math::SimilarityMatrix meanMatrix(const math::SimilarityMatrix &a, const math::SimilarityMatrix &b)
{
    math::SimilarityMatrix mean(a.size(), a.metric());
    const size_t count = size_t(a.size()) * size_t(a.size());
    for (size_t i = 0; i < count; ++i)
        mean.data()[i] = 0.5f * (a.data()[i] + b.data()[i]);
    return mean;
}

std::optional<math::HeatmapOrder> computeSharedOrder(const math::SimilarityMatrix &a, const math::SimilarityMatrix &b,
                                                     SharedOrder order, const std::atomic_bool *cancel)
{
    math::OrderRequest request;
    switch (order) {
    case SharedOrder::Input:
        return math::computeHeatmapOrder(a, request, cancel);
    case SharedOrder::ClusteredA:
        request.mode = math::OrderMode::Clustered;
        return math::computeHeatmapOrder(a, request, cancel);
    case SharedOrder::ClusteredBoth:
        request.mode = math::OrderMode::Clustered;
        return math::computeHeatmapOrder(meanMatrix(a, b), request, cancel);
    }
    return std::nullopt;
}

// order as seen from the drawn positions: the identity permutation, and the
// tree with each leaf renumbered to its position. The compare views and
// their tooltips number rows by drawn position, so the tree must too. A
// merge's left id can then exceed its right one, which keeps the leaf order.
static math::HeatmapOrder positionalOrder(const math::HeatmapOrder &order)
{
    const int count = int(order.permutation.size());
    math::HeatmapOrder positional;
    positional.permutation.resize(size_t(count));
    std::iota(positional.permutation.begin(), positional.permutation.end(), 0);
    if (!order.dendrogram)
        return positional;

    std::vector<int> positionOf(static_cast<size_t>(count));
    for (int position = 0; position < count; ++position)
        positionOf[size_t(order.permutation[size_t(position)])] = position;
    const auto renumber = [&](int id) { return id < count ? positionOf[size_t(id)] : id; };
    std::vector<math::Merge> merges = order.dendrogram->merges();
    for (math::Merge &merge : merges) {
        merge.left = renumber(merge.left);
        merge.right = renumber(merge.right);
    }
    positional.dendrogram = math::Dendrogram(count, std::move(merges));
    return positional;
}

// The three maps share order, so each is drawn with the same tree.
static render::HeatmapData orderedMap(const QStringList &phrases, const math::SimilarityMatrix &matrix,
                                      const math::HeatmapOrder &order)
{
    render::HeatmapData data = render::orderHeatmap({phrases, matrix, {}, {}, {}}, order);
    data.order = positionalOrder(order);
    return data;
}

std::optional<Comparison> computeComparison(const ComparisonRequest &request, const std::atomic_bool *cancel)
{
    Q_ASSERT(request.a.size() == request.b.size());
    auto order = computeSharedOrder(request.a, request.b, request.order, cancel);
    if (!order || (cancel && cancel->load()))
        return std::nullopt;

    Comparison comparison;
    comparison.permutation = order->permutation;
    comparison.a = orderedMap(request.phrases, request.a, *order);
    comparison.b = orderedMap(request.phrases, request.b, *order);
    const math::SimilarityMatrix difference = math::differenceMatrix(request.a, request.b, request.normalisation);
    if (cancel && cancel->load())
        return std::nullopt;
    comparison.difference = orderedMap(request.phrases, difference, *order);

    auto agreement = math::compareRuns(request.a, request.b, request.k, LISTED_PAIRS, cancel);
    if (!agreement)
        return std::nullopt;
    comparison.agreement = std::move(*agreement);
    comparison.summaryA = render::summarizeMatrix(request.a);
    comparison.summaryB = render::summarizeMatrix(request.b);
    return comparison;
}

} // namespace embedscope::ui::compare
