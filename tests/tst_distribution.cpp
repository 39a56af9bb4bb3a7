// Score distributions against np.histogram, np.percentile and np.mean on the
// matrices frozen by tests/data/analysis/generate.py, plus hand-made edge
// cases.
#include "analysisdata.h"
#include "math/distribution.h"

#include <QTest>

using namespace embedscope;
using namespace analysisdata;
using math::Distribution;
using math::DistributionOptions;

static math::Metric metricNamed(const QString &name)
{
    return name == u"euclidean" ? math::Metric::Euclidean : math::Metric::Cosine;
}

static DistributionOptions optionsFrom(const QJsonObject &expected)
{
    DistributionOptions options;
    options.binCount = expected.value(u"bins").toInt();
    const QJsonArray range = expected.value(u"range").toArray();
    if (range.size() == 2) {
        options.rangeMin = range.at(0).toDouble();
        options.rangeMax = range.at(1).toDouble();
    }
    options.closeThreshold = expected.value(u"threshold").toDouble();
    return options;
}

static std::vector<qint64> countsFrom(const QJsonArray &array)
{
    std::vector<qint64> counts;
    for (const QJsonValue &value : array)
        counts.push_back(qint64(value.toInt()));
    return counts;
}

static std::vector<double> doublesFrom(const QJsonArray &array)
{
    std::vector<double> values;
    for (const QJsonValue &value : array)
        values.push_back(value.toDouble());
    return values;
}

class TestDistribution : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesNumpy_data();
    void matchesNumpy();
    void percentileInterpolatesLinearly_data();
    void percentileInterpolatesLinearly();
    void onlyUndefinedValuesGiveNaN();
    void singleValueWidensRange();
    void valuesOutsideRangeAreCounted();
    void distanceThresholdCountsSmaller();
    void rowLeavesOutDiagonal();
    void invalidReferenceIsEmpty();
    void cancelStopsPairs();
};

void TestDistribution::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestDistribution::matchesNumpy_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<QString>("part");
    QTest::addColumn<int>("setting");

    for (const char *name : {"distribution-random-40x16", "distribution-lattice-30x4", "distribution-euclidean-25x8"}) {
        const QJsonObject data = loadCase(QString::fromLatin1(name));
        for (const char *part : {"pairs", "row"}) {
            const QJsonArray settings = data.value(QLatin1String(part)).toArray();
            for (int i = 0; i < settings.size(); ++i) {
                const QJsonObject s = settings.at(i).toObject();
                const QByteArray range = s.value(u"range").isNull()
                    ? QByteArray("the data's range")
                    : "[" + QByteArray::number(s.value(u"range")[0].toDouble()) + ", "
                        + QByteArray::number(s.value(u"range")[1].toDouble()) + "]";
                QTest::addRow("%s of %s in %d bins over %s", part, name + 13, s.value(u"bins").toInt(),
                              range.constData())
                    << QString::fromLatin1(name) << QString::fromLatin1(part) << i;
            }
        }
    }
}

void TestDistribution::matchesNumpy()
{
    QFETCH(QString, caseName);
    QFETCH(QString, part);
    QFETCH(int, setting);

    const QJsonObject data = loadCase(caseName);
    const math::SimilarityMatrix matrix =
        matrixFrom(data.value(u"matrix").toArray(), metricNamed(data.value(u"metric").toString()));
    const QJsonObject expected = data.value(part).toArray().at(setting).toObject();
    const DistributionOptions options = optionsFrom(expected);

    Distribution actual;
    if (part == u"pairs")
        actual = *math::describePairs(matrix, options);
    else
        actual = math::describeRow(matrix, data.value(u"reference").toInt(), options);

    QCOMPARE(actual.valueCount, qint64(expected.value(u"valueCount").toInt()));
    QCOMPARE(actual.undefinedCount, qint64(expected.value(u"undefinedCount").toInt()));
    QCOMPARE(actual.binEdges, doublesFrom(expected.value(u"binEdges").toArray()));
    QCOMPARE(actual.binCounts, countsFrom(expected.value(u"binCounts").toArray()));
    QCOMPARE(actual.belowRangeCount, qint64(expected.value(u"belowRangeCount").toInt()));
    QCOMPARE(actual.aboveRangeCount, qint64(expected.value(u"aboveRangeCount").toInt()));
    QCOMPARE(actual.minimum, expected.value(u"minimum").toDouble());
    QCOMPARE(actual.maximum, expected.value(u"maximum").toDouble());

    // NumPy sums pairwise and this code in order, so the means may differ in
    // the last bits. The percentiles use the same formula on the same values.
    const double mean = expected.value(u"mean").toDouble();
    QVERIFY2(closeTo(actual.mean, mean, 1e-12), mismatch("mean", actual.mean, mean));
    QCOMPARE(actual.percentile5, expected.value(u"percentile5").toDouble());
    QCOMPARE(actual.median, expected.value(u"percentile50").toDouble());
    const double median = expected.value(u"median").toDouble();
    QVERIFY2(closeTo(actual.median, median, 1e-15), mismatch("median against np.median", actual.median, median));
    QCOMPARE(actual.percentile95, expected.value(u"percentile95").toDouble());
    QCOMPARE(actual.closeShare, expected.value(u"closeShare").toDouble());
}

// Five values 1..5: the 5th percentile sits 0.2 of the way from 1 to 2,
// the 95th 0.8 of the way from 4 to 5 (np.percentile gives 1.2 and 4.8).
void TestDistribution::percentileInterpolatesLinearly_data()
{
    QTest::addColumn<std::vector<float>>("values");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("expected");

    const std::vector<float> shuffled{4, 1, 5, 3, 2};
    QTest::newRow("5th percentile of one to five") << shuffled << 5.0 << 1.2;
    QTest::newRow("median of one to five") << shuffled << 50.0 << 3.0;
    QTest::newRow("95th percentile of one to five") << shuffled << 95.0 << 4.8;
    QTest::newRow("0th percentile is the minimum") << shuffled << 0.0 << 1.0;
    QTest::newRow("100th percentile is the maximum") << shuffled << 100.0 << 5.0;
    QTest::newRow("median of an even count averages the middle two") << std::vector<float>{1, 2, 3, 10} << 50.0
                                                                     << 2.5;
    QTest::newRow("percentile of one value is that value") << std::vector<float>{0.25f} << 95.0 << 0.25;
}

void TestDistribution::percentileInterpolatesLinearly()
{
    QFETCH(std::vector<float>, values);
    QFETCH(double, q);
    QFETCH(double, expected);

    const double actual = math::percentile(values, q);

    QVERIFY2(closeTo(actual, expected, 1e-12), mismatch("percentile", actual, expected));
}

void TestDistribution::onlyUndefinedValuesGiveNaN()
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const auto result = math::describeValues({nan, nan}, DistributionOptions{}, true);

    QVERIFY(result.has_value());
    QCOMPARE(result->valueCount, qint64(0));
    QCOMPARE(result->undefinedCount, qint64(2));
    QVERIFY(std::isnan(result->mean));
    QVERIFY(std::isnan(result->median));
    QVERIFY(std::isnan(result->percentile5));
    QCOMPARE(result->binCounts.size(), size_t(20));
    QCOMPARE(result->binEdges.front(), 0.0);
    QCOMPARE(result->binEdges.back(), 1.0);
}

// np.histogram([0.7], bins=2) gives edges [0.2, 0.7, 1.2] and counts [0, 1].
void TestDistribution::singleValueWidensRange()
{
    DistributionOptions options;
    options.binCount = 2;
    const auto result = math::describeValues({0.7f}, options, true);

    QCOMPARE(result->binEdges.size(), size_t(3));
    QVERIFY(closeTo(result->binEdges[0], double(0.7f) - 0.5, 1e-15));
    QCOMPARE(result->binEdges[1], double(0.7f));
    QCOMPARE(result->binCounts, (std::vector<qint64>{0, 1}));
    QCOMPARE(result->median, double(0.7f));
}

// The last bin is closed: 1.0 lands in it, while -0.5 and 1.5 are outside.
void TestDistribution::valuesOutsideRangeAreCounted()
{
    DistributionOptions options;
    options.binCount = 2;
    options.rangeMin = 0.0;
    options.rangeMax = 1.0;
    const auto result = math::describeValues({-0.5f, 0.0f, 0.5f, 1.0f, 1.5f}, options, true);

    QCOMPARE(result->binCounts, (std::vector<qint64>{1, 2}));
    QCOMPARE(result->belowRangeCount, qint64(1));
    QCOMPARE(result->aboveRangeCount, qint64(1));
    QCOMPARE(result->valueCount, qint64(5));
    QCOMPARE(result->median, 0.5);
}

void TestDistribution::distanceThresholdCountsSmaller()
{
    DistributionOptions options;
    options.closeThreshold = 2.0;

    const auto distances = math::describeValues({1.0f, 2.0f, 3.0f, 4.0f}, options, false);
    const auto similarities = math::describeValues({1.0f, 2.0f, 3.0f, 4.0f}, options, true);

    QCOMPARE(distances->closeShare, 0.5);
    QCOMPARE(similarities->closeShare, 0.75);
}

void TestDistribution::rowLeavesOutDiagonal()
{
    math::SimilarityMatrix matrix(3, math::Metric::Cosine);
    const float values[3][3] = {{1.0f, 0.2f, 0.4f}, {0.2f, 1.0f, 0.9f}, {0.4f, 0.9f, 1.0f}};
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j)
            matrix.set(i, j, values[i][j]);
    }

    const Distribution row = math::describeRow(matrix, 0, DistributionOptions{});
    const auto pairs = math::describePairs(matrix, DistributionOptions{});

    QCOMPARE(row.valueCount, qint64(2));
    QCOMPARE(row.maximum, double(0.4f));
    QCOMPARE(pairs->valueCount, qint64(3));
    QCOMPARE(pairs->maximum, double(0.9f));
    QVERIFY(closeTo(pairs->mean, (double(0.2f) + double(0.4f) + double(0.9f)) / 3.0, 1e-15));
}

void TestDistribution::invalidReferenceIsEmpty()
{
    const math::SimilarityMatrix matrix(2, math::Metric::Cosine);

    const Distribution row = math::describeRow(matrix, 5, DistributionOptions{});

    QCOMPARE(row.valueCount, qint64(0));
    QVERIFY(std::isnan(row.mean));
}

void TestDistribution::cancelStopsPairs()
{
    std::atomic_bool cancel = true;
    const math::SimilarityMatrix matrix(10, math::Metric::Cosine);

    QVERIFY(!math::describePairs(matrix, DistributionOptions{}, &cancel).has_value());
}

QTEST_GUILESS_MAIN(TestDistribution)
#include "tst_distribution.moc"
