// Nearest neighbours and near-duplicate pairs on small matrices worked out
// by hand.
#include "analysisdata.h"
#include "math/neighbours.h"

#include <QTest>

using namespace embedscope;
using math::Metric;
using math::SimilarityMatrix;


static const float NaN = std::numeric_limits<float>::quiet_NaN();

static SimilarityMatrix matrixOf(Metric metric, const std::vector<std::vector<float>> &rows)
{
    SimilarityMatrix matrix(int(rows.size()), metric);
    for (int i = 0; i < int(rows.size()); ++i) {
        for (int j = 0; j < int(rows.size()); ++j)
            matrix.set(i, j, rows[size_t(i)][size_t(j)]);
    }
    return matrix;
}

// Five phrases under cosine: 0 and 3 have the same text (score 1), 1 and 2
// tie against 0 at 0.5, 4 is a zero vector with undefined scores.
static SimilarityMatrix fivePhrases()
{
    return matrixOf(Metric::Cosine, {
                                        {1.0f, 0.5f, 0.5f, 1.0f, NaN},
                                        {0.5f, 1.0f, 0.9f, 0.5f, NaN},
                                        {0.5f, 0.9f, 1.0f, 0.5f, NaN},
                                        {1.0f, 0.5f, 0.5f, 1.0f, NaN},
                                        {NaN, NaN, NaN, NaN, NaN},
                                    });
}

// Four points on a line at 0, 1, 3 and 7.
static SimilarityMatrix pointsOnLine()
{
    return matrixOf(Metric::Euclidean, {
                                           {0, 1, 3, 7},
                                           {1, 0, 2, 6},
                                           {3, 2, 0, 4},
                                           {7, 6, 4, 0},
                                       });
}

static std::vector<int> indicesOf(const std::vector<math::RankedScore> &ranking)
{
    std::vector<int> indices;
    for (const math::RankedScore &entry : ranking)
        indices.push_back(entry.index);
    return indices;
}


using PairList = std::vector<std::tuple<int, int, float>>;

static PairList tuplesOf(const std::vector<math::PhrasePair> &pairs)
{
    PairList tuples;
    for (const math::PhrasePair &pair : pairs)
        tuples.emplace_back(pair.first, pair.second, pair.score);
    return tuples;
}

class TestNeighbours : public QObject
{
    Q_OBJECT

private slots:
    void nearestNeighbours_data();
    void nearestNeighbours();
    void neighbourScoresComeFromMatrix();
    void nearDuplicates_data();
    void nearDuplicates();
    void maxPairsKeepsClosestAndCountsAll();
    void cancelStopsNearDuplicates();
};

void TestNeighbours::nearestNeighbours_data()
{
    QTest::addColumn<SimilarityMatrix>("matrix");
    QTest::addColumn<int>("reference");
    QTest::addColumn<int>("k");
    QTest::addColumn<std::vector<int>>("expected");

    QTest::newRow("same text ranks first, ties keep list order") << fivePhrases() << 0 << 3 << std::vector<int>{3, 1, 2};
    QTest::newRow("k below the list length cuts the ranking") << fivePhrases() << 1 << 1 << std::vector<int>{2};
    QTest::newRow("k above the list length returns every defined score") << fivePhrases() << 2 << 10
                                                                        << std::vector<int>{1, 0, 3};
    QTest::newRow("a zero vector has no neighbours") << fivePhrases() << 4 << 3 << std::vector<int>{};
    QTest::newRow("k of zero returns nothing") << fivePhrases() << 0 << 0 << std::vector<int>{};
    QTest::newRow("a reference past the end returns nothing") << fivePhrases() << 5 << 2 << std::vector<int>{};
    QTest::newRow("distances rank smallest first") << pointsOnLine() << 2 << 3 << std::vector<int>{1, 0, 3};
    QTest::newRow("the end of the line ranks the far end last") << pointsOnLine() << 3 << 3 << std::vector<int>{2, 1, 0};
}

void TestNeighbours::nearestNeighbours()
{
    QFETCH(SimilarityMatrix, matrix);
    QFETCH(int, reference);
    QFETCH(int, k);
    QFETCH(std::vector<int>, expected);

    QCOMPARE(indicesOf(math::nearestNeighbours(matrix, reference, k)), expected);
}

void TestNeighbours::neighbourScoresComeFromMatrix()
{
    const auto neighbours = math::nearestNeighbours(pointsOnLine(), 0, 2);

    QCOMPARE(neighbours.size(), size_t(2));
    QCOMPARE(neighbours[0].score, 1.0f);
    QCOMPARE(neighbours[1].score, 3.0f);
}

void TestNeighbours::nearDuplicates_data()
{
    QTest::addColumn<SimilarityMatrix>("matrix");
    QTest::addColumn<float>("threshold");
    QTest::addColumn<PairList>("expected");
    QTest::newRow("similarities at or above the threshold, highest first")
        << fivePhrases() << 0.9f << PairList{{0, 3, 1.0f}, {1, 2, 0.9f}};
    QTest::newRow("equal scores order by first then second phrase")
        << fivePhrases() << 0.5f
        << PairList{{0, 3, 1.0f}, {1, 2, 0.9f}, {0, 1, 0.5f}, {0, 2, 0.5f}, {1, 3, 0.5f}, {2, 3, 0.5f}};
    QTest::newRow("a threshold above every score finds nothing") << fivePhrases() << 1.5f << PairList{};
    QTest::newRow("distances at or below the threshold, smallest first")
        << pointsOnLine() << 3.0f << PairList{{0, 1, 1.0f}, {1, 2, 2.0f}, {0, 2, 3.0f}};
}

void TestNeighbours::nearDuplicates()
{
    QFETCH(SimilarityMatrix, matrix);
    QFETCH(float, threshold);
    QFETCH(PairList, expected);

    const auto found = math::findNearDuplicates(matrix, threshold);

    QVERIFY(found.has_value());
    QCOMPARE(tuplesOf(found->pairs), expected);
    QCOMPARE(found->matchingPairCount, qint64(expected.size()));
}

// 40 phrases whose pair (i, j) scores (i + j) / 100: with a limit of 3 and
// a threshold of 0.5, the closest are (38, 39), (37, 39) and (36, 39).
void TestNeighbours::maxPairsKeepsClosestAndCountsAll()
{
    SimilarityMatrix matrix(40, Metric::Cosine);
    for (int i = 0; i < 40; ++i) {
        for (int j = 0; j < 40; ++j)
            matrix.set(i, j, i == j ? 1.0f : float(i + j) / 100.0f);
    }
    qint64 expectedCount = 0;
    for (int i = 0; i < 40; ++i) {
        for (int j = i + 1; j < 40; ++j)
            expectedCount += float(i + j) / 100.0f >= 0.5f ? 1 : 0;
    }

    const auto found = math::findNearDuplicates(matrix, 0.5f, 3);

    QVERIFY(found.has_value());
    QCOMPARE(found->matchingPairCount, expectedCount);
    QCOMPARE(tuplesOf(found->pairs), (PairList{{38, 39, 0.77f}, {37, 39, 0.76f}, {36, 39, 0.75f}}));
}

void TestNeighbours::cancelStopsNearDuplicates()
{
    std::atomic_bool cancel = true;

    QVERIFY(!math::findNearDuplicates(fivePhrases(), 0.5f, 0, &cancel).has_value());
}

QTEST_GUILESS_MAIN(TestNeighbours)
#include "tst_neighbours.moc"
