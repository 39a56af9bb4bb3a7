#include "blockoverview.h"

#include "cancellation.h"
#include "common/logging.h"

#include <Eigen/Core>

#include <algorithm>
#include <limits>

namespace embedscope::math {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;
using RowMap = Eigen::Map<RowMatrix>;

static constexpr float UNDEFINED = std::numeric_limits<float>::quiet_NaN();

static int rowAt(std::span<const int> order, int position)
{
    return order.empty() ? position : order[size_t(position)];
}

// Norm of one row accumulated in double, as computeSimilarity does.
static double rowNorm(const ConstRowMap &vectors, int row)
{
    return vectors.row(row).cast<double>().norm();
}

std::vector<int> blockBoundaries(int count, int blockCount)
{
    if (count <= 0)
        return {0};

    const int blocks = std::clamp(blockCount, 1, count);
    std::vector<int> boundaries(size_t(blocks) + 1);
    for (int b = 0; b <= blocks; ++b)
        boundaries[size_t(b)] = int(qint64(b) * count / blocks);
    return boundaries;
}

// Sums the unit vectors of each block in double, so 100,000 rows of float32
// add up without losing the small differences the means are made of.
// Stops early, leaving the sums incomplete, once cancel is set.
static RowMatrixD blockSums(const ConstRowMap &vectors, std::span<const int> order, std::span<const int> boundaries,
                            std::vector<int> &sizes, const std::atomic_bool *cancel,
                            const std::function<void(int, int)> &progress)
{
    const int blocks = int(boundaries.size()) - 1;
    RowMatrixD sums = RowMatrixD::Zero(blocks, vectors.cols());
    sizes.assign(size_t(blocks), 0);

    for (int b = 0; b < blocks; ++b) {
        for (int position = boundaries[size_t(b)]; position < boundaries[size_t(b) + 1]; ++position) {
            const int row = rowAt(order, position);
            const double norm = rowNorm(vectors, row);
            if (norm <= 0.0)
                continue;
            sums.row(b) += (vectors.row(row) / float(norm)).cast<double>();
            ++sizes[size_t(b)];
        }
        if (isCancelled(cancel))
            return sums;
        if (progress)
            progress(b + 1, blocks);
    }
    return sums;
}

SimilarityMatrix computeBlockMeans(const embedding::EmbeddingSet &vectors, std::span<const int> order,
                                   std::span<const int> boundaries, const std::atomic_bool *cancel,
                                   const std::function<void(int done, int total)> &progress)
{
    Q_ASSERT(order.empty() || int(order.size()) == vectors.rows());
    Q_ASSERT(!boundaries.empty() && boundaries.back() == (order.empty() ? vectors.rows() : int(order.size())));
    const int blocks = int(boundaries.size()) - 1;
    if (blocks <= 0)
        return {};

    qCDebug(lcMath) << "block means of" << vectors.rows() << "rows in" << blocks << "blocks";
    const ConstRowMap map(vectors.data(), vectors.rows(), vectors.dimensions());
    std::vector<int> sizes;
    const RowMatrixD sums = blockSums(map, order, boundaries, sizes, cancel, progress);
    if (isCancelled(cancel))
        return {};

    // The sum over all pairs (i in a, j in b) of u_i . u_j factors into
    // (sum of u_i) . (sum of u_j), so one B x B product gives every total.
    const RowMatrixD totals = sums * sums.transpose();

    SimilarityMatrix result(blocks, Metric::Cosine);
    QList<int> undefined;
    for (int a = 0; a < blocks; ++a) {
        if (sizes[size_t(a)] == 0)
            undefined.append(a);
        for (int b = 0; b < blocks; ++b) {
            const double pairs = double(sizes[size_t(a)]) * double(sizes[size_t(b)]);
            const double mean = pairs > 0.0 ? totals(a, b) / pairs : double(UNDEFINED);
            result.set(a, b, float(std::clamp(mean, -1.0, 1.0)));
        }
    }
    result.setUndefinedRows(undefined);
    return result;
}

int BlockOverview::blockOf(int phrase) const
{
    if (phrase < 0 || phrase >= phraseCount())
        return -1;
    const auto next = std::upper_bound(boundaries.begin(), boundaries.end(), phrase);
    return int(next - boundaries.begin()) - 1;
}

BlockOverview computeBlockOverview(const embedding::EmbeddingSet &vectors, int blockCount,
                                   const std::atomic_bool *cancel, const std::function<void(int, int)> &progress)
{
    BlockOverview overview;
    overview.boundaries = blockBoundaries(vectors.rows(), blockCount);
    overview.means = computeBlockMeans(vectors, {}, overview.boundaries, cancel, progress);
    if (overview.means.isEmpty())
        return {};
    return overview;
}

SimilarityTile::SimilarityTile(TileRange range, Metric metric)
    : m_range(range)
    , m_metric(metric)
    , m_values(size_t(rows()) * size_t(columns()), 0.0f)
{
}

// Copies the rows at positions [begin, end) of order, scaled to unit length
// for cosine. Zero vectors stay zero and are reported through norms.
static RowMatrix gatherRows(const ConstRowMap &vectors, std::span<const int> order, int begin, int end,
                            Metric metric, Eigen::VectorXd &norms)
{
    RowMatrix rows(end - begin, vectors.cols());
    norms.resize(end - begin);
    for (int position = begin; position < end; ++position) {
        const int row = rowAt(order, position);
        const Eigen::Index local = position - begin;
        norms[local] = rowNorm(vectors, row);
        if (metric == Metric::Cosine && norms[local] > 0.0)
            rows.row(local) = vectors.row(row) / float(norms[local]);
        else
            rows.row(local) = vectors.row(row);
    }
    return rows;
}

// Turns the raw products of a tile into the metric's scores.
static void finishTile(RowMap &out, const RowMatrix &left, const RowMatrix &right, const Eigen::VectorXd &leftNorms,
                       const Eigen::VectorXd &rightNorms, std::span<const int> order, const TileRange &range,
                       Metric metric)
{
    const Eigen::VectorXf leftSquared = left.rowwise().squaredNorm();
    const Eigen::VectorXf rightSquared = right.rowwise().squaredNorm();

    for (Eigen::Index i = 0; i < out.rows(); ++i) {
        const int row = rowAt(order, range.rowBegin + int(i));
        for (Eigen::Index j = 0; j < out.cols(); ++j) {
            const bool self = row == rowAt(order, range.columnBegin + int(j));
            float &score = out(i, j);
            switch (metric) {
            case Metric::Cosine:
                if (leftNorms[i] <= 0.0 || rightNorms[j] <= 0.0)
                    score = UNDEFINED;
                else
                    score = self ? 1.0f : std::clamp(score, -1.0f, 1.0f);
                break;
            case Metric::Dot:
                break;
            case Metric::Euclidean: {
                const float d2 = leftSquared[i] + rightSquared[j] - 2.0f * score;
                score = self ? 0.0f : std::sqrt(std::max(d2, 0.0f));
                break;
            }
            }
        }
    }
}

SimilarityTile computeSimilarityTile(const embedding::EmbeddingSet &vectors, Metric metric,
                                     std::span<const int> order, TileRange range)
{
    const int count = order.empty() ? vectors.rows() : int(order.size());
    const bool valid = 0 <= range.rowBegin && range.rowBegin <= range.rowEnd && range.rowEnd <= count
        && 0 <= range.columnBegin && range.columnBegin <= range.columnEnd && range.columnEnd <= count;
    if (!valid) {
        qCWarning(lcMath) << "similarity tile rows" << range.rowBegin << "to" << range.rowEnd << "columns"
                          << range.columnBegin << "to" << range.columnEnd << "is outside 0 to" << count;
        return {};
    }

    const ConstRowMap map(vectors.data(), vectors.rows(), vectors.dimensions());
    Eigen::VectorXd leftNorms;
    Eigen::VectorXd rightNorms;
    const RowMatrix left = gatherRows(map, order, range.rowBegin, range.rowEnd, metric, leftNorms);
    const RowMatrix right = gatherRows(map, order, range.columnBegin, range.columnEnd, metric, rightNorms);

    SimilarityTile tile(range, metric);
    RowMap out(tile.data(), tile.rows(), tile.columns());
    if (map.cols() > 0 && tile.rows() > 0 && tile.columns() > 0)
        out.noalias() = left * right.transpose();

    finishTile(out, left, right, leftNorms, rightNorms, order, range, metric);
    return tile;
}

std::vector<float> computeSimilarityRow(const embedding::EmbeddingSet &vectors, Metric metric, int row)
{
    if (row < 0 || row >= vectors.rows())
        return {};

    const ConstRowMap map(vectors.data(), vectors.rows(), vectors.dimensions());
    const Eigen::VectorXf products = map * map.row(row).transpose();
    const double referenceNorm = rowNorm(map, row);
    const double referenceSquared = referenceNorm * referenceNorm;

    std::vector<float> scores(size_t(vectors.rows()));
    for (int j = 0; j < vectors.rows(); ++j) {
        const double norm = rowNorm(map, j);
        float &score = scores[size_t(j)];
        switch (metric) {
        case Metric::Cosine:
            if (referenceNorm <= 0.0 || norm <= 0.0)
                score = UNDEFINED;
            else
                score = j == row ? 1.0f : float(std::clamp(products[j] / (referenceNorm * norm), -1.0, 1.0));
            break;
        case Metric::Dot:
            score = products[j];
            break;
        case Metric::Euclidean:
            score = j == row ? 0.0f : float(std::sqrt(std::max(referenceSquared + norm * norm - 2.0 * products[j], 0.0)));
            break;
        }
    }
    return scores;
}

} // namespace embedscope::math
