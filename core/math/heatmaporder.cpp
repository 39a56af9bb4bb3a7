#include "heatmaporder.h"

#include <algorithm>
#include <numeric>

namespace embedscope::math {

QString orderModeName(OrderMode mode)
{
    switch (mode) {
    case OrderMode::Original:
        return QStringLiteral("original");
    case OrderMode::Reference:
        return QStringLiteral("reference");
    case OrderMode::Clustered:
        return QStringLiteral("clustered");
    }
    return {};
}

std::optional<OrderMode> orderModeFromName(const QString &name)
{
    for (OrderMode mode : {OrderMode::Original, OrderMode::Reference, OrderMode::Clustered}) {
        if (name.compare(orderModeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}

static std::vector<int> identityOrder(int size)
{
    std::vector<int> order(size_t(std::max(size, 0)));
    std::iota(order.begin(), order.end(), 0);
    return order;
}

static std::vector<int> referenceOrder(const SimilarityMatrix &matrix, int reference)
{
    if (reference < 0 || reference >= matrix.size())
        reference = 0;

    std::vector<int> order;
    order.reserve(size_t(matrix.size()));
    for (const RankedScore &score : rankAgainst(matrix, reference))
        order.push_back(score.index);
    return order;
}

std::optional<HeatmapOrder> computeHeatmapOrder(const SimilarityMatrix &matrix, const OrderRequest &request,
                                                const std::atomic_bool *cancel)
{
    HeatmapOrder order;
    if (matrix.isEmpty())
        return order;

    switch (request.mode) {
    case OrderMode::Original:
        order.permutation = identityOrder(matrix.size());
        break;
    case OrderMode::Reference:
        order.permutation = referenceOrder(matrix, request.reference);
        break;
    case OrderMode::Clustered: {
        auto dendrogram = clusterHierarchically(condensedDistances(matrix), matrix.size(), request.linkage, cancel);
        if (!dendrogram)
            return std::nullopt;
        order.permutation = dendrogram->leafOrder();
        order.dendrogram = std::move(dendrogram);
        break;
    }
    }
    return order;
}

SimilarityMatrix permuteMatrix(const SimilarityMatrix &matrix, const std::vector<int> &permutation)
{
    const int n = int(permutation.size());
    bool identity = n == matrix.size();
    for (int position = 0; identity && position < n; ++position)
        identity = permutation[size_t(position)] == position;
    if (identity)
        return matrix; // shares the scores, see SimilarityMatrix::data()

    SimilarityMatrix result(n, matrix.metric());
    const float *source = matrix.data();
    float *target = result.data();
    for (int row = 0; row < n; ++row) {
        const float *sourceRow = source + qsizetype(permutation[size_t(row)]) * matrix.size();
        float *targetRow = target + qsizetype(row) * n;
        for (int column = 0; column < n; ++column)
            targetRow[column] = sourceRow[permutation[size_t(column)]];
    }

    // Undefined rows move with their phrases.
    QList<int> positionOf(matrix.size(), -1);
    for (int position = 0; position < n; ++position)
        positionOf[permutation[size_t(position)]] = position;
    QList<int> undefined;
    for (int row : matrix.undefinedRows()) {
        if (positionOf.value(row, -1) >= 0)
            undefined.append(positionOf[row]);
    }
    std::sort(undefined.begin(), undefined.end());
    result.setUndefinedRows(undefined);
    return result;
}

QStringList permuteLabels(const QStringList &items, const std::vector<int> &permutation)
{
    QStringList result;
    result.reserve(qsizetype(permutation.size()));
    for (int index : permutation)
        result.append(items.value(index));
    return result;
}

std::vector<int> clusterBands(const HeatmapOrder &order, double threshold, int clusterCount)
{
    if (!order.dendrogram)
        return {};

    const std::vector<int> labels = clusterCount > 0 ? order.dendrogram->cutIntoClusters(clusterCount)
                                                     : order.dendrogram->cutAtDistance(threshold);
    std::vector<int> bands;
    bands.reserve(order.permutation.size());
    for (int index : order.permutation)
        bands.push_back(labels[size_t(index)]);
    return bands;
}

} // namespace embedscope::math
