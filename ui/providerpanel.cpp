#include "providerpanel.h"

#include "embedding/apikey.h"
#include "embedding/batchplanner.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace embedscope::ui {

using embedding::ProviderKind;
using embedding::ProviderSettings;

// POSIX portable environment variable name.
static bool isVariableName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return pattern.match(name).hasMatch();
}

ProviderPanel::ProviderPanel(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(createProviderGroup());
    layout->addWidget(createMetricGroup());

    showSettings(embedding::defaultProviderSettings());
}

QWidget *ProviderPanel::createProviderGroup()
{
    auto *group = new QGroupBox(tr("Embedding provider"), this);

    m_kindCombo = new QComboBox(group);
    for (ProviderKind kind : embedding::allProviderKinds())
        m_kindCombo->addItem(embedding::providerKindTitle(kind), int(kind));
    connect(m_kindCombo, &QComboBox::activated, this, &ProviderPanel::onKindActivated);

    m_baseUrlEdit = new QLineEdit(group);
    m_baseUrlEdit->setPlaceholderText(tr("http://127.0.0.1:8080/v1"));
    m_baseUrlEdit->setToolTip(tr("OpenAI-compatible base URL; requests go to <base URL>/embeddings."));
    m_modelEdit = new QLineEdit(group);
    m_modelEdit->setPlaceholderText(tr("Model name the server expects"));
    m_keyField = createKeyField(group);

    m_dimensionsSpin = new QSpinBox(group);
    m_dimensionsSpin->setRange(0, 65536);
    m_dimensionsSpin->setSpecialValueText(tr("Model default"));
    m_dimensionsSpin->setToolTip(tr("Output dimensions to request. Only some models accept this; "
                                    "leave at \"Model default\" otherwise."));
    m_timeoutSpin = new QSpinBox(group);
    m_timeoutSpin->setRange(1, embedding::MAX_TIMEOUT_SECONDS);
    m_timeoutSpin->setSuffix(tr(" s"));
    m_timeoutSpin->setToolTip(tr("How long to wait for each request before giving up. "
                                 "Local models can take a while to load on the first request."));

    for (QLineEdit *edit : {m_baseUrlEdit, m_modelEdit, m_keyVariableEdit})
        connect(edit, &QLineEdit::textEdited, this, &ProviderPanel::onFieldEdited);
    createTransferFields(group);

    for (QSpinBox *spin : {m_dimensionsSpin, m_timeoutSpin, m_batchSpin, m_concurrencySpin, m_retriesSpin})
        connect(spin, &QSpinBox::valueChanged, this, &ProviderPanel::onFieldEdited);
    connect(m_encodingCombo, &QComboBox::activated, this, &ProviderPanel::onFieldEdited);

    m_statusLabel = new QLabel(group);
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_providerForm = new QFormLayout(group);
    m_providerForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_providerForm->addRow(tr("&Provider:"), m_kindCombo);
    m_providerForm->addRow(tr("&Base URL:"), m_baseUrlEdit);
    m_providerForm->addRow(tr("&Model:"), m_modelEdit);
    m_providerForm->addRow(tr("&Key variable:"), m_keyField);
    m_providerForm->addRow(tr("&Dimensions:"), m_dimensionsSpin);
    m_providerForm->addRow(tr("&Timeout:"), m_timeoutSpin);
    m_providerForm->addRow(m_transferToggle);
    m_providerForm->addRow(tr("&Batch size:"), m_batchSpin);
    m_providerForm->addRow(tr("&In flight:"), m_concurrencySpin);
    m_providerForm->addRow(tr("&Retries:"), m_retriesSpin);
    m_providerForm->addRow(tr("&Encoding:"), m_encodingCombo);
    m_providerForm->addRow(m_statusLabel);
    return group;
}

// The variable name and, beside it, the button that puts a key into the
// keychain under that name.
QWidget *ProviderPanel::createKeyField(QWidget *parent)
{
    auto *field = new QWidget(parent);
    m_keyVariableEdit = new QLineEdit(field);
    m_keyVariableEdit->setObjectName(QStringLiteral("keyVariableEdit"));
    m_keyVariableEdit->setPlaceholderText(tr("None (local server)"));
    m_keyVariableEdit->setToolTip(tr("Name of the environment variable that holds the API key, such as "
                                     "OPENAI_API_KEY. Without that variable, the key is read from the system "
                                     "keychain entry of the same name. Settings never contain the key."));

    m_storeKeyButton = new QToolButton(field);
    m_storeKeyButton->setText(tr("Store Key\u2026"));
    m_storeKeyButton->setToolTip(tr("Save an API key in the system keychain under the key variable's name"));
    connect(m_storeKeyButton, &QToolButton::clicked, this, &ProviderPanel::promptForKey);

    auto *layout = new QHBoxLayout(field);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_keyVariableEdit, 1);
    layout->addWidget(m_storeKeyButton);
    return field;
}

void ProviderPanel::promptForKey()
{
    const QString variable = m_keyVariableEdit->text().trimmed();
    if (!isVariableName(variable)) {
        m_keyVariableEdit->setFocus();
        updateStatus();
        return;
    }

    bool accepted = false;
    const QString key = QInputDialog::getText(this, tr("Store API Key"),
                                              tr("API key to store in the system keychain as %1:").arg(variable),
                                              QLineEdit::Password, QString(), &accepted);
    if (accepted && !key.trimmed().isEmpty())
        storeKey(key.trimmed().toUtf8());
}

void ProviderPanel::storeKey(const QByteArray &key)
{
    const QString variable = m_keyVariableEdit->text().trimmed();
    if (!isVariableName(variable) || key.isEmpty())
        return;

    m_storeKeyButton->setEnabled(false);
    m_statusLabel->setText(tr("Storing the key in the system keychain\u2026"));
    embedding::storeApiKey(variable, key, this, [this, variable](const QString &error) {
        m_storeKeyButton->setEnabled(true);
        m_keyStoreVariable = variable;
        m_keyStoreFailed = !error.isEmpty();
        m_keyStoreNote = m_keyStoreFailed
                             ? tr("Could not store the key in the system keychain (%1). Set %2 in the "
                                  "environment before starting Embedscope instead.")
                                   .arg(error, variable)
                             : tr("The key is stored in the system keychain as %1 and is read from there "
                                  "for each run.")
                                   .arg(variable);
        updateStatus();
        emit keyStoreFinished(error);
    });
}

void ProviderPanel::createTransferFields(QWidget *parent)
{
    m_transferToggle = new QToolButton(parent);
    m_transferToggle->setObjectName(QStringLiteral("transferToggle"));
    m_transferToggle->setText(tr("Transfer settings"));
    m_transferToggle->setCheckable(true);
    m_transferToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_transferToggle->setArrowType(Qt::RightArrow);
    m_transferToggle->setAutoRaise(true);
    connect(m_transferToggle, &QToolButton::toggled, this, [this](bool shown) {
        m_transferToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
        updateFieldVisibility();
    });

    m_batchSpin = new QSpinBox(parent);
    m_batchSpin->setRange(1, embedding::OPENAI_MAX_INPUTS);
    m_batchSpin->setToolTip(tr("Phrases per request. Lower it for servers that reject large requests."));
    m_concurrencySpin = new QSpinBox(parent);
    m_concurrencySpin->setRange(1, embedding::MAX_CONCURRENCY);
    m_concurrencySpin->setToolTip(tr("Requests sent at once. Lower it when the server limits your rate."));
    m_retriesSpin = new QSpinBox(parent);
    m_retriesSpin->setRange(0, embedding::MAX_RETRIES);
    m_retriesSpin->setToolTip(tr("Times to retry a request after a timeout, a dropped connection, "
                                 "a rate limit (429) or a gateway error."));

    m_encodingCombo = new QComboBox(parent);
    m_encodingCombo->addItem(tr("Automatic"), int(embedding::VectorEncoding::Automatic));
    m_encodingCombo->addItem(tr("Float (JSON numbers)"), int(embedding::VectorEncoding::Float));
    m_encodingCombo->addItem(tr("Base64 (smaller responses)"), int(embedding::VectorEncoding::Base64));
    m_encodingCombo->setToolTip(tr("How vectors come back. Automatic requests base64 from OpenAI and float "
                                   "elsewhere. Choose base64 only for servers that support it, such as vLLM."));
}

QWidget *ProviderPanel::createMetricGroup()
{
    auto *group = new QGroupBox(tr("Comparison"), this);

    m_metricCombo = new QComboBox(group);
    for (math::Metric metric : {math::Metric::Cosine, math::Metric::Dot, math::Metric::Euclidean})
        m_metricCombo->addItem(math::metricTitle(metric), int(metric));
    connect(m_metricCombo, &QComboBox::currentIndexChanged, this, [this] {
        updateStatus();
        emit metricChanged(metric());
    });

    m_metricNote = new QLabel(group);
    m_metricNote->setWordWrap(true);
    m_metricNote->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout(group);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("M&etric:"), m_metricCombo);
    form->addRow(m_metricNote);
    return group;
}

ProviderSettings ProviderPanel::settings() const
{
    ProviderSettings settings;
    settings.kind = currentKind();
    settings.baseUrl = m_baseUrlEdit->text().trimmed();
    settings.model = m_modelEdit->text().trimmed();
    const QString variable = m_keyVariableEdit->text().trimmed();
    settings.apiKeyVariable = isVariableName(variable) ? variable : QString();
    settings.dimensions = m_dimensionsSpin->value();
    settings.timeoutSeconds = m_timeoutSpin->value();
    settings.batchSize = m_batchSpin->value();
    settings.concurrency = m_concurrencySpin->value();
    settings.retry.maxRetries = m_retriesSpin->value();
    settings.encoding = embedding::VectorEncoding(m_encodingCombo->currentData().toInt());
    return settings;
}

void ProviderPanel::setSettings(const ProviderSettings &settings)
{
    showSettings(settings);
    emit settingsChanged(this->settings());
}

math::Metric ProviderPanel::metric() const
{
    return math::Metric(m_metricCombo->currentData().toInt());
}

void ProviderPanel::setMetric(math::Metric metric)
{
    m_metricCombo->setCurrentIndex(m_metricCombo->findData(int(metric)));
}

QString ProviderPanel::statusText() const
{
    return m_statusLabel->text();
}

ProviderKind ProviderPanel::currentKind() const
{
    return ProviderKind(m_kindCombo->currentData().toInt());
}

void ProviderPanel::showSettings(const ProviderSettings &settings)
{
    m_showing = true;
    m_kindCombo->setCurrentIndex(m_kindCombo->findData(int(settings.kind)));
    m_baseUrlEdit->setText(settings.baseUrl);
    m_modelEdit->setText(settings.model);
    m_keyVariableEdit->setText(settings.apiKeyVariable);
    m_dimensionsSpin->setValue(settings.dimensions);
    m_timeoutSpin->setValue(settings.timeoutSeconds);
    m_batchSpin->setValue(settings.batchSize);
    m_concurrencySpin->setValue(settings.concurrency);
    m_retriesSpin->setValue(settings.retry.maxRetries);
    m_encodingCombo->setCurrentIndex(m_encodingCombo->findData(int(settings.encoding)));
    m_showing = false;

    // Show the start of long URLs and model names, not their end.
    for (QLineEdit *edit : {m_baseUrlEdit, m_modelEdit, m_keyVariableEdit})
        edit->setCursorPosition(0);

    m_editedSettings.insert(settings.kind, settings);
    updateFieldVisibility();
    updateStatus();
}

// Switching provider fills in its preset, or the values last entered for it
// in this session.
void ProviderPanel::onKindActivated(int)
{
    const ProviderKind kind = currentKind();
    showSettings(m_editedSettings.value(kind, embedding::presetFor(kind)));
    emit settingsChanged(settings());
}

void ProviderPanel::onFieldEdited()
{
    if (m_showing)
        return;
    const ProviderSettings current = settings();
    m_editedSettings.insert(current.kind, current);
    updateStatus();
    emit settingsChanged(current);
}

// The built-in provider has a fixed model and no endpoint, key or options.
void ProviderPanel::updateFieldVisibility()
{
    const bool http = currentKind() != ProviderKind::Builtin;
    m_providerForm->setRowVisible(m_baseUrlEdit, http);
    m_providerForm->setRowVisible(m_keyField, http);
    m_providerForm->setRowVisible(m_dimensionsSpin, http);
    m_providerForm->setRowVisible(m_timeoutSpin, http);
    m_providerForm->setRowVisible(m_transferToggle, http);
    const bool transfer = http && m_transferToggle->isChecked();
    for (QWidget *field : std::initializer_list<QWidget *>{m_batchSpin, m_concurrencySpin, m_retriesSpin, m_encodingCombo})
        m_providerForm->setRowVisible(field, transfer);
    m_modelEdit->setReadOnly(!http);
}

void ProviderPanel::updateStatus()
{
    const QString variable = m_keyVariableEdit->text().trimmed();
    QString status;
    bool problem = false;
    if (currentKind() == ProviderKind::Builtin) {
        status = tr("Offline and free, but it compares spelling (shared letters and words), "
                    "not meaning. Choose an API provider to compare meaning.");
    } else if (variable.isEmpty()) {
        status = tr("No API key is sent. That suits local servers such as Ollama or LM Studio.");
    } else if (!isVariableName(variable)) {
        status = tr("Enter the name of the environment variable that holds the key, such as "
                    "OPENAI_API_KEY, not the key itself. No key will be sent.");
        problem = true;
    } else if (variable == m_keyStoreVariable) {
        status = m_keyStoreNote;
        problem = m_keyStoreFailed;
    } else if (qEnvironmentVariableIsEmpty(variable.toLocal8Bit().constData())) {
        status = tr("%1 is not set in the environment, so the key is read from the system keychain "
                    "entry of that name. Use Store Key to save it there.")
                     .arg(variable);
    } else {
        status = tr("%1 is set. The key is read from it for each request.").arg(variable);
    }

    m_statusLabel->setText(status);
    m_statusLabel->setStyleSheet(problem ? QStringLiteral("color: #9a3412;") : QString());
    m_statusLabel->setForegroundRole(problem ? QPalette::WindowText : QPalette::PlaceholderText);

    switch (metric()) {
    case math::Metric::Cosine:
        m_metricNote->setText(tr("1 means the same direction, 0 unrelated. Ignores vector length."));
        break;
    case math::Metric::Dot:
        m_metricNote->setText(tr("Equals cosine for unit-length vectors; otherwise grows with their length."));
        break;
    case math::Metric::Euclidean:
        m_metricNote->setText(tr("A distance: 0 means identical, and smaller means closer."));
        break;
    }
}

} // namespace embedscope::ui
