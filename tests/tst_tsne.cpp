// Exact t-SNE: properties that hold for any correct implementation, since
// its maps cannot be compared number by number with scikit-learn's.
#include "analysisdata.h"
#include "math/tsne.h"

#include <QTest>

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
    void identicalVectorsStayFinite();
    void cancelStopsTsne();
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

void TestTsne::identicalVectorsStayFinite()
{
    const auto projection = math::projectTsne(makeSet({{1, 2}, {1, 2}, {1, 2}, {1, 2}, {1, 2}}), Metric::Euclidean);

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

QTEST_GUILESS_MAIN(TestTsne)
#include "tst_tsne.moc"
