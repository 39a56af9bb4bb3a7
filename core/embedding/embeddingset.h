#pragma once

#include <QList>

#include <span>

namespace embedscope::embedding {

// N vectors of D float32 values, stored row-major: the embeddings of N texts,
// row i belonging to input i. The values are implicitly shared as in Qt's
// containers, so a copy costs a reference count and is safe to hand to a
// worker thread. The non-const row() and data() copy the values first while
// they are shared, so call them only to write.
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

    const float *data() const { return m_values.constData(); }
    float *data() { return m_values.data(); }

    friend bool operator==(const EmbeddingSet &, const EmbeddingSet &) = default;

private:
    int m_rows = 0;
    int m_dimensions = 0;
    QList<float> m_values;
};

// The first dimensions of every vector, each renormalised to unit length:
// what a Matryoshka-style model returns when asked for fewer dimensions, made
// without new requests. A row that is zero in those dimensions stays zero.
EmbeddingSet truncated(const EmbeddingSet &vectors, int dimensions);

} // namespace embedscope::embedding
