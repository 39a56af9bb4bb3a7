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

QStringList distinctLabels(const QStringList &phrases, int maxChars)
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
    // reader sees at once that the labels belong together.
    QHash<QString, int> seen;
    for (QString &label : labels) {
        if (occurrences.value(label) < 2)
            continue;
        const int ordinal = ++seen[label];
        label = label + QStringLiteral(" #") + QString::number(ordinal);
    }
    return labels;
}

} // namespace embedscope::text
