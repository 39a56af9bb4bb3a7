// Times the analysis map at N points (100,000 by default). The steps are
// the PCA of N seeded random vectors around 20 centres, and the first frame
// of the scatter: placing the points, the hit-test grid, drawing the cached
// image and painting it. Then a repaint from the cached image, as hovering
// causes, and hit tests of 10,000 mouse positions. Run offscreen:
//   QT_QPA_PLATFORM=offscreen bench_mapframe [N=100000] [repeats=5] [dimensions=384] [frame.png]
// A fourth argument saves the last frame, with point 0 marked, as a PNG.
#include "benchsupport.h"
#include "analysis/scattermap.h"

#include "math/projection.h"

#include <QApplication>
#include <QColor>
#include <QPixmap>

#include <random>

using namespace embedscope;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int n = bench::intArgument(argc, argv, 1, 100000);
    const int repeats = bench::intArgument(argc, argv, 2, 5);
    const int dimensions = bench::intArgument(argc, argv, 3, 384);
    const embedding::EmbeddingSet vectors = bench::groupedEmbeddings(n, dimensions);

    std::optional<math::Projection> projection;
    bench::printResult("map_pca", bench::timeRepeats(repeats, [&] {
                           projection = math::projectPca(vectors, math::Metric::Cosine);
                       }));

    std::vector<int> groups(static_cast<size_t>(n));
    QStringList labels;
    for (int i = 0; i < n; ++i) {
        groups[size_t(i)] = i % 20;
        labels.append(QStringLiteral("phrase %1").arg(i));
    }
    QList<QColor> colors;
    for (int g = 0; g < 20; ++g)
        colors.append(QColor::fromHsv(g * 18, 200, 220));

    ui::analysis::ScatterMap map;
    map.resize(1000, 700);
    bench::printResult("map_first_frame", bench::timeRepeats(repeats, [&] {
                           map.setPoints(projection->points, groups, colors, labels, QStringLiteral("x"),
                                         QStringLiteral("y"));
                           const QPixmap frame = map.grab();
                       }));
    bench::printResult("map_cached_frame", bench::timeRepeats(repeats, [&] { const QPixmap frame = map.grab(); }));

    std::mt19937 generator(5);
    std::uniform_int_distribution<int> x(0, 999), y(0, 699);
    int found = 0;
    constexpr int PROBES = 10000;
    const auto probes = bench::timeRepeats(repeats, [&] {
        for (int k = 0; k < PROBES; ++k)
            found += map.pointAt(QPoint(x(generator), y(generator))) >= 0 ? 1 : 0;
    });
    bench::printResult("map_hit_test_10000_positions", probes);
    if (argc > 4) {
        map.setMarkedPoint(0);
        map.grab().save(QString::fromLocal8Bit(argv[4]));
    }
    std::printf("  N=%d, D=%d, widget 1000 x 700, %d of the probed positions hit a point\n", n, dimensions, found);
    return 0;
}
