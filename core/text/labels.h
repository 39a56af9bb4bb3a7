#pragma once

#include <QString>
#include <QStringList>

#include <span>

namespace embedscope::text {

// Label length used by the reference notebook's heatmap: 47 characters and
// "..." for anything longer than 50.
inline constexpr int DEFAULT_LABEL_CHARS = 50;

// Shortens text to at most maxChars characters, ending in "..." when cut.
QString shortenLabel(const QString &text, int maxChars = DEFAULT_LABEL_CHARS);

// Returns one shortened label per phrase, in order. Labels that would read the
// same (duplicate lines, or phrases that differ only past the cut) get a
// " #k" suffix, where k is the phrase's line from 1, so no two rows of a
// heatmap share a label. For phrases in another order, positions gives each
// one's index in the original list.
QStringList distinctLabels(const QStringList &phrases, int maxChars = DEFAULT_LABEL_CHARS,
                           std::span<const int> positions = {});

} // namespace embedscope::text
