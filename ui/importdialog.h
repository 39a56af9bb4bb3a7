#pragma once

#include "text/phraseimport.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QTableWidget;

namespace embedscope::ui {

// Chooses the text and label columns of a CSV or TSV phrase file, showing
// the phrases that the choice reads.
class ImportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ImportDialog(const QString &path, QWidget *parent = nullptr);

    text::PhraseImportOptions options() const;

    // Phrases read with the current choice; empty when it failed.
    const text::ImportedPhrases &imported() const { return m_imported; }

private:
    void reload();
    void fillColumns(const QStringList &columnNames);
    void showPreview();
    void showError(const QString &message);

    QString m_path;
    text::ImportedPhrases m_imported;
    bool m_filling = false; // combos being refilled, not chosen by the user
    bool m_ready = false;   // the first read with the importer's defaults is done

    QCheckBox *m_headerCheck = nullptr;
    QComboBox *m_textCombo = nullptr;
    QComboBox *m_labelCombo = nullptr;
    QTableWidget *m_preview = nullptr;
    QLabel *m_summary = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace embedscope::ui
