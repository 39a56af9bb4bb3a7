#include "crossscores.h"

#include <Eigen/Core>

#include <algorithm>
#include <limits>

namespace embedscope::math {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;
using RowMap = Eigen::Map<RowMatrix>;

static constexpr float UNDEFINED = std::numeric_limits<float>::quiet_NaN();

static ConstRowMap mapOf(const embedding::EmbeddingSet &set)
{
    return ConstRowMap(set.data(), set.rows(), set.dimensions());
}

// Returns the rows scaled to unit length. Zero rows stay zero and are marked
// false in defined.
static RowMatrix normalisedRows(const ConstRowMap &vectors, std::vector<bool> &defined)
{
    const Eigen::VectorXd norms = vectors.cast<double>().rowwise().norm();
    RowMatrix unit = vectors;
    defined.assign(size_t(vectors.rows()), false);
    for (Eigen::Index i = 0; i < vectors.rows(); ++i) {
        if (norms[i] > 0.0) {
            unit.row(i) /= float(norms[i]);
            defined[size_t(i)] = true;
        }
    }
    return unit;
}

static void fillCosine(const ConstRowMap &rows, const ConstRowMap &columns, ScoreTable &table)
{
    std::vector<bool> rowDefined;
    std::vector<bool> columnDefined;
    const RowMatrix rowUnits = normalisedRows(rows, rowDefined);
    const RowMatrix columnUnits = normalisedRows(columns, columnDefined);

    RowMap out(table.values.data(), table.rowCount, table.columnCount);
    out.noalias() = rowUnits * columnUnits.transpose();
    out = out.cwiseMax(-1.0f).cwiseMin(1.0f);
    for (int i = 0; i < table.rowCount; ++i) {
        for (int j = 0; j < table.columnCount; ++j) {
            if (!rowDefined[size_t(i)] || !columnDefined[size_t(j)])
                out(i, j) = UNDEFINED;
        }
    }
}

static void fillEuclidean(const ConstRowMap &rows, const ConstRowMap &columns, ScoreTable &table)
{
    RowMap out(table.values.data(), table.rowCount, table.columnCount);
    for (int i = 0; i < table.rowCount; ++i) {
        for (int j = 0; j < table.columnCount; ++j)
            out(i, j) = (rows.row(i) - columns.row(j)).norm();
    }
}

Expected<ScoreTable> computeCrossScores(const embedding::EmbeddingSet &rows, const embedding::EmbeddingSet &columns,
                                        Metric metric)
{
    if (!rows.isEmpty() && !columns.isEmpty() && rows.dimensions() != columns.dimensions()) {
        return fail(QStringLiteral("cannot compare vectors of %1 and %2 dimensions; embed both with the same model")
                        .arg(rows.dimensions())
                        .arg(columns.dimensions()));
    }

    ScoreTable table;
    table.rowCount = rows.rows();
    table.columnCount = columns.rows();
    table.values.assign(size_t(table.rowCount) * size_t(table.columnCount), 0.0f);
    if (table.values.empty())
        return table;

    switch (metric) {
    case Metric::Cosine:
        fillCosine(mapOf(rows), mapOf(columns), table);
        break;
    case Metric::Dot:
        RowMap(table.values.data(), table.rowCount, table.columnCount).noalias() =
            mapOf(rows) * mapOf(columns).transpose();
        break;
    case Metric::Euclidean:
        fillEuclidean(mapOf(rows), mapOf(columns), table);
        break;
    }
    return table;
}

} // namespace embedscope::math
