#pragma once

#include "math/outliers.h"

#include <QWidget>

#include <vector>

class QLabel;
class QSpinBox;
class QTableWidget;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class BackgroundRunner;
class ScoreBarDelegate;

// Every phrase ranked by its outlier score, the most isolated first.
// Computed off the UI thread.
class OutliersView : public QWidget
{
    Q_OBJECT

public:
    explicit OutliersView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;

private:
    void recompute();
    void showScores(const std::vector<math::OutlierScore> &scores);

    workspace::Workspace *m_workspace = nullptr;
    QSpinBox *m_neighbourSpin = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QTableWidget *m_table = nullptr;
    ScoreBarDelegate *m_barDelegate = nullptr;
    BackgroundRunner *m_runner = nullptr;
};

} // namespace embedscope::ui::analysis
