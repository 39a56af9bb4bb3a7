#include "importdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace embedscope::ui {

// The preview shows the start of the file; the import reads all of it.
static constexpr int PREVIEW_ROWS = 100;

ImportDialog::ImportDialog(const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_path(path)
{
    setWindowTitle(tr("Import Phrases from %1").arg(QFileInfo(path).fileName()));

    m_headerCheck = new QCheckBox(tr("First row is a &header"), this);
    m_textCombo = new QComboBox(this);
    m_textCombo->setObjectName(QStringLiteral("textColumnCombo"));
    m_labelCombo = new QComboBox(this);
    m_labelCombo->setObjectName(QStringLiteral("labelColumnCombo"));

    m_preview = new QTableWidget(0, 2, this);
    m_preview->setObjectName(QStringLiteral("importPreview"));
    m_preview->setHorizontalHeaderLabels({tr("Phrase"), tr("Label")});
    m_preview->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_preview->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setWordWrap(false);
    m_preview->setAlternatingRowColors(true);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Import"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(QString(), m_headerCheck);
    form->addRow(tr("&Text column:"), m_textCombo);
    form->addRow(tr("&Label column:"), m_labelCombo);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);
    resize(560, 420);

    // The first read uses the importer's own guesses for header and columns,
    // and the controls then show what it chose.
    // Without a header the importer names the columns "Column 1", "Column 2".
    reload();
    m_headerCheck->setChecked(!m_imported.columnNames.isEmpty()
                              && !m_imported.columnNames.first().startsWith(QStringLiteral("Column ")));
    m_ready = true;
    connect(m_headerCheck, &QCheckBox::toggled, this, [this] {
        m_filling = true;
        m_textCombo->clear();
        m_filling = false;
        reload();
    });
    connect(m_textCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            reload();
    });
    connect(m_labelCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            reload();
    });
}

text::PhraseImportOptions ImportDialog::options() const
{
    text::PhraseImportOptions options;
    options.format = text::PhraseFormat::Delimited;
    if (!m_ready)
        return options;

    options.header = m_headerCheck->isChecked() ? text::HeaderMode::Present : text::HeaderMode::Absent;
    if (m_textCombo->count() > 0) {
        options.textColumn = text::ColumnChoice::byIndex(m_textCombo->currentIndex());
        // Entry 0 is "(none)"; a label column is chosen by its position.
        if (m_labelCombo->currentIndex() > 0)
            options.labelColumn = text::ColumnChoice::byIndex(m_labelCombo->currentIndex() - 1);
    }
    return options;
}

void ImportDialog::reload()
{
    const auto imported = text::importPhraseFile(m_path, options());
    if (!imported) {
        m_imported = {};
        showError(imported.error());
        return;
    }
    m_imported = *imported;
    if (m_textCombo->count() == 0)
        fillColumns(m_imported.columnNames);
    showPreview();
}

// Selects the columns the importer chose by default: the one whose header
// reads like "text" and the one that reads like "label".
void ImportDialog::fillColumns(const QStringList &columnNames)
{
    m_filling = true;
    m_textCombo->addItems(columnNames);
    m_labelCombo->clear();
    m_labelCombo->addItem(tr("(none)"));
    m_labelCombo->addItems(columnNames);

    const int textColumn = std::max(0, text::findHeaderColumn(columnNames, text::isTextColumnName));
    m_textCombo->setCurrentIndex(textColumn);
    const int labelColumn = text::findHeaderColumn(columnNames, text::isLabelColumnName, textColumn);
    m_labelCombo->setCurrentIndex(m_imported.labels.isEmpty() ? 0 : labelColumn + 1);
    m_filling = false;
}

void ImportDialog::showPreview()
{
    const int rows = int(std::min<qsizetype>(m_imported.phrases.size(), PREVIEW_ROWS));
    m_preview->setRowCount(rows);
    for (int row = 0; row < rows; ++row) {
        m_preview->setItem(row, 0, new QTableWidgetItem(m_imported.phrases.at(row)));
        m_preview->setItem(row, 1, new QTableWidgetItem(m_imported.labels.value(row)));
    }

    const qsizetype count = m_imported.phrases.size();
    QString summary = count == 1 ? tr("1 phrase will be imported.") : tr("%1 phrases will be imported.").arg(count);
    if (!m_imported.labels.isEmpty())
        summary += QLatin1Char(' ') + tr("Each phrase keeps its label.");
    for (const QString &warning : m_imported.warnings)
        summary += QLatin1Char('\n') + warning;
    m_summary->setText(summary);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_imported.phrases.isEmpty());
}

void ImportDialog::showError(const QString &message)
{
    m_preview->setRowCount(0);
    m_summary->setText(message);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
}

} // namespace embedscope::ui
