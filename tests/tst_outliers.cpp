// Outlier scores on small matrices worked out by hand, and on a frozen
// matrix against NumPy (tests/data/analysis/generate.py).
#include "analysisdata.h"
#include "math/outliers.h"

#include <QTest>

using namespace embedscope;
using namespace analysisdata;
using math::Metric;

static const float NaN = std::numeric_limits<float>::quiet_NaN();

static math::SimilarityMatrix matrixOf(Metric metric, const std::vector<std::vector<float>> &rows)
{
    math::SimilarityMatrix matrix(int(rows.size()), metric);
    for (int i = 0; i < int(rows.size()); ++i) {
        for (int j = 0; j < int(rows.size()); ++j)
            matrix.set(i, j, rows[size_t(i)][size_t(j)]);
    }
    return matrix;
}

// Phrases 0, 1 and 2 are close to each other, and 3 is far from all of them.
static math::SimilarityMatrix threeAndOneApart()
{
    return matrixOf(Metric::Cosine, {
                                        {1.0f, 0.9f, 0.8f, 0.1f},
                                        {0.9f, 1.0f, 0.7f, 0.2f},
                                        {0.8f, 0.7f, 1.0f, 0.0f},
                                        {0.1f, 0.2f, 0.0f, 1.0f},
                                    });
}

static std::vector<int> orderOf(const std::vector<math::OutlierScore> &scores)
{
    std::vector<int> order;
    for (const math::OutlierScore &score : scores)
        order.push_back(score.index);
    return order;
}

static const math::OutlierScore &scoreOf(const std::vector<math::OutlierScore> &scores, int index)
{
    for (const math::OutlierScore &score : scores) {
        if (score.index == index)
            return score;
    }
    qFatal("phrase %d has no outlier score", index);
}

class TestOutliers : public QObject
{
    Q_OBJECT

private slots:
    void scoresByHand_data();
    void scoresByHand();
    void rankingPutsMostIsolatedFirst();
    void kIsClampedToOthers();
    void singlePhraseHasNoScore();
    void undefinedRowRanksLast();
    void euclideanUsesMeanDistance();
    void matchesNumpy();
    void cancelStopsScoring();
};

// With k = 2: phrase 0 averages 0.9 and 0.8, phrase 3 averages 0.2 and 0.1.
void TestOutliers::scoresByHand_data()
{
    QTest::addColumn<int>("k");
    QTest::addColumn<int>("phrase");
    QTest::addColumn<double>("expected");

    QTest::newRow("k of one takes the single nearest") << 1 << 0 << 1.0 - double(0.9f);
    QTest::newRow("k of two averages the two nearest") << 2 << 0 << 1.0 - (double(0.9f) + double(0.8f)) / 2;
    QTest::newRow("the far phrase scores high") << 2 << 3 << 1.0 - (double(0.2f) + double(0.1f)) / 2;
    QTest::newRow("k of three averages every other phrase") << 3 << 2 << 1.0 - (double(0.8f) + double(0.7f)) / 3;
}

void TestOutliers::scoresByHand()
{
    QFETCH(int, k);
    QFETCH(int, phrase);
    QFETCH(double, expected);

    const auto scores = *math::scoreOutliers(threeAndOneApart(), k);
    const double actual = scoreOf(scores, phrase).score;

    QVERIFY2(closeTo(actual, expected, 1e-12), mismatch("outlier score", actual, expected));
}

// k = 1 scores: 0 -> 0.1, 1 -> 0.1, 2 -> 0.2, 3 -> 0.8. 0 and 1 tie, so they
// keep list order.
void TestOutliers::rankingPutsMostIsolatedFirst()
{
    const auto scores = *math::scoreOutliers(threeAndOneApart(), 1);

    QCOMPARE(orderOf(scores), (std::vector<int>{3, 2, 0, 1}));
}

void TestOutliers::kIsClampedToOthers()
{
    const auto large = *math::scoreOutliers(threeAndOneApart(), 50);
    const auto zero = *math::scoreOutliers(threeAndOneApart(), 0);

    QCOMPARE(scoreOf(large, 0).neighbourCount, 3);
    QCOMPARE(scoreOf(zero, 0).neighbourCount, 1);
}

void TestOutliers::singlePhraseHasNoScore()
{
    const auto scores = *math::scoreOutliers(matrixOf(Metric::Cosine, {{1.0f}}), 5);

    QCOMPARE(scores.size(), size_t(1));
    QVERIFY(std::isnan(scores.front().score));
    QCOMPARE(scores.front().neighbourCount, 0);
}

void TestOutliers::undefinedRowRanksLast()
{
    const auto matrix = matrixOf(Metric::Cosine, {{NaN, NaN, NaN}, {NaN, 1.0f, 0.3f}, {NaN, 0.3f, 1.0f}});

    const auto scores = *math::scoreOutliers(matrix, 2);

    QCOMPARE(orderOf(scores), (std::vector<int>{1, 2, 0}));
    QVERIFY(std::isnan(scores.back().score));
    QCOMPARE(scores.front().neighbourCount, 1);
}

// Points at 0, 1 and 5 on a line, k = 1: nearest distances 1, 1 and 4.
void TestOutliers::euclideanUsesMeanDistance()
{
    const auto matrix = matrixOf(Metric::Euclidean, {{0, 1, 5}, {1, 0, 4}, {5, 4, 0}});

    const auto scores = *math::scoreOutliers(matrix, 1);

    QCOMPARE(scores.front().index, 2);
    QCOMPARE(scores.front().score, 4.0);
    QCOMPARE(scoreOf(scores, 0).score, 1.0);
}

void TestOutliers::matchesNumpy()
{
    const QJsonObject data = loadCase(QStringLiteral("outliers-groups-60x24"));
    const auto matrix = matrixFrom(data.value(u"matrix").toArray(), Metric::Cosine);
    const QJsonArray expected = data.value(u"scores").toArray();

    const auto scores = *math::scoreOutliers(matrix, data.value(u"k").toInt());

    QCOMPARE(scores.size(), size_t(expected.size()));
    for (const math::OutlierScore &score : scores) {
        const double wanted = expected.at(score.index).toDouble();
        QVERIFY2(closeTo(score.score, wanted, 1e-12), mismatch("outlier score", score.score, wanted));
    }
    for (size_t i = 1; i < scores.size(); ++i)
        QVERIFY(scores[i - 1].score >= scores[i].score);
}

void TestOutliers::cancelStopsScoring()
{
    std::atomic_bool cancel = true;

    QVERIFY(!math::scoreOutliers(threeAndOneApart(), 2, &cancel).has_value());
}

QTEST_GUILESS_MAIN(TestOutliers)
#include "tst_outliers.moc"
