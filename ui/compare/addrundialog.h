#pragma once

#include "workspace/runspec.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace embedscope::ui::compare {

// Asks for one comparison run: a name, the provider, endpoint, model and key
// variable, requested dimensions, an instruction prefix and an optional
// truncation. Transfer settings (batches, timeouts, retries) are kept from
// the spec the dialog starts from.
class AddRunDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AddRunDialog(QWidget *parent = nullptr);

    void setSpec(const workspace::RunSpec &spec);
    workspace::RunSpec spec() const;

private:
    void onKindActivated(int index);
    void updateFields();

    workspace::RunSpec m_base;
    QLineEdit *m_name = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_baseUrl = nullptr;
    QLineEdit *m_model = nullptr;
    QLineEdit *m_keyVariable = nullptr;
    QSpinBox *m_dimensions = nullptr;
    QLineEdit *m_prefix = nullptr;
    QSpinBox *m_truncate = nullptr;
    QLabel *m_note = nullptr;
};

} // namespace embedscope::ui::compare
