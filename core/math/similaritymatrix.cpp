#include "similaritymatrix.h"

#include "blasthreads.h"

#include "common/logging.h"

#include <Eigen/Core>

#ifdef __SSE2__
#include <xmmintrin.h>
#endif

#include <algorithm>
#include <limits>
#include <span>
#include <thread>

namespace embedscope::math {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;
using RowMap = Eigen::Map<RowMatrix>;

static constexpr float UNDEFINED = std::numeric_limits<float>::quiet_NaN();

// Runs body(index) for every index in [0, count). Above a few hundred rows
// the passes before and after the product are memory-bound, and splitting
// them over the cores the product itself uses cuts their share of the wall
// time. Thread t takes indices t, t + T, t + 2T, ..., which balances bands
// of the triangle whose cost grows with the index.
template<typename Body>
static void parallelFor(Eigen::Index count, Eigen::Index parallelFrom, Body body)
{
    constexpr unsigned MAX_THREADS = 8;
    const unsigned threads = count < parallelFrom ? 1u : std::clamp(std::thread::hardware_concurrency(), 1u, MAX_THREADS);
    auto stride = [&body, count, threads](unsigned first) {
        for (Eigen::Index i = first; i < count; i += threads)
            body(i);
    };

    std::vector<std::jthread> workers;
    for (unsigned t = 1; t < threads; ++t)
        workers.emplace_back(stride, t);
    stride(0);
}

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
    , m_values(std::make_shared<std::vector<float>>(size_t(size) * size_t(size), 0.0f))
{
}

void SimilarityMatrix::detach()
{
    if (!m_values)
        m_values = std::make_shared<std::vector<float>>();
    else if (m_values.use_count() > 1)
        m_values = std::make_shared<std::vector<float>>(*m_values);
}

std::pair<float, float> SimilarityMatrix::finiteRange() const
{
    float low = std::numeric_limits<float>::infinity();
    float high = -std::numeric_limits<float>::infinity();
    const qsizetype count = qsizetype(m_size) * m_size;
    for (const float value : std::span(data(), size_t(count))) {
        if (!std::isfinite(value))
            continue;
        low = std::min(low, value);
        high = std::max(high, value);
    }
    if (low > high)
        return {UNDEFINED, UNDEFINED};
    return {low, high};
}

// Row norm accumulated in double: float32 sums over 2048 or more dimensions
// lose enough precision to move a self-similarity off 1.
static double rowNorm(const ConstRowMap &vectors, Eigen::Index row)
{
    return std::sqrt(vectors.row(row).cast<double>().squaredNorm());
}

// Adds rows * rows^T to the lower triangle of out, which starts as zeros. One
// rank-k update (BLAS ssyrk when built with EIGEN_USE_BLAS) is half the flops
// of a general product, and stays a single matrix product.
template<typename Rows>
static void lowerGramMatrix(const Rows &rows, RowMap &out)
{
    // BLAS rejects a leading dimension of 0, and an empty product adds nothing.
    if (rows.rows() == 0 || rows.cols() == 0)
        return;
    const WideBlasScope wide;
    out.selfadjointView<Eigen::Lower>().rankUpdate(rows);
}

static constexpr Eigen::Index MIRROR_TILE = 64;

// Copies the square tile at rows [r0, r0 + MIRROR_TILE) and columns
// [c0, c0 + MIRROR_TILE), c0 < r0, onto its mirror image above the diagonal.
// SSE2, part of every x86-64 CPU, transposes 4 x 4 blocks in registers, so
// each transposed write stores 16 bytes instead of 4.
static void mirrorTile(RowMap &out, Eigen::Index r0, Eigen::Index c0)
{
#ifdef __SSE2__
    float *data = out.data();
    const Eigen::Index n = out.cols();
    for (Eigen::Index i = r0; i < r0 + MIRROR_TILE; i += 4) {
        for (Eigen::Index j = c0; j < c0 + MIRROR_TILE; j += 4) {
            __m128 row0 = _mm_loadu_ps(data + i * n + j);
            __m128 row1 = _mm_loadu_ps(data + (i + 1) * n + j);
            __m128 row2 = _mm_loadu_ps(data + (i + 2) * n + j);
            __m128 row3 = _mm_loadu_ps(data + (i + 3) * n + j);
            _MM_TRANSPOSE4_PS(row0, row1, row2, row3);
            _mm_storeu_ps(data + j * n + i, row0);
            _mm_storeu_ps(data + (j + 1) * n + i, row1);
            _mm_storeu_ps(data + (j + 2) * n + i, row2);
            _mm_storeu_ps(data + (j + 3) * n + i, row3);
        }
    }
#else
    out.block(c0, r0, MIRROR_TILE, MIRROR_TILE) = out.block(r0, c0, MIRROR_TILE, MIRROR_TILE).transpose();
#endif
}

// Copies the lower triangle of rows [r0, r0 + MIRROR_TILE) onto the upper
// one tile by tile, so that both the reads and the transposed writes stay in
// cache. A row-by-row mirror of a 4096 x 4096 matrix misses the cache on
// nearly every upper write, because its rows lie a power of two apart and
// share cache sets.
static void mirrorTileRow(RowMap &out, Eigen::Index r0)
{
    const Eigen::Index n = out.rows();
    for (Eigen::Index c0 = 0; c0 <= r0; c0 += MIRROR_TILE) {
        if (c0 < r0 && r0 + MIRROR_TILE <= n) {
            mirrorTile(out, r0, c0);
            continue;
        }
        // Tiles on the diagonal or cut by the matrix edge.
        for (Eigen::Index i = r0; i < std::min(r0 + MIRROR_TILE, n); ++i) {
            for (Eigen::Index j = c0; j < std::min(c0 + MIRROR_TILE, i); ++j)
                out(j, i) = out(i, j);
        }
    }
}

// Turns the raw products of the lower triangle into scores, row by row with
// finishRow(i), then copies them onto the upper triangle. Each band of
// MIRROR_TILE rows reads only its own lower rows and writes only its own
// upper columns, so bands run in parallel.
template<typename FinishRow>
static void finishSymmetric(RowMap &out, FinishRow finishRow)
{
    const Eigen::Index n = out.rows();
    const Eigen::Index bands = (n + MIRROR_TILE - 1) / MIRROR_TILE;
    parallelFor(bands, 8, [&](Eigen::Index band) {
        const Eigen::Index r0 = band * MIRROR_TILE;
        for (Eigen::Index i = r0; i < std::min(r0 + MIRROR_TILE, n); ++i)
            finishRow(i);
        mirrorTileRow(out, r0);
    });
}

// Rows divided by their norms, with zero vectors left at zero.
static RowMatrix normalisedRows(const ConstRowMap &vectors, const Eigen::ArrayXd &norms)
{
    RowMatrix unit(vectors.rows(), vectors.cols());
    parallelFor(vectors.rows(), 512, [&](Eigen::Index i) {
        if (norms[i] > 0.0)
            unit.row(i) = vectors.row(i) / float(norms[i]);
        else
            unit.row(i).setZero();
    });
    return unit;
}

// Dividing the products by both norms after the product rounds no worse
// than normalising the rows first, and saves copying the whole input. It is
// used while every norm lies in this range, which keeps the float32 products
// of raw rows far from overflow (3.4e38) and from subnormals (1.2e-38).
static constexpr double SCALE_AFTER_MIN_NORM = 1e-8;
static constexpr double SCALE_AFTER_MAX_NORM = 1e8;

static SimilarityMatrix cosineMatrix(const ConstRowMap &vectors)
{
    const int n = int(vectors.rows());
    SimilarityMatrix result(n, Metric::Cosine);

    Eigen::ArrayXd norms(n);
    parallelFor(n, 512, [&](Eigen::Index i) { norms[i] = rowNorm(vectors, i); });
    QList<int> undefined;
    for (int i = 0; i < n; ++i) {
        if (!(norms[i] > 0.0))
            undefined.append(i);
    }

    const Eigen::ArrayXd defined = (norms > 0.0).select(norms, 1.0);
    const bool scaleAfter = n == 0
        || (defined.minCoeff() >= SCALE_AFTER_MIN_NORM && defined.maxCoeff() <= SCALE_AFTER_MAX_NORM);
    Eigen::ArrayXd inverse = (norms > 0.0).select(norms.inverse(), 0.0);

    RowMap out(result.data(), n, n);
    if (scaleAfter) {
        lowerGramMatrix(vectors, out);
    } else {
        lowerGramMatrix(normalisedRows(vectors, norms), out);
        inverse.setOnes();
    }

    // Rounding can leave a cosine just outside [-1, 1], and a vector's
    // product with itself just off 1.
    finishSymmetric(out, [&out, &inverse](Eigen::Index i) {
        auto products = out.row(i).head(i).array();
        products = (products.cast<double>() * inverse.head(i).transpose() * inverse[i])
                       .max(-1.0)
                       .min(1.0)
                       .cast<float>();
        out(i, i) = 1.0f;
    });

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
    lowerGramMatrix(vectors, out);
    finishSymmetric(out, [](Eigen::Index) {});
    return result;
}

static SimilarityMatrix euclideanMatrix(const ConstRowMap &vectors)
{
    const int n = int(vectors.rows());
    SimilarityMatrix result(n, Metric::Euclidean);
    RowMap out(result.data(), n, n);
    lowerGramMatrix(vectors, out);

    // |a - b|^2 = |a|^2 + |b|^2 - 2ab, with the squared norms taken from the
    // product's own diagonal. Rounding can leave a small negative residue.
    const Eigen::ArrayXf squared = out.diagonal();
    finishSymmetric(out, [&out, &squared](Eigen::Index i) {
        const auto products = out.row(i).head(i).array();
        out.row(i).head(i) = (squared.head(i).transpose() + squared[i] - 2.0f * products).max(0.0f).sqrt().matrix();
        out(i, i) = 0.0f;
    });
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
    if (reference < 0 || reference >= matrix.size())
        return {};
    const float *row = matrix.data() + size_t(reference) * size_t(matrix.size());
    return rankScores(std::span<const float>(row, size_t(matrix.size())), matrix.metric());
}

std::vector<RankedScore> rankScores(std::span<const float> scores, Metric metric)
{
    std::vector<RankedScore> ranking;
    ranking.reserve(scores.size());
    for (size_t i = 0; i < scores.size(); ++i)
        ranking.push_back({int(i), scores[i]});

    const bool descending = higherIsCloser(metric);
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
