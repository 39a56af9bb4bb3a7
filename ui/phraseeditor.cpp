#include "phraseeditor.h"

#include "text/phraseimport.h"

#include <QMimeData>

namespace embedscope::ui {

// NOTE: labels in a pasted label column are dropped, because the editor
// contains phrases only, but Import Phrases keeps them.
void PhraseEditor::insertFromMimeData(const QMimeData *source)
{
    const QString pasted = source->hasText() ? source->text() : QString();
    if (!pasted.contains(QLatin1Char('\t'))) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }

    // Text that does not read as a table is pasted as it is.
    const auto imported = text::importPastedText(pasted);
    if (!imported || imported->phrases.isEmpty()) {
        QPlainTextEdit::insertFromMimeData(source);
        return;
    }

    QStringList lines = imported->phrases;
    for (QString &line : lines)
        line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    insertPlainText(lines.join(QLatin1Char('\n')));
}

} // namespace embedscope::ui
