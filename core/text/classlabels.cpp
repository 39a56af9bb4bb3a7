#include "classlabels.h"

#include "phraselist.h"

namespace embedscope::text {

ClassLabels parseClassLabels(const QString &text)
{
    ClassLabels labels;
    for (const QString &line : parsePhrases(text)) {
        const qsizetype colon = line.indexOf(u':');
        labels.names.append(colon > 0 ? line.left(colon).trimmed() : line);
        labels.texts.append(line);
    }
    return labels;
}

} // namespace embedscope::text
