#pragma once

#include <QWidget>

class QLabel;
class QDoubleSpinBox;
class QSpinBox;
class QTableWidget;

namespace embedscope::math {
struct NearDuplicates;
}

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class BackgroundRunner;

// The reference phrase's nearest neighbours, and near-duplicate pairs across
// the whole list. Activating a row makes its phrase the reference.
class NeighboursView : public QWidget
{
    Q_OBJECT

public:
    explicit NeighboursView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;

private:
    void updateNeighbours();
    void updateDuplicates();
    void showDuplicates(const math::NearDuplicates &duplicates);
    void onSnapshotChanged();
    void activateRow(const QTableWidget *table, int row, int column);

    workspace::Workspace *m_workspace = nullptr;
    QSpinBox *m_countSpin = nullptr;
    QLabel *m_referenceLabel = nullptr;
    QTableWidget *m_neighbourTable = nullptr;
    QDoubleSpinBox *m_thresholdSpin = nullptr;
    QLabel *m_duplicateSummary = nullptr;
    QTableWidget *m_duplicateTable = nullptr;
    BackgroundRunner *m_runner = nullptr;
};

} // namespace embedscope::ui::analysis
