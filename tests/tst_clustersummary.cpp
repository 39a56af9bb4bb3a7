// Cluster summaries: cuts against SciPy 1.10's fcluster and summaries
// against NumPy on the matrices frozen by tests/data/analysis/generate.py,
// plus small cases worked out by hand.
#include "analysisdata.h"
#include "math/clustering.h"
#include "math/clustersummary.h"

#include <QTest>

using namespace embedscope;
using namespace analysisdata;
using math::ClusterSummary;
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

static std::vector<ClusterSummary> summarise(const math::SimilarityMatrix &matrix, const std::vector<int> &labels)
{
    return *math::summariseClusters(matrix, labels);
}

// The summary whose members equal members, or nullptr.
static const ClusterSummary *findByMembers(const std::vector<ClusterSummary> &clusters, const std::vector<int> &members)
{
    for (const ClusterSummary &cluster : clusters) {
        if (cluster.members == members)
            return &cluster;
    }
    return nullptr;
}

class TestClusterSummary : public QObject
{
    Q_OBJECT

private slots:
    void matchesScipyAndNumpy_data();
    void matchesScipyAndNumpy();
    void summaryByHand();
    void singletonHasNoInternalScore();
    void euclideanCentreHasSmallestDistance();
    void undefinedPairsAreLeftOut();
    void centralTieGoesToEarlierPhrase();
    void wrongLabelCountGivesNothing();
    void cancelStopsSummary();
};

void TestClusterSummary::matchesScipyAndNumpy_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<QString>("cut");

    for (const char *name : {"groups-60x24", "random-30x16"}) {
        QTest::addRow("%s cut at a distance", name) << QStringLiteral("clusters-%1").arg(QLatin1String(name))
                                                   << QStringLiteral("distance");
        QTest::addRow("%s cut into a cluster count", name) << QStringLiteral("clusters-%1").arg(QLatin1String(name))
                                                          << QStringLiteral("count");
    }
}

void TestClusterSummary::matchesScipyAndNumpy()
{
    QFETCH(QString, caseName);
    QFETCH(QString, cut);

    const QJsonObject data = loadCase(caseName);
    const math::SimilarityMatrix matrix = matrixFrom(data.value(u"matrix").toArray(), Metric::Cosine);
    const auto dendrogram = math::clusterHierarchically(math::condensedDistances(matrix), matrix.size(),
                                                        math::Linkage::Average);
    QVERIFY(dendrogram.has_value());
    const std::vector<int> labels = cut == u"distance"
        ? dendrogram->cutAtDistance(data.value(u"distance").toDouble())
        : dendrogram->cutIntoClusters(data.value(u"count").toInt());

    const QJsonObject expected = data.value(u"cuts").toObject().value(cut).toObject();
    QVERIFY(samePartition(labels, intsFrom(expected.value(u"labels").toArray())));

    const std::vector<ClusterSummary> clusters = summarise(matrix, labels);
    const QJsonArray expectedClusters = expected.value(u"clusters").toArray();
    QCOMPARE(clusters.size(), size_t(expectedClusters.size()));
    for (const QJsonValue &value : expectedClusters) {
        const QJsonObject cluster = value.toObject();
        const ClusterSummary *actual = findByMembers(clusters, intsFrom(cluster.value(u"members").toArray()));
        QVERIFY(actual != nullptr);
        QCOMPARE(actual->centralMember, cluster.value(u"centralMember").toInt());
        const double centralMean = numberOrNaN(cluster.value(u"centralMeanScore"));
        QVERIFY2(closeTo(actual->centralMeanScore, centralMean, 1e-12),
                 mismatch("central mean score", actual->centralMeanScore, centralMean));
        const double internal = numberOrNaN(cluster.value(u"meanInternalScore"));
        QVERIFY2(closeTo(actual->meanInternalScore, internal, 1e-12),
                 mismatch("mean internal score", actual->meanInternalScore, internal));
    }
}

// Phrases 0, 1, 2 in cluster 5 and phrase 3 alone in cluster 2. Means to the
// other members: phrase 0 (0.8 + 0.6) / 2 = 0.7, phrase 1 (0.8 + 0.9) / 2 =
// 0.85, phrase 2 (0.6 + 0.9) / 2 = 0.75. Internal: (0.8 + 0.6 + 0.9) / 3.
void TestClusterSummary::summaryByHand()
{
    const auto matrix = matrixOf(Metric::Cosine, {
                                                     {1.0f, 0.8f, 0.6f, 0.1f},
                                                     {0.8f, 1.0f, 0.9f, 0.2f},
                                                     {0.6f, 0.9f, 1.0f, 0.3f},
                                                     {0.1f, 0.2f, 0.3f, 1.0f},
                                                 });

    const auto clusters = summarise(matrix, {5, 5, 5, 2});

    QCOMPARE(clusters.size(), size_t(2));
    QCOMPARE(clusters[0].label, 2);
    QCOMPARE(clusters[1].label, 5);
    QCOMPARE(clusters[1].members, (std::vector<int>{0, 1, 2}));
    QCOMPARE(clusters[1].centralMember, 1);
    QVERIFY(closeTo(clusters[1].centralMeanScore, (double(0.8f) + double(0.9f)) / 2, 1e-15));
    QVERIFY(closeTo(clusters[1].meanInternalScore, (double(0.8f) + double(0.6f) + double(0.9f)) / 3, 1e-15));
}

void TestClusterSummary::singletonHasNoInternalScore()
{
    const auto matrix = matrixOf(Metric::Cosine, {{1.0f, 0.2f}, {0.2f, 1.0f}});

    const auto clusters = summarise(matrix, {0, 1});

    QCOMPARE(clusters.size(), size_t(2));
    QCOMPARE(clusters[0].members, std::vector<int>{0});
    QCOMPARE(clusters[0].centralMember, 0);
    QVERIFY(std::isnan(clusters[0].meanInternalScore));
    QVERIFY(std::isnan(clusters[0].centralMeanScore));
}

// Points at 0, 1 and 5 on a line: 1 has the smallest mean distance (2.5).
void TestClusterSummary::euclideanCentreHasSmallestDistance()
{
    const auto matrix = matrixOf(Metric::Euclidean, {{0, 1, 5}, {1, 0, 4}, {5, 4, 0}});

    const auto clusters = summarise(matrix, {0, 0, 0});

    QCOMPARE(clusters.front().centralMember, 1);
    QCOMPARE(clusters.front().centralMeanScore, 2.5);
    QCOMPARE(clusters.front().meanInternalScore, 10.0 / 3.0);
}

// Phrase 2 is a zero vector: its pairs are undefined and it cannot be the
// centre.
void TestClusterSummary::undefinedPairsAreLeftOut()
{
    const auto matrix = matrixOf(Metric::Cosine, {{1.0f, 0.5f, NaN}, {0.5f, 1.0f, NaN}, {NaN, NaN, NaN}});

    const auto clusters = summarise(matrix, {0, 0, 0});

    QCOMPARE(clusters.front().undefinedPairCount, 2);
    QCOMPARE(clusters.front().meanInternalScore, 0.5);
    QCOMPARE(clusters.front().centralMember, 0);
}

void TestClusterSummary::centralTieGoesToEarlierPhrase()
{
    const auto matrix = matrixOf(Metric::Cosine, {{1.0f, 0.4f}, {0.4f, 1.0f}});

    const auto clusters = summarise(matrix, {0, 0});

    QCOMPARE(clusters.front().centralMember, 0);
}

void TestClusterSummary::wrongLabelCountGivesNothing()
{
    const math::SimilarityMatrix matrix(3, Metric::Cosine);

    const auto clusters = math::summariseClusters(matrix, {0, 1});

    QVERIFY(clusters.has_value());
    QVERIFY(clusters->empty());
}

void TestClusterSummary::cancelStopsSummary()
{
    std::atomic_bool cancel = true;
    const math::SimilarityMatrix matrix(3, Metric::Cosine);

    QVERIFY(!math::summariseClusters(matrix, {0, 0, 1}, &cancel).has_value());
}

QTEST_GUILESS_MAIN(TestClusterSummary)
#include "tst_clustersummary.moc"
