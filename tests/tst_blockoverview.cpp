// Block means and similarity tiles against the full matrix that
// computeSimilarity builds from the same vectors.
#include "math/blockoverview.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace embedscope;
using embedding::EmbeddingSet;
using math::Metric;

// Random vectors with the listed rows set to zero.
static EmbeddingSet randomSet(int rows, int dimensions, const std::vector<int> &zeroRows, unsigned seed)
{
    EmbeddingSet set(rows, dimensions);
    std::mt19937 generator(seed);
    std::normal_distribution<float> normal;
    for (int i = 0; i < rows; ++i) {
        for (float &value : set.row(i))
            value = normal(generator);
    }
    for (int row : zeroRows)
        std::fill(set.row(row).begin(), set.row(row).end(), 0.0f);
    return set;
}

static std::vector<int> shuffledOrder(int count, unsigned seed)
{
    std::vector<int> order(static_cast<size_t>(count));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(seed));
    return order;
}

// Mean of the defined scores of one block pair of the full matrix, or NaN
// when the pair has none.
static double fullMatrixMean(const math::SimilarityMatrix &full, const std::vector<int> &order,
                             const std::vector<int> &boundaries, int a, int b)
{
    double sum = 0.0;
    int pairs = 0;
    for (int p = boundaries[size_t(a)]; p < boundaries[size_t(a) + 1]; ++p) {
        for (int q = boundaries[size_t(b)]; q < boundaries[size_t(b) + 1]; ++q) {
            const float score = full.at(order[size_t(p)], order[size_t(q)]);
            if (std::isnan(score))
                continue;
            sum += score;
            ++pairs;
        }
    }
    return pairs > 0 ? sum / pairs : std::nan("");
}

struct BlockCase
{
    int rows = 0;
    int dimensions = 0;
    int blocks = 0;
    bool shuffled = false;
    std::vector<int> zeroRows;
};
Q_DECLARE_METATYPE(BlockCase)

struct TileCase
{
    Metric metric = Metric::Cosine;
    math::TileRange range;
    std::vector<int> zeroRows;
};
Q_DECLARE_METATYPE(TileCase)

class TestBlockOverview : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void blockBoundaries_data();
    void blockBoundaries();
    void blockMeansMatchFullMatrix_data();
    void blockMeansMatchFullMatrix();
    void blockOfZeroVectorsIsUndefined();
    void tileMatchesFullMatrix_data();
    void tileMatchesFullMatrix();
    void tileOutsideOrderIsEmpty();
};

void TestBlockOverview::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestBlockOverview::blockBoundaries_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("blockCount");
    QTest::addColumn<std::vector<int>>("expected");

    QTest::newRow("ten positions in three blocks") << 10 << 3 << std::vector<int>{0, 3, 6, 10};
    QTest::newRow("more blocks than positions gives one each") << 5 << 8 << std::vector<int>{0, 1, 2, 3, 4, 5};
    QTest::newRow("zero blocks become one") << 4 << 0 << std::vector<int>{0, 4};
    QTest::newRow("no positions give no blocks") << 0 << 3 << std::vector<int>{0};
    QTest::newRow("100000 positions in 1000 blocks of 100") << 100000 << 1000 << [] {
        std::vector<int> expected(1001);
        for (int b = 0; b <= 1000; ++b)
            expected[size_t(b)] = 100 * b;
        return expected;
    }();
}

void TestBlockOverview::blockBoundaries()
{
    QFETCH(int, count);
    QFETCH(int, blockCount);
    QFETCH(std::vector<int>, expected);

    QCOMPARE(math::blockBoundaries(count, blockCount), expected);
}

void TestBlockOverview::blockMeansMatchFullMatrix_data()
{
    QTest::addColumn<BlockCase>("testCase");

    QTest::newRow("twelve vectors in four blocks in input order") << BlockCase{12, 8, 4, false, {}};
    QTest::newRow("thirty shuffled vectors in seven uneven blocks") << BlockCase{30, 16, 7, true, {}};
    QTest::newRow("one block covering every vector") << BlockCase{20, 5, 1, true, {}};
    QTest::newRow("every vector its own block equals the full matrix") << BlockCase{9, 6, 9, true, {}};
    QTest::newRow("zero vectors are left out of the means") << BlockCase{25, 12, 5, true, {3, 17, 18}};
    QTest::newRow("384 dimensions as small sentence models give") << BlockCase{64, 384, 6, true, {}};
}

void TestBlockOverview::blockMeansMatchFullMatrix()
{
    QFETCH(BlockCase, testCase);

    const EmbeddingSet vectors = randomSet(testCase.rows, testCase.dimensions, testCase.zeroRows, 11);
    std::vector<int> order(static_cast<size_t>(testCase.rows));
    std::iota(order.begin(), order.end(), 0);
    if (testCase.shuffled)
        order = shuffledOrder(testCase.rows, 12);
    const std::vector<int> boundaries = math::blockBoundaries(testCase.rows, testCase.blocks);

    const math::SimilarityMatrix means = math::computeBlockMeans(vectors, order, boundaries);
    const math::SimilarityMatrix full = math::computeSimilarity(vectors, Metric::Cosine);

    QCOMPARE(means.size(), testCase.blocks);
    QCOMPARE(means.metric(), Metric::Cosine);
    for (int a = 0; a < testCase.blocks; ++a) {
        for (int b = 0; b < testCase.blocks; ++b) {
            const double expected = fullMatrixMean(full, order, boundaries, a, b);
            if (std::isnan(expected)) {
                QVERIFY2(std::isnan(means.at(a, b)), qPrintable(QStringLiteral("block %1, %2").arg(a).arg(b)));
                continue;
            }
            QVERIFY2(std::abs(means.at(a, b) - expected) < 1e-5,
                     qPrintable(QStringLiteral("block %1, %2: %3 against %4").arg(a).arg(b).arg(means.at(a, b)).arg(expected)));
        }
    }
}

void TestBlockOverview::blockOfZeroVectorsIsUndefined()
{
    const EmbeddingSet vectors = randomSet(6, 4, {2, 3}, 13);
    const std::vector<int> boundaries{0, 2, 4, 6};

    const math::SimilarityMatrix means = math::computeBlockMeans(vectors, {}, boundaries);

    QCOMPARE(means.undefinedRows(), QList<int>{1});
    QVERIFY(std::isnan(means.at(1, 0)));
    QVERIFY(std::isnan(means.at(0, 1)));
    QVERIFY(std::isnan(means.at(1, 1)));
    QVERIFY(!std::isnan(means.at(0, 2)));
}

void TestBlockOverview::tileMatchesFullMatrix_data()
{
    QTest::addColumn<TileCase>("testCase");

    QTest::newRow("cosine tile across the diagonal") << TileCase{Metric::Cosine, {5, 20, 10, 31}, {}};
    QTest::newRow("cosine tile with zero vectors is undefined there") << TileCase{Metric::Cosine, {0, 40, 0, 40}, {4, 33}};
    QTest::newRow("dot product tile off the diagonal") << TileCase{Metric::Dot, {30, 40, 0, 12}, {}};
    QTest::newRow("euclidean tile across the diagonal") << TileCase{Metric::Euclidean, {12, 24, 8, 30}, {7}};
    QTest::newRow("one row against every column") << TileCase{Metric::Cosine, {17, 18, 0, 40}, {}};
    QTest::newRow("empty tile") << TileCase{Metric::Cosine, {3, 3, 0, 40}, {}};
}

void TestBlockOverview::tileMatchesFullMatrix()
{
    QFETCH(TileCase, testCase);

    const EmbeddingSet vectors = randomSet(40, 24, testCase.zeroRows, 14);
    const std::vector<int> order = shuffledOrder(40, 15);
    const math::TileRange &range = testCase.range;

    const math::SimilarityTile tile = math::computeSimilarityTile(vectors, testCase.metric, order, range);
    const math::SimilarityMatrix full = math::computeSimilarity(vectors, testCase.metric);

    QCOMPARE(tile.rows(), range.rowEnd - range.rowBegin);
    QCOMPARE(tile.columns(), range.columnEnd - range.columnBegin);
    for (int r = 0; r < tile.rows(); ++r) {
        for (int c = 0; c < tile.columns(); ++c) {
            const int row = order[size_t(range.rowBegin + r)];
            const int column = order[size_t(range.columnBegin + c)];
            const float expected = full.at(row, column);
            const QString where = QStringLiteral("row %1, column %2").arg(row).arg(column);
            if (std::isnan(expected)) {
                QVERIFY2(std::isnan(tile.at(r, c)), qPrintable(where));
                continue;
            }
            // Cosine and Euclidean pin a row against itself to exactly 1 and 0.
            if (row == column && testCase.metric != Metric::Dot)
                QVERIFY2(tile.at(r, c) == expected, qPrintable(where));
            const float tolerance = 1e-5f * std::max(1.0f, std::abs(expected));
            QVERIFY2(std::abs(tile.at(r, c) - expected) <= tolerance,
                     qPrintable(where + QStringLiteral(": %1 against %2").arg(tile.at(r, c)).arg(expected)));
        }
    }
}

void TestBlockOverview::tileOutsideOrderIsEmpty()
{
    const EmbeddingSet vectors = randomSet(10, 4, {}, 16);

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("outside 0 to 10")));
    const math::SimilarityTile tile = math::computeSimilarityTile(vectors, Metric::Cosine, {}, {8, 12, 0, 4});

    QCOMPARE(tile.rows(), 0);
    QCOMPARE(tile.columns(), 0);
}

QTEST_GUILESS_MAIN(TestBlockOverview)
#include "tst_blockoverview.moc"
