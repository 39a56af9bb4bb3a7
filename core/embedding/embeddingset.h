#pragma once

#include <QtGlobal>

#include <span>
#include <vector>

namespace embedscope::embedding {

// N vectors of D float32 values, stored row-major: the embeddings of N texts,
// row i belonging to input i. A plain value type, cheap to move, safe to
// copy into a worker thread.
class EmbeddingSet
{
public:
    EmbeddingSet() = default;
    EmbeddingSet(int rows, int dimensions);

    int rows() const { return m_rows; }
    int dimensions() const { return m_dimensions; }
    bool isEmpty() const { return m_rows == 0; }

    std::span<float> row(int index);
    std::span<const float> row(int index) const;

    const float *data() const { return m_values.data(); }
    float *data() { return m_values.data(); }

    friend bool operator==(const EmbeddingSet &, const EmbeddingSet &) = default;

private:
    int m_rows = 0;
    int m_dimensions = 0;
    std::vector<float> m_values;
};

// The first dimensions of every vector, each renormalised to unit length:
// what a Matryoshka-style model returns when asked for fewer dimensions, made
// without new requests. A row that is zero in those dimensions stays zero.
EmbeddingSet truncated(const EmbeddingSet &vectors, int dimensions);

} // namespace embedscope::embedding
