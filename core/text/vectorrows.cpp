#include "vectorrows.h"

#include "floatformat.h"
#include "importfile.h"
#include "importlimits.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace embedscope::text {

VectorRows::VectorRows(QString source, QChar decimalSeparator)
    : m_source(std::move(source))
    , m_decimalSeparator(decimalSeparator)
{}

Expected<bool> VectorRows::addCell(QStringView cell, const QString &location)
{
    const auto value = parseFloat32(cell, m_decimalSeparator);
    if (!value)
        return fail(QStringLiteral("%1: %2; every vector value must be a finite decimal number such as 0.125")
                        .arg(location, value.error()));
    m_values.push_back(*value);
    return true;
}

Expected<bool> VectorRows::addValue(double value, const QString &location)
{
    if (!std::isfinite(value))
        return fail(QStringLiteral("%1: the value %2 is not a finite number; recompute the embedding or remove "
                                   "the row")
                        .arg(location, QString::number(value)));
    if (std::abs(value) > double(std::numeric_limits<float>::max()))
        return fail(QStringLiteral("%1: the value %2 is outside the float32 range (about \u00B13.4e38)")
                        .arg(location, QString::number(value)));
    m_values.push_back(float(value));
    return true;
}

Expected<bool> VectorRows::finishRow(qsizetype line)
{
    const qsizetype count = qsizetype(m_values.size()) - m_rowStart;
    if (count == 0)
        return fail(QStringLiteral("%1: the row has no vector values").arg(importLocation(m_source, line)));

    if (m_dimensions < 0) {
        m_dimensions = int(count);
        m_firstLine = line;
    } else if (count != m_dimensions) {
        return fail(QStringLiteral("%1: the vector has %2, but the vector on line %3 has %4; every vector must "
                                   "have the same number of dimensions")
                        .arg(importLocation(m_source, line),
                             formatQuantity(count, QStringLiteral("value"), QStringLiteral("values")),
                             formatCount(m_firstLine), formatCount(m_dimensions)));
    }

    if (++m_rows > MAX_FILE_LINES)
        return fail(QStringLiteral("%1 has more than %2 vectors; Embedscope imports at most %2 from one file. "
                                   "Split it into smaller files")
                        .arg(m_source, formatCount(MAX_FILE_LINES)));
    m_rowStart = qsizetype(m_values.size());
    return true;
}

embedding::EmbeddingSet VectorRows::take()
{
    embedding::EmbeddingSet set(int(m_rows), std::max(0, m_dimensions));
    if (!m_values.empty())
        std::memcpy(set.data(), m_values.data(), m_values.size() * sizeof(float));

    m_values.clear();
    m_rows = 0;
    m_dimensions = -1;
    m_rowStart = 0;
    return set;
}

} // namespace embedscope::text
