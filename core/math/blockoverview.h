#pragma once

#include "embedding/embeddingset.h"
#include "similaritymatrix.h"

#include <atomic>
#include <functional>
#include <span>
#include <vector>

namespace embedscope::math {

// Views of the similarity matrix of N texts that never store all N x N
// scores: block means for an overview, and tiles for full detail. Both take
// an order, a permutation of the rows (such as a dendrogram's leaf order),
// and address rows by their position in it. An empty order is the identity.

// Splits count consecutive positions into blockCount blocks whose sizes
// differ by at most one. Returns blockCount + 1 boundaries: block b contains
// positions [boundaries[b], boundaries[b + 1]). blockCount is clamped to
// [1, count], and a count of 0 gives {0}.
std::vector<int> blockBoundaries(int count, int blockCount);

// Mean cosine similarity between every pair of blocks, as a B x B matrix.
// The mean over a block pair equals the dot product of the blocks' summed
// unit vectors divided by the product of their sizes. The cost is therefore
// O(N * D + B^2 * D) in time and O(B * D) in memory. Diagonal blocks include
// each text's similarity of 1 with itself, as the mean of that square of the
// full matrix does. Zero vectors have no cosine and are left out of the
// sums and sizes; a block with no other vector is undefined (NaN) and listed
// in undefinedRows(). progress, when set, is called with the blocks summed so
// far and the block count. Returns an empty matrix once cancel is set.
SimilarityMatrix computeBlockMeans(const embedding::EmbeddingSet &vectors, std::span<const int> order,
                                   std::span<const int> boundaries, const std::atomic_bool *cancel = nullptr,
                                   const std::function<void(int done, int total)> &progress = {});

// Block means of a list in input order: block b covers phrases
// [boundaries[b], boundaries[b + 1]).
struct BlockOverview
{
    std::vector<int> boundaries;
    SimilarityMatrix means;

    bool isEmpty() const { return means.isEmpty(); }
    int blockCount() const { return means.size(); }
    int phraseCount() const { return boundaries.empty() ? 0 : boundaries.back(); }
    // Block containing phrase, or -1 outside [0, phraseCount()).
    int blockOf(int phrase) const;
};

// Splits the vectors in input order into about blockCount blocks and
// computes their cosine means (see computeBlockMeans()). Returns an empty
// overview once cancel is set.
BlockOverview computeBlockOverview(const embedding::EmbeddingSet &vectors, int blockCount,
                                   const std::atomic_bool *cancel = nullptr,
                                   const std::function<void(int done, int total)> &progress = {});

// Positions [rowBegin, rowEnd) against positions [columnBegin, columnEnd)
// of an order.
struct TileRange
{
    int rowBegin = 0;
    int rowEnd = 0;
    int columnBegin = 0;
    int columnEnd = 0;
};

// One rectangle of the similarity matrix, float32, row-major.
class SimilarityTile
{
public:
    SimilarityTile() = default;
    SimilarityTile(TileRange range, Metric metric);

    const TileRange &range() const { return m_range; }
    Metric metric() const { return m_metric; }
    int rows() const { return m_range.rowEnd - m_range.rowBegin; }
    int columns() const { return m_range.columnEnd - m_range.columnBegin; }

    // Score at a tile-relative row and column.
    float at(int row, int column) const { return m_values[size_t(row) * size_t(columns()) + size_t(column)]; }

    const float *data() const { return m_values.data(); }
    float *data() { return m_values.data(); }

private:
    TileRange m_range;
    Metric m_metric = Metric::Cosine;
    std::vector<float> m_values;
};

// Computes one tile as a single product of the rows it needs. The rules are
// those of computeSimilarity (clamped cosine, NaN for zero vectors, exact 1
// or 0 where a row meets itself), so the tile equals the full matrix's
// rectangle up to float32 rounding. Returns an empty tile when range is
// outside [0, N] or reversed.
SimilarityTile computeSimilarityTile(const embedding::EmbeddingSet &vectors, Metric metric,
                                     std::span<const int> order, TileRange range);

// Scores of one row against every row in input order: N dot products, for a
// score table of a list without its full matrix. The rules are those of
// computeSimilarity. Returns an empty vector when row is out of range.
std::vector<float> computeSimilarityRow(const embedding::EmbeddingSet &vectors, Metric metric, int row);

} // namespace embedscope::math
