#include "embeddingset.h"

#include <algorithm>
#include <cmath>

namespace embedscope::embedding {

EmbeddingSet::EmbeddingSet(int rows, int dimensions)
    : m_rows(rows)
    , m_dimensions(dimensions)
    , m_values(qsizetype(rows) * qsizetype(dimensions), 0.0f)
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
    return {m_values.constData() + size_t(index) * size_t(m_dimensions), size_t(m_dimensions)};
}

EmbeddingSet truncated(const EmbeddingSet &vectors, int dimensions)
{
    const int kept = std::clamp(dimensions, 0, vectors.dimensions());
    EmbeddingSet result(vectors.rows(), kept);
    for (int i = 0; i < vectors.rows(); ++i) {
        const auto source = vectors.row(i).first(size_t(kept));
        double squared = 0.0;
        for (float value : source)
            squared += double(value) * double(value);

        const auto target = result.row(i);
        const float scale = squared > 0.0 ? float(1.0 / std::sqrt(squared)) : 0.0f;
        for (size_t d = 0; d < source.size(); ++d)
            target[d] = source[d] * scale;
    }
    return result;
}

} // namespace embedscope::embedding
