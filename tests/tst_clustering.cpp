// Hierarchical clustering against SciPy 1.10's linkage, leaves_list and
// fcluster on the same matrices (frozen by tests/data/clustering/generate.py).
#include "math/clustering.h"
#include "math/heatmaporder.h"
#include "support/frozencase.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace embedscope;
using math::Linkage;

static QJsonObject loadCase(const QString &name)
{
    return frozencase::load(QStringLiteral("clustering"), name);
}

static math::SimilarityMatrix matrixFrom(const QJsonArray &rows)
{
    return frozencase::matrixFrom(rows, math::Metric::Cosine);
}

using frozencase::intsFrom;
using frozencase::samePartition;

static std::optional<math::Dendrogram> cluster(const math::SimilarityMatrix &matrix, Linkage linkage)
{
    return math::clusterHierarchically(math::condensedDistances(matrix), matrix.size(), linkage);
}

class TestClustering : public QObject
{
    Q_OBJECT

private slots:
    void matchesScipy_data();
    void matchesScipy();
    void singleAndNoPointsNeedNoMerges();
    void identicalPhrasesMergeFirst();
    void cancelStopsClustering();
    void clusteredOrderMatchesScipy_data();
    void clusteredOrderMatchesScipy();
    void referenceOrderRanksClosestFirst();
    void permutedMatrixFollowsOrder();
    void clusterBandsFollowOrder();
    void orderModeNamesRoundTrip();
};

void TestClustering::matchesScipy_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<Linkage>("linkage");

    const std::pair<const char *, Linkage> methods[] = {
        {"average", Linkage::Average}, {"complete", Linkage::Complete}, {"single", Linkage::Single}};
    for (const char *name : {"random-30x16", "groups-200x32", "ties-40x4", "two-points"}) {
        for (const auto &[method, linkage] : methods) {
            QTest::addRow("%s linkage on %s", method, name) << QString::fromLatin1(name) << linkage;
        }
    }
}

void TestClustering::matchesScipy()
{
    QFETCH(QString, caseName);
    QFETCH(Linkage, linkage);

    const QJsonObject data = loadCase(caseName);
    const QJsonObject expected = data.value(u"methods").toObject().value(math::linkageName(linkage)).toObject();
    const auto dendrogram = cluster(matrixFrom(data.value(u"matrix").toArray()), linkage);
    QVERIFY(dendrogram.has_value());

    const QJsonArray rows = expected.value(u"linkage").toArray();
    QCOMPARE(dendrogram->merges().size(), size_t(rows.size()));
    for (int k = 0; k < rows.size(); ++k) {
        const QJsonArray row = rows.at(k).toArray();
        const math::Merge &merge = dendrogram->merges()[size_t(k)];
        QCOMPARE(merge.left, row.at(0).toInt());
        QCOMPARE(merge.right, row.at(1).toInt());
        QVERIFY(std::abs(merge.distance - row.at(2).toDouble()) < 1e-12);
        QCOMPARE(merge.size, row.at(3).toInt());
    }

    QCOMPARE(dendrogram->leafOrder(), intsFrom(expected.value(u"leaves").toArray()));
    QVERIFY(samePartition(dendrogram->cutAtDistance(0.5), intsFrom(expected.value(u"fcluster_distance_0.5").toArray())));

    // Asked for more clusters than points, SciPy 1.10's maxclust answers
    // differently for the same linkage matrix ([1, 2] after average, [1, 1]
    // after single), so only lists longer than three are compared.
    if (dendrogram->leafCount() > 3) {
        QVERIFY(samePartition(dendrogram->cutIntoClusters(3),
                              intsFrom(expected.value(u"fcluster_maxclust_3").toArray())));
    }
}

void TestClustering::singleAndNoPointsNeedNoMerges()
{
    const auto none = math::clusterHierarchically({}, 0, Linkage::Average);
    QVERIFY(none.has_value());
    QVERIFY(none->leafOrder().empty());

    const auto one = math::clusterHierarchically({}, 1, Linkage::Average);
    QVERIFY(one.has_value());
    QCOMPARE(one->leafOrder(), std::vector<int>{0});
    QCOMPARE(one->cutIntoClusters(3), std::vector<int>{0});
}

void TestClustering::identicalPhrasesMergeFirst()
{
    // Points 0 and 2 are the same; 1 is far from both.
    const std::vector<double> distances{0.9, 0.0, 0.9};
    const auto dendrogram = math::clusterHierarchically(distances, 3, Linkage::Average);

    QVERIFY(dendrogram.has_value());
    QCOMPARE(dendrogram->merges().front().left, 0);
    QCOMPARE(dendrogram->merges().front().right, 2);
    QCOMPARE(dendrogram->merges().front().distance, 0.0);
    const std::vector<int> labels = dendrogram->cutIntoClusters(2);
    QCOMPARE(labels[0], labels[2]);
    QVERIFY(labels[0] != labels[1]);
}

void TestClustering::cancelStopsClustering()
{
    std::atomic_bool cancel = true;
    const auto dendrogram = math::clusterHierarchically(std::vector<double>(45, 0.5), 10, Linkage::Average, &cancel);
    QVERIFY(!dendrogram.has_value());
}

void TestClustering::clusteredOrderMatchesScipy_data()
{
    matchesScipy_data();
}

// The heatmap's clustered order goes through computeHeatmapOrder, so it is
// checked there against leaves_list as well.
void TestClustering::clusteredOrderMatchesScipy()
{
    QFETCH(QString, caseName);
    QFETCH(Linkage, linkage);

    const QJsonObject data = loadCase(caseName);
    const QJsonObject expected = data.value(u"methods").toObject().value(math::linkageName(linkage)).toObject();
    const math::SimilarityMatrix matrix = matrixFrom(data.value(u"matrix").toArray());

    const auto order = math::computeHeatmapOrder(matrix, {math::OrderMode::Clustered, 0, linkage});
    QVERIFY(order.has_value());
    QVERIFY(order->dendrogram.has_value());
    QCOMPARE(order->permutation, intsFrom(expected.value(u"leaves").toArray()));
}

void TestClustering::referenceOrderRanksClosestFirst()
{
    math::SimilarityMatrix matrix(4, math::Metric::Cosine);
    const float rows[4][4] = {{1.0f, 0.2f, 0.9f, 0.2f},
                              {0.2f, 1.0f, 0.1f, 0.3f},
                              {0.9f, 0.1f, 1.0f, 0.4f},
                              {0.2f, 0.3f, 0.4f, 1.0f}};
    for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j)
            matrix.set(i, j, rows[i][j]);
    }

    // Rows 1 and 3 tie at 0.2 against row 0 and keep input order.
    const auto byFirst = math::computeHeatmapOrder(matrix, {math::OrderMode::Reference, 0});
    QVERIFY(byFirst.has_value());
    QCOMPARE(byFirst->permutation, (std::vector<int>{0, 2, 1, 3}));
    QVERIFY(!byFirst->dendrogram.has_value());

    const auto original = math::computeHeatmapOrder(matrix, {math::OrderMode::Original});
    QCOMPARE(original->permutation, (std::vector<int>{0, 1, 2, 3}));
}

void TestClustering::permutedMatrixFollowsOrder()
{
    math::SimilarityMatrix matrix(3, math::Metric::Cosine);
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j)
            matrix.set(i, j, float(10 * i + j));
    }
    matrix.setUndefinedRows({0});
    const std::vector<int> permutation{2, 0, 1};

    const math::SimilarityMatrix permuted = math::permuteMatrix(matrix, permutation);
    QCOMPARE(permuted.at(0, 0), 22.0f);
    QCOMPARE(permuted.at(0, 1), 20.0f);
    QCOMPARE(permuted.at(1, 2), 1.0f);
    QCOMPARE(permuted.undefinedRows(), QList<int>{1});

    const QStringList labels{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QCOMPARE(math::permuteLabels(labels, permutation),
             (QStringList{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("b")}));
}

void TestClustering::clusterBandsFollowOrder()
{
    const QJsonObject data = loadCase(QStringLiteral("groups-200x32"));
    const math::SimilarityMatrix matrix = matrixFrom(data.value(u"matrix").toArray());
    const auto order = math::computeHeatmapOrder(matrix, {math::OrderMode::Clustered});
    QVERIFY(order.has_value());

    // Clusters are contiguous runs along the clustered order.
    const std::vector<int> bands = math::clusterBands(*order, 0.0, 3);
    QCOMPARE(bands.size(), order->permutation.size());
    int changes = 0;
    for (size_t i = 1; i < bands.size(); ++i)
        changes += bands[i] != bands[i - 1] ? 1 : 0;
    QCOMPARE(changes, 2);

    const auto original = math::computeHeatmapOrder(matrix, {math::OrderMode::Original});
    QVERIFY(math::clusterBands(*original, 0.5, 0).empty());
}

void TestClustering::orderModeNamesRoundTrip()
{
    for (auto mode : {math::OrderMode::Original, math::OrderMode::Reference, math::OrderMode::Clustered})
        QCOMPARE(math::orderModeFromName(math::orderModeName(mode)), std::optional(mode));
    QVERIFY(!math::orderModeFromName(QStringLiteral("random")));
}

QTEST_GUILESS_MAIN(TestClustering)
#include "tst_clustering.moc"
