#include "neighbourgraph.h"

#include "cancellation.h"
#include "common/logging.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <span>

namespace embedscope::math {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;

namespace {

// Floats per block of products: 16 MiB.
constexpr Eigen::Index BLOCK_VALUES = Eigen::Index(4) << 20;

struct Candidate
{
    float distance = 0.0f;
    int index = 0;
};

bool closer(const Candidate &a, const Candidate &b)
{
    return a.distance < b.distance || (a.distance == b.distance && a.index < b.index);
}

// The input distance of two rows in double: 1 - cosine (1 when either row
// is zero) under cosine, squared Euclidean otherwise.
double exactDistance(std::span<const float> a, std::span<const float> b, Metric metric)
{
    double dot = 0.0, aa = 0.0, bb = 0.0, squared = 0.0;
    for (size_t d = 0; d < a.size(); ++d) {
        const double x = a[d], y = b[d];
        dot += x * y;
        aa += x * x;
        bb += y * y;
        squared += (x - y) * (x - y);
    }
    if (metric != Metric::Cosine)
        return squared;
    if (aa == 0.0 || bb == 0.0)
        return 1.0;
    return std::max(1.0 - dot / std::sqrt(aa * bb), 0.0);
}

// Fills candidates with the float distances of row i from one row of
// products, leaving i out. norms are row lengths (cosine) or squared
// lengths (otherwise).
void rowCandidates(const float *products, int i, const Eigen::VectorXf &norms, Metric metric,
                   std::vector<Candidate> &candidates)
{
    candidates.clear();
    const int n = int(norms.size());
    for (int j = 0; j < n; ++j) {
        if (j == i)
            continue;
        float distance = 0.0f;
        if (metric == Metric::Cosine) {
            const float scale = norms[i] * norms[j];
            distance = scale > 0.0f ? 1.0f - products[j] / scale : 1.0f;
        } else {
            distance = norms[i] + norms[j] - 2.0f * products[j];
        }
        candidates.push_back({std::max(distance, 0.0f), j});
    }
}

} // namespace

std::optional<NeighbourGraph> buildNeighbourGraph(const embedding::EmbeddingSet &vectors, Metric metric, int k,
                                                  const std::atomic_bool *cancel, int rowsPerBlock)
{
    const int n = vectors.rows();
    NeighbourGraph graph;
    graph.pointCount = n;
    graph.k = std::clamp(k, 0, std::max(n - 1, 0));
    if (graph.k == 0)
        return graph;
    graph.indices.resize(size_t(n) * size_t(graph.k));
    graph.distances.resize(graph.indices.size());

    const ConstRowMap x(vectors.data(), n, vectors.dimensions());
    const Eigen::VectorXf norms = metric == Metric::Cosine ? Eigen::VectorXf(x.rowwise().norm())
                                                           : Eigen::VectorXf(x.rowwise().squaredNorm());
    const Eigen::Index blockRows = rowsPerBlock > 0 ? rowsPerBlock : std::max<Eigen::Index>(1, BLOCK_VALUES / n);
    RowMatrix products;
    std::vector<Candidate> candidates;
    candidates.reserve(size_t(n));

    for (Eigen::Index start = 0; start < n; start += blockRows) {
        if (isCancelled(cancel))
            return std::nullopt;
        const Eigen::Index rows = std::min<Eigen::Index>(blockRows, n - start);
        products.noalias() = x.middleRows(start, rows) * x.transpose();

        for (Eigen::Index r = 0; r < rows; ++r) {
            const int i = int(start + r);
            rowCandidates(products.row(r).data(), i, norms, metric, candidates);
            std::nth_element(candidates.begin(), candidates.begin() + (graph.k - 1), candidates.end(), closer);
            std::sort(candidates.begin(), candidates.begin() + graph.k, closer);
            for (int m = 0; m < graph.k; ++m) {
                const size_t slot = size_t(i) * size_t(graph.k) + size_t(m);
                graph.indices[slot] = candidates[size_t(m)].index;
                graph.distances[slot] = exactDistance(vectors.row(i), vectors.row(candidates[size_t(m)].index), metric);
            }
        }
    }
    qCDebug(lcMath) << "nearest" << graph.k << "neighbours of" << n << "points in blocks of" << blockRows << "rows";
    return graph;
}

} // namespace embedscope::math
