// t-SNE, exact and Barnes-Hut: properties that hold for any correct
// implementation, since its maps cannot be compared number by number with
// scikit-learn's.
#include "analysisdata.h"
#include "math/tsne.h"

#include <QTest>

#include <algorithm>
#include <random>

using namespace embedscope;
using analysisdata::makeSet;
using math::Metric;
using math::Projection;

// Three tight groups of ten points in 8D, far apart. The values come from a
// fixed std::mt19937 stream turned into floats by hand, because
// std::normal_distribution differs between standard libraries.
static embedding::EmbeddingSet threeGroups()
{
    std::mt19937 generator(20261206);
    auto noise = [&generator]() { return float(generator() % 2001) / 10000.0f - 0.1f; };
    std::vector<std::vector<float>> rows;
    for (int group = 0; group < 3; ++group) {
        for (int member = 0; member < 10; ++member) {
            std::vector<float> row(8);
            for (float &value : row)
                value = noise();
            row[size_t(group)] += 3.0f;
            rows.push_back(row);
        }
    }
    return makeSet(rows);
}

// Six groups of fifty points in 16D around random centres, enough points
// for the Barnes-Hut gradient.
static embedding::EmbeddingSet sixGroups()
{
    std::mt19937 generator(20261207);
    auto uniform = [&generator]() { return float(generator() % 20001) / 10000.0f - 1.0f; };
    std::vector<std::vector<float>> centres(6, std::vector<float>(16));
    for (auto &centre : centres) {
        for (float &value : centre)
            value = uniform();
    }
    std::vector<std::vector<float>> rows;
    for (int i = 0; i < 300; ++i) {
        std::vector<float> row = centres[size_t(i % 6)];
        for (float &value : row)
            value += 0.6f * uniform();
        rows.push_back(row);
    }
    return makeSet(rows);
}

// Indices of all other points, nearest first, by a distance function.
template<typename Distance>
static std::vector<int> rankedOthers(int n, int i, Distance distance)
{
    std::vector<int> others;
    for (int j = 0; j < n; ++j) {
        if (j != i)
            others.push_back(j);
    }
    std::stable_sort(others.begin(), others.end(), [&](int a, int b) { return distance(i, a) < distance(i, b); });
    return others;
}

// Trustworthiness of a map at k neighbours, as scikit-learn 1.2's
// sklearn.manifold.trustworthiness: 1 minus a penalty for each point that
// is among a point's k nearest in the map but not in the input, weighted by
// how far down the input ranking it is. 1 means every map neighbour is a
// true neighbour. Input distances are Euclidean.
static double trustworthiness(const embedding::EmbeddingSet &vectors, const Projection &map, int k)
{
    const int n = vectors.rows();
    const auto inputDistance = [&vectors](int a, int b) {
        double sum = 0.0;
        for (int d = 0; d < vectors.dimensions(); ++d) {
            const double difference = double(vectors.row(a)[size_t(d)]) - double(vectors.row(b)[size_t(d)]);
            sum += difference * difference;
        }
        return sum;
    };
    const auto mapDistance = [&map](int a, int b) {
        const QPointF d = map.points[size_t(a)] - map.points[size_t(b)];
        return d.x() * d.x() + d.y() * d.y();
    };

    double penalty = 0.0;
    for (int i = 0; i < n; ++i) {
        const std::vector<int> inputRanking = rankedOthers(n, i, inputDistance);
        const std::vector<int> mapRanking = rankedOthers(n, i, mapDistance);
        for (int m = 0; m < k; ++m) {
            const int rank = int(std::find(inputRanking.begin(), inputRanking.end(), mapRanking[size_t(m)])
                                 - inputRanking.begin()) + 1;
            penalty += std::max(0, rank - k);
        }
    }
    return 1.0 - penalty * 2.0 / (double(n) * k * (2.0 * n - 3.0 * k - 1.0));
}

static int nearestOther(const Projection &projection, int index)
{
    int nearest = -1;
    double best = std::numeric_limits<double>::infinity();
    for (int j = 0; j < int(projection.points.size()); ++j) {
        if (j == index)
            continue;
        const QPointF d = projection.points[size_t(j)] - projection.points[size_t(index)];
        const double distance = d.x() * d.x() + d.y() * d.y();
        if (distance < best) {
            best = distance;
            nearest = j;
        }
    }
    return nearest;
}

// Perplexity 5 suits groups of ten. Fewer than the default 1000 iterations
// leave the groups mixed: scikit-learn's exact TSNE on these points mixes
// them too after 300 iterations and separates them after 1000.
static math::TsneOptions groupOptions()
{
    math::TsneOptions options;
    options.perplexity = 5.0;
    return options;
}

class TestTsne : public QObject
{
    Q_OBJECT

private slots:
    void groupsStaySeparate_data();
    void groupsStaySeparate();
    void sameInputGivesSameMap();
    void fewPhrasesFallBackToPca_data();
    void fewPhrasesFallBackToPca();
    void perplexityIsClampedBelowCount();
    void identicalPhrasesOverlapExactly();
    void identicalVectorsStayFinite_data();
    void identicalVectorsStayFinite();
    void cancelStopsTsne();
    void barnesHutKeepsNeighbours();
};

void TestTsne::groupsStaySeparate_data()
{
    QTest::addColumn<Metric>("metric");

    QTest::newRow("cosine distances") << Metric::Cosine;
    QTest::newRow("squared euclidean distances") << Metric::Euclidean;
}

void TestTsne::groupsStaySeparate()
{
    QFETCH(Metric, metric);

    const auto projection = math::projectTsne(threeGroups(), metric, groupOptions());

    QVERIFY(projection.has_value());
    QCOMPARE(projection->points.size(), size_t(30));
    for (int i = 0; i < 30; ++i)
        QVERIFY2(nearestOther(*projection, i) / 10 == i / 10, qPrintable(QStringLiteral("point %1").arg(i)));
    QVERIFY(projection->note.isEmpty());
}

void TestTsne::sameInputGivesSameMap()
{
    const auto first = math::projectTsne(threeGroups(), Metric::Cosine, groupOptions());
    const auto second = math::projectTsne(threeGroups(), Metric::Cosine, groupOptions());

    for (size_t i = 0; i < first->points.size(); ++i) {
        QVERIFY(first->points[i].x() == second->points[i].x());
        QVERIFY(first->points[i].y() == second->points[i].y());
    }
}

void TestTsne::fewPhrasesFallBackToPca_data()
{
    QTest::addColumn<std::vector<std::vector<float>>>("rows");

    QTest::newRow("one phrase") << std::vector<std::vector<float>>{{1, 2, 3}};
    QTest::newRow("two phrases") << std::vector<std::vector<float>>{{1, 2, 3}, {3, 2, 1}};
    QTest::newRow("three phrases") << std::vector<std::vector<float>>{{1, 2, 3}, {3, 2, 1}, {0, 1, 0}};
}

void TestTsne::fewPhrasesFallBackToPca()
{
    QFETCH(std::vector<std::vector<float>>, rows);
    const auto vectors = makeSet(rows);

    const auto tsne = math::projectTsne(vectors, Metric::Cosine);
    const auto pca = math::projectPca(vectors, Metric::Cosine);

    QVERIFY(tsne.has_value());
    QCOMPARE(tsne->points, pca->points);
    QVERIFY(tsne->note.startsWith(u"Too few phrases for t-SNE"));
}

void TestTsne::perplexityIsClampedBelowCount()
{
    const auto vectors = makeSet({{1, 0, 0}, {0.9f, 0.1f, 0}, {0, 1, 0}, {0, 0.9f, 0.1f}, {0, 0, 1}});

    const auto projection = math::projectTsne(vectors, Metric::Cosine);

    QVERIFY(projection.has_value());
    for (const QPointF &point : projection->points) {
        QVERIFY(std::isfinite(point.x()));
        QVERIFY(std::isfinite(point.y()));
    }
    QVERIFY(projection->note.contains(u"from 30 to 1.33"));
}

void TestTsne::identicalPhrasesOverlapExactly()
{
    auto vectors = threeGroups();
    std::copy(vectors.row(4).begin(), vectors.row(4).end(), vectors.row(17).begin());

    const auto projection = math::projectTsne(vectors, Metric::Cosine, groupOptions());

    QVERIFY(projection->points[4].x() == projection->points[17].x());
    QVERIFY(projection->points[4].y() == projection->points[17].y());
}

void TestTsne::identicalVectorsStayFinite_data()
{
    QTest::addColumn<int>("count");

    QTest::newRow("five, exact gradient") << 5;
    QTest::newRow("three hundred, Barnes-Hut gradient") << 300;
}

void TestTsne::identicalVectorsStayFinite()
{
    QFETCH(int, count);
    const auto projection = math::projectTsne(makeSet(std::vector<std::vector<float>>(size_t(count), {1, 2})),
                                              Metric::Euclidean);

    QVERIFY(projection.has_value());
    QCOMPARE(projection->points.size(), size_t(count));
    for (const QPointF &point : projection->points) {
        QVERIFY(std::isfinite(point.x()));
        QVERIFY(std::isfinite(point.y()));
        QCOMPARE(point, projection->points.front());
    }
}

void TestTsne::cancelStopsTsne()
{
    std::atomic_bool cancel = true;

    QVERIFY(!math::projectTsne(threeGroups(), Metric::Cosine, groupOptions(), &cancel).has_value());
}

// The Barnes-Hut map must keep neighbourhoods about as well as the exact
// one on the same input: within 0.02 of its trustworthiness at 10
// neighbours, and at least 0.9.
void TestTsne::barnesHutKeepsNeighbours()
{
    const embedding::EmbeddingSet vectors = sixGroups();
    QVERIFY(vectors.rows() >= math::BARNES_HUT_MIN_POINTS);
    math::TsneOptions exactOptions;
    exactOptions.theta = 0.0;
    const auto exact = math::projectTsne(vectors, Metric::Euclidean, exactOptions);
    const auto approximate = math::projectTsne(vectors, Metric::Euclidean, math::TsneOptions{});
    QVERIFY(exact.has_value());
    QVERIFY(approximate.has_value());
    QVERIFY(exact->points != approximate->points); // the two gradients really differ

    const double exactScore = trustworthiness(vectors, *exact, 10);
    const double approximateScore = trustworthiness(vectors, *approximate, 10);
    qInfo("trustworthiness at 10 neighbours: exact %.4f, Barnes-Hut %.4f", exactScore, approximateScore);
    QVERIFY2(approximateScore >= exactScore - 0.02, qPrintable(QString::number(approximateScore)));
    QVERIFY2(approximateScore >= 0.9, qPrintable(QString::number(approximateScore)));
    for (const QPointF &point : approximate->points) {
        QVERIFY(std::isfinite(point.x()));
        QVERIFY(std::isfinite(point.y()));
    }
}

QTEST_GUILESS_MAIN(TestTsne)
#include "tst_tsne.moc"
