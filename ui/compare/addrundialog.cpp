#include "addrundialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace embedscope::ui::compare {

using embedding::ProviderKind;

// Largest dimension count offered. NOTE: an estimate chosen with room above
// the few thousand dimensions that common embedding models return.
static constexpr int MAX_DIMENSIONS = 16384;

AddRunDialog::AddRunDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Add Run"));

    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("runName"));
    m_name->setPlaceholderText(tr("generated from the model"));
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("runProvider"));
    for (ProviderKind kind : embedding::allProviderKinds())
        m_kind->addItem(embedding::providerKindTitle(kind), int(kind));
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("runBaseUrl"));
    m_model = new QLineEdit(this);
    m_model->setObjectName(QStringLiteral("runModel"));
    m_keyVariable = new QLineEdit(this);
    m_keyVariable->setPlaceholderText(tr("none"));
    m_dimensions = new QSpinBox(this);
    m_dimensions->setRange(0, MAX_DIMENSIONS);
    m_dimensions->setSpecialValueText(tr("model default"));
    m_dimensions->setToolTip(tr("Dimensions to request from the provider, for models that accept a size"));
    m_prefix = new QLineEdit(this);
    m_prefix->setObjectName(QStringLiteral("runPrefix"));
    m_prefix->setPlaceholderText(tr("none, such as \"query: \""));
    m_prefix->setToolTip(tr("Text put before every phrase, such as the instruction an E5 model expects"));
    m_truncate = new QSpinBox(this);
    m_truncate->setObjectName(QStringLiteral("runTruncate"));
    m_truncate->setRange(0, MAX_DIMENSIONS);
    m_truncate->setSpecialValueText(tr("all"));
    m_truncate->setToolTip(tr("Keep only the first dimensions, renormalised, as Matryoshka-style models allow. "
                              "When a run of the same model keeps every dimension, no request is sent."));

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Provider:"), m_kind);
    form->addRow(tr("&Base URL:"), m_baseUrl);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("API &key variable:"), m_keyVariable);
    form->addRow(tr("&Request dimensions:"), m_dimensions);
    form->addRow(tr("P&refix:"), m_prefix);
    form->addRow(tr("&Keep dimensions:"), m_truncate);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add Run"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(buttons);

    connect(m_kind, &QComboBox::activated, this, &AddRunDialog::onKindActivated);
    connect(m_truncate, &QSpinBox::valueChanged, this, &AddRunDialog::updateFields);
    setMinimumWidth(460);
}

void AddRunDialog::setSpec(const workspace::RunSpec &spec)
{
    m_base = spec;
    m_name->setText(spec.name);
    m_kind->setCurrentIndex(m_kind->findData(int(spec.provider.kind)));
    m_baseUrl->setText(spec.provider.baseUrl);
    m_model->setText(spec.provider.model);
    m_keyVariable->setText(spec.provider.apiKeyVariable);
    m_dimensions->setValue(spec.provider.dimensions);
    m_prefix->setText(spec.prefix);
    m_truncate->setValue(spec.truncateTo);
    updateFields();
}

workspace::RunSpec AddRunDialog::spec() const
{
    workspace::RunSpec spec = m_base;
    spec.name = m_name->text().trimmed();
    spec.provider.kind = ProviderKind(m_kind->currentData().toInt());
    spec.provider.baseUrl = m_baseUrl->text().trimmed();
    spec.provider.model = m_model->text().trimmed();
    spec.provider.apiKeyVariable = m_keyVariable->text().trimmed();
    spec.provider.dimensions = m_dimensions->value();
    // A prefix keeps its spaces: "query: " differs from "query:".
    spec.prefix = m_prefix->text();
    spec.truncateTo = m_truncate->value();
    return spec;
}

// A new provider starts from its preset endpoint, model and key variable.
void AddRunDialog::onKindActivated(int index)
{
    const auto kind = ProviderKind(m_kind->itemData(index).toInt());
    const embedding::ProviderSettings preset = embedding::presetFor(kind);
    m_baseUrl->setText(preset.baseUrl);
    m_model->setText(preset.model);
    m_keyVariable->setText(preset.apiKeyVariable);
    updateFields();
}

void AddRunDialog::updateFields()
{
    const bool builtin = ProviderKind(m_kind->currentData().toInt()) == ProviderKind::Builtin;
    m_baseUrl->setEnabled(!builtin);
    m_keyVariable->setEnabled(!builtin);
    m_note->setText(m_truncate->value() > 0
                        ? tr("A run of the same provider, model and prefix that keeps every dimension is "
                             "truncated without requests; without one, the vectors are fetched (or read from "
                             "the cache) first.")
                        : tr("Only phrases missing from the embedding cache are sent to the provider."));
}

} // namespace embedscope::ui::compare
