#include "projection.h"

#include "cancellation.h"
#include "common/logging.h"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
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
// positive. The coordinates are U x S with S > 0, so their signs are U's.
static void flipSign(Eigen::Ref<Eigen::VectorXd> coordinates)
{
    Eigen::Index largest = 0;
    coordinates.cwiseAbs().maxCoeff(&largest);
    if (coordinates[largest] < 0.0)
        coordinates = -coordinates;
}

// Writes one principal axis into the points' x (axis 0) or y (axis 1), with
// the sign flipSign() chooses.
static void setAxis(std::vector<QPointF> &points, int axis, Eigen::Ref<Eigen::VectorXd> coordinates)
{
    flipSign(coordinates);
    for (size_t i = 0; i < points.size(); ++i) {
        if (axis == 0)
            points[i].setX(coordinates[Eigen::Index(i)]);
        else
            points[i].setY(coordinates[Eigen::Index(i)]);
    }
}

// Rows of double per block of the covariance route: 4096 x 1536 doubles
// take 48 MiB.
static constexpr Eigen::Index COVARIANCE_BLOCK_ROWS = 4096;

// Rows [start, start + count) in double, scaled to unit length under cosine.
static Eigen::MatrixXd rowBlock(const embedding::EmbeddingSet &vectors, Metric metric, Eigen::Index start,
                                Eigen::Index count)
{
    const ConstRowMap x(vectors.data(), vectors.rows(), vectors.dimensions());
    Eigen::MatrixXd block = x.middleRows(start, count).cast<double>();
    if (metric == Metric::Cosine) {
        for (Eigen::Index i = 0; i < block.rows(); ++i) {
            const double norm = block.row(i).norm();
            if (norm > 0.0)
                block.row(i) /= norm;
        }
    }
    return block;
}

// Mean row and the scatter matrix sum_i (x_i - mean)^T (x_i - mean), the
// covariance times N. Returns false when cancel becomes true.
static bool scatterMatrix(const embedding::EmbeddingSet &vectors, Metric metric, Eigen::RowVectorXd &mean,
                          Eigen::MatrixXd &scatter, const std::atomic_bool *cancel)
{
    const Eigen::Index n = vectors.rows();
    mean = Eigen::RowVectorXd::Zero(vectors.dimensions());
    for (Eigen::Index start = 0; start < n; start += COVARIANCE_BLOCK_ROWS) {
        if (isCancelled(cancel))
            return false;
        mean += rowBlock(vectors, metric, start, std::min(COVARIANCE_BLOCK_ROWS, n - start)).colwise().sum();
    }
    mean /= double(n);

    scatter = Eigen::MatrixXd::Zero(vectors.dimensions(), vectors.dimensions());
    for (Eigen::Index start = 0; start < n; start += COVARIANCE_BLOCK_ROWS) {
        if (isCancelled(cancel))
            return false;
        Eigen::MatrixXd block = rowBlock(vectors, metric, start, std::min(COVARIANCE_BLOCK_ROWS, n - start));
        block.rowwise() -= mean;
        scatter.noalias() += block.transpose() * block;
    }
    return true;
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
    if (n > PCA_SVD_MAX_ROWS)
        return projectPcaByCovariance(vectors, metric, cancel);
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
        setAxis(projection.points, axis, coordinates);
    }

    projection.note = noteFor(n, rank);
    qCDebug(lcMath) << "PCA of" << n << "x" << vectors.dimensions() << "vectors, rank" << rank << "in 2D";
    return projection;
}

std::optional<Projection> projectPcaByCovariance(const embedding::EmbeddingSet &vectors, Metric metric,
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

    Eigen::RowVectorXd mean;
    Eigen::MatrixXd scatter;
    if (!scatterMatrix(vectors, metric, mean, scatter, cancel))
        return std::nullopt;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(scatter);
    if (isCancelled(cancel))
        return std::nullopt;

    // The eigenvalues of the scatter matrix are the squared singular values
    // of the centred vectors, in ascending order.
    const Eigen::Index d = scatter.rows();
    const Eigen::VectorXd eigenvalues = solver.eigenvalues().cwiseMax(0.0);
    const double largest = std::sqrt(eigenvalues[d - 1]);
    const double tolerance = largest * double(std::max<Eigen::Index>(n, d)) * std::numeric_limits<double>::epsilon();
    const double totalVariance = eigenvalues.sum();
    if (totalVariance > 0.0)
        projection.explainedVarianceRatio = {0.0, 0.0};

    int rank = 0;
    for (int axis = 0; axis < 2 && axis < d; ++axis) {
        const double eigenvalue = eigenvalues[d - 1 - axis];
        if (totalVariance > 0.0)
            projection.explainedVarianceRatio[size_t(axis)] = eigenvalue / totalVariance;
        if (std::sqrt(eigenvalue) <= tolerance)
            continue;
        ++rank;

        // One dot product per row, so equal rows get bit-identical
        // coordinates whichever block they fall in.
        const Eigen::VectorXd direction = solver.eigenvectors().col(d - 1 - axis);
        Eigen::VectorXd coordinates(n);
        for (Eigen::Index start = 0; start < n; start += COVARIANCE_BLOCK_ROWS) {
            const Eigen::Index rows = std::min<Eigen::Index>(COVARIANCE_BLOCK_ROWS, n - start);
            Eigen::MatrixXd block = rowBlock(vectors, metric, start, rows);
            block.rowwise() -= mean;
            for (Eigen::Index i = 0; i < block.rows(); ++i)
                coordinates[start + i] = block.row(i).dot(direction.transpose());
        }
        setAxis(projection.points, axis, coordinates);
    }

    projection.note = noteFor(n, rank);
    qCDebug(lcMath) << "PCA by covariance of" << n << "x" << d << "vectors, rank" << rank << "in 2D";
    return projection;
}

} // namespace embedscope::math
