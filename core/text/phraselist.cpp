#include "phraselist.h"

namespace embedscope::text {

QStringList parsePhrases(const QString &text)
{
    QStringList phrases;
    const auto lines = QStringView(text).split(u'\n');
    for (QStringView line : lines) {
        const QStringView trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            phrases.append(trimmed.toString());
    }
    return phrases;
}

} // namespace embedscope::text
