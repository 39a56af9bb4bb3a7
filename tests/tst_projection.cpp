// PCA against scikit-learn 1.2's PCA on the vectors frozen by
// tests/data/analysis/generate.py, and the small inputs where projection
// code written for large data sets tends to fail.
#include "analysisdata.h"
#include "math/projection.h"

#include <QTest>

using namespace embedscope;
using namespace analysisdata;
using math::Metric;
using math::Projection;

static Projection project(const embedding::EmbeddingSet &vectors, Metric metric = Metric::Euclidean)
{
    return *math::projectPca(vectors, metric);
}

// True when every coordinate on axis matches expected or its negation.
static bool sameUpToSign(const Projection &projection, const QJsonArray &expected, int axis, double tolerance)
{
    auto coordinate = [axis](const QPointF &point) { return axis == 0 ? point.x() : point.y(); };
    bool same = true;
    bool flipped = true;
    for (int i = 0; i < expected.size(); ++i) {
        const double wanted = expected.at(i).toArray().at(axis).toDouble();
        const double actual = coordinate(projection.points[size_t(i)]);
        same = same && std::abs(actual - wanted) <= tolerance;
        flipped = flipped && std::abs(actual + wanted) <= tolerance;
    }
    return same || flipped;
}

static double distance(const QPointF &a, const QPointF &b)
{
    return std::hypot(a.x() - b.x(), a.y() - b.y());
}

class TestProjection : public QObject
{
    Q_OBJECT

private slots:
    void matchesScikitLearn_data();
    void matchesScikitLearn();
    void largestCoordinateIsPositive();
    void noPhrasesGiveNoPoints();
    void onePhraseSitsAtOrigin();
    void twoPhrasesLieOnLineAtTheirDistance_data();
    void twoPhrasesLieOnLineAtTheirDistance();
    void identicalPhrasesOverlapExactly();
    void identicalVectorsAllSitAtOrigin();
    void collinearVectorsMakeLine();
    void oneDimensionIsEnough();
    void zeroVectorUnderCosineStaysFinite();
    void cancelStopsProjection();
    void covarianceRouteSmallInputs();
};

void TestProjection::matchesScikitLearn_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<Metric>("metric");
    QTest::addColumn<bool>("byCovariance");

    for (const char *name : {"random-30x16", "groups-60x8", "wide-5x40", "three-5d"}) {
        const QString caseName = QStringLiteral("pca-%1").arg(QLatin1String(name));
        QTest::addRow("%s under euclidean", name) << caseName << Metric::Euclidean << false;
        QTest::addRow("%s under cosine", name) << caseName << Metric::Cosine << false;
        QTest::addRow("%s under euclidean by covariance", name) << caseName << Metric::Euclidean << true;
        QTest::addRow("%s under cosine by covariance", name) << caseName << Metric::Cosine << true;
    }
}

void TestProjection::matchesScikitLearn()
{
    QFETCH(QString, caseName);
    QFETCH(Metric, metric);
    QFETCH(bool, byCovariance);

    const QJsonObject data = loadCase(caseName);
    const QJsonObject expected = data.value(u"metrics").toObject().value(math::metricName(metric)).toObject();
    const embedding::EmbeddingSet vectors = vectorsFrom(data.value(u"vectors").toArray());
    const Projection projection =
        byCovariance ? *math::projectPcaByCovariance(vectors, metric) : project(vectors, metric);

    const QJsonArray points = expected.value(u"points").toArray();
    QCOMPARE(projection.points.size(), size_t(points.size()));
    // The signs follow svd_flip and match on these cases, but a tie for the
    // largest entry could flip an axis, so either sign passes.
    QVERIFY(sameUpToSign(projection, points, 0, 1e-9));
    QVERIFY(sameUpToSign(projection, points, 1, 1e-9));

    const QJsonArray ratio = expected.value(u"explainedVarianceRatio").toArray();
    QVERIFY2(closeTo(projection.explainedVarianceRatio[0], ratio.at(0).toDouble(), 1e-12),
             mismatch("first axis variance ratio", projection.explainedVarianceRatio[0], ratio.at(0).toDouble()));
    QVERIFY2(closeTo(projection.explainedVarianceRatio[1], ratio.at(1).toDouble(), 1e-12),
             mismatch("second axis variance ratio", projection.explainedVarianceRatio[1], ratio.at(1).toDouble()));
    QVERIFY(projection.note.isEmpty());
}

// scikit-learn's svd_flip makes the largest coordinate along each axis
// positive. Without it the sign would depend on the SVD routine.
void TestProjection::largestCoordinateIsPositive()
{
    const QJsonObject data = loadCase(QStringLiteral("pca-random-30x16"));
    const Projection projection = project(vectorsFrom(data.value(u"vectors").toArray()));

    QPointF largest;
    for (const QPointF &point : projection.points) {
        if (std::abs(point.x()) > std::abs(largest.x()))
            largest.setX(point.x());
        if (std::abs(point.y()) > std::abs(largest.y()))
            largest.setY(point.y());
    }

    QVERIFY(largest.x() > 0.0);
    QVERIFY(largest.y() > 0.0);
}

void TestProjection::noPhrasesGiveNoPoints()
{
    const Projection projection = project(embedding::EmbeddingSet());

    QVERIFY(projection.points.empty());
    QVERIFY(!projection.note.isEmpty());
}

void TestProjection::onePhraseSitsAtOrigin()
{
    const Projection projection = project(makeSet({{0.3f, -0.2f, 0.9f}}));

    QCOMPARE(projection.points.size(), size_t(1));
    QCOMPARE(projection.points.front().x(), 0.0);
    QCOMPARE(projection.points.front().y(), 0.0);
    QVERIFY(!projection.note.isEmpty());
}

void TestProjection::twoPhrasesLieOnLineAtTheirDistance_data()
{
    QTest::addColumn<Metric>("metric");
    QTest::addColumn<double>("expectedDistance");

    // [3, 4, 0] and [0, 0, 1]: 26 apart squared, and orthogonal, so their
    // unit vectors are sqrt(2 - 2 cos) = sqrt(2) apart.
    QTest::newRow("euclidean keeps the distance between the vectors") << Metric::Euclidean << std::sqrt(26.0);
    QTest::newRow("cosine keeps the distance between unit vectors") << Metric::Cosine << std::sqrt(2.0);
}

void TestProjection::twoPhrasesLieOnLineAtTheirDistance()
{
    QFETCH(Metric, metric);
    QFETCH(double, expectedDistance);

    const Projection projection = project(makeSet({{3, 4, 0}, {0, 0, 1}}), metric);

    QCOMPARE(projection.points.size(), size_t(2));
    QCOMPARE(projection.points[0].y(), 0.0);
    QCOMPARE(projection.points[1].y(), 0.0);
    QVERIFY(closeTo(distance(projection.points[0], projection.points[1]), expectedDistance, 1e-6));
    QVERIFY(closeTo(projection.points[0].x(), -projection.points[1].x(), 1e-12));
    QVERIFY(!projection.note.isEmpty());
}

void TestProjection::identicalPhrasesOverlapExactly()
{
    const Projection projection = project(makeSet({{0.1f, 0.5f, 0.2f}, {0.9f, 0.1f, 0.4f}, {0.1f, 0.5f, 0.2f}}));

    QVERIFY(projection.points[0].x() == projection.points[2].x());
    QVERIFY(projection.points[0].y() == projection.points[2].y());
    QVERIFY(distance(projection.points[0], projection.points[1]) > 0.5);
}

void TestProjection::identicalVectorsAllSitAtOrigin()
{
    const Projection projection = project(makeSet({{1, 2}, {1, 2}, {1, 2}, {1, 2}}));

    for (const QPointF &point : projection.points) {
        QCOMPARE(point.x(), 0.0);
        QCOMPARE(point.y(), 0.0);
    }
    QVERIFY(std::isnan(projection.explainedVarianceRatio[0]));
    QVERIFY(projection.note.contains(u"identical"));
}

// Four points on one line through 3D space: 0, 1, 2 and 4 times (1, 2, 2),
// a vector of length 3, so the ends are 12 apart.
void TestProjection::collinearVectorsMakeLine()
{
    const Projection projection = project(makeSet({{0, 0, 0}, {1, 2, 2}, {2, 4, 4}, {4, 8, 8}}));

    for (const QPointF &point : projection.points)
        QCOMPARE(point.y(), 0.0);
    QVERIFY(closeTo(projection.points[3].x() - projection.points[0].x(), 12.0, 1e-9));
    QVERIFY(closeTo(projection.explainedVarianceRatio[0], 1.0, 1e-12));
    QVERIFY(projection.note.contains(u"line"));
}

void TestProjection::oneDimensionIsEnough()
{
    const Projection projection = project(makeSet({{1}, {2}, {4}}));

    QVERIFY(closeTo(projection.points[2].x() - projection.points[0].x(), 3.0, 1e-12));
    QCOMPARE(projection.points[1].y(), 0.0);
    QCOMPARE(projection.explainedVarianceRatio[1], 0.0);
}

void TestProjection::zeroVectorUnderCosineStaysFinite()
{
    const Projection projection = project(makeSet({{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 2}}), Metric::Cosine);

    for (const QPointF &point : projection.points) {
        QVERIFY(std::isfinite(point.x()));
        QVERIFY(std::isfinite(point.y()));
    }
}

void TestProjection::cancelStopsProjection()
{
    std::atomic_bool cancel = true;

    QVERIFY(!math::projectPca(makeSet({{1, 0}, {0, 1}, {1, 1}}), Metric::Euclidean, &cancel).has_value());
}

// The covariance route, taken above PCA_SVD_MAX_ROWS phrases, on the small
// inputs the SVD route handles above.
void TestProjection::covarianceRouteSmallInputs()
{
    const auto none = math::projectPcaByCovariance(makeSet(std::vector<std::vector<float>>{}), Metric::Euclidean);
    QVERIFY(none.has_value());
    QVERIFY(none->points.empty());

    const auto identical = math::projectPcaByCovariance(makeSet({{1, 2}, {1, 2}, {1, 2}}), Metric::Euclidean);
    for (const QPointF &point : identical->points)
        QCOMPARE(point, QPointF(0.0, 0.0));
    QVERIFY(identical->note.contains(u"identical"));

    const auto duplicates = math::projectPcaByCovariance(
        makeSet({{0.1f, 0.5f, 0.2f}, {0.9f, 0.1f, 0.4f}, {0.1f, 0.5f, 0.2f}, {0.3f, 0.3f, 0.9f}}), Metric::Cosine);
    QVERIFY(duplicates->points[0].x() == duplicates->points[2].x());
    QVERIFY(duplicates->points[0].y() == duplicates->points[2].y());

    const auto withZero = math::projectPcaByCovariance(makeSet({{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 2}}),
                                                       Metric::Cosine);
    for (const QPointF &point : withZero->points) {
        QVERIFY(std::isfinite(point.x()));
        QVERIFY(std::isfinite(point.y()));
    }

    std::atomic_bool cancel = true;
    QVERIFY(!math::projectPcaByCovariance(makeSet({{1, 0}, {0, 1}, {1, 1}}), Metric::Euclidean, &cancel).has_value());
}

QTEST_GUILESS_MAIN(TestProjection)
#include "tst_projection.moc"
