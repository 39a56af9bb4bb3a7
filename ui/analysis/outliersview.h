#pragma once

#include "math/outliers.h"

#include <QList>
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

// Every phrase ranked by its outlier score, the most isolated first, with
// the top ones flagged for the heatmap's labels. Computed off the UI thread.
class OutliersView : public QWidget
{
    Q_OBJECT

public:
    explicit OutliersView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;

    // Input indices of the flagged phrases, highest score first: the first
    // "Flag top" entries of the ranking that have a score.
    const QList<int> &flaggedPhrases() const { return m_flagged; }

signals:
    void flaggedPhrasesChanged(const QList<int> &phrases);

private:
    void recompute();
    void showScores(const std::vector<math::OutlierScore> &scores);
    void updateFlags();

    workspace::Workspace *m_workspace = nullptr;
    QSpinBox *m_neighbourSpin = nullptr;
    QSpinBox *m_flagSpin = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QTableWidget *m_table = nullptr;
    ScoreBarDelegate *m_barDelegate = nullptr;
    BackgroundRunner *m_runner = nullptr;
    std::vector<math::OutlierScore> m_scores; // ranked, as shown
    QList<int> m_flagged;
};

} // namespace embedscope::ui::analysis
