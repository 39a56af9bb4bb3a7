// A list above the full-matrix limit in the whole window, imported the way
// the user does it (File > Import Embeddings, a .npy file and its phrases):
// import and block-overview time, frame times while zooming in until the
// visible tile is computed at full detail, the PCA map of every phrase,
// and the process's peak memory.
// Run offscreen:
//   QT_QPA_PLATFORM=offscreen bench_largelist [N] [dimensions] [screenshot folder]
// The vectors are seeded: 40 topics of contiguous rows, each row its topic's
// center plus noise, so the overview shows structure. The input files go to
// a temporary folder that is removed at exit.
#include "analysis/analysispanel.h"
#include "analysis/mapview.h"
#include "analysis/scattermap.h"
#include "benchsupport.h"
#include "documentcontroller.h"
#include "heatmapview.h"
#include "mainwindow.h"

#include "workspace/embeddingexport.h"
#include "workspace/workspace.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QMouseEvent>
#include <QPixmap>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace embedscope;

static constexpr int TOPICS = 40;

static embedding::EmbeddingSet topicVectors(int rows, int dimensions)
{
    const embedding::EmbeddingSet centers = bench::randomEmbeddings(TOPICS, dimensions, 5);
    embedding::EmbeddingSet vectors(rows, dimensions);
    std::mt19937 generator(9);
    std::normal_distribution<float> noise(0.0f, 1.2f);
    for (int row = 0; row < rows; ++row) {
        // Topics of uneven size: the square of the position spreads rows.
        const double position = double(row) / rows;
        const int topic = std::min(TOPICS - 1, int(std::sqrt(position) * TOPICS));
        for (int d = 0; d < dimensions; ++d)
            vectors.row(row)[size_t(d)] = centers.row(topic)[size_t(d)] + noise(generator);
    }
    return vectors;
}

static bool writePhrases(const QString &path, int rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    for (int row = 0; row < rows; ++row)
        file.write(QStringLiteral("imported phrase number %1\n").arg(row + 1).toUtf8());
    return true;
}

// Resets the peak that peakResidentMegabytes() reads to the current resident
// size (Linux 4.0 and later), so the window's peak is not hidden by the
// memory that making the input took. Returns false where that is not
// supported.
static bool resetPeakResident()
{
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1;
}

// Peak resident memory of this process in MB, from /proc/self/status.
static double peakResidentMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text))
        return -1.0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1.0;
}

static void grabTo(QWidget &widget, const QString &folder, const QString &name)
{
    if (folder.isEmpty())
        return;
    const QString path = QDir(folder).filePath(name);
    if (!widget.grab().save(path))
        std::fprintf(stderr, "could not write %s\n", qPrintable(path));
    else
        std::printf("screenshot %s\n", qPrintable(path));
}

// Milliseconds of one synchronous paint of the heatmap, as the offscreen
// platform never exposes windows for repaint().
static double paintMilliseconds(ui::HeatmapView &view)
{
    QElapsedTimer timer;
    timer.start();
    QApplication::sendPostedEvents();
    const QPixmap frame = view.viewport()->grab();
    Q_UNUSED(frame);
    return timer.nsecsElapsed() / 1e6;
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeBench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_largelist"));
    QSettings().clear();
    const int rows = bench::intArgument(argc, argv, 1, 100000);
    const int dimensions = bench::intArgument(argc, argv, 2, 384);
    const QString shots = argc > 3 ? QString::fromLocal8Bit(argv[3]) : QString();

    QTemporaryDir dir;
    const QString npyPath = dir.filePath(QStringLiteral("vectors.npy"));
    const QString phrasePath = dir.filePath(QStringLiteral("phrases.txt"));
    {
        const embedding::EmbeddingSet vectors = topicVectors(rows, dimensions);
        if (!workspace::exportNpy(npyPath, vectors) || !writePhrases(phrasePath, rows)) {
            std::fprintf(stderr, "could not write the input files to %s\n", qPrintable(dir.path()));
            return 1;
        }
    }
    std::printf("input: %d x %d float32, peak RSS before the window %.0f MB\n", rows, dimensions,
                peakResidentMegabytes());
    const bool peakReset = resetPeakResident();

    ui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    auto *view = window.findChild<ui::HeatmapView *>();
    workspace::Workspace *workspace = window.workspace();

    // Progress for the last block marks the end of the computation, before
    // the views take the result in through snapshotChanged.
    QElapsedTimer overviewTimer;
    double overviewSeconds = -1.0;
    QObject::connect(workspace, &workspace::Workspace::overviewProgressChanged,
                     [&overviewTimer, &overviewSeconds](int done, int total) {
                         if (done == 0)
                             overviewTimer.start();
                         else if (done == total && overviewTimer.isValid())
                             overviewSeconds = overviewTimer.nsecsElapsed() / 1e9;
                     });
    QSignalSpy ready(workspace, &workspace::Workspace::snapshotChanged);
    QElapsedTimer importTimer;
    importTimer.start();
    if (!window.documents()->importEmbeddingsFrom(npyPath, phrasePath)) {
        std::fprintf(stderr, "import of %s failed\n", qPrintable(npyPath));
        return 1;
    }
    const double readSeconds = importTimer.nsecsElapsed() / 1e9;
    if (!ready.wait(600000)) {
        std::fprintf(stderr, "no result within 10 minutes\n");
        return 1;
    }
    const double shownSeconds = importTimer.nsecsElapsed() / 1e9;
    QTest::qWait(200);
    std::printf("import: read %.2f s, block overview %.2f s, views updated %.2f s after the import began; "
                "full matrix %s\n",
                readSeconds, overviewSeconds, shownSeconds,
                workspace->snapshot().hasFullMatrix() ? "yes" : "no");
    std::printf("first overview frame: %.1f ms\n", paintMilliseconds(*view));
    grabTo(window, shots, QStringLiteral("overview-%1.png").arg(rows));

    // Zoom in around the viewport's center, one wheel notch (1.25x) at a
    // time, until one phrase is about 24 pixels.
    std::vector<double> frames;
    bool tileShown = false;
    // Time from the last zoom step to each tile's arrival, debounce included.
    QElapsedTimer sinceStep;
    std::vector<double> tileLatencies;
    QObject::connect(view, &ui::HeatmapView::detailTileChanged, [&] {
        if (view->detailTile().rows() > 0)
            tileLatencies.push_back(sinceStep.nsecsElapsed() / 1e6);
    });
    for (int step = 0; step < 80; ++step) {
        const double before = view->zoom();
        QElapsedTimer timer;
        timer.start();
        view->setZoom(before * 1.25);
        sinceStep.start();
        frames.push_back(timer.nsecsElapsed() / 1e6 + paintMilliseconds(*view));
        if (view->zoom() == before)
            break;
        if (!tileShown && view->detailTile().rows() == 0) {
            // Wait as the user would, without input, for the debounced tile.
            QTest::qWait(400);
            if (view->detailTile().rows() > 0) {
                tileShown = true;
                std::printf("tile %d x %d shown at zoom %.1f\n", view->detailTile().rows(),
                            view->detailTile().columns(), view->zoom());
                grabTo(window, shots, QStringLiteral("tile-%1.png").arg(rows));
            }
        }
    }
    QTest::qWait(500);
    std::printf("max zoom %.0f, tile %d x %d\n", view->zoom(), view->detailTile().rows(),
                view->detailTile().columns());
    grabTo(window, shots, QStringLiteral("labels-%1.png").arg(rows));

    // Hover one phrase of the tile, as the pointer would.
    const QPoint center = view->viewport()->rect().center();
    QTest::mouseMove(view->viewport(), center);
    QMouseEvent move(QEvent::MouseMove, QPointF(center), view->viewport()->mapToGlobal(QPointF(center)), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(view->viewport(), &move);
    std::printf("tooltip at the center: %s\n", qPrintable(view->toolTipAt(QPointF(center))));
    grabTo(*view, shots, QStringLiteral("hover-%1.png").arg(rows));

    // The map's PCA started with the result, on the thread pool, while the
    // zoom steps above ran. Show the map tab once it is drawn.
    ui::analysis::MapView *map = window.analysisPanel()->mapView();
    if (!QTest::qWaitFor([map] { return map->projection().has_value(); }, 600000))
        std::fprintf(stderr, "map not drawn within 10 minutes\n");
    std::printf("map of %d points ready %.1f s after the import began\n", map->scatterMap()->pointCount(),
                importTimer.nsecsElapsed() / 1e9);
    window.analysisPanel()->setCurrentWidget(map);
    QTest::qWait(200);
    QElapsedTimer mapTimer;
    mapTimer.start();
    const QPixmap mapFrame = map->scatterMap()->grab();
    std::printf("map frame from the cached image: %.1f ms\n", mapTimer.nsecsElapsed() / 1e6);
    grabTo(window, shots, QStringLiteral("map-%1.png").arg(rows));

    std::vector<double> sorted = frames;
    std::sort(sorted.begin(), sorted.end());
    if (!sorted.empty()) {
        std::printf("zoom frames: %zu, median %.1f ms, max %.1f ms\n", sorted.size(), sorted[sorted.size() / 2],
                    sorted.back());
    }
    for (double latency : tileLatencies)
        std::printf("tile arrived %.0f ms after the zoom step\n", latency);
    if (peakReset)
        std::printf("peak RSS from the window's creation on: %.0f MB\n", peakResidentMegabytes());
    else
        std::printf("peak RSS of the whole process: %.0f MB\n", peakResidentMegabytes());
    return 0;
}
