#pragma once

#include "similaritymatrix.h"

#include "common/expected.h"
#include "embedding/embeddingset.h"

#include <vector>

namespace embedscope::math {

// Scores of every row of one embedding set against every row of another,
// such as phrases against class labels or a query against phrases.
// Row-major, one row per first-set vector.
struct ScoreTable
{
    int rowCount = 0;
    int columnCount = 0;
    std::vector<float> values;

    float at(int row, int column) const { return values[size_t(row) * size_t(columnCount) + size_t(column)]; }
};

// Computes the scores under metric with the same conventions as
// computeSimilarity: cosine normalises with norms summed in double and is
// NaN for a zero vector, dot is the plain product, and Euclidean is the
// length of the difference (computed directly, so equal vectors score
// exactly 0). Fails when the dimensions differ.
Expected<ScoreTable> computeCrossScores(const embedding::EmbeddingSet &rows, const embedding::EmbeddingSet &columns,
                                        Metric metric);

} // namespace embedscope::math
