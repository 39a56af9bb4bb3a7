#pragma once

#include <QTabWidget>

class QProgressBar;
class QToolButton;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class ClassificationView;
class ClustersView;
class DiversityView;
class MapView;
class NeighboursView;
class OutliersView;
class SearchView;

// The analysis views as tabs: neighbours, clusters, outliers, diversity,
// search, classification and the map. A busy bar and a Cancel button in the
// tab bar's corner show while any of them computes in the background.
class AnalysisPanel : public QTabWidget
{
    Q_OBJECT

public:
    explicit AnalysisPanel(workspace::Workspace *workspace, QWidget *parent = nullptr);

    // True while any view computes in the background or waits for embeddings.
    bool isBusy() const;

    NeighboursView *neighboursView() const { return m_neighbours; }
    ClustersView *clustersView() const { return m_clusters; }
    OutliersView *outliersView() const { return m_outliers; }
    DiversityView *diversityView() const { return m_diversity; }
    SearchView *searchView() const { return m_search; }
    ClassificationView *classificationView() const { return m_classification; }
    MapView *mapView() const { return m_map; }

private:
    void createBusyIndicator();
    void updateBusy();
    void cancelAll();

    NeighboursView *m_neighbours = nullptr;
    ClustersView *m_clusters = nullptr;
    OutliersView *m_outliers = nullptr;
    DiversityView *m_diversity = nullptr;
    SearchView *m_search = nullptr;
    ClassificationView *m_classification = nullptr;
    MapView *m_map = nullptr;
    QProgressBar *m_busyBar = nullptr;
    QToolButton *m_cancelButton = nullptr;
};

} // namespace embedscope::ui::analysis
