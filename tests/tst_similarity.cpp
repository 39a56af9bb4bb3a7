// Similarity math against values computed by hand.
#include "math/blasthreads.h"
#include "math/similaritymatrix.h"

#include <QTest>

#include <cmath>
#include <random>

using namespace embedscope;
using embedding::EmbeddingSet;
using math::Metric;

static EmbeddingSet makeSet(const std::vector<std::vector<float>> &rows)
{
    const int dimensions = rows.empty() ? 0 : int(rows.front().size());
    EmbeddingSet set(int(rows.size()), dimensions);
    for (int i = 0; i < int(rows.size()); ++i)
        std::copy(rows[i].begin(), rows[i].end(), set.row(i).begin());
    return set;
}

class TestSimilarity : public QObject
{
    Q_OBJECT

private slots:
    void cosineOfUnnormalisedVectors();
    void dotProductKeepsLengths();
    void euclideanDistance();
    void selfSimilarityIsExactlyOne_data();
    void selfSimilarityIsExactlyOne();
    void zeroVectorIsUndefined();
    void singlePhrase();
    void finiteRangeSkipsUndefined();
    void rankingFollowsMetricDirection();
    void rankingPutsUndefinedLast();
    void cosineOfHugeVectors();
    void largeMatrixMatchesDirectSums_data();
    void largeMatrixMatchesDirectSums();
    void wideScopeRestoresBlasThreads();
};

// a = [3, 4], b = [6, 8], c = [4, -3]: same direction, and orthogonal.
void TestSimilarity::cosineOfUnnormalisedVectors()
{
    const auto matrix = math::computeSimilarity(makeSet({{3, 4}, {6, 8}, {4, -3}}), Metric::Cosine);

    QCOMPARE(matrix.size(), 3);
    QCOMPARE(matrix.at(0, 0), 1.0f);
    QCOMPARE(matrix.at(0, 1), 1.0f);
    QVERIFY(std::abs(matrix.at(0, 2)) < 1e-7f);
    QCOMPARE(matrix.at(2, 1), matrix.at(1, 2));
    QVERIFY(matrix.undefinedRows().isEmpty());
}

void TestSimilarity::dotProductKeepsLengths()
{
    const auto matrix = math::computeSimilarity(makeSet({{3, 4}, {6, 8}, {4, -3}}), Metric::Dot);

    QCOMPARE(matrix.at(0, 0), 25.0f);
    QCOMPARE(matrix.at(0, 1), 50.0f);
    QCOMPARE(matrix.at(1, 1), 100.0f);
    QCOMPARE(matrix.at(0, 2), 0.0f);
    QCOMPARE(matrix.finiteRange(), std::make_pair(0.0f, 100.0f));
}

// a = [0, 0], b = [1, 0], c = [10, 0].
void TestSimilarity::euclideanDistance()
{
    const auto matrix = math::computeSimilarity(makeSet({{0, 0}, {1, 0}, {10, 0}}), Metric::Euclidean);

    QCOMPARE(matrix.at(0, 0), 0.0f);
    QCOMPARE(matrix.at(0, 1), 1.0f);
    QCOMPARE(matrix.at(0, 2), 10.0f);
    QCOMPARE(matrix.at(1, 2), 9.0f);
    QVERIFY(!math::higherIsCloser(Metric::Euclidean));
}

void TestSimilarity::selfSimilarityIsExactlyOne_data()
{
    QTest::addColumn<std::vector<float>>("vector");

    QTest::newRow("two dimensions whose double dot is 1.0000000000000002") << std::vector<float>{10, 2};

    std::vector<float> ramp(84);
    for (int i = 0; i < 84; ++i)
        ramp[size_t(i)] = float(i);
    QTest::newRow("ramp of 84 float32 values") << ramp;

    std::mt19937 generator(7);
    std::normal_distribution<float> normal;
    std::vector<float> random(3072);
    for (float &value : random)
        value = normal(generator);
    QTest::newRow("random 3072-dimensional vector") << random;
}

void TestSimilarity::selfSimilarityIsExactlyOne()
{
    QFETCH(std::vector<float>, vector);

    const auto matrix = math::computeSimilarity(makeSet({vector, vector}), Metric::Cosine);

    QCOMPARE(matrix.at(0, 0), 1.0f);
    QCOMPARE(matrix.at(1, 1), 1.0f);
    QVERIFY(matrix.at(0, 1) <= 1.0f);
    QVERIFY(matrix.at(0, 1) > 0.9999f);
}

void TestSimilarity::zeroVectorIsUndefined()
{
    const auto matrix = math::computeSimilarity(makeSet({{1, 0}, {0, 0}, {0, 1}}), Metric::Cosine);

    QCOMPARE(matrix.undefinedRows(), QList<int>{1});
    QVERIFY(!matrix.isDefined(1, 0));
    QVERIFY(!matrix.isDefined(0, 1));
    QVERIFY(!matrix.isDefined(1, 1));
    QVERIFY(matrix.isDefined(0, 2));
    QCOMPARE(matrix.at(0, 0), 1.0f);
    QCOMPARE(matrix.at(0, 2), 0.0f);
}

void TestSimilarity::singlePhrase()
{
    const auto matrix = math::computeSimilarity(makeSet({{0.5f, 0.5f, 0.5f}}), Metric::Cosine);

    QCOMPARE(matrix.size(), 1);
    QCOMPARE(matrix.at(0, 0), 1.0f);
    QCOMPARE(math::rankAgainst(matrix, 0).size(), size_t(1));
}

void TestSimilarity::finiteRangeSkipsUndefined()
{
    const auto matrix = math::computeSimilarity(makeSet({{1, 0}, {0, 0}, {1, 1}}), Metric::Cosine);

    const auto [low, high] = matrix.finiteRange();
    QVERIFY(std::abs(low - 0.70710677f) < 1e-6f);
    QCOMPARE(high, 1.0f);
}

void TestSimilarity::rankingFollowsMetricDirection()
{
    const auto set = makeSet({{0, 0}, {10, 0}, {1, 0}});

    const auto distances = math::rankAgainst(math::computeSimilarity(set, Metric::Euclidean), 0);
    QCOMPARE(distances.at(0).index, 0);
    QCOMPARE(distances.at(1).index, 2);
    QCOMPARE(distances.at(2).index, 1);

    const auto products = math::rankAgainst(math::computeSimilarity(set, Metric::Dot), 1);
    QCOMPARE(products.at(0).index, 1);
    QCOMPARE(products.at(1).index, 2);
}

void TestSimilarity::rankingPutsUndefinedLast()
{
    const auto matrix = math::computeSimilarity(makeSet({{1, 0}, {0, 0}, {1, 1}, {-1, 0}}), Metric::Cosine);

    const auto ranking = math::rankAgainst(matrix, 0);
    QCOMPARE(ranking.size(), size_t(4));
    QCOMPARE(ranking.at(0).index, 0);
    QCOMPARE(ranking.at(1).index, 2);
    QCOMPARE(ranking.at(2).index, 3);
    QCOMPARE(ranking.at(3).index, 1);
    QVERIFY(std::isnan(ranking.at(3).score));
}

// Products of vectors this long overflow float32, so the rows are
// normalised before the product instead of the products scaled after it.
void TestSimilarity::cosineOfHugeVectors()
{
    const auto matrix = math::computeSimilarity(makeSet({{3e30f, 4e30f}, {6e30f, 8e30f}, {4e30f, -3e30f}}), Metric::Cosine);

    QCOMPARE(matrix.at(0, 0), 1.0f);
    QVERIFY(std::abs(matrix.at(0, 1) - 1.0f) < 1e-6f);
    QVERIFY(std::abs(matrix.at(0, 2)) < 1e-6f);
    QCOMPARE(matrix.at(2, 1), matrix.at(1, 2));
}

void TestSimilarity::largeMatrixMatchesDirectSums_data()
{
    QTest::addColumn<Metric>("metric");

    // 701 rows take the threaded passes and the SSE mirror, with a band cut
    // short by the matrix edge.
    QTest::newRow("cosine of 701 vectors") << Metric::Cosine;
    QTest::newRow("dot products of 701 vectors") << Metric::Dot;
    QTest::newRow("euclidean distances of 701 vectors") << Metric::Euclidean;
}

// Every entry against a sum over the dimensions in double.
void TestSimilarity::largeMatrixMatchesDirectSums()
{
    QFETCH(Metric, metric);

    constexpr int n = 701;
    constexpr int d = 12;
    std::mt19937 generator(8);
    std::normal_distribution<float> normal;
    EmbeddingSet set(n, d);
    for (int i = 0; i < n; ++i) {
        for (float &value : set.row(i))
            value = normal(generator);
    }

    const auto matrix = math::computeSimilarity(set, metric);

    int wrong = 0;
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            double dot = 0.0, normI = 0.0, normJ = 0.0, squared = 0.0;
            for (int k = 0; k < d; ++k) {
                const double a = set.row(i)[size_t(k)];
                const double b = set.row(j)[size_t(k)];
                dot += a * b;
                normI += a * a;
                normJ += b * b;
                squared += (a - b) * (a - b);
            }
            double expected = dot;
            if (metric == Metric::Cosine)
                expected = dot / std::sqrt(normI * normJ);
            else if (metric == Metric::Euclidean)
                expected = std::sqrt(squared);
            if (std::abs(matrix.at(i, j) - expected) > 1e-4 || matrix.at(i, j) != matrix.at(j, i))
                ++wrong;
        }
    }
    QCOMPARE(wrong, 0);
}

QTEST_GUILESS_MAIN(TestSimilarity)
// The app limits OpenBLAS to one thread but gives the similarity product the
// threads it started with. Nested scopes keep them until the outer one ends.
void TestSimilarity::wideScopeRestoresBlasThreads()
{
    if (qEnvironmentVariableIsSet("OPENBLAS_NUM_THREADS"))
        QSKIP("OPENBLAS_NUM_THREADS is set, so the limit is left to the user");
    const int starting = math::blasThreadCount();
    if (starting < 2)
        QSKIP("one core or no OpenBLAS: there is no second thread to restore");

    math::limitBlasThreads();
    QCOMPARE(math::blasThreadCount(), 1);
    {
        const math::WideBlasScope outer;
        QCOMPARE(math::blasThreadCount(), starting);
        {
            const math::WideBlasScope inner;
            QCOMPARE(math::blasThreadCount(), starting);
        }
        QCOMPARE(math::blasThreadCount(), starting);
    }
    QCOMPARE(math::blasThreadCount(), 1);
}

#include "tst_similarity.moc"
