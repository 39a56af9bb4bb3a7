#pragma once

#include "common/expected.h"
#include "embedding/embeddingset.h"

#include <QString>

#include <vector>

namespace embedscope::text {

// Collects imported vectors row by row, checking that every value is a
// finite float32 and every row has as many dimensions as the first, so each
// importer reports these errors in the same words.
class VectorRows
{
public:
    explicit VectorRows(QString source, QChar decimalSeparator = u'.');

    // Parses one cell of the current row; location is its importLocation().
    Expected<bool> addCell(QStringView cell, const QString &location);

    // Adds one value of the current row, already parsed.
    Expected<bool> addValue(double value, const QString &location);

    // Ends the current row, which started on line (or record) line.
    Expected<bool> finishRow(qsizetype line);

    qsizetype rowCount() const { return m_rows; }
    int dimensions() const { return m_dimensions; }

    // Returns the collected rows and leaves the builder empty.
    embedding::EmbeddingSet take();

private:
    QString m_source;
    QChar m_decimalSeparator;
    std::vector<float> m_values;
    qsizetype m_rows = 0;
    int m_dimensions = -1;
    qsizetype m_firstLine = 0;
    qsizetype m_rowStart = 0; // index into m_values where the current row begins
};

} // namespace embedscope::text
