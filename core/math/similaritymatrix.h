#pragma once

#include "embedding/embeddingset.h"

#include <QList>
#include <QString>

#include <cmath>
#include <memory>
#include <span>
#include <vector>

namespace embedscope::math {

enum class Metric { Cosine, Dot, Euclidean };

QString metricName(Metric metric);  // "cosine", "dot", "euclidean"
QString metricTitle(Metric metric); // "Cosine similarity", ...

// True when a larger value means the two texts are closer. Euclidean is a
// distance, so its rankings and color scales run the other way.
bool higherIsCloser(Metric metric);

// Pairwise scores of N texts under one metric, float32, row-major. A value is
// NaN where the metric is undefined (the cosine of a zero vector); views show
// it as n/a and leave it out of color scales.
class SimilarityMatrix
{
public:
    SimilarityMatrix() = default;
    SimilarityMatrix(int size, Metric metric);

    int size() const { return m_size; }
    Metric metric() const { return m_metric; }
    bool isEmpty() const { return m_size == 0; }

    float at(int row, int column) const { return (*m_values)[index(row, column)]; }
    void set(int row, int column, float value)
    {
        detach();
        (*m_values)[index(row, column)] = value;
    }
    bool isDefined(int row, int column) const { return !std::isnan(at(row, column)); }

    // Copies share the scores until one of them is changed (copy on write),
    // because a 10,000-phrase matrix is 400 MB and the workspace, the
    // heatmap and its orderer each keep one. A pointer from the non-const
    // data() is valid until the matrix is copied or changed through set().
    const float *data() const { return m_values ? m_values->data() : nullptr; }
    float *data()
    {
        detach();
        return m_values->data();
    }

    // Rows whose vector had no direction (all zeros) under cosine.
    const QList<int> &undefinedRows() const { return m_undefinedRows; }
    void setUndefinedRows(QList<int> rows) { m_undefinedRows = std::move(rows); }

    // Smallest and largest finite values, or {NaN, NaN} when there are none.
    std::pair<float, float> finiteRange() const;

private:
    size_t index(int row, int column) const { return size_t(row) * size_t(m_size) + size_t(column); }
    // Gives this matrix its own copy of the scores when another one shares them.
    void detach();

    int m_size = 0;
    Metric m_metric = Metric::Cosine;
    std::shared_ptr<std::vector<float>> m_values;
    QList<int> m_undefinedRows;
};

// Computes all pairwise scores as one matrix product (a symmetric rank-k
// update). Cosine divides by norms accumulated in double and clamps to
// [-1, 1], and a vector scores exactly 1 against itself. Euclidean uses
// |a|^2 + |b|^2 - 2ab with a zero diagonal and no negative rounding residue.
SimilarityMatrix computeSimilarity(const embedding::EmbeddingSet &vectors, Metric metric);

// One phrase's score against another, for a ranked table.
struct RankedScore
{
    int index = 0;
    float score = 0.0f;
};

// Scores of every phrase against reference, closest first: descending for
// similarities, ascending for distances; undefined scores last; ties in
// input order.
std::vector<RankedScore> rankAgainst(const SimilarityMatrix &matrix, int reference);
// The same ranking of one row of scores, such as computeSimilarityRow()'s.
std::vector<RankedScore> rankScores(std::span<const float> scores, Metric metric);

} // namespace embedscope::math
