#include "labels.h"

#include <QHash>

namespace embedscope::text {

static const QString ELLIPSIS = QStringLiteral("...");

QString shortenLabel(const QString &text, int maxChars)
{
    if (text.size() <= maxChars)
        return text;

    const int keep = qMax(0, maxChars - int(ELLIPSIS.size()));
    return text.left(keep) + ELLIPSIS;
}

QStringList distinctLabels(const QStringList &phrases, int maxChars, std::span<const int> positions)
{
    QStringList labels;
    labels.reserve(phrases.size());
    QHash<QString, int> occurrences;
    for (const QString &phrase : phrases) {
        const QString label = shortenLabel(phrase, maxChars);
        occurrences[label] += 1;
        labels.append(label);
    }

    // Number every member of a clashing group, the first one included, so the
    // reader sees at once that the labels belong together. The number is the
    // phrase's line, not its rank in the group, so a phrase keeps its label
    // when the heatmap is reordered.
    const bool hasPositions = qsizetype(positions.size()) == labels.size();
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (occurrences.value(labels[i]) < 2)
            continue;
        const qsizetype line = (hasPositions ? positions[size_t(i)] : i) + 1;
        labels[i] += QStringLiteral(" #") + QString::number(line);
    }
    return labels;
}

} // namespace embedscope::text
