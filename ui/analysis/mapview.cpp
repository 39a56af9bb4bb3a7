#include "mapview.h"

#include "analysistable.h"
#include "backgroundrunner.h"
#include "scattermap.h"
#include "uilogging.h"

#include "math/tsne.h"
#include "workspace/workspace.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <memory>

namespace embedscope::ui::analysis {

MapView::MapView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_runner(new BackgroundRunner(this))
{
    m_methodCombo = new QComboBox(this);
    m_methodCombo->setObjectName(QStringLiteral("projectionCombo"));
    m_methodCombo->addItem(tr("PCA"), int(Method::Pca));
    m_methodCombo->addItem(tr("t-SNE"), int(Method::Tsne));
    m_methodCombo->setToolTip(tr("PCA keeps global distances. t-SNE keeps local neighbourhoods and takes longer: "
                                 "its search for neighbours grows with the square of the phrase count."));
    m_noteLabel = new QLabel(this);
    m_noteLabel->setObjectName(QStringLiteral("mapNote"));
    m_noteLabel->setWordWrap(true);
    m_scatter = new ScatterMap(this);
    m_scatter->setObjectName(QStringLiteral("mapScatter"));

    auto *controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Projection:"), this));
    controls->addWidget(m_methodCombo);
    controls->addSpacing(12);
    controls->addWidget(m_noteLabel, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_scatter, 1);

    connect(m_methodCombo, &QComboBox::currentIndexChanged, this, &MapView::recompute);
    connect(m_scatter, &ScatterMap::pointClicked, m_workspace, &workspace::Workspace::setReferenceIndex);
    connect(m_workspace, &workspace::Workspace::referenceIndexChanged, m_scatter, &ScatterMap::setMarkedPoint);
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &MapView::recompute);
    connect(m_runner, &BackgroundRunner::cancelled, m_noteLabel,
            [label = m_noteLabel] { label->setText(BackgroundRunner::cancelledMessage()); });
    recompute();
}

bool MapView::isBusy() const
{
    return m_runner->isRunning();
}

void MapView::setMethod(Method method)
{
    m_methodCombo->setCurrentIndex(m_methodCombo->findData(int(method)));
}

void MapView::setClusterLabels(const std::vector<int> &labels)
{
    m_clusterLabels = labels;
    showMap();
}

void MapView::recompute()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    m_projection.reset();
    if (snapshot.isEmpty()) {
        m_runner->cancel();
        m_scatter->clear();
        m_noteLabel->clear();
        return;
    }

    const auto method = Method(m_methodCombo->currentData().toInt());
    const int count = int(snapshot.phrases.size());
    if (method == Method::Tsne)
        m_noteLabel->setText(count == 1 ? tr("Running t-SNE on 1 phrase…")
                                        : tr("Running t-SNE on %1 phrases…").arg(count));
    else
        m_noteLabel->setText(count == 1 ? tr("Projecting 1 phrase…") : tr("Projecting %1 phrases…").arg(count));
    // One shared copy, because the runner copies the work lambda on its way
    // to the thread pool, and each copy of 100,000 x 384 floats is 154 MB.
    const auto vectors = std::make_shared<const embedding::EmbeddingSet>(snapshot.vectors);
    const math::Metric metric = snapshot.metric();
    m_runner->start<math::Projection>(
        [vectors, metric, method](const std::atomic_bool *cancel) {
            return method == Method::Tsne ? math::projectTsne(*vectors, metric, {}, cancel)
                                          : math::projectPca(*vectors, metric, cancel);
        },
        [this](const math::Projection &projection) {
            m_projection = projection;
            showMap();
        });
}

void MapView::showMap()
{
    if (!m_projection)
        return;
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const bool pca = Method(m_methodCombo->currentData().toInt()) == Method::Pca;

    QString note = m_projection->note;
    if (pca && note.isEmpty()) {
        const auto &ratio = m_projection->explainedVarianceRatio;
        note = tr("The two axes explain %1 and %2 of the variance.")
                   .arg(formatPercent(ratio[0]), formatPercent(ratio[1]));
    }

    // Labels of another snapshot would colour the wrong points.
    const bool labelsFit = m_clusterLabels.size() == m_projection->points.size();
    const QString colours = labelsFit ? tr("Colours are clusters.") + QLatin1Char(' ') : QString();
    m_noteLabel->setText(note + QLatin1Char(' ') + colours + tr("Click a point to make it the reference."));
    m_scatter->setPoints(m_projection->points,
                         labelsFit ? m_clusterLabels : std::vector<int>(m_projection->points.size(), 0), clusterColors(),
                         snapshot.phrases, pca ? tr("Principal component 1") : tr("t-SNE 1"),
                         pca ? tr("Principal component 2") : tr("t-SNE 2"));
    m_scatter->setMarkedPoint(m_workspace->referenceIndex());
    qCDebug(lcUi) << "map points:" << m_projection->points.size();
}

} // namespace embedscope::ui::analysis
