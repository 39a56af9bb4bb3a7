#include "heatmaporderer.h"

#include "uilogging.h"

#include <QtConcurrent/QtConcurrentRun>

namespace embedscope::ui {

// Up to this many phrases clustering runs on the UI thread, so the view
// never shows a stale order. NOTE: the bound is an estimate of where the
// O(N^2) linkage starts to delay a frame, not a measurement.
static constexpr int MAX_SYNCHRONOUS_CLUSTERING = 600;

// Up to this many phrases a reference order, a sort plus one rearranged
// copy of the matrix, is done on the UI thread. NOTE: an estimate too, of
// where gathering the N x N scores starts to delay a frame.
static constexpr int MAX_SYNCHRONOUS_REORDER = 2000;

HeatmapOrderer::HeatmapOrderer(QObject *parent)
    : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<std::optional<render::HeatmapData>>::finished, this,
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

    const int size = data.matrix.size();
    const bool inBackground = request.mode == math::OrderMode::Clustered ? size > MAX_SYNCHRONOUS_CLUSTERING
                              : request.mode == math::OrderMode::Reference ? size > MAX_SYNCHRONOUS_REORDER
                                                                           : false;
    if (!inBackground) {
        const auto order = math::computeHeatmapOrder(data.matrix, request);
        emit ordered(order ? withBands(render::orderHeatmap(data, *order), m_threshold, m_clusterCount) : data);
        return;
    }

    m_backgroundGeneration = m_generation;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    qCDebug(lcUi) << "ordering" << size << "phrases in the background";
    // The worker also rearranges the matrix, which gathers 100 million
    // scores at 10,000 phrases. Its copy shares the scores until then.
    m_watcher.setFuture(QtConcurrent::run(
        [data, request, cancel = m_cancel, threshold = m_threshold, count = m_clusterCount]()
            -> std::optional<render::HeatmapData> {
            const auto order = math::computeHeatmapOrder(data.matrix, request, cancel.get());
            if (!order || cancel->load())
                return std::nullopt;
            return withBands(render::orderHeatmap(data, *order), threshold, count);
        }));
}

void HeatmapOrderer::cancel()
{
    cancelRunning();
    ++m_generation;
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
    const std::optional<render::HeatmapData> ordered = m_watcher.result();
    if (ordered)
        emit this->ordered(*ordered);
}

} // namespace embedscope::ui
