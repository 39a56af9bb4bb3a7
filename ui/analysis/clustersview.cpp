#include "clustersview.h"

#include "analysistable.h"
#include "backgroundrunner.h"
#include "fullmatrixnote.h"
#include "uilogging.h"

#include "math/clustering.h"
#include "render/dendrogrampainter.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace embedscope::ui::analysis {

namespace {

struct ClusterResult
{
    std::vector<int> labels;
    std::vector<math::ClusterSummary> clusters;
};

enum CutKind { CutAtDistance, CutIntoCount };

} // namespace

// Same default cut as the analysis report: 1 - cosine of 0.5.
static constexpr double DEFAULT_CUT_DISTANCE = 0.5;

static QIcon colorSwatch(const QColor &color)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(color.darker(140));
    painter.setBrush(color);
    painter.drawRoundedRect(QRectF(0.5, 0.5, 13, 13), 3, 3);
    return QIcon(pixmap);
}

static std::optional<ClusterResult> computeClusters(const math::SimilarityMatrix &matrix, math::Linkage linkage,
                                                    bool byDistance, double cutValue,
                                                    const std::atomic_bool *cancel)
{
    const auto dendrogram =
        math::clusterHierarchically(math::condensedDistances(matrix), matrix.size(), linkage, cancel);
    if (!dendrogram)
        return std::nullopt;

    ClusterResult result;
    result.labels = byDistance ? dendrogram->cutAtDistance(cutValue) : dendrogram->cutIntoClusters(int(cutValue));
    auto clusters = math::summariseClusters(matrix, result.labels, cancel);
    if (!clusters)
        return std::nullopt;
    result.clusters = std::move(*clusters);
    return result;
}

ClustersView::ClustersView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_runner(new BackgroundRunner(this))
{
    m_linkageCombo = new QComboBox(this);
    m_linkageCombo->setObjectName(QStringLiteral("linkageCombo"));
    m_linkageCombo->addItem(tr("Average linkage"), int(math::Linkage::Average));
    m_linkageCombo->addItem(tr("Complete linkage"), int(math::Linkage::Complete));
    m_linkageCombo->addItem(tr("Single linkage"), int(math::Linkage::Single));

    m_cutCombo = new QComboBox(this);
    m_cutCombo->setObjectName(QStringLiteral("cutCombo"));
    m_cutCombo->addItem(tr("Cut at distance"), int(CutAtDistance));
    m_cutCombo->addItem(tr("Number of clusters"), int(CutIntoCount));

    m_distanceSpin = new QDoubleSpinBox(this);
    m_distanceSpin->setObjectName(QStringLiteral("cutDistance"));
    m_distanceSpin->setDecimals(3);
    m_distanceSpin->setRange(0.0, 1e6);
    m_distanceSpin->setSingleStep(0.05);
    m_distanceSpin->setValue(DEFAULT_CUT_DISTANCE);
    m_distanceSpin->setToolTip(tr("Phrases joined at or below this distance share a cluster (1 − cosine for "
                                  "cosine and dot, the distance itself for Euclidean)"));
    m_countSpin = new QSpinBox(this);
    m_countSpin->setObjectName(QStringLiteral("cutCount"));
    m_countSpin->setRange(1, 1000);
    m_countSpin->setValue(5);
    m_countSpin->setToolTip(tr("The lowest cut that leaves at most this many clusters"));
    m_cutValueStack = new QStackedWidget(this);
    m_cutValueStack->addWidget(m_distanceSpin);
    m_cutValueStack->addWidget(m_countSpin);
    m_cutValueStack->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);

    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setWordWrap(true);
    m_table = createTable({tr("Cluster"), tr("Size"), tr("Most central phrase"), tr("Mean internal score")}, this);
    m_table->setObjectName(QStringLiteral("clusterTable"));
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->setToolTip(tr("Double-click a cluster to make its most central phrase the reference."));

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_linkageCombo);
    controls->addWidget(m_cutCombo);
    controls->addWidget(m_cutValueStack);
    controls->addStretch(1);
    controls->addWidget(m_summaryLabel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);

    connect(m_linkageCombo, &QComboBox::currentIndexChanged, this, &ClustersView::onCutEdited);
    connect(m_cutCombo, &QComboBox::currentIndexChanged, this, &ClustersView::onCutKindChanged);
    connect(m_distanceSpin, &QDoubleSpinBox::valueChanged, this, &ClustersView::onCutEdited);
    connect(m_countSpin, &QSpinBox::valueChanged, this, &ClustersView::onCutEdited);
    connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (const QTableWidgetItem *item = m_table->item(row, 2))
            m_workspace->setReferenceIndex(item->data(RAW_VALUE_ROLE).toInt());
    });
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &ClustersView::recompute);
    connect(m_runner, &BackgroundRunner::cancelled, m_summaryLabel,
            [label = m_summaryLabel] { label->setText(BackgroundRunner::cancelledMessage()); });
    recompute();
}

bool ClustersView::isBusy() const
{
    return m_runner->isRunning();
}

void ClustersView::onCutKindChanged()
{
    m_cutValueStack->setCurrentIndex(m_cutCombo->currentIndex());
    onCutEdited();
}

void ClustersView::onCutEdited()
{
    recompute();
    emit cutEdited(linkage(), cut());
}

math::Linkage ClustersView::linkage() const
{
    return math::Linkage(m_linkageCombo->currentData().toInt());
}

workspace::ClusterCut ClustersView::cut() const
{
    if (m_cutCombo->currentData().toInt() == CutAtDistance)
        return {workspace::ClusterCut::Kind::Distance, m_distanceSpin->value()};
    return {workspace::ClusterCut::Kind::Count, double(m_countSpin->value())};
}

void ClustersView::setCut(math::Linkage linkage, const workspace::ClusterCut &cut)
{
    const bool byDistance = cut.kind == workspace::ClusterCut::Kind::Distance;
    {
        const QSignalBlocker linkageBlocker(m_linkageCombo);
        const QSignalBlocker kindBlocker(m_cutCombo);
        const QSignalBlocker distanceBlocker(m_distanceSpin);
        const QSignalBlocker countBlocker(m_countSpin);
        m_linkageCombo->setCurrentIndex(m_linkageCombo->findData(int(linkage)));
        m_cutCombo->setCurrentIndex(m_cutCombo->findData(int(byDistance ? CutAtDistance : CutIntoCount)));
        m_cutValueStack->setCurrentIndex(m_cutCombo->currentIndex());
        if (byDistance)
            m_distanceSpin->setValue(cut.value);
        else
            m_countSpin->setValue(int(cut.value));
    }
    recompute();
}

void ClustersView::recompute()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    if (snapshot.isEmpty()) {
        m_runner->cancel();
        m_table->setRowCount(0);
        m_summaryLabel->clear();
        m_labels.clear();
        emit clustersChanged(m_labels);
        return;
    }
    if (!snapshot.hasFullMatrix()) {
        m_runner->cancel();
        m_table->setRowCount(0);
        m_summaryLabel->setText(fullMatrixNote(*m_workspace));
        m_labels.clear();
        emit clustersChanged(m_labels);
        return;
    }

    const int count = int(snapshot.phrases.size());
    m_summaryLabel->setText(count == 1 ? tr("Clustering 1 phrase…") : tr("Clustering %1 phrases…").arg(count));
    const math::SimilarityMatrix matrix = snapshot.matrix;
    const math::Linkage linkage = this->linkage();
    const bool byDistance = m_cutCombo->currentData().toInt() == CutAtDistance;
    const double cutValue = byDistance ? m_distanceSpin->value() : double(m_countSpin->value());
    m_runner->start<ClusterResult>(
        [matrix, linkage, byDistance, cutValue](const std::atomic_bool *cancel) {
            return computeClusters(matrix, linkage, byDistance, cutValue, cancel);
        },
        [this](const ClusterResult &result) { showClusters(result.labels, result.clusters); });
}

void ClustersView::showClusters(const std::vector<int> &labels, const std::vector<math::ClusterSummary> &clusters)
{
    const QStringList &phrases = m_workspace->snapshot().phrases;
    m_labels = labels;
    const int count = int(clusters.size());
    m_summaryLabel->setText(count == 1 ? tr("1 cluster") : tr("%1 clusters").arg(count));
    qCDebug(lcUi) << "clusters:" << clusters.size();

    m_table->setRowCount(int(clusters.size()));
    for (int row = 0; row < int(clusters.size()); ++row) {
        const math::ClusterSummary &cluster = clusters[size_t(row)];
        auto *name = new QTableWidgetItem(colorSwatch(render::clusterBandColor(cluster.label)),
                                          tr("Cluster %1").arg(cluster.label + 1));
        name->setData(RAW_VALUE_ROLE, cluster.label);
        setTableRow(m_table, row,
                    {name, numberItem(double(cluster.members.size()), 0),
                     phraseItem(phrases.value(cluster.centralMember), cluster.centralMember),
                     numberItem(cluster.meanInternalScore)});
    }
    emit clustersChanged(m_labels);
}

} // namespace embedscope::ui::analysis
