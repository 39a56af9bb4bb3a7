// Frame times of the window's heatmap for an N x N matrix (2,000 by
// default): full repaints at alternating zoom levels and hover repaints that
// reuse the cached cells. Run offscreen:
//   QT_QPA_PLATFORM=offscreen bench_heatmaprepaint [N] [frames]
#include "heatmapview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPixmap>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace embedscope;

static render::HeatmapData randomHeatmap(int size)
{
    math::SimilarityMatrix matrix(size, math::Metric::Cosine);
    std::mt19937 generator(7);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (int row = 0; row < size; ++row) {
        matrix.set(row, row, 1.0f);
        for (int column = row + 1; column < size; ++column) {
            const float value = uniform(generator);
            matrix.set(row, column, value);
            matrix.set(column, row, value);
        }
    }

    QStringList phrases;
    for (int i = 0; i < size; ++i)
        phrases.append(QStringLiteral("phrase number %1").arg(i + 1));
    return {phrases, matrix, QStringLiteral("Benchmark")};
}

// Runs the viewport's paint event now. Offscreen windows are never exposed,
// so repaint() would skip it; grab() renders through the same paintEvent().
static void paintNow(ui::HeatmapView &view)
{
    const QPixmap frame = view.viewport()->grab();
    Q_UNUSED(frame);
}

static double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

static void report(const char *name, const std::vector<double> &frames)
{
    const double worst = frames.empty() ? 0.0 : *std::max_element(frames.begin(), frames.end());
    std::printf("%-28s median %7.2f ms  max %7.2f ms  (%zu frames)\n", name, median(frames), worst, frames.size());
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int size = argc > 1 ? std::atoi(argv[1]) : 2000;
    const int frames = argc > 2 ? std::atoi(argv[2]) : 30;

    ui::HeatmapView view;
    view.resize(1000, 1000);
    view.show();
    QElapsedTimer timer;
    timer.start();
    view.setData(randomHeatmap(size));
    std::printf("matrix %d x %d, view 1000 x 1000, setData %.1f ms\n", size, size, timer.nsecsElapsed() / 1e6);
    const double cell = view.heatmapLayout().cellSize;
    std::printf("fitted cell size %.1f px, about %d x %d cells visible\n", cell,
                std::min(size, int(1000 / cell)), std::min(size, int(1000 / cell)));

    // Full repaints: each zoom change lays out and redraws every visible cell.
    std::vector<double> zoomFrames;
    for (int frame = 0; frame < frames; ++frame) {
        timer.restart();
        view.setZoom(frame % 2 == 0 ? 1.0 : 1.25);
        paintNow(view);
        zoomFrames.push_back(timer.nsecsElapsed() / 1e6);
    }
    report("zoom frame (full repaint)", zoomFrames);

    // Fitted again, a zoom of 1 repaints every one of the N x N cells.
    std::vector<double> fullFrames;
    for (int frame = 0; frame < frames; ++frame) {
        view.setZoom(frame % 2 == 0 ? 1.25 : 1.0);
        timer.restart();
        paintNow(view);
        fullFrames.push_back(timer.nsecsElapsed() / 1e6);
    }
    report("repaint after zoom", fullFrames);

    // Hover frames move across the grid and redraw only the overlays.
    view.setZoom(1.0);
    const QRectF grid = view.heatmapLayout().grid;
    std::vector<double> hoverFrames;
    for (int frame = 0; frame < frames; ++frame) {
        const QPointF point = grid.topLeft() + QPointF(grid.width(), grid.height()) * ((frame + 0.5) / frames);
        QMouseEvent move(QEvent::MouseMove, point, view.viewport()->mapToGlobal(point), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        timer.restart();
        QApplication::sendEvent(view.viewport(), &move);
        paintNow(view);
        hoverFrames.push_back(timer.nsecsElapsed() / 1e6);
    }
    report("hover frame", hoverFrames);
    return 0;
}
