#pragma once

#include <QString>
#include <QStringList>

namespace embedscope::text {

// Splits editor or file text into phrases: one per line, with surrounding
// whitespace and carriage returns removed and blank lines dropped. Duplicate
// lines are kept, because each line is one row of the heatmap.
QStringList parsePhrases(const QString &text);

} // namespace embedscope::text
