#include "clustering.h"

#include "common/logging.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace embedscope::math {

namespace {

constexpr double INF = std::numeric_limits<double>::infinity();
constexpr double UNDEFINED_DISTANCE = 2.0;

// Position of pair (i, j), i != j, in a condensed distance vector.
inline size_t condensedIndex(size_t n, size_t i, size_t j)
{
    if (i > j)
        std::swap(i, j);
    return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// Lance-Williams update for the distance from cluster i to the union of x
// and y.
double mergedDistance(Linkage linkage, double dxi, double dyi, int nx, int ny)
{
    switch (linkage) {
    case Linkage::Average:
        return (nx * dxi + ny * dyi) / double(nx + ny);
    case Linkage::Complete:
        return std::max(dxi, dyi);
    case Linkage::Single:
        return std::min(dxi, dyi);
    }
    return dxi;
}

// Union-find over cluster ids 0 .. 2n-2, giving each merge the next id as
// SciPy's LinkageUnionFind does.
class UnionFind
{
public:
    explicit UnionFind(int n)
        : m_parent(size_t(2 * n - 1))
        , m_size(size_t(2 * n - 1), 1)
        , m_nextLabel(n)
    {
        std::iota(m_parent.begin(), m_parent.end(), 0);
    }

    int merge(int x, int y)
    {
        m_parent[size_t(x)] = m_nextLabel;
        m_parent[size_t(y)] = m_nextLabel;
        const int size = m_size[size_t(x)] + m_size[size_t(y)];
        m_size[size_t(m_nextLabel)] = size;
        ++m_nextLabel;
        return size;
    }

    int find(int x)
    {
        int root = x;
        while (m_parent[size_t(root)] != root)
            root = m_parent[size_t(root)];
        while (m_parent[size_t(x)] != root) {
            const int next = m_parent[size_t(x)];
            m_parent[size_t(x)] = root;
            x = next;
        }
        return root;
    }

private:
    std::vector<int> m_parent;
    std::vector<int> m_size;
    int m_nextLabel;
};

// Turns merges that name representative points into SciPy's cluster ids,
// after a stable sort by distance.
std::vector<Merge> labelMerges(std::vector<Merge> merges, int n)
{
    std::stable_sort(merges.begin(), merges.end(),
                     [](const Merge &a, const Merge &b) { return a.distance < b.distance; });

    UnionFind sets(n);
    for (Merge &merge : merges) {
        const int xRoot = sets.find(merge.left);
        const int yRoot = sets.find(merge.right);
        merge.left = std::min(xRoot, yRoot);
        merge.right = std::max(xRoot, yRoot);
        merge.size = sets.merge(xRoot, yRoot);
    }
    return merges;
}

// Nearest-neighbour chain (Murtagh 1983; Müllner 2011, "Modern hierarchical,
// agglomerative clustering algorithms", arXiv:1109.2378): O(n^2) time for
// reducible linkages such as average and complete. Scans and tie rules
// follow SciPy 1.10's nn_chain so equal distances resolve the same way.
std::optional<std::vector<Merge>> nearestNeighbourChain(std::vector<double> &d, int n, Linkage linkage,
                                                        const std::atomic_bool *cancel)
{
    std::vector<Merge> merges(size_t(n - 1));
    std::vector<int> size(size_t(n), 1);
    std::vector<int> chain(static_cast<size_t>(n));
    int chainLength = 0;

    for (int k = 0; k < n - 1; ++k) {
        if (cancelled(cancel))
            return std::nullopt;

        if (chainLength == 0) {
            chainLength = 1;
            for (int i = 0; i < n; ++i) {
                if (size[size_t(i)] > 0) {
                    chain[0] = i;
                    break;
                }
            }
        }

        int x = 0;
        int y = 0;
        double currentMin = INF;
        while (true) {
            x = chain[size_t(chainLength - 1)];

            // Prefer the previous element of the chain on a tie, so the
            // chain cannot cycle.
            if (chainLength > 1) {
                y = chain[size_t(chainLength - 2)];
                currentMin = d[condensedIndex(size_t(n), size_t(x), size_t(y))];
            } else {
                currentMin = INF;
            }

            const size_t rowStart = size_t(x);
            for (int i = 0; i < n; ++i) {
                if (size[size_t(i)] == 0 || i == x)
                    continue;
                const double distance = d[condensedIndex(size_t(n), rowStart, size_t(i))];
                if (distance < currentMin) {
                    currentMin = distance;
                    y = i;
                }
            }

            if (chainLength > 1 && y == chain[size_t(chainLength - 2)])
                break;
            chain[size_t(chainLength)] = y;
            ++chainLength;
        }

        chainLength -= 2;
        if (x > y)
            std::swap(x, y);

        const int nx = size[size_t(x)];
        const int ny = size[size_t(y)];
        merges[size_t(k)] = {x, y, currentMin, nx + ny};
        size[size_t(x)] = 0;
        size[size_t(y)] = nx + ny;

        for (int i = 0; i < n; ++i) {
            if (size[size_t(i)] == 0 || i == y)
                continue;
            const size_t xi = condensedIndex(size_t(n), size_t(i), size_t(x));
            const size_t yi = condensedIndex(size_t(n), size_t(i), size_t(y));
            d[yi] = mergedDistance(linkage, d[xi], d[yi], nx, ny);
        }
    }
    return merges;
}

// Prim's minimum spanning tree, which gives single linkage in O(n^2), with
// SciPy 1.10's mst_single_linkage scan order.
std::optional<std::vector<Merge>> minimumSpanningTree(const std::vector<double> &d, int n,
                                                      const std::atomic_bool *cancel)
{
    std::vector<Merge> merges(size_t(n - 1));
    std::vector<char> merged(size_t(n), 0);
    std::vector<double> nearest(size_t(n), INF);

    int x = 0;
    int y = 0;
    for (int k = 0; k < n - 1; ++k) {
        if (cancelled(cancel))
            return std::nullopt;

        double currentMin = INF;
        merged[size_t(x)] = 1;
        for (int i = 0; i < n; ++i) {
            if (merged[size_t(i)])
                continue;
            const double distance = d[condensedIndex(size_t(n), size_t(x), size_t(i))];
            if (nearest[size_t(i)] > distance)
                nearest[size_t(i)] = distance;
            if (nearest[size_t(i)] < currentMin) {
                y = i;
                currentMin = nearest[size_t(i)];
            }
        }
        merges[size_t(k)] = {x, y, currentMin, 0};
        x = y;
    }
    return merges;
}

} // namespace

QString linkageName(Linkage linkage)
{
    switch (linkage) {
    case Linkage::Average:
        return QStringLiteral("average");
    case Linkage::Complete:
        return QStringLiteral("complete");
    case Linkage::Single:
        return QStringLiteral("single");
    }
    return {};
}

Dendrogram::Dendrogram(int leafCount, std::vector<Merge> merges)
    : m_leafCount(leafCount)
    , m_merges(std::move(merges))
{
}

std::vector<int> Dendrogram::leafOrder() const
{
    std::vector<int> order;
    if (m_leafCount == 0)
        return order;
    order.reserve(size_t(m_leafCount));
    if (m_merges.empty()) {
        order.push_back(0);
        return order;
    }

    // Explicit stack instead of recursion: a chain-shaped tree of 100,000
    // leaves would overflow the call stack.
    std::vector<int> stack{m_leafCount + int(m_merges.size()) - 1};
    while (!stack.empty()) {
        const int id = stack.back();
        stack.pop_back();
        if (id < m_leafCount) {
            order.push_back(id);
            continue;
        }
        const Merge &merge = m_merges[size_t(id - m_leafCount)];
        stack.push_back(merge.right);
        stack.push_back(merge.left);
    }
    return order;
}

std::vector<int> Dendrogram::labelsAfterMerges(int mergeCount) const
{
    // Cluster id of every node after the first mergeCount merges.
    std::vector<int> parent(size_t(m_leafCount + int(m_merges.size())));
    std::iota(parent.begin(), parent.end(), 0);
    for (int k = 0; k < mergeCount; ++k) {
        const Merge &merge = m_merges[size_t(k)];
        parent[size_t(merge.left)] = m_leafCount + k;
        parent[size_t(merge.right)] = m_leafCount + k;
    }

    auto root = [&parent](int id) {
        while (parent[size_t(id)] != id)
            id = parent[size_t(id)];
        return id;
    };

    // Number clusters in leaf order so labels read left to right.
    std::vector<int> labels(size_t(m_leafCount), -1);
    std::vector<int> labelOfRoot(parent.size(), -1);
    int next = 0;
    for (int leaf : leafOrder()) {
        const int clusterRoot = root(leaf);
        if (labelOfRoot[size_t(clusterRoot)] < 0)
            labelOfRoot[size_t(clusterRoot)] = next++;
        labels[size_t(leaf)] = labelOfRoot[size_t(clusterRoot)];
    }
    return labels;
}

std::vector<int> Dendrogram::cutAtDistance(double threshold) const
{
    int mergeCount = 0;
    while (mergeCount < int(m_merges.size()) && m_merges[size_t(mergeCount)].distance <= threshold)
        ++mergeCount;
    return labelsAfterMerges(mergeCount);
}

// Same rule as SciPy's fcluster(criterion="maxclust"): the lowest cut
// height that leaves at most count clusters. Merges tied at that height all
// happen, so ties can leave fewer clusters than asked for.
std::vector<int> Dendrogram::cutIntoClusters(int count) const
{
    const int clusters = std::clamp(count, 1, std::max(1, m_leafCount));
    const int mergesNeeded = m_leafCount - clusters;
    if (mergesNeeded <= 0)
        return labelsAfterMerges(0);
    return cutAtDistance(m_merges[size_t(mergesNeeded - 1)].distance);
}

std::vector<double> condensedDistances(const SimilarityMatrix &matrix)
{
    const int n = matrix.size();
    std::vector<double> distances;
    distances.reserve(size_t(n) * size_t(std::max(n - 1, 0)) / 2);

    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j) {
            const double score = matrix.at(i, j);
            double distance = UNDEFINED_DISTANCE;
            switch (matrix.metric()) {
            case Metric::Cosine:
                if (!std::isnan(score))
                    distance = 1.0 - score;
                break;
            case Metric::Dot: {
                const double norms = std::sqrt(double(matrix.at(i, i)) * double(matrix.at(j, j)));
                if (norms > 0.0 && std::isfinite(score))
                    distance = 1.0 - std::clamp(score / norms, -1.0, 1.0);
                break;
            }
            case Metric::Euclidean:
                distance = std::isnan(score) ? INF : score;
                break;
            }
            distances.push_back(distance);
        }
    }
    return distances;
}

std::optional<Dendrogram> clusterHierarchically(std::vector<double> distances, int n, Linkage linkage,
                                                const std::atomic_bool *cancel)
{
    if (n <= 1)
        return Dendrogram(std::max(n, 0), {});
    Q_ASSERT(distances.size() == size_t(n) * size_t(n - 1) / 2);

    qCDebug(lcMath) << "clustering" << n << "points with" << linkageName(linkage) << "linkage";
    std::optional<std::vector<Merge>> merges;
    if (linkage == Linkage::Single)
        merges = minimumSpanningTree(distances, n, cancel);
    else
        merges = nearestNeighbourChain(distances, n, linkage, cancel);

    if (!merges)
        return std::nullopt;
    return Dendrogram(n, labelMerges(std::move(*merges), n));
}

} // namespace embedscope::math
