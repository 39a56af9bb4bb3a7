#include "clustering.h"

#include "common/logging.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <numeric>

#ifdef __linux__
#include <sys/mman.h>
#endif

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

// Symmetric n x n copy of condensed distances for the nearest-neighbour
// chain. A nearest-neighbour scan then reads one contiguous row. In the
// condensed layout, half of every scan walks down a column with a stride of
// up to n doubles and misses the cache on every read.
//
// Retired clusters are masked by a penalty row (0 while active, +inf once
// merged away) added during scans, because writing +inf down a retired
// column would cost n strided writes per merge. Entries of retired rows and
// columns go stale and are never read unmasked.
// NOTE: this costs 8 * n^2 bytes (800 MB at n = 10,000) on top of the
// caller's condensed vector while it is built.
class SquareDistances
{
public:
    SquareDistances(const std::vector<double> &condensed, int n)
        : m_n(size_t(n))
        , m_values(new double[m_n * m_n]) // uninitialised, so no page is touched before madvise
        , m_penalty(m_n, 0.0)
        , m_active(m_n)
    {
        adviseHugePages();
        std::fill(m_values.get(), m_values.get() + m_n * m_n, INF);
        for (size_t i = 0; i + 1 < m_n; ++i) {
            const double *source = condensed.data() + condensedIndex(m_n, i, i + 1);
            std::copy(source, source + (m_n - i - 1), row(i) + i + 1);
        }
        mirrorUpperTriangle();
        std::iota(m_active.begin(), m_active.end(), 0);
    }

    // Distance between two active clusters.
    double at(size_t i, size_t j) const { return m_values[i * m_n + j]; }

    // Same result as scanning row x for the first distance below
    // currentMin, as SciPy does: the first column holding the row's minimum
    // when that minimum is smaller. NaN never compares smaller, so both skip
    // it. The diagonal contains +inf or NaN, so x never finds itself.
    void findNearer(size_t x, double &currentMin, int &y) const
    {
        const Eigen::Map<const Eigen::ArrayXd> values(row(x), Eigen::Index(m_n));
        const Eigen::Map<const Eigen::ArrayXd> penalty(m_penalty.data(), Eigen::Index(m_n));
        const double minimum = (values + penalty).minCoeff<Eigen::PropagateNumbers>();
        if (!(minimum < currentMin))
            return;

        size_t i = 0;
        while (!(values[Eigen::Index(i)] + m_penalty[i] == minimum))
            ++i;
        y = int(i);
        // Adding the zero penalty turns -0.0 into +0.0, so take the stored value.
        currentMin = values[Eigen::Index(i)];
    }

    // Replaces the distances of y by those of the union of x and y, and
    // retires x.
    void merge(size_t x, size_t y, Linkage linkage, int nx, int ny)
    {
        double *rowX = row(x);
        double *rowY = row(y);
        if (linkage == Linkage::Average) {
            for (size_t i = 0; i < m_n; ++i)
                rowY[i] = mergedDistance(Linkage::Average, rowX[i], rowY[i], nx, ny);
        } else {
            for (size_t i = 0; i < m_n; ++i)
                rowY[i] = mergedDistance(linkage, rowX[i], rowY[i], nx, ny);
        }

        // Only active rows are ever scanned, so only they need the new
        // column, and the +inf diagonal of y carries over unchanged.
        for (int i : m_active)
            m_values[size_t(i) * m_n + y] = rowY[i];

        m_penalty[x] = INF;
        m_active.erase(std::find(m_active.begin(), m_active.end(), int(x)));
    }

private:
    double *row(size_t i) { return m_values.get() + i * m_n; }
    const double *row(size_t i) const { return m_values.get() + i * m_n; }

    // Every column write of a merge lands on another page: 2 MB pages let the
    // TLB cover 5,000 rows of 40 KB where 4 KB pages miss on nearly every one.
    void adviseHugePages()
    {
#ifdef __linux__
        const size_t page = size_t(2) << 20;
        const auto begin = reinterpret_cast<uintptr_t>(m_values.get());
        const uintptr_t alignedBegin = (begin + page - 1) & ~(page - 1);
        const uintptr_t end = begin + m_n * m_n * sizeof(double);
        if (alignedBegin + page <= end)
            madvise(reinterpret_cast<void *>(alignedBegin), (end - alignedBegin) & ~(page - 1), MADV_HUGEPAGE);
#endif
    }

    // Square tiles keep both the reads and the transposed writes in cache.
    void mirrorUpperTriangle()
    {
        constexpr size_t TILE = 64;
        for (size_t r0 = 0; r0 < m_n; r0 += TILE) {
            for (size_t c0 = r0; c0 < m_n; c0 += TILE) {
                for (size_t i = r0; i < std::min(r0 + TILE, m_n); ++i) {
                    for (size_t j = std::max(c0, i + 1); j < std::min(c0 + TILE, m_n); ++j)
                        m_values[j * m_n + i] = m_values[i * m_n + j];
                }
            }
        }
    }

    size_t m_n;
    std::unique_ptr<double[]> m_values;
    std::vector<double> m_penalty;
    std::vector<int> m_active;
};

// Nearest-neighbour chain (Murtagh 1983; Müllner 2011, "Modern hierarchical,
// agglomerative clustering algorithms", arXiv:1109.2378): O(n^2) time for
// reducible linkages such as average and complete. Scans and tie rules
// follow SciPy 1.10's nn_chain so equal distances resolve the same way.
// Merged distances are computed by the same expression in the same order as
// SciPy's, so they match it bit for bit.
// NOTE: where every distance in a row is +inf or NaN, SciPy reads the
// distance of a point to itself from a neighbouring slot of the condensed
// vector. Here that distance is +inf, so such inputs may merge differently.
std::optional<std::vector<Merge>> nearestNeighbourChain(SquareDistances &d, int n, Linkage linkage,
                                                        const std::atomic_bool *cancel)
{
    Q_ASSERT(linkage != Linkage::Single);
    std::vector<Merge> merges(size_t(n - 1));
    std::vector<int> size(size_t(n), 1);
    std::vector<int> chain(static_cast<size_t>(n));
    int chainLength = 0;

    for (int k = 0; k < n - 1; ++k) {
        if (cancelled(cancel))
            return std::nullopt;

        if (chainLength == 0) {
            chainLength = 1;
            chain[0] = int(std::find_if(size.begin(), size.end(), [](int s) { return s > 0; }) - size.begin());
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
                currentMin = d.at(size_t(x), size_t(y));
            } else {
                currentMin = INF;
            }
            d.findNearer(size_t(x), currentMin, y);

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
        d.merge(size_t(x), size_t(y), linkage, nx, ny);
    }
    return merges;
}

// Runs the chain on a square copy, freeing the condensed vector first so the
// peak memory is one condensed plus one square matrix.
std::optional<std::vector<Merge>> chainOnSquareMatrix(std::vector<double> condensed, int n, Linkage linkage,
                                                      const std::atomic_bool *cancel)
{
    SquareDistances square(condensed, n);
    condensed = {};
    return nearestNeighbourChain(square, n, linkage, cancel);
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
        merges = chainOnSquareMatrix(std::move(distances), n, linkage, cancel);

    if (!merges)
        return std::nullopt;
    return Dendrogram(n, labelMerges(std::move(*merges), n));
}

} // namespace embedscope::math
