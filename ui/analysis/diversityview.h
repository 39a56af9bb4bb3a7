#pragma once

#include "math/distribution.h"

#include <QWidget>

#include <optional>

class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class BackgroundRunner;
class ChartAdapter;

// How the scores of all pairs are spread: a histogram with the reference
// phrase's own scores overlaid, and summary statistics. The pair statistics
// are computed off the UI thread.
class DiversityView : public QWidget
{
    Q_OBJECT

public:
    explicit DiversityView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;

    // The statistics shown, or nullopt before the first result.
    const std::optional<math::Distribution> &pairDistribution() const { return m_pairs; }
    math::DistributionOptions options() const;

private:
    void recompute();
    void showStatistics();
    void showChart();

    workspace::Workspace *m_workspace = nullptr;
    QSpinBox *m_binSpin = nullptr;
    QDoubleSpinBox *m_thresholdSpin = nullptr;
    QLabel *m_statisticsLabel = nullptr;
    ChartAdapter *m_chart = nullptr;
    BackgroundRunner *m_runner = nullptr;
    std::optional<math::Distribution> m_pairs;
};

} // namespace embedscope::ui::analysis
