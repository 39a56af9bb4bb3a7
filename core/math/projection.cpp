#include "projection.h"

#include "cancellation.h"
#include "common/logging.h"

#include <Eigen/Core>
#include <Eigen/SVD>

#include <limits>

namespace embedscope::math {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;

static constexpr double UNDEFINED = std::numeric_limits<double>::quiet_NaN();

// Copies the vectors to double and centres them on their mean. Under
// cosine each row is first scaled to unit length.
static Eigen::MatrixXd centredVectors(const embedding::EmbeddingSet &vectors, Metric metric)
{
    Eigen::MatrixXd x = ConstRowMap(vectors.data(), vectors.rows(), vectors.dimensions()).cast<double>();
    if (metric == Metric::Cosine) {
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            const double norm = x.row(i).norm();
            if (norm > 0.0)
                x.row(i) /= norm;
        }
    }
    x.rowwise() -= x.colwise().mean();
    return x;
}

// Flips an axis as scikit-learn's svd_flip with u_based_decision does, so
// that its largest entry in absolute value, the first one on a tie, is
// positive. The
// coordinates are U x S with S > 0, so their signs are U's.
static void flipSign(Eigen::Ref<Eigen::VectorXd> coordinates)
{
    Eigen::Index largest = 0;
    coordinates.cwiseAbs().maxCoeff(&largest);
    if (coordinates[largest] < 0.0)
        coordinates = -coordinates;
}

static QString noteFor(int phraseCount, int rank)
{
    if (phraseCount == 0)
        return QStringLiteral("No phrases to project.");
    if (phraseCount == 1)
        return QStringLiteral("Only one phrase, so it sits at the origin.");
    if (phraseCount == 2)
        return QStringLiteral("Two phrases: the map shows only the distance between them.");
    if (rank == 0)
        return QStringLiteral("All vectors are identical, so every phrase sits at the origin.");
    if (rank == 1)
        return QStringLiteral("The vectors differ along one direction only, so the map is a line.");
    return {};
}

std::optional<Projection> projectPca(const embedding::EmbeddingSet &vectors, Metric metric,
                                     const std::atomic_bool *cancel)
{
    const int n = vectors.rows();
    Projection projection;
    projection.points.assign(size_t(n), QPointF(0.0, 0.0));
    projection.explainedVarianceRatio = {UNDEFINED, UNDEFINED};
    if (n < 2 || vectors.dimensions() == 0) {
        projection.note = noteFor(n, 0);
        return projection;
    }

    const Eigen::MatrixXd x = centredVectors(vectors, metric);
    if (isCancelled(cancel))
        return std::nullopt;

    const Eigen::BDCSVD<Eigen::MatrixXd> svd(x, Eigen::ComputeThinV);
    const Eigen::VectorXd &singular = svd.singularValues();
    if (isCancelled(cancel))
        return std::nullopt;

    // Singular values this far below the largest are rounding noise, and
    // their directions arbitrary: an axis without variance stays at 0.
    // The threshold is NumPy's matrix_rank default.
    const double tolerance = singular[0] * double(std::max(x.rows(), x.cols())) * std::numeric_limits<double>::epsilon();
    const double totalVariance = singular.squaredNorm();
    if (totalVariance > 0.0)
        projection.explainedVarianceRatio = {0.0, 0.0};
    int rank = 0;
    for (int axis = 0; axis < 2 && axis < singular.size(); ++axis) {
        if (totalVariance > 0.0)
            projection.explainedVarianceRatio[size_t(axis)] = singular[axis] * singular[axis] / totalVariance;
        if (singular[axis] <= tolerance)
            continue;
        ++rank;

        // Centred vectors x V rather than U x S: equal rows then get
        // bit-identical coordinates.
        Eigen::VectorXd coordinates = x * svd.matrixV().col(axis);
        flipSign(coordinates);
        for (int i = 0; i < n; ++i) {
            if (axis == 0)
                projection.points[size_t(i)].setX(coordinates[i]);
            else
                projection.points[size_t(i)].setY(coordinates[i]);
        }
    }

    projection.note = noteFor(n, rank);
    qCDebug(lcMath) << "PCA of" << n << "x" << vectors.dimensions() << "vectors, rank" << rank << "in 2D";
    return projection;
}

} // namespace embedscope::math
