#include "tsnebarneshut.h"

#include "cancellation.h"
#include "tsneperplexity.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>

namespace embedscope::math {

namespace {

constexpr double MACHINE_EPSILON = std::numeric_limits<double>::epsilon();

// Cells stop splitting below this width or depth, so duplicate points share
// a leaf instead of splitting forever.
constexpr int MAX_DEPTH = 48;
constexpr double MIN_CELL_WIDTH = 1e-12;

// A point quadtree over the map, rebuilt for every gradient. Each cell
// keeps its point count and the sum of its points for the centre of mass.
class QuadTree
{
public:
    explicit QuadTree(const Eigen::MatrixX2d &points)
        : m_points(points)
        , m_nextMember(size_t(points.rows()), -1)
        , m_leafOf(size_t(points.rows()), -1)
    {
        m_cells.reserve(size_t(4 * points.rows() + 1));
        const Eigen::Vector2d low = points.colwise().minCoeff();
        const Eigen::Vector2d high = points.colwise().maxCoeff();
        const double half = std::max((high - low).maxCoeff() / 2.0, MIN_CELL_WIDTH) * (1.0 + 1e-9);
        m_cells.push_back(makeCell((low + high) / 2.0, half));
        for (int i = 0; i < int(points.rows()); ++i)
            insert(0, i, 0);
        for (Cell &cell : m_cells) {
            if (cell.count > 0)
                cell.centre = cell.sum / cell.count;
        }
    }

    // Repulsive force on point i, unnormalised, and its share of the
    // normalisation sum Z = sum over pairs of 1 / (1 + |y_i - y_j|^2).
    // stack is scratch space, passed in so that it is allocated once.
    void repulsion(int i, double theta, Eigen::Vector2d &force, double &kernelSum, std::vector<int> &stack) const
    {
        const Eigen::Vector2d y = m_points.row(i).transpose();
        const double thetaSquared = theta * theta;
        stack.assign(1, 0);
        while (!stack.empty()) {
            const int index = stack.back();
            const Cell &cell = m_cells[size_t(index)];
            stack.pop_back();
            if (cell.count == 0)
                continue;

            const Eigen::Vector2d difference = y - cell.centre;
            const double squared = difference.squaredNorm();
            const bool leaf = cell.children[0] < 0;
            // Opened unless width / distance < theta, compared squared.
            if (!leaf && 4.0 * cell.half * cell.half >= thetaSquared * squared) {
                for (int child : cell.children)
                    stack.push_back(child);
                continue;
            }

            // A leaf's points sit at one spot, point i among them or not.
            const bool containsSelf = leaf && m_leafOf[size_t(i)] == index;
            const int count = cell.count - (containsSelf ? 1 : 0);
            if (count == 0)
                continue;
            const double kernel = 1.0 / (1.0 + squared);
            kernelSum += count * kernel;
            force += count * kernel * kernel * difference;
        }
    }

private:
    struct Cell
    {
        Eigen::Vector2d middle;
        double half = 0.0;
        int count = 0;
        Eigen::Vector2d sum = Eigen::Vector2d::Zero();
        Eigen::Vector2d centre = Eigen::Vector2d::Zero(); // of mass, set after the last insert
        int children[4] = {-1, -1, -1, -1};
        int firstMember = -1; // leaves only, the rest follow in m_nextMember
    };

    static Cell makeCell(const Eigen::Vector2d &middle, double half)
    {
        Cell cell;
        cell.middle = middle;
        cell.half = half;
        return cell;
    }

    int quadrant(const Cell &cell, int i) const
    {
        return (m_points(i, 0) >= cell.middle.x() ? 1 : 0) + (m_points(i, 1) >= cell.middle.y() ? 2 : 0);
    }

    void split(int index)
    {
        for (int q = 0; q < 4; ++q) {
            const Cell &parent = m_cells[size_t(index)];
            const double half = parent.half / 2.0;
            const Eigen::Vector2d offset((q & 1) ? half : -half, (q & 2) ? half : -half);
            m_cells.push_back(makeCell(parent.middle + offset, half));
            m_cells[size_t(index)].children[q] = int(m_cells.size()) - 1;
        }
    }

    void insert(int index, int i, int depth)
    {
        Cell &cell = m_cells[size_t(index)];
        cell.count += 1;
        cell.sum += m_points.row(i).transpose();
        if (cell.children[0] >= 0) {
            insert(cell.children[quadrant(cell, i)], i, depth + 1);
            return;
        }

        // A leaf keeps one point, or several at the same spot or past the depth limit.
        const bool empty = cell.firstMember < 0;
        const bool samePlace = !empty && m_points.row(cell.firstMember) == m_points.row(i);
        if (empty || samePlace || depth >= MAX_DEPTH || cell.half < MIN_CELL_WIDTH) {
            m_nextMember[size_t(i)] = cell.firstMember;
            cell.firstMember = i;
            m_leafOf[size_t(i)] = index;
            return;
        }

        std::vector<int> members;
        for (int member = cell.firstMember; member >= 0; member = m_nextMember[size_t(member)])
            members.push_back(member);
        cell.firstMember = -1;
        split(index);
        members.push_back(i);
        for (int member : members) {
            const Cell &parent = m_cells[size_t(index)];
            insert(parent.children[quadrant(parent, member)], member, depth + 1);
        }
    }

    const Eigen::MatrixX2d &m_points;
    std::vector<Cell> m_cells;
    std::vector<int> m_nextMember; // next point in the same leaf, or -1
    std::vector<int> m_leafOf;     // leaf cell of each point
};

// Sorts one row of P by column and adds up the entries of the same column,
// p(j | i) and p(i | j). Returns the row's sum.
double mergeRow(std::vector<std::pair<int, double>> &row)
{
    std::sort(row.begin(), row.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    size_t merged = 0;
    for (size_t e = 0; e < row.size(); ++e) {
        if (merged > 0 && row[merged - 1].first == row[e].first)
            row[merged - 1].second += row[e].second;
        else
            row[merged++] = row[e];
    }
    row.resize(merged);
    row.shrink_to_fit();
    double sum = 0.0;
    for (const auto &entry : row)
        sum += entry.second;
    return sum;
}

} // namespace

int affinityNeighbourCount(int pointCount, double perplexity)
{
    return std::min(pointCount - 1, int(3.0 * perplexity + 1.0));
}

std::optional<SparseAffinities> sparseJointProbabilities(const NeighbourGraph &neighbours, double perplexity,
                                                         const std::atomic_bool *cancel)
{
    const int n = neighbours.pointCount;
    const int k = neighbours.k;

    // Conditional p(j | i) of each row, entered at (i, j) and at (j, i).
    SparseAffinities joint = SparseAffinities(size_t(n));
    for (int i = 0; i < n; ++i) {
        if (isCancelled(cancel))
            return std::nullopt;
        const size_t first = size_t(i) * size_t(k);
        const std::span<const double> distances(neighbours.distances.data() + first, size_t(k));
        const std::vector<double> p = calibratePerplexity(distances, perplexity);
        for (int m = 0; m < k; ++m) {
            const int j = neighbours.indices[first + size_t(m)];
            joint[size_t(i)].emplace_back(j, p[size_t(m)]);
            joint[size_t(j)].emplace_back(i, p[size_t(m)]);
        }
    }

    double total = 0.0;
    for (auto &row : joint)
        total += mergeRow(row);
    total = std::max(total, MACHINE_EPSILON);
    for (auto &row : joint) {
        for (auto &entry : row)
            entry.second /= total;
    }
    return joint;
}

Eigen::MatrixX2d barnesHutGradient(const SparseAffinities &joint, double exaggeration,
                                   const Eigen::MatrixX2d &points, double theta)
{
    const Eigen::Index n = points.rows();
    Eigen::MatrixX2d attraction = Eigen::MatrixX2d::Zero(n, 2);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (const auto &[j, p] : joint[size_t(i)]) {
            const Eigen::RowVector2d difference = points.row(i) - points.row(j);
            attraction.row(i) += exaggeration * p / (1.0 + difference.squaredNorm()) * difference;
        }
    }

    const QuadTree tree(points);
    Eigen::MatrixX2d repulsion(n, 2);
    double kernelSum = 0.0;
    std::vector<int> stack;
    for (Eigen::Index i = 0; i < n; ++i) {
        Eigen::Vector2d force = Eigen::Vector2d::Zero();
        tree.repulsion(int(i), theta, force, kernelSum, stack);
        repulsion.row(i) = force.transpose();
    }
    return 4.0 * (attraction - repulsion / std::max(kernelSum, MACHINE_EPSILON));
}

} // namespace embedscope::math
