#include "similaritymatrix.h"

#include "common/logging.h"

#include <Eigen/Core>

#include <algorithm>
#include <limits>

namespace embedscope::math {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;
using RowMap = Eigen::Map<RowMatrix>;

static constexpr float UNDEFINED = std::numeric_limits<float>::quiet_NaN();

QString metricName(Metric metric)
{
    switch (metric) {
    case Metric::Cosine:
        return QStringLiteral("cosine");
    case Metric::Dot:
        return QStringLiteral("dot");
    case Metric::Euclidean:
        return QStringLiteral("euclidean");
    }
    return {};
}

QString metricTitle(Metric metric)
{
    switch (metric) {
    case Metric::Cosine:
        return QStringLiteral("Cosine similarity");
    case Metric::Dot:
        return QStringLiteral("Dot product");
    case Metric::Euclidean:
        return QStringLiteral("Euclidean distance");
    }
    return {};
}

bool higherIsCloser(Metric metric)
{
    return metric != Metric::Euclidean;
}

SimilarityMatrix::SimilarityMatrix(int size, Metric metric)
    : m_size(size)
    , m_metric(metric)
    , m_values(size_t(size) * size_t(size), 0.0f)
{
}

std::pair<float, float> SimilarityMatrix::finiteRange() const
{
    float low = std::numeric_limits<float>::infinity();
    float high = -std::numeric_limits<float>::infinity();
    for (float value : m_values) {
        if (!std::isfinite(value))
            continue;
        low = std::min(low, value);
        high = std::max(high, value);
    }
    if (low > high)
        return {UNDEFINED, UNDEFINED};
    return {low, high};
}

// Row norms accumulated in double: float32 sums over 2048 or more dimensions
// lose enough precision to move a self-similarity off 1.
static Eigen::VectorXd rowNorms(const ConstRowMap &vectors)
{
    return vectors.cast<double>().rowwise().norm();
}

static SimilarityMatrix cosineMatrix(const ConstRowMap &vectors)
{
    const int n = int(vectors.rows());
    SimilarityMatrix result(n, Metric::Cosine);

    const Eigen::VectorXd norms = rowNorms(vectors);
    RowMatrix unit = vectors;
    QList<int> undefined;
    for (int i = 0; i < n; ++i) {
        if (norms[i] > 0.0)
            unit.row(i) /= float(norms[i]);
        else
            undefined.append(i);
    }

    RowMap out(result.data(), n, n);
    out.noalias() = unit * unit.transpose();
    out = out.cwiseMax(-1.0f).cwiseMin(1.0f);
    for (int i = 0; i < n; ++i) {
        if (norms[i] > 0.0)
            out(i, i) = 1.0f;
    }

    for (int row : std::as_const(undefined)) {
        out.row(row).setConstant(UNDEFINED);
        out.col(row).setConstant(UNDEFINED);
    }
    result.setUndefinedRows(undefined);
    return result;
}

static SimilarityMatrix dotMatrix(const ConstRowMap &vectors)
{
    const int n = int(vectors.rows());
    SimilarityMatrix result(n, Metric::Dot);
    RowMap out(result.data(), n, n);
    out.noalias() = vectors * vectors.transpose();
    return result;
}

static SimilarityMatrix euclideanMatrix(const ConstRowMap &vectors)
{
    const int n = int(vectors.rows());
    SimilarityMatrix result(n, Metric::Euclidean);
    RowMap out(result.data(), n, n);
    out.noalias() = vectors * vectors.transpose();

    const Eigen::VectorXf squared = out.diagonal();
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            const float d2 = squared[i] + squared[j] - 2.0f * out(i, j);
            out(i, j) = std::sqrt(std::max(d2, 0.0f));
        }
    }
    out.diagonal().setZero();
    return result;
}

SimilarityMatrix computeSimilarity(const embedding::EmbeddingSet &vectors, Metric metric)
{
    const ConstRowMap map(vectors.data(), vectors.rows(), vectors.dimensions());
    qCDebug(lcMath) << "similarity" << metricName(metric) << vectors.rows() << "x" << vectors.dimensions();

    switch (metric) {
    case Metric::Cosine:
        return cosineMatrix(map);
    case Metric::Dot:
        return dotMatrix(map);
    case Metric::Euclidean:
        return euclideanMatrix(map);
    }
    return {};
}

std::vector<RankedScore> rankAgainst(const SimilarityMatrix &matrix, int reference)
{
    std::vector<RankedScore> ranking;
    if (reference < 0 || reference >= matrix.size())
        return ranking;

    ranking.reserve(size_t(matrix.size()));
    for (int i = 0; i < matrix.size(); ++i)
        ranking.push_back({i, matrix.at(reference, i)});

    const bool descending = higherIsCloser(matrix.metric());
    std::stable_sort(ranking.begin(), ranking.end(), [descending](const RankedScore &a, const RankedScore &b) {
        const bool aDefined = !std::isnan(a.score);
        const bool bDefined = !std::isnan(b.score);
        if (aDefined != bDefined)
            return aDefined;
        if (!aDefined)
            return false;
        return descending ? a.score > b.score : a.score < b.score;
    });
    return ranking;
}

} // namespace embedscope::math
