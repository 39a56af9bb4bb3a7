#pragma once

#include "embedding/providersettings.h"
#include "math/similaritymatrix.h"

#include <QMap>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace embedscope::ui {

// Where embeddings come from and how they are compared: provider, endpoint,
// model, the name of the environment variable that contains the API key (never
// the key), and the metric. A status line says what the choice means.
class ProviderPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ProviderPanel(QWidget *parent = nullptr);

    // The settings as entered. A key variable that is not a valid variable
    // name (a pasted key, say) comes back empty, so it is never stored.
    embedding::ProviderSettings settings() const;
    void setSettings(const embedding::ProviderSettings &settings);

    math::Metric metric() const;
    void setMetric(math::Metric metric);

    // Status shown under the fields, for tests and accessibility.
    QString statusText() const;

    // Stores key in the system keychain under the key variable's name, where
    // requests look when the environment lacks the variable, and reports the
    // outcome in the status line. The Store Key button prompts for the key
    // and calls this.
    void storeKey(const QByteArray &key);

signals:
    // Emitted when a storeKey() attempt ends; error is empty on success.
    void keyStoreFinished(const QString &error);

    void settingsChanged(const embedscope::embedding::ProviderSettings &settings);
    void metricChanged(embedscope::math::Metric metric);

private:
    QWidget *createProviderGroup();
    QWidget *createMetricGroup();
    QWidget *createKeyField(QWidget *parent);
    void createTransferFields(QWidget *parent);
    void promptForKey();
    void onKindActivated(int index);
    void onFieldEdited();
    void showSettings(const embedding::ProviderSettings &settings);
    void updateFieldVisibility();
    void updateStatus();
    embedding::ProviderKind currentKind() const;

    QComboBox *m_kindCombo = nullptr;
    QLineEdit *m_baseUrlEdit = nullptr;
    QLineEdit *m_modelEdit = nullptr;
    QLineEdit *m_keyVariableEdit = nullptr;
    QWidget *m_keyField = nullptr;
    QToolButton *m_storeKeyButton = nullptr;
    // Outcome of the last storeKey(), shown while the variable is still the
    // one the key was stored under.
    QString m_keyStoreVariable;
    QString m_keyStoreNote;
    bool m_keyStoreFailed = false;
    QSpinBox *m_dimensionsSpin = nullptr;
    QSpinBox *m_timeoutSpin = nullptr;
    // Transfer settings, behind the Transfer toggle because the defaults
    // suit most servers.
    QToolButton *m_transferToggle = nullptr;
    QSpinBox *m_batchSpin = nullptr;
    QSpinBox *m_concurrencySpin = nullptr;
    QSpinBox *m_retriesSpin = nullptr;
    QComboBox *m_encodingCombo = nullptr;
    QLabel *m_statusLabel = nullptr;
    QFormLayout *m_providerForm = nullptr;
    QComboBox *m_metricCombo = nullptr;
    QLabel *m_metricNote = nullptr;

    // Edits per provider kind, so switching away and back keeps them.
    QMap<embedding::ProviderKind, embedding::ProviderSettings> m_editedSettings;
    bool m_showing = false;
};

} // namespace embedscope::ui
