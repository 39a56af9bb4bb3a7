#pragma once

#include "similaritymatrix.h"

#include "embedding/embeddingset.h"

#include <QPointF>
#include <QString>

#include <array>
#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

// 2D coordinates for a map of the phrases, one point per phrase in list
// order.
struct Projection
{
    std::vector<QPointF> points;
    // Share of the total variance along each axis, as scikit-learn's
    // explained_variance_ratio_, or NaN when the vectors do not vary at all.
    std::array<double, 2> explainedVarianceRatio{};
    // A short sentence for the chart when the map shows little, such as with
    // one or two phrases, and empty otherwise.
    QString note;
};

// Projects the vectors onto their first two principal components: centre,
// thin SVD, coordinates = centred vectors x right singular vectors. Each
// axis's sign follows scikit-learn's svd_flip: the point farthest from 0
// along it is positive, so results match scikit-learn's PCA up to rounding.
// Under cosine the rows are scaled to unit length first, so map distances
// grow with 1 - cosine. A zero vector is left as it is.
//
// Small inputs need no special call: 1 phrase sits at the origin, 2 lie on
// the x axis at their distance apart, identical vectors get identical
// points, and an axis with no variance is 0 everywhere. Returns nullopt when
// cancel becomes true.
//
// Above PCA_SVD_MAX_ROWS phrases the same axes come from the covariance
// matrix instead (projectPcaByCovariance). The SVD route copies all N x D
// vectors to double at once (300 MB at 100,000 x 384). The covariance route
// keeps only one block of rows and a D x D matrix.
//
// NOTE: the SVD itself cannot be interrupted, and it costs O(max(N, D) x
// min(N, D)^2). Measured on one AMD EPYC core: 0.7 s for 500 phrases of
// 1536 dimensions, 7 s for 2000.
std::optional<Projection> projectPca(const embedding::EmbeddingSet &vectors, Metric metric,
                                     const std::atomic_bool *cancel = nullptr);

inline constexpr int PCA_SVD_MAX_ROWS = 2000;

// Projects like projectPca, with the axes taken as the top two eigenvectors
// of the D x D covariance matrix, summed over blocks of rows in double. It
// takes O(N * D^2 + D^3) time and O(D^2) memory besides the input, and
// checks cancel between blocks. Squaring the data makes it less accurate
// than the SVD for axes with tiny variance, which a map does not show.
std::optional<Projection> projectPcaByCovariance(const embedding::EmbeddingSet &vectors, Metric metric,
                                                 const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::math
