// Classification by label embeddings on small sets whose expected labels
// are known by construction.
#include "analysisdata.h"
#include "math/classification.h"

#include <QTest>

using namespace embedscope;
using analysisdata::makeSet;
using math::LabelPrediction;
using math::Metric;

// Three labels along the first three axes of 4D space.
static embedding::EmbeddingSet axisLabels()
{
    return makeSet({{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}});
}

// Phrases built from the label axes: each leans to one label by design.
// Phrase 0 is [2, 1, 0, 0]: cosine 2/sqrt(5) to label 0, 1/sqrt(5) to label 1.
static embedding::EmbeddingSet leaningPhrases()
{
    return makeSet({
        {2, 1, 0, 0},
        {0, 3, 1, 1},
        {0, 0, 5, 0},
        {1, 0, 0, 4},
        {0, 1, 2, 0},
    });
}

static std::vector<int> labelsOf(const std::vector<LabelPrediction> &predictions)
{
    std::vector<int> labels;
    for (const LabelPrediction &prediction : predictions)
        labels.push_back(prediction.label);
    return labels;
}

class TestClassification : public QObject
{
    Q_OBJECT

private slots:
    void bestLabelByConstruction_data();
    void bestLabelByConstruction();
    void scoreAndMarginByHand();
    void tieGoesToEarlierLabel();
    void singleLabelHasNoMargin();
    void zeroVectorIsUnclassified();
    void mismatchedDimensionsFail();
    void accuracyAndConfusion();
    void unlabelledPhrasesAreSkipped();
    void noExpectedLabelsGiveNaN();
};

void TestClassification::bestLabelByConstruction_data()
{
    QTest::addColumn<Metric>("metric");
    QTest::addColumn<std::vector<int>>("expected");

    QTest::newRow("cosine picks the axis each phrase leans to") << Metric::Cosine << std::vector<int>{0, 1, 2, 0, 2};
    QTest::newRow("dot product picks the same axes") << Metric::Dot << std::vector<int>{0, 1, 2, 0, 2};
    QTest::newRow("euclidean picks the nearest label point") << Metric::Euclidean << std::vector<int>{0, 1, 2, 0, 2};
}

void TestClassification::bestLabelByConstruction()
{
    QFETCH(Metric, metric);
    QFETCH(std::vector<int>, expected);

    const auto predictions = math::classifyPhrases(leaningPhrases(), axisLabels(), metric);

    QVERIFY2(predictions.has_value(), analysisdata::errorOf(predictions));
    QCOMPARE(labelsOf(*predictions), expected);
}

// Phrase [2, 1, 0, 0]: cosine 2/sqrt(5) to label 0 and 1/sqrt(5) to label 1,
// so the margin is 1/sqrt(5). Under Euclidean the distances to the three
// labels are sqrt(2), 2 and sqrt(6), so the margin is 2 - sqrt(2).
void TestClassification::scoreAndMarginByHand()
{
    const auto cosine = math::classifyPhrases(leaningPhrases(), axisLabels(), Metric::Cosine);
    const auto euclidean = math::classifyPhrases(leaningPhrases(), axisLabels(), Metric::Euclidean);

    QVERIFY(std::abs(cosine->front().score - 2.0f / std::sqrt(5.0f)) < 1e-6f);
    QVERIFY(std::abs(cosine->front().margin - 1.0f / std::sqrt(5.0f)) < 1e-6f);
    QVERIFY(std::abs(euclidean->front().score - std::sqrt(2.0f)) < 1e-6f);
    QVERIFY(std::abs(euclidean->front().margin - (2.0f - std::sqrt(2.0f))) < 1e-6f);
}

void TestClassification::tieGoesToEarlierLabel()
{
    const auto predictions = math::classifyPhrases(makeSet({{1, 1, 0, 0}}), axisLabels(), Metric::Cosine);

    QCOMPARE(predictions->front().label, 0);
    QCOMPARE(predictions->front().margin, 0.0f);
}

void TestClassification::singleLabelHasNoMargin()
{
    const auto predictions =
        math::classifyPhrases(leaningPhrases(), makeSet({{1, 0, 0, 0}}), Metric::Cosine);

    QCOMPARE(predictions->front().label, 0);
    QVERIFY(std::isnan(predictions->front().margin));
}

void TestClassification::zeroVectorIsUnclassified()
{
    const auto predictions = math::classifyPhrases(makeSet({{0, 0, 0, 0}}), axisLabels(), Metric::Cosine);

    QCOMPARE(predictions->front().label, -1);
    QVERIFY(std::isnan(predictions->front().score));
}

void TestClassification::mismatchedDimensionsFail()
{
    const auto predictions = math::classifyPhrases(makeSet({{1, 0, 0}}), axisLabels(), Metric::Cosine);

    QVERIFY(!predictions.has_value());
    QVERIFY(predictions.error().contains(u"3 and 4 dimensions"));
}

// Predictions {0, 1, 2, 0, 2} against truth {0, 1, 2, 1, 1}: three right,
// phrase 3 (truth 1) taken for 0 and phrase 4 (truth 1) taken for 2.
void TestClassification::accuracyAndConfusion()
{
    const auto predictions = *math::classifyPhrases(leaningPhrases(), axisLabels(), Metric::Cosine);

    const auto evaluation = math::evaluateClassification(predictions, {0, 1, 2, 1, 1}, 3);

    QCOMPARE(evaluation.evaluatedCount, 5);
    QCOMPARE(evaluation.correctCount, 3);
    QCOMPARE(evaluation.accuracy, 0.6);
    QCOMPARE(evaluation.unclassifiedCount, 0);
    const std::vector<std::vector<int>> confusion{{1, 0, 0}, {1, 1, 1}, {0, 0, 1}};
    QCOMPARE(evaluation.confusion, confusion);
}

void TestClassification::unlabelledPhrasesAreSkipped()
{
    std::vector<LabelPrediction> predictions(3);
    predictions[0].label = 1;
    predictions[1].label = 0;
    predictions[2].label = -1;

    const auto evaluation = math::evaluateClassification(predictions, {1, -1, 0}, 2);

    QCOMPARE(evaluation.evaluatedCount, 2);
    QCOMPARE(evaluation.correctCount, 1);
    QCOMPARE(evaluation.unclassifiedCount, 1);
    QCOMPARE(evaluation.accuracy, 0.5);
}

void TestClassification::noExpectedLabelsGiveNaN()
{
    const auto evaluation = math::evaluateClassification(std::vector<LabelPrediction>(2), {-1, 7}, 3);

    QCOMPARE(evaluation.evaluatedCount, 0);
    QVERIFY(std::isnan(evaluation.accuracy));
}

QTEST_GUILESS_MAIN(TestClassification)
#include "tst_classification.moc"
