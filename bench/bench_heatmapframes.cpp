// Frame times of the window's heatmap over a scripted session on a large
// matrix (10,000 phrases by default): fit, zoom in around a point, hover
// over cells, scroll, zoom out. Each step is timed with the repaint that it
// causes. Run offscreen:
//   QT_QPA_PLATFORM=offscreen bench_heatmapframes [N] [dimensions]
// The matrix is the cosine similarity of N seeded random unit vectors.
#include "benchsupport.h"
#include "heatmapview.h"

#include "math/similaritymatrix.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPixmap>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace embedscope;

// Phrases of two to eight random words, so labels differ in width as real
// ones do.
static QStringList randomPhrases(int count)
{
    static const char *const WORDS[] = {"quick", "brown", "fox", "jumps", "over", "lazy", "dog", "sphinx",
                                        "black", "quartz", "judge", "my", "vow", "pack", "box", "five",
                                        "dozen", "liquor", "jugs", "wizard", "bags", "waltz", "nymph"};
    std::mt19937 generator(11);
    std::uniform_int_distribution<int> length(2, 8);
    std::uniform_int_distribution<int> word(0, int(std::size(WORDS)) - 1);
    QStringList phrases;
    for (int i = 0; i < count; ++i) {
        QStringList words;
        for (int k = length(generator); k > 0; --k)
            words.append(QString::fromLatin1(WORDS[word(generator)]));
        phrases.append(words.join(u' '));
    }
    return phrases;
}

// Runs the viewport's paint event now. Offscreen windows are never exposed,
// so repaint() would skip it; grab() renders through the same paintEvent().
static void paintNow(ui::HeatmapView &view)
{
    const QPixmap frame = view.viewport()->grab();
    Q_UNUSED(frame);
}

// Frame times in milliseconds, per step kind, in script order.
class FrameLog
{
public:
    template<typename Step>
    void time(const std::string &kind, ui::HeatmapView &view, Step step)
    {
        m_timer.restart();
        step();
        QApplication::sendPostedEvents();
        paintNow(view);
        const double ms = m_timer.nsecsElapsed() / 1e6;
        m_frames[kind].push_back(ms);
        m_all.push_back(ms);
        if (m_order.empty() || m_order.back() != kind)
            m_order.push_back(kind);
    }

    void report() const
    {
        for (const std::string &kind : m_order)
            printLine(kind, m_frames.at(kind));
        printLine("all frames", m_all);
    }

private:
    static void printLine(const std::string &name, const std::vector<double> &frames)
    {
        const double worst = *std::max_element(frames.begin(), frames.end());
        std::printf("%-12s median %8.2f ms  max %8.2f ms  (%zu frames)\n", name.c_str(), bench::median(frames),
                    worst, frames.size());
    }

    QElapsedTimer m_timer;
    std::map<std::string, std::vector<double>> m_frames;
    std::vector<std::string> m_order;
    std::vector<double> m_all;
};

static void sendCtrlWheel(ui::HeatmapView &view, QPointF point, int notches)
{
    QWheelEvent wheel(point, view.viewport()->mapToGlobal(point), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view.viewport(), &wheel);
}

static void sendMouseMove(ui::HeatmapView &view, QPointF point)
{
    QMouseEvent move(QEvent::MouseMove, point, view.viewport()->mapToGlobal(point), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QApplication::sendEvent(view.viewport(), &move);
}

// Maximum time in milliseconds between two turns of the event loop until
// done() returns true, or 60 s pass.
template<typename Done>
static double longestStall(Done done)
{
    QElapsedTimer clock;
    clock.start();
    double last = 0.0;
    double maximum = 0.0;
    while (!done() && clock.elapsed() < 60000) {
        QApplication::processEvents(QEventLoop::AllEvents, 5);
        const double now = clock.nsecsElapsed() / 1e6;
        maximum = std::max(maximum, now - last);
        last = now;
    }
    return maximum;
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int size = bench::intArgument(argc, argv, 1, 10000);
    const int dimensions = bench::intArgument(argc, argv, 2, 64);

    QElapsedTimer timer;
    timer.start();
    const math::SimilarityMatrix matrix =
        math::computeSimilarity(bench::randomEmbeddings(size, dimensions, 5), math::Metric::Cosine);
    std::printf("matrix %d x %d from %d dimensions in %.0f ms\n", size, size, dimensions, timer.nsecsElapsed() / 1e6);

    ui::HeatmapView view;
    view.resize(1000, 800);
    view.show();
    timer.restart();
    render::HeatmapData data;
    data.phrases = randomPhrases(size);
    data.matrix = matrix;
    data.title = QStringLiteral("Benchmark");
    view.setData(data);
    paintNow(view);
    std::printf("setData and first frame: %.0f ms, view 1000 x 800, fitted cell %.3f px\n",
                timer.nsecsElapsed() / 1e6, view.heatmapLayout().cellSize);

    FrameLog log;
    const QRectF grid = view.heatmapLayout().grid;
    const QPointF anchor = grid.topLeft() + QPointF(grid.width() * 0.3, grid.height() * 0.6);
    // Fit is timed from a zoomed-in view, so it relayouts and repaints.
    view.setZoom(3.0);
    paintNow(view);
    log.time("fit", view, [&] { view.fitToWindow(); });
    for (int step = 0; step < 10; ++step)
        log.time("zoom in", view, [&] { sendCtrlWheel(view, anchor, 1); });
    std::printf("zoomed to %.2f, cell %.2f px\n", view.zoom(), view.heatmapLayout().cellSize);

    // Hover a 20 x 10 block of cells around the anchor, in viewport points.
    const render::HeatmapLayout &layout = view.heatmapLayout();
    const QPointF offset(view.horizontalScrollBar()->value(), view.verticalScrollBar()->value());
    const QPointF content = anchor + offset;
    const int row = std::max(0, layout.rowAt(content));
    const int column = std::max(0, layout.columnAt(content));
    for (int i = 0; i < 200; ++i) {
        const QPointF point = layout.cellRect(row + i / 20, column + i % 20).center() - offset;
        log.time("hover", view, [&] { sendMouseMove(view, point); });
    }

    for (int step = 0; step < 20; ++step) {
        QScrollBar *bar = step % 2 == 0 ? view.verticalScrollBar() : view.horizontalScrollBar();
        log.time("scroll", view, [&] { bar->setValue(bar->value() + bar->pageStep() / 4); });
    }
    for (int step = 0; step < 10; ++step)
        log.time("zoom out", view, [&] { sendCtrlWheel(view, anchor, -1); });

    log.report();

    // Reordering by reference runs on a worker thread at this size. What the
    // UI thread still does shows as the maximum gap between events.
    view.setOrder({math::OrderMode::Reference});
    const double stall = longestStall([&view] {
        const std::vector<int> &permutation = view.data().order.permutation;
        return !std::is_sorted(permutation.begin(), permutation.end());
    });
    paintNow(view);
    std::printf("reference order: maximum UI thread stall %.1f ms\n", stall);
    return 0;
}
