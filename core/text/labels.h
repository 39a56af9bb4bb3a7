#pragma once

#include <QString>
#include <QStringList>

namespace embedscope::text {

// Label length used by the reference notebook's heatmap: 47 characters and
// "..." for anything longer than 50.
inline constexpr int DEFAULT_LABEL_CHARS = 50;

// Shortens text to at most maxChars characters, ending in "..." when cut.
QString shortenLabel(const QString &text, int maxChars = DEFAULT_LABEL_CHARS);

// Returns one shortened label per phrase, in order. Labels that would read the
// same (duplicate lines, or phrases that differ only past the cut) get a
// " #k" suffix, so no two rows of a heatmap share a label.
QStringList distinctLabels(const QStringList &phrases, int maxChars = DEFAULT_LABEL_CHARS);

} // namespace embedscope::text
