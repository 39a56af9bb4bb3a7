#pragma once

#include "math/clustering.h"
#include "math/clustersummary.h"
#include "workspace/analysisreport.h"

#include <QList>
#include <QWidget>

#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class BackgroundRunner;

// Agglomerative clusters of the phrases, cut at a distance or into a number
// of clusters, each with its size, most central phrase and mean internal
// score. Computed off the UI thread. The linkage and cut are shared with the
// heatmap's clustered order and cluster bands, and cluster i has the colour
// of render::clusterBandColor(i) in both.
class ClustersView : public QWidget
{
    Q_OBJECT

public:
    explicit ClustersView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;

    // Cluster label per phrase of the current snapshot, empty until computed.
    const std::vector<int> &labels() const { return m_labels; }

    math::Linkage linkage() const;
    workspace::ClusterCut cut() const;
    // Shows a linkage and cut chosen elsewhere and clusters again, without
    // emitting cutEdited().
    void setCut(math::Linkage linkage, const workspace::ClusterCut &cut);

signals:
    void clustersChanged(const std::vector<int> &labels);
    // The user changed the linkage or the cut in this view.
    void cutEdited(math::Linkage linkage, const workspace::ClusterCut &cut);

private:
    void recompute();
    void showClusters(const std::vector<int> &labels, const std::vector<math::ClusterSummary> &clusters);
    void onCutKindChanged();
    void onCutEdited();

    workspace::Workspace *m_workspace = nullptr;
    QComboBox *m_linkageCombo = nullptr;
    QComboBox *m_cutCombo = nullptr;
    QStackedWidget *m_cutValueStack = nullptr;
    QDoubleSpinBox *m_distanceSpin = nullptr;
    QSpinBox *m_countSpin = nullptr;
    QLabel *m_summaryLabel = nullptr;
    QTableWidget *m_table = nullptr;
    BackgroundRunner *m_runner = nullptr;
    std::vector<int> m_labels;
};

} // namespace embedscope::ui::analysis
