#pragma once

#include <QPlainTextEdit>

namespace embedscope::ui {

// The phrase list editor. A paste of spreadsheet cells (tab-separated)
// inserts the text column, one phrase per line, instead of whole rows.
class PhraseEditor : public QPlainTextEdit
{
    Q_OBJECT

public:
    using QPlainTextEdit::QPlainTextEdit;

protected:
    void insertFromMimeData(const QMimeData *source) override;
};

} // namespace embedscope::ui
