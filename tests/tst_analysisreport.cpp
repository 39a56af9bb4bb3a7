// The JSON analysis report: its layout, and that every number in it equals
// what the individual math functions return for the same snapshot.
#include "analysisdata.h"
#include "math/classification.h"
#include "math/clustersummary.h"
#include "math/neighbours.h"
#include "math/outliers.h"
#include "math/search.h"
#include "workspace/analysisreport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace embedscope;
using namespace Qt::Literals::StringLiterals;
using analysisdata::makeSet;
using math::Metric;
using workspace::AnalysisOptions;
using workspace::Snapshot;

// Animals, vehicles and a fruit in 4D, with "cat" twice.
static Snapshot sevenPhrases(Metric metric = Metric::Cosine)
{
    Snapshot snapshot;
    snapshot.phrases = {u"cat"_s, u"kitten"_s, u"cat"_s, u"car"_s, u"truck"_s, u"bus"_s, u"banana"_s};
    snapshot.vectors = makeSet({
        {1, 0.1f, 0, 0},
        {0.9f, 0.2f, 0, 0.05f},
        {1, 0.1f, 0, 0},
        {0, 1, 0.1f, 0},
        {0.05f, 0.9f, 0.2f, 0},
        {0, 0.95f, 0.15f, 0.05f},
        {0, 0, 0.2f, 1},
    });
    snapshot.matrix = math::computeSimilarity(snapshot.vectors, metric);
    snapshot.source = u"test vectors"_s;
    return snapshot;
}

static AnalysisOptions fullOptions()
{
    AnalysisOptions options;
    options.neighbourCount = 3;
    options.clusterCut = {workspace::ClusterCut::Kind::Count, 3};
    options.outlierNeighbourCount = 2;
    options.distribution.binCount = 10;
    options.distribution.closeThreshold = 0.5;
    options.referenceIndex = 3;
    options.labelNames = {u"animal"_s, u"vehicle"_s, u"fruit"_s};
    options.labelVectors = makeSet({{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}});
    options.expectedLabels = {0, 0, 0, 1, 1, 1, 0}; // "banana" marked wrongly on purpose
    options.queryText = u"vehicle"_s;
    options.queryVector = {0.1f, 1, 0, 0};
    return options;
}

static QJsonObject buildReport(const Snapshot &snapshot, const AnalysisOptions &options)
{
    const auto report = workspace::buildAnalysisReport(snapshot, options);
    if (!report)
        qFatal("the analysis report was cancelled without a cancel flag");
    return *report;
}

// JSON stores numbers as double, so a float score must come back as the
// same double.
static bool sameRanking(const QJsonArray &json, const std::vector<math::RankedScore> &ranking)
{
    if (json.size() != qsizetype(ranking.size()))
        return false;
    for (size_t i = 0; i < ranking.size(); ++i) {
        const QJsonObject entry = json.at(qsizetype(i)).toObject();
        if (entry.value(u"index").toInt() != ranking[i].index || entry.value(u"score").toDouble() != double(ranking[i].score))
            return false;
    }
    return true;
}

static double numberOrNaN(const QJsonValue &value)
{
    return analysisdata::numberOrNaN(value);
}

class TestAnalysisReport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sectionsArePresent_data();
    void sectionsArePresent();
    void headerDescribesSnapshot();
    void neighboursMatchFunction();
    void nearDuplicatesMatchFunction();
    void clustersMatchFunctions();
    void outliersMatchFunction();
    void distributionMatchesFunctions();
    void classificationMatchesFunctions();
    void searchMatchesFunction();
    void optionalSectionsAreLeftOut();
    void undefinedScoresBecomeNull();
    void reportSurvivesJsonRoundTrip();
    void badLabelsOnlyFailClassification();
    void badExpectedLabelsOnlyFailEvaluation();
    void referenceOutOfRangeIsReported();
    void euclideanNeedsDuplicateThreshold();
    void mismatchedSnapshotIsReported();
    void cancelStopsReport();
};

void TestAnalysisReport::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestAnalysisReport::sectionsArePresent_data()
{
    QTest::addColumn<QString>("key");

    for (const char *key : {"phrases", "neighbours", "nearDuplicates", "clusters", "outliers", "distribution",
                            "classification", "search"}) {
        QTest::addRow("report has %s", key) << QString::fromLatin1(key);
    }
}

void TestAnalysisReport::sectionsArePresent()
{
    QFETCH(QString, key);

    const QJsonObject report = buildReport(sevenPhrases(), fullOptions());

    QVERIFY(report.contains(key));
    QVERIFY(!report.value(key).toObject().contains(u"error"));
}

void TestAnalysisReport::headerDescribesSnapshot()
{
    const QJsonObject report = buildReport(sevenPhrases(), fullOptions());

    QCOMPARE(report.value(u"format").toString(), u"embedscope-analysis"_s);
    QCOMPARE(report.value(u"version").toInt(), 1);
    QCOMPARE(report.value(u"metric").toString(), u"cosine"_s);
    QCOMPARE(report.value(u"higherIsCloser").toBool(), true);
    QCOMPARE(report.value(u"phraseCount").toInt(), 7);
    QCOMPARE(report.value(u"phrases").toArray().at(6).toString(), u"banana"_s);
    QCOMPARE(report.value(u"source").toString(), u"test vectors"_s);
    QVERIFY(!report.contains(u"error"));
}

void TestAnalysisReport::neighboursMatchFunction()
{
    const Snapshot snapshot = sevenPhrases();
    const QJsonObject section = buildReport(snapshot, fullOptions()).value(u"neighbours").toObject();
    const QJsonArray byPhrase = section.value(u"byPhrase").toArray();

    QCOMPARE(section.value(u"k").toInt(), 3);
    QCOMPARE(byPhrase.size(), 7);
    for (int i = 0; i < 7; ++i) {
        QVERIFY2(sameRanking(byPhrase.at(i).toArray(), math::nearestNeighbours(snapshot.matrix, i, 3)),
                 qPrintable(u"phrase %1"_s.arg(i)));
    }
    QCOMPARE(byPhrase.at(0).toArray().at(0).toObject().value(u"index").toInt(), 2);
}

void TestAnalysisReport::nearDuplicatesMatchFunction()
{
    const Snapshot snapshot = sevenPhrases();
    const QJsonObject section = buildReport(snapshot, fullOptions()).value(u"nearDuplicates").toObject();
    const auto expected = *math::findNearDuplicates(snapshot.matrix, 0.95f, 1000);
    const QJsonArray pairs = section.value(u"pairs").toArray();

    QCOMPARE(section.value(u"threshold").toDouble(), double(0.95f));
    QCOMPARE(section.value(u"matchingPairCount").toInteger(), expected.matchingPairCount);
    QCOMPARE(pairs.size(), qsizetype(expected.pairs.size()));
    for (qsizetype i = 0; i < pairs.size(); ++i) {
        const QJsonObject pair = pairs.at(i).toObject();
        QCOMPARE(pair.value(u"first").toInt(), expected.pairs[size_t(i)].first);
        QCOMPARE(pair.value(u"second").toInt(), expected.pairs[size_t(i)].second);
        QCOMPARE(pair.value(u"score").toDouble(), double(expected.pairs[size_t(i)].score));
    }
    QCOMPARE(pairs.at(0).toObject().value(u"first").toInt(), 0);
    QCOMPARE(pairs.at(0).toObject().value(u"second").toInt(), 2);
}

void TestAnalysisReport::clustersMatchFunctions()
{
    const Snapshot snapshot = sevenPhrases();
    const QJsonObject section = buildReport(snapshot, fullOptions()).value(u"clusters").toObject();
    const auto dendrogram = math::clusterHierarchically(math::condensedDistances(snapshot.matrix), 7,
                                                        math::Linkage::Average);
    const std::vector<int> labels = dendrogram->cutIntoClusters(3);
    const auto summaries = *math::summariseClusters(snapshot.matrix, labels);
    const QJsonArray clusters = section.value(u"clusters").toArray();

    QCOMPARE(section.value(u"linkage").toString(), u"average"_s);
    QCOMPARE(section.value(u"cut").toObject().value(u"count").toInt(), 3);
    QCOMPARE(analysisdata::intsFrom(section.value(u"labels").toArray()), labels);
    QCOMPARE(clusters.size(), qsizetype(summaries.size()));
    for (qsizetype i = 0; i < clusters.size(); ++i) {
        const QJsonObject cluster = clusters.at(i).toObject();
        const math::ClusterSummary &summary = summaries[size_t(i)];
        QCOMPARE(cluster.value(u"label").toInt(), summary.label);
        QCOMPARE(cluster.value(u"size").toInt(), int(summary.members.size()));
        QCOMPARE(analysisdata::intsFrom(cluster.value(u"members").toArray()), summary.members);
        QCOMPARE(cluster.value(u"centralMember").toInt(), summary.centralMember);
        QVERIFY(analysisdata::closeTo(numberOrNaN(cluster.value(u"centralMeanScore")), summary.centralMeanScore, 0.0));
        QVERIFY(analysisdata::closeTo(numberOrNaN(cluster.value(u"meanInternalScore")), summary.meanInternalScore, 0.0));
    }
    // Animals, vehicles and the fruit alone, which has no internal score.
    QCOMPARE(clusters.size(), 3);
    const QJsonObject fruit = clusters.at(labels[6]).toObject();
    QCOMPARE(fruit.value(u"size").toInt(), 1);
    QVERIFY(fruit.value(u"meanInternalScore").isNull());
}

void TestAnalysisReport::outliersMatchFunction()
{
    const Snapshot snapshot = sevenPhrases();
    const QJsonObject section = buildReport(snapshot, fullOptions()).value(u"outliers").toObject();
    const auto scores = *math::scoreOutliers(snapshot.matrix, 2);
    const QJsonArray ranking = section.value(u"ranking").toArray();

    QCOMPARE(section.value(u"k").toInt(), 2);
    QCOMPARE(ranking.size(), qsizetype(scores.size()));
    for (qsizetype i = 0; i < ranking.size(); ++i) {
        const QJsonObject entry = ranking.at(i).toObject();
        QCOMPARE(entry.value(u"index").toInt(), scores[size_t(i)].index);
        QCOMPARE(entry.value(u"score").toDouble(), scores[size_t(i)].score);
        QCOMPARE(entry.value(u"neighbourCount").toInt(), scores[size_t(i)].neighbourCount);
    }
    QCOMPARE(ranking.at(0).toObject().value(u"index").toInt(), 6);
}

void TestAnalysisReport::distributionMatchesFunctions()
{
    const Snapshot snapshot = sevenPhrases();
    const AnalysisOptions options = fullOptions();
    const QJsonObject section = buildReport(snapshot, options).value(u"distribution").toObject();
    const auto pairs = *math::describePairs(snapshot.matrix, options.distribution);
    const auto row = math::describeRow(snapshot.matrix, 3, options.distribution);
    const QJsonObject jsonPairs = section.value(u"pairs").toObject();
    const QJsonObject jsonRow = section.value(u"reference").toObject();

    QCOMPARE(section.value(u"closeThreshold").toDouble(), 0.5);
    QCOMPARE(jsonPairs.value(u"valueCount").toInteger(), pairs.valueCount);
    QCOMPARE(jsonPairs.value(u"binCounts").toArray().size(), 10);
    for (int bin = 0; bin < 10; ++bin)
        QCOMPARE(jsonPairs.value(u"binCounts").toArray().at(bin).toInteger(), pairs.binCounts[size_t(bin)]);
    QCOMPARE(jsonPairs.value(u"binEdges").toArray().at(10).toDouble(), pairs.binEdges[10]);
    QCOMPARE(jsonPairs.value(u"mean").toDouble(), pairs.mean);
    QCOMPARE(jsonPairs.value(u"median").toDouble(), pairs.median);
    QCOMPARE(jsonPairs.value(u"percentile5").toDouble(), pairs.percentile5);
    QCOMPARE(jsonPairs.value(u"percentile95").toDouble(), pairs.percentile95);
    QCOMPARE(jsonPairs.value(u"closeShare").toDouble(), pairs.closeShare);
    QCOMPARE(jsonRow.value(u"index").toInt(), 3);
    QCOMPARE(jsonRow.value(u"valueCount").toInteger(), row.valueCount);
    QCOMPARE(jsonRow.value(u"median").toDouble(), row.median);
    QCOMPARE(jsonRow.value(u"maximum").toDouble(), row.maximum);
}

void TestAnalysisReport::classificationMatchesFunctions()
{
    const Snapshot snapshot = sevenPhrases();
    const AnalysisOptions options = fullOptions();
    const QJsonObject section = buildReport(snapshot, options).value(u"classification").toObject();
    const auto predictions = *math::classifyPhrases(snapshot.vectors, options.labelVectors, Metric::Cosine);
    const QJsonArray jsonPredictions = section.value(u"predictions").toArray();
    const QJsonObject evaluation = section.value(u"evaluation").toObject();

    QCOMPARE(section.value(u"labels").toArray().at(1).toString(), u"vehicle"_s);
    QCOMPARE(jsonPredictions.size(), 7);
    for (int i = 0; i < 7; ++i) {
        const QJsonObject prediction = jsonPredictions.at(i).toObject();
        QCOMPARE(prediction.value(u"label").toInt(), predictions[size_t(i)].label);
        QCOMPARE(prediction.value(u"score").toDouble(), double(predictions[size_t(i)].score));
        QCOMPARE(prediction.value(u"margin").toDouble(), double(predictions[size_t(i)].margin));
        QCOMPARE(prediction.value(u"expected").toInt(-2), options.expectedLabels[size_t(i)]);
    }
    const int byConstruction[7] = {0, 0, 0, 1, 1, 1, 2};
    for (int i = 0; i < 7; ++i)
        QCOMPARE(jsonPredictions.at(i).toObject().value(u"label").toInt(), byConstruction[i]);
    QCOMPARE(evaluation.value(u"evaluatedCount").toInt(), 7);
    QCOMPARE(evaluation.value(u"correctCount").toInt(), 6);
    QCOMPARE(evaluation.value(u"accuracy").toDouble(), 6.0 / 7.0);
    QCOMPARE(evaluation.value(u"confusion").toArray().at(0).toArray().at(2).toInt(), 1);
    QCOMPARE(evaluation.value(u"confusion").toArray().at(1).toArray().at(1).toInt(), 3);
    QVERIFY(evaluation.value(u"confusionAxes").toString().startsWith(u"rows: expected label"));
}

void TestAnalysisReport::searchMatchesFunction()
{
    const Snapshot snapshot = sevenPhrases();
    const AnalysisOptions options = fullOptions();
    const QJsonObject section = buildReport(snapshot, options).value(u"search").toObject();
    const auto ranking = *math::rankByQuery(options.queryVector, snapshot.vectors, Metric::Cosine);

    QCOMPARE(section.value(u"query").toString(), u"vehicle"_s);
    QVERIFY(sameRanking(section.value(u"ranking").toArray(), ranking));
    QCOMPARE(section.value(u"ranking").toArray().at(0).toObject().value(u"index").toInt(), 3);
}

void TestAnalysisReport::optionalSectionsAreLeftOut()
{
    const QJsonObject report = buildReport(sevenPhrases(), AnalysisOptions{});

    QVERIFY(!report.contains(u"classification"));
    QVERIFY(!report.contains(u"search"));
    QVERIFY(!report.value(u"distribution").toObject().contains(u"reference"));
    QVERIFY(report.value(u"distribution").toObject().value(u"closeThreshold").isNull());
    QCOMPARE(report.value(u"clusters").toObject().value(u"cut").toObject().value(u"distance").toDouble(), 0.5);
}

// A zero vector has no cosine with anything: its scores are NaN, written as
// null, and it has no neighbours.
void TestAnalysisReport::undefinedScoresBecomeNull()
{
    Snapshot snapshot = sevenPhrases();
    std::fill(snapshot.vectors.row(6).begin(), snapshot.vectors.row(6).end(), 0.0f);
    snapshot.matrix = math::computeSimilarity(snapshot.vectors, Metric::Cosine);

    const QJsonObject report = buildReport(snapshot, fullOptions());
    const QJsonArray outliers = report.value(u"outliers").toObject().value(u"ranking").toArray();
    const QJsonObject banana = report.value(u"classification").toObject().value(u"predictions").toArray().at(6).toObject();

    QVERIFY(report.value(u"neighbours").toObject().value(u"byPhrase").toArray().at(6).toArray().isEmpty());
    QCOMPARE(outliers.last().toObject().value(u"index").toInt(), 6);
    QVERIFY(outliers.last().toObject().value(u"score").isNull());
    QVERIFY(banana.value(u"label").isNull());
    QVERIFY(banana.value(u"score").isNull());
    QCOMPARE(report.value(u"distribution").toObject().value(u"pairs").toObject().value(u"undefinedCount").toInt(), 6);
}

void TestAnalysisReport::reportSurvivesJsonRoundTrip()
{
    Snapshot snapshot = sevenPhrases();
    std::fill(snapshot.vectors.row(6).begin(), snapshot.vectors.row(6).end(), 0.0f);
    snapshot.matrix = math::computeSimilarity(snapshot.vectors, Metric::Cosine);
    const QJsonObject report = buildReport(snapshot, fullOptions());

    QJsonParseError error;
    const QJsonDocument parsed = QJsonDocument::fromJson(QJsonDocument(report).toJson(), &error);

    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(parsed.object(), report);
}

void TestAnalysisReport::badLabelsOnlyFailClassification()
{
    AnalysisOptions options = fullOptions();
    options.labelVectors = makeSet({{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});

    const QJsonObject report = buildReport(sevenPhrases(), options);
    const QString error = report.value(u"classification").toObject().value(u"error").toString();

    QVERIFY2(error.contains(u"4 and 3 dimensions"), qPrintable(error));
    QVERIFY(report.contains(u"clusters"));
    QVERIFY(report.contains(u"search"));
}

void TestAnalysisReport::badExpectedLabelsOnlyFailEvaluation()
{
    AnalysisOptions options = fullOptions();
    options.expectedLabels = {0, 1};

    const QJsonObject section = buildReport(sevenPhrases(), options).value(u"classification").toObject();

    QCOMPARE(section.value(u"predictions").toArray().size(), 7);
    QVERIFY(section.value(u"evaluation").toObject().value(u"error").toString().contains(u"2 expected labels for 7"));
}

void TestAnalysisReport::referenceOutOfRangeIsReported()
{
    AnalysisOptions options = fullOptions();
    options.referenceIndex = 7;

    const QJsonObject reference =
        buildReport(sevenPhrases(), options).value(u"distribution").toObject().value(u"reference").toObject();

    QVERIFY(reference.value(u"error").toString().contains(u"use 0 to 6"));
}

void TestAnalysisReport::euclideanNeedsDuplicateThreshold()
{
    const QJsonObject unset = buildReport(sevenPhrases(Metric::Euclidean), AnalysisOptions{});
    AnalysisOptions options;
    options.nearDuplicateThreshold = 0.01f;
    const QJsonObject set = buildReport(sevenPhrases(Metric::Euclidean), options);

    QVERIFY(unset.value(u"nearDuplicates").toObject().value(u"error").toString().contains(u"euclidean"));
    QCOMPARE(set.value(u"nearDuplicates").toObject().value(u"pairs").toArray().size(), 1);
    QCOMPARE(set.value(u"higherIsCloser").toBool(), false);
}

void TestAnalysisReport::mismatchedSnapshotIsReported()
{
    Snapshot snapshot = sevenPhrases();
    snapshot.phrases.removeLast();

    const QJsonObject report = buildReport(snapshot, fullOptions());

    QVERIFY(report.value(u"error").toString().contains(u"differ in size"));
    QVERIFY(!report.contains(u"clusters"));
}

void TestAnalysisReport::cancelStopsReport()
{
    std::atomic_bool cancel = true;

    QVERIFY(!workspace::buildAnalysisReport(sevenPhrases(), fullOptions(), &cancel).has_value());
}

QTEST_GUILESS_MAIN(TestAnalysisReport)
#include "tst_analysisreport.moc"
