// Scores between two embedding sets and ranking by a query vector, on
// vectors whose expected results are worked out by hand.
#include "analysisdata.h"
#include "math/crossscores.h"
#include "math/search.h"

#include <QTest>

using namespace embedscope;
using analysisdata::makeSet;
using math::Metric;

static std::vector<int> indicesOf(const std::vector<math::RankedScore> &ranking)
{
    std::vector<int> indices;
    for (const math::RankedScore &entry : ranking)
        indices.push_back(entry.index);
    return indices;
}

// Points on the x axis at 0, 1, 3 and 7, in 2D.
static embedding::EmbeddingSet pointsOnAxis()
{
    return makeSet({{0, 0}, {1, 0}, {3, 0}, {7, 0}});
}

class TestSearch : public QObject
{
    Q_OBJECT

private slots:
    void crossScoresMatchMatrix_data();
    void crossScoresMatchMatrix();
    void equalVectorsAreZeroApart();
    void ranking_data();
    void ranking();
    void zeroQueryLeavesListOrder();
    void mismatchedQueryFails();
};

void TestSearch::crossScoresMatchMatrix_data()
{
    QTest::addColumn<Metric>("metric");

    QTest::newRow("cosine") << Metric::Cosine;
    QTest::newRow("dot product") << Metric::Dot;
}

// A set scored against itself gives the same values as the square matrix.
void TestSearch::crossScoresMatchMatrix()
{
    QFETCH(Metric, metric);
    const auto vectors = makeSet({{3, 4, 0}, {1, 0, 2}, {-2, 1, 1}, {0, 0, 0}});

    const auto table = math::computeCrossScores(vectors, vectors, metric);
    const auto matrix = math::computeSimilarity(vectors, metric);

    QVERIFY(table.has_value());
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
            if (i == j || std::isnan(matrix.at(i, j))) {
                QCOMPARE(std::isnan(table->at(i, j)), std::isnan(matrix.at(i, j)));
                continue;
            }
            QVERIFY2(std::abs(table->at(i, j) - matrix.at(i, j)) < 1e-6f, qPrintable(QStringLiteral("(%1, %2)").arg(i).arg(j)));
        }
    }
}

void TestSearch::equalVectorsAreZeroApart()
{
    const auto vectors = makeSet({{0.1f, 0.7f, 0.3f}, {0.1f, 0.7f, 0.3f}});

    const auto table = math::computeCrossScores(vectors, vectors, Metric::Euclidean);

    QCOMPARE(table->at(0, 1), 0.0f);
    QCOMPARE(table->at(1, 0), 0.0f);
}

void TestSearch::ranking_data()
{
    QTest::addColumn<std::vector<float>>("query");
    QTest::addColumn<Metric>("metric");
    QTest::addColumn<std::vector<int>>("expected");

    QTest::newRow("euclidean ranks the nearest point first") << std::vector<float>{2.5f, 0} << Metric::Euclidean
                                                             << std::vector<int>{2, 1, 0, 3};
    QTest::newRow("dot product ranks the longest vector first") << std::vector<float>{1, 0} << Metric::Dot
                                                                << std::vector<int>{3, 2, 1, 0};
    QTest::newRow("cosine ties keep list order and the zero vector goes last")
        << std::vector<float>{1, 1} << Metric::Cosine << std::vector<int>{1, 2, 3, 0};
}

void TestSearch::ranking()
{
    QFETCH(std::vector<float>, query);
    QFETCH(Metric, metric);
    QFETCH(std::vector<int>, expected);

    const auto ranking = math::rankByQuery(query, pointsOnAxis(), metric);

    QVERIFY2(ranking.has_value(), analysisdata::errorOf(ranking));
    QCOMPARE(indicesOf(*ranking), expected);
}

void TestSearch::zeroQueryLeavesListOrder()
{
    const std::vector<float> query{0, 0};

    const auto ranking = math::rankByQuery(query, pointsOnAxis(), Metric::Cosine);

    QCOMPARE(indicesOf(*ranking), (std::vector<int>{0, 1, 2, 3}));
    QVERIFY(std::isnan(ranking->front().score));
}

void TestSearch::mismatchedQueryFails()
{
    const std::vector<float> query{1, 0, 0};

    const auto ranking = math::rankByQuery(query, pointsOnAxis(), Metric::Cosine);

    QVERIFY(!ranking.has_value());
    QVERIFY(ranking.error().contains(u"3 and 2 dimensions"));
}

QTEST_GUILESS_MAIN(TestSearch)
#include "tst_search.moc"
