#include "comparison.h"

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

static std::optional<math::HeatmapOrder> sharedOrder(const ComparisonRequest &request, const std::atomic_bool *cancel)
{
    math::OrderRequest order;
    switch (request.order) {
    case SharedOrder::Input:
        return math::computeHeatmapOrder(request.a, order, cancel);
    case SharedOrder::ClusteredA:
        order.mode = math::OrderMode::Clustered;
        return math::computeHeatmapOrder(request.a, order, cancel);
    case SharedOrder::ClusteredBoth:
        order.mode = math::OrderMode::Clustered;
        return math::computeHeatmapOrder(meanMatrix(request.a, request.b), order, cancel);
    }
    return std::nullopt;
}

std::optional<Comparison> computeComparison(const ComparisonRequest &request, const std::atomic_bool *cancel)
{
    Q_ASSERT(request.a.size() == request.b.size());
    auto order = sharedOrder(request, cancel);
    if (!order || (cancel && cancel->load()))
        return std::nullopt;

    // The views draw what they are given in input order, so the dendrogram
    // is left out: one tree would be wrong for B and for the difference.
    order->dendrogram.reset();

    Comparison comparison;
    comparison.permutation = order->permutation;
    comparison.a = render::orderHeatmap({request.phrases, request.a, {}, {}, {}}, *order);
    comparison.b = render::orderHeatmap({request.phrases, request.b, {}, {}, {}}, *order);
    const math::SimilarityMatrix difference = math::differenceMatrix(request.a, request.b, request.normalisation);
    if (cancel && cancel->load())
        return std::nullopt;
    comparison.difference = render::orderHeatmap({request.phrases, difference, {}, {}, {}}, *order);

    auto agreement = math::compareRuns(request.a, request.b, request.k, LISTED_PAIRS, cancel);
    if (!agreement)
        return std::nullopt;
    comparison.agreement = std::move(*agreement);
    comparison.summaryA = render::summarizeMatrix(request.a);
    comparison.summaryB = render::summarizeMatrix(request.b);
    return comparison;
}

} // namespace embedscope::ui::compare
