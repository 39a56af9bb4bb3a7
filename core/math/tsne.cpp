#include "tsne.h"

#include "cancellation.h"
#include "common/logging.h"
#include "tsnebarneshut.h"
#include "tsneperplexity.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace embedscope::math {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ConstRowMap = Eigen::Map<const RowMatrix>;

namespace {

// scikit-learn 1.2's TSNE constants for method="exact".
constexpr double EARLY_EXAGGERATION = 12.0;
constexpr int EXPLORATION_ITERATIONS = 250;
constexpr double EXPLORATION_MOMENTUM = 0.5;
constexpr double FINAL_MOMENTUM = 0.8;
constexpr double MIN_GAIN = 0.01;
constexpr double INITIAL_SCALE = 1e-4;
constexpr double MACHINE_EPSILON = std::numeric_limits<double>::epsilon();

// Pairwise input distances: 1 - cosine under cosine, squared Euclidean
// otherwise.
Eigen::MatrixXd inputDistances(const embedding::EmbeddingSet &vectors, Metric metric)
{
    Eigen::MatrixXd x = ConstRowMap(vectors.data(), vectors.rows(), vectors.dimensions()).cast<double>();
    if (metric == Metric::Cosine) {
        for (Eigen::Index i = 0; i < x.rows(); ++i) {
            const double norm = x.row(i).norm();
            if (norm > 0.0)
                x.row(i) /= norm;
        }
    }

    const Eigen::MatrixXd gram = x * x.transpose();
    const Eigen::VectorXd squared = gram.diagonal();
    Eigen::MatrixXd distances(x.rows(), x.rows());
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        for (Eigen::Index j = 0; j < x.rows(); ++j) {
            const double value = metric == Metric::Cosine ? 1.0 - gram(i, j) : squared[i] + squared[j] - 2.0 * gram(i, j);
            distances(i, j) = i == j ? 0.0 : std::max(value, 0.0);
        }
    }
    return distances;
}

// One row of conditional probabilities p(j | i) over every other point.
void calibrateRow(const Eigen::MatrixXd &distances, Eigen::Index i, double perplexity, Eigen::MatrixXd &conditional)
{
    std::vector<double> others;
    others.reserve(size_t(distances.cols()));
    for (Eigen::Index j = 0; j < distances.cols(); ++j) {
        if (j != i)
            others.push_back(distances(i, j));
    }

    const std::vector<double> p = calibratePerplexity(others, perplexity);
    size_t k = 0;
    for (Eigen::Index j = 0; j < distances.cols(); ++j)
        conditional(i, j) = j == i ? 0.0 : p[k++];
}

// Symmetric joint probabilities P, normalised to sum to 1 and floored at
// machine epsilon as scikit-learn does.
std::optional<Eigen::MatrixXd> jointProbabilities(const Eigen::MatrixXd &distances, double perplexity,
                                                  const std::atomic_bool *cancel)
{
    const Eigen::Index n = distances.rows();
    Eigen::MatrixXd conditional = Eigen::MatrixXd::Zero(n, n);
    for (Eigen::Index i = 0; i < n; ++i) {
        if (isCancelled(cancel))
            return std::nullopt;
        calibrateRow(distances, i, perplexity, conditional);
    }

    Eigen::MatrixXd joint = conditional + conditional.transpose();
    joint /= std::max(joint.sum(), MACHINE_EPSILON);
    joint = joint.cwiseMax(MACHINE_EPSILON);
    joint.diagonal().setZero();
    return joint;
}

// Gradient of KL(P || Q) for the Student-t kernel with one degree of
// freedom: 4 * sum_j (p_ij - q_ij) (y_i - y_j) / (1 + |y_i - y_j|^2).
Eigen::MatrixX2d klGradient(const Eigen::MatrixXd &joint, double exaggeration, const Eigen::MatrixX2d &points,
                            Eigen::MatrixXd &kernel)
{
    const Eigen::Index n = points.rows();
    double kernelSum = 0.0;
    for (Eigen::Index i = 0; i < n; ++i) {
        kernel(i, i) = 0.0;
        for (Eigen::Index j = i + 1; j < n; ++j) {
            const double value = 1.0 / (1.0 + (points.row(i) - points.row(j)).squaredNorm());
            kernel(i, j) = kernel(j, i) = value;
            kernelSum += 2.0 * value;
        }
    }

    Eigen::MatrixX2d gradient = Eigen::MatrixX2d::Zero(n, 2);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (Eigen::Index j = 0; j < n; ++j) {
            if (i == j)
                continue;
            const double q = std::max(kernel(i, j) / kernelSum, MACHINE_EPSILON);
            gradient.row(i) += (exaggeration * joint(i, j) - q) * kernel(i, j) * (points.row(i) - points.row(j));
        }
    }
    return 4.0 * gradient;
}

// Runs batch gradient descent with momentum and per-coordinate gains, as
// scikit-learn's _gradient_descent does. gradientAt(points, exaggeration)
// returns the KL gradient with P scaled by exaggeration.
template<typename Gradient>
bool optimise(Eigen::MatrixX2d &points, int iterations, Gradient gradientAt, const std::atomic_bool *cancel)
{
    const Eigen::Index n = points.rows();
    const double learningRate = std::max(double(n) / EARLY_EXAGGERATION / 4.0, 50.0);
    Eigen::MatrixX2d update = Eigen::MatrixX2d::Zero(n, 2);
    Eigen::MatrixX2d gains = Eigen::MatrixX2d::Ones(n, 2);

    for (int iteration = 0; iteration < iterations; ++iteration) {
        if (isCancelled(cancel))
            return false;
        const bool exploring = iteration < EXPLORATION_ITERATIONS;
        const double momentum = exploring ? EXPLORATION_MOMENTUM : FINAL_MOMENTUM;

        Eigen::MatrixX2d gradient = gradientAt(points, exploring ? EARLY_EXAGGERATION : 1.0);
        for (Eigen::Index k = 0; k < gradient.size(); ++k) {
            const bool signChanged = update.data()[k] * gradient.data()[k] < 0.0;
            gains.data()[k] = std::max(signChanged ? gains.data()[k] + 0.2 : gains.data()[k] * 0.8, MIN_GAIN);
        }
        gradient.array() *= gains.array();
        update = momentum * update - learningRate * gradient;
        points += update;
    }
    return true;
}

// Optimises points with the Barnes-Hut gradient on affinities over the
// nearest neighbours only, in O(N * k) memory.
bool embedBarnesHut(const embedding::EmbeddingSet &vectors, Metric metric, double perplexity,
                    const TsneOptions &options, Eigen::MatrixX2d &points, const std::atomic_bool *cancel)
{
    const int neighbourCount = affinityNeighbourCount(vectors.rows(), perplexity);
    const std::optional<NeighbourGraph> neighbours = buildNeighbourGraph(vectors, metric, neighbourCount, cancel);
    if (!neighbours)
        return false;
    const std::optional<SparseAffinities> joint = sparseJointProbabilities(*neighbours, perplexity, cancel);
    if (!joint)
        return false;
    const auto gradient = [&joint, theta = options.theta](const Eigen::MatrixX2d &at, double exaggeration) {
        return barnesHutGradient(*joint, exaggeration, at, theta);
    };
    return optimise(points, std::max(options.iterations, EXPLORATION_ITERATIONS), gradient, cancel);
}

// Optimises points with the exact gradient on affinities over all pairs,
// in O(N^2) time and memory.
bool embedExact(const embedding::EmbeddingSet &vectors, Metric metric, double perplexity,
                const TsneOptions &options, Eigen::MatrixX2d &points, const std::atomic_bool *cancel)
{
    const Eigen::MatrixXd distances = inputDistances(vectors, metric);
    const std::optional<Eigen::MatrixXd> joint = jointProbabilities(distances, perplexity, cancel);
    if (!joint)
        return false;
    Eigen::MatrixXd kernel(points.rows(), points.rows());
    const auto gradient = [&joint, &kernel](const Eigen::MatrixX2d &at, double exaggeration) {
        return klGradient(*joint, exaggeration, at, kernel);
    };
    return optimise(points, std::max(options.iterations, EXPLORATION_ITERATIONS), gradient, cancel);
}

// The PCA map scaled so the first axis has a standard deviation of 1e-4:
// small enough that early exaggeration can still rearrange the points.
Eigen::MatrixX2d initialPoints(const Projection &pca)
{
    const Eigen::Index n = Eigen::Index(pca.points.size());
    Eigen::MatrixX2d points(n, 2);
    for (Eigen::Index i = 0; i < n; ++i)
        points.row(i) << pca.points[size_t(i)].x(), pca.points[size_t(i)].y();

    const double deviation = std::sqrt((points.col(0).array() - points.col(0).mean()).square().mean());
    if (deviation > 0.0)
        points *= INITIAL_SCALE / deviation;
    return points;
}

// Gives every exact duplicate vector the point of its first occurrence, so
// identical phrases overlap even where rounding in the sums differs.
void mergeDuplicates(const embedding::EmbeddingSet &vectors, Eigen::MatrixX2d &points)
{
    std::map<std::vector<float>, Eigen::Index> firstOccurrence;
    for (int i = 0; i < vectors.rows(); ++i) {
        const auto row = vectors.row(i);
        const auto [it, inserted] = firstOccurrence.try_emplace(std::vector<float>(row.begin(), row.end()), i);
        if (!inserted)
            points.row(i) = points.row(it->second);
    }
}

} // namespace

std::optional<Projection> projectTsne(const embedding::EmbeddingSet &vectors, Metric metric,
                                      const TsneOptions &options, const std::atomic_bool *cancel)
{
    std::optional<Projection> pca = projectPca(vectors, metric, cancel);
    const int n = vectors.rows();
    if (!pca || n <= 3) {
        if (pca && n > 0)
            pca->note = QStringLiteral("Too few phrases for t-SNE, so this is the PCA map. ") + pca->note;
        return pca;
    }

    const double perplexity = std::clamp(options.perplexity, 1.0, (n - 1) / 3.0);
    Eigen::MatrixX2d points = initialPoints(*pca);
    const bool barnesHut = options.theta > 0.0 && n >= BARNES_HUT_MIN_POINTS;
    const bool finished = barnesHut ? embedBarnesHut(vectors, metric, perplexity, options, points, cancel)
                                    : embedExact(vectors, metric, perplexity, options, points, cancel);
    if (!finished)
        return std::nullopt;
    mergeDuplicates(vectors, points);

    Projection projection;
    for (Eigen::Index i = 0; i < points.rows(); ++i)
        projection.points.emplace_back(points(i, 0), points(i, 1));
    projection.explainedVarianceRatio = {std::numeric_limits<double>::quiet_NaN(),
                                         std::numeric_limits<double>::quiet_NaN()};
    if (perplexity < options.perplexity) {
        projection.note = QStringLiteral("Perplexity lowered from %1 to %2 for %3 phrases.")
                              .arg(options.perplexity)
                              .arg(perplexity, 0, 'g', 3)
                              .arg(n);
    }
    qCDebug(lcMath) << "t-SNE of" << n << "phrases with perplexity" << perplexity;
    return projection;
}

} // namespace embedscope::math
