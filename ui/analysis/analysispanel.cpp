#include "analysispanel.h"

#include "backgroundrunner.h"
#include "classificationview.h"
#include "clustersview.h"
#include "diversityview.h"
#include "mapview.h"
#include "neighboursview.h"
#include "outliersview.h"
#include "searchview.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QToolButton>

namespace embedscope::ui::analysis {

AnalysisPanel::AnalysisPanel(workspace::Workspace *workspace, QWidget *parent)
    : QTabWidget(parent)
    , m_neighbours(new NeighboursView(workspace, this))
    , m_clusters(new ClustersView(workspace, this))
    , m_outliers(new OutliersView(workspace, this))
    , m_diversity(new DiversityView(workspace, this))
    , m_search(new SearchView(workspace, this))
    , m_classification(new ClassificationView(workspace, this))
    , m_map(new MapView(workspace, this))
{
    setDocumentMode(true);
    // The pages' own minimum heights add up to more than a docked panel
    // needs, and would raise the main window's minimum height with them.
    setMinimumSize(320, 160);
    addTab(m_neighbours, tr("&Neighbours"));
    addTab(m_clusters, tr("C&lusters"));
    addTab(m_outliers, tr("&Outliers"));
    addTab(m_diversity, tr("&Diversity"));
    addTab(m_search, tr("Sea&rch"));
    addTab(m_classification, tr("Cl&assification"));
    addTab(m_map, tr("&Map"));

    connect(m_clusters, &ClustersView::clustersChanged, m_map, &MapView::setClusterLabels);
    createBusyIndicator();
}

void AnalysisPanel::createBusyIndicator()
{
    auto *corner = new QWidget(this);
    m_busyBar = new QProgressBar(corner);
    m_busyBar->setObjectName(QStringLiteral("analysisBusy"));
    m_busyBar->setRange(0, 0); // no step counts, so an indeterminate bar
    m_busyBar->setMaximumSize(120, 14);
    m_busyBar->setTextVisible(false);
    m_cancelButton = new QToolButton(corner);
    m_cancelButton->setObjectName(QStringLiteral("analysisCancel"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Stop the analyses running in the background"));
    auto *layout = new QHBoxLayout(corner);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_busyBar);
    layout->addWidget(m_cancelButton);
    setCornerWidget(corner, Qt::TopRightCorner);

    const auto runners = findChildren<BackgroundRunner *>();
    for (BackgroundRunner *runner : runners)
        connect(runner, &BackgroundRunner::runningChanged, this, &AnalysisPanel::updateBusy);
    connect(m_cancelButton, &QToolButton::clicked, this, &AnalysisPanel::cancelAll);
    updateBusy();
}

bool AnalysisPanel::isBusy() const
{
    return m_neighbours->isBusy() || m_clusters->isBusy() || m_outliers->isBusy() || m_diversity->isBusy()
           || m_search->isBusy() || m_classification->isBusy() || m_map->isBusy();
}

void AnalysisPanel::updateBusy()
{
    const auto runners = findChildren<BackgroundRunner *>();
    const bool running = std::any_of(runners.cbegin(), runners.cend(),
                                     [](const BackgroundRunner *runner) { return runner->isRunning(); });
    m_busyBar->setVisible(running);
    m_cancelButton->setVisible(running);
}

void AnalysisPanel::cancelAll()
{
    const auto runners = findChildren<BackgroundRunner *>();
    for (BackgroundRunner *runner : runners)
        runner->cancel();
}

} // namespace embedscope::ui::analysis
