// The blockwise exact k-nearest-neighbour search behind Barnes-Hut t-SNE,
// checked against a brute-force ranking of all pairs in double.
#include "analysisdata.h"
#include "math/neighbourgraph.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace embedscope;
using analysisdata::makeSet;
using math::Metric;

// rows vectors in 6D from a fixed std::mt19937 stream turned into floats by
// hand, because std::normal_distribution differs between standard libraries.
static embedding::EmbeddingSet randomSet(int rows)
{
    std::mt19937 generator(20261208);
    std::vector<std::vector<float>> values(size_t(rows), std::vector<float>(6));
    for (auto &row : values) {
        for (float &value : row)
            value = float(generator() % 20001) / 10000.0f - 1.0f;
    }
    return makeSet(values);
}

static double bruteDistance(const embedding::EmbeddingSet &vectors, int a, int b, Metric metric)
{
    double dot = 0.0, aa = 0.0, bb = 0.0, squared = 0.0;
    for (int d = 0; d < vectors.dimensions(); ++d) {
        const double x = vectors.row(a)[size_t(d)], y = vectors.row(b)[size_t(d)];
        dot += x * y;
        aa += x * x;
        bb += y * y;
        squared += (x - y) * (x - y);
    }
    return metric == Metric::Cosine ? 1.0 - dot / std::sqrt(aa * bb) : squared;
}

// The k nearest others of point i by brute force, nearest first.
static std::vector<int> bruteNeighbours(const embedding::EmbeddingSet &vectors, int i, int k, Metric metric)
{
    std::vector<int> others;
    for (int j = 0; j < vectors.rows(); ++j) {
        if (j != i)
            others.push_back(j);
    }
    std::stable_sort(others.begin(), others.end(), [&](int a, int b) {
        return bruteDistance(vectors, i, a, metric) < bruteDistance(vectors, i, b, metric);
    });
    others.resize(size_t(k));
    return others;
}

class TestNeighbourGraph : public QObject
{
    Q_OBJECT

private slots:
    void matchesBruteForce_data();
    void matchesBruteForce();
    void duplicatesAreAtZero();
    void countIsClampedBelowSize();
    void cancelStopsSearch();
};

void TestNeighbourGraph::matchesBruteForce_data()
{
    QTest::addColumn<Metric>("metric");
    QTest::addColumn<int>("rowsPerBlock");

    QTest::newRow("cosine, one block") << Metric::Cosine << 0;
    QTest::newRow("cosine, blocks of 7 rows") << Metric::Cosine << 7;
    QTest::newRow("euclidean, one block") << Metric::Euclidean << 0;
    QTest::newRow("euclidean, blocks of 1 row") << Metric::Euclidean << 1;
}

void TestNeighbourGraph::matchesBruteForce()
{
    QFETCH(Metric, metric);
    QFETCH(int, rowsPerBlock);
    const embedding::EmbeddingSet vectors = randomSet(40);
    const int k = 5;

    const auto graph = math::buildNeighbourGraph(vectors, metric, k, nullptr, rowsPerBlock);

    QVERIFY(graph.has_value());
    QCOMPARE(graph->pointCount, 40);
    QCOMPARE(graph->k, k);
    QCOMPARE(graph->indices.size(), size_t(40 * k));
    for (int i = 0; i < 40; ++i) {
        const std::vector<int> expected = bruteNeighbours(vectors, i, k, metric);
        for (int m = 0; m < k; ++m) {
            const size_t slot = size_t(i * k + m);
            const QString where = QStringLiteral("point %1, neighbour %2").arg(i).arg(m);
            QVERIFY2(graph->indices[slot] == expected[size_t(m)], qPrintable(where));
            QVERIFY2(std::abs(graph->distances[slot] - bruteDistance(vectors, i, expected[size_t(m)], metric)) < 1e-12,
                     qPrintable(where));
        }
    }
}

void TestNeighbourGraph::duplicatesAreAtZero()
{
    const auto vectors = makeSet({{0.3f, 0.7f, 0.1f}, {1, 0, 0}, {0.3f, 0.7f, 0.1f}, {0, 0, 1}});

    for (const Metric metric : {Metric::Cosine, Metric::Euclidean}) {
        const auto graph = math::buildNeighbourGraph(vectors, metric, 1);
        QVERIFY(graph.has_value());
        QCOMPARE(graph->indices[0], 2);
        QCOMPARE(graph->indices[2], 0);
        QCOMPARE(graph->distances[0], 0.0);
        QCOMPARE(graph->distances[2], 0.0);
    }
}

void TestNeighbourGraph::countIsClampedBelowSize()
{
    const auto graph = math::buildNeighbourGraph(randomSet(4), Metric::Cosine, 30);

    QVERIFY(graph.has_value());
    QCOMPARE(graph->k, 3);
    for (int i = 0; i < 4; ++i) {
        for (int m = 0; m < 3; ++m)
            QVERIFY(graph->indices[size_t(i * 3 + m)] != i);
    }
}

void TestNeighbourGraph::cancelStopsSearch()
{
    std::atomic_bool cancel = true;

    QVERIFY(!math::buildNeighbourGraph(randomSet(40), Metric::Cosine, 5, &cancel).has_value());
}

QTEST_GUILESS_MAIN(TestNeighbourGraph)
#include "tst_neighbourgraph.moc"
