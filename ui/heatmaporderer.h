#pragma once

#include "render/heatmaprenderer.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

namespace embedscope::ui {

// Puts heatmap data into a requested order. Small matrices and the input
// order are done at once. Clustering a large matrix, or rearranging a very
// large one by reference, runs on a worker thread on its own copy, and a
// newer request cancels an older one.
class HeatmapOrderer : public QObject
{
    Q_OBJECT

public:
    explicit HeatmapOrderer(QObject *parent = nullptr);
    ~HeatmapOrderer() override;

    // Orders data (in input order) as request specifies. ordered() is
    // emitted before this returns, unless the work went to a worker thread.
    void order(const render::HeatmapData &data, const math::OrderRequest &request, double clusterThreshold,
               int clusterCount);
    bool isBusy() const { return m_watcher.isRunning(); }
    // Drops the request in progress, so that its result is never emitted.
    void cancel();

signals:
    void ordered(const render::HeatmapData &data);

private:
    void cancelRunning();
    void finishClustering();

    QFutureWatcher<std::optional<render::HeatmapData>> m_watcher;
    std::shared_ptr<std::atomic_bool> m_cancel;
    double m_threshold = 0.0;
    int m_clusterCount = 0;
    // Request counter, so a worker that finishes after a newer request is
    // ignored.
    quint64 m_generation = 0;
    quint64 m_backgroundGeneration = 0;
};

} // namespace embedscope::ui
