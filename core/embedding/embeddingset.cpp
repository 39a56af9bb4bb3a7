#include "embeddingset.h"

namespace embedscope::embedding {

EmbeddingSet::EmbeddingSet(int rows, int dimensions)
    : m_rows(rows)
    , m_dimensions(dimensions)
    , m_values(size_t(rows) * size_t(dimensions), 0.0f)
{
    Q_ASSERT(rows >= 0 && dimensions >= 0);
}

std::span<float> EmbeddingSet::row(int index)
{
    Q_ASSERT(index >= 0 && index < m_rows);
    return {m_values.data() + size_t(index) * size_t(m_dimensions), size_t(m_dimensions)};
}

std::span<const float> EmbeddingSet::row(int index) const
{
    Q_ASSERT(index >= 0 && index < m_rows);
    return {m_values.data() + size_t(index) * size_t(m_dimensions), size_t(m_dimensions)};
}

} // namespace embedscope::embedding
