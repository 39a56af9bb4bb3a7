#include "heatmaporderer.h"

#include "uilogging.h"

#include <QtConcurrent/QtConcurrentRun>

namespace embedscope::ui {

// Up to this many phrases clustering runs on the UI thread, so the view
// never shows a stale order. NOTE: the bound is an estimate of where the
// O(N^2) linkage starts to delay a frame, not a measurement.
static constexpr int MAX_SYNCHRONOUS_CLUSTERING = 600;

HeatmapOrderer::HeatmapOrderer(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<std::optional<math::HeatmapOrder>>::finished, this,
            &HeatmapOrderer::finishClustering);
}

HeatmapOrderer::~HeatmapOrderer()
{
    cancelRunning();
    m_watcher.waitForFinished();
}

static render::HeatmapData withBands(render::HeatmapData data, double threshold, int clusterCount)
{
    if (threshold > 0.0 || clusterCount > 0)
        data.clusterBands = math::clusterBands(data.order, threshold, clusterCount);
    return data;
}

void HeatmapOrderer::order(const render::HeatmapData &data, const math::OrderRequest &request,
                           double clusterThreshold, int clusterCount)
{
    cancelRunning();
    ++m_generation;
    m_threshold = clusterThreshold;
    m_clusterCount = clusterCount;

    const bool inBackground =
        request.mode == math::OrderMode::Clustered && data.matrix.size() > MAX_SYNCHRONOUS_CLUSTERING;
    if (!inBackground) {
        const auto order = math::computeHeatmapOrder(data.matrix, request);
        emit ordered(order ? withBands(render::orderHeatmap(data, *order), m_threshold, m_clusterCount) : data);
        return;
    }

    m_pending = data;
    m_backgroundGeneration = m_generation;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    qCDebug(lcUi) << "clustering" << data.matrix.size() << "phrases in the background";
    m_watcher.setFuture(QtConcurrent::run([matrix = data.matrix, request, cancel = m_cancel]() {
        return math::computeHeatmapOrder(matrix, request, cancel.get());
    }));
}

void HeatmapOrderer::cancelRunning()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
}

void HeatmapOrderer::finishClustering()
{
    // A newer request replaced this one and emits its own result.
    if (m_backgroundGeneration != m_generation)
        return;
    const auto order = m_watcher.result();
    if (!order)
        return;
    emit ordered(withBands(render::orderHeatmap(m_pending, *order), m_threshold, m_clusterCount));
}

} // namespace embedscope::ui
