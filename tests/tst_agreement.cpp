// Agreement between two runs against SciPy's spearmanr (frozen by
// tests/data/agreement/generate.py) and by hand.
#include "math/agreement.h"
#include "support/frozencase.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace embedscope;
using math::Metric;
using math::SimilarityMatrix;

static QJsonObject loadCase(const QString &name)
{
    return frozencase::load(QStringLiteral("agreement"), name);
}

static SimilarityMatrix matrixFrom(const QJsonArray &rows, Metric metric = Metric::Cosine)
{
    return frozencase::matrixFrom(rows, metric);
}

static SimilarityMatrix fromRows(const std::vector<std::vector<float>> &rows, Metric metric = Metric::Cosine)
{
    SimilarityMatrix matrix(int(rows.size()), metric);
    for (int i = 0; i < int(rows.size()); ++i)
        for (int j = 0; j < int(rows.size()); ++j)
            matrix.set(i, j, rows[size_t(i)][size_t(j)]);
    return matrix;
}

class TestAgreement : public QObject
{
    Q_OBJECT

private slots:
    void normalisationNamesRoundTrip();
    void matchesScipySpearman_data();
    void matchesScipySpearman();
    void averageRanksShareTies();
    void identicalRunsAgreePerfectly();
    void jaccardByHand();
    void distancesRankClosestFirst();
    void largestDisagreementComesFirst();
    void rankDifferenceRemovesOffset();
    void undefinedPairsAreLeftOut();
    void truncationToAllDimensionsIsNormalisedOriginal();
    void truncationKeepsLeadingDimensions();
    void cancelledTokenSkipsComputation();
    void uncancelledTokenMatchesPlainCall();
};

void TestAgreement::matchesScipySpearman_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::newRow("random vectors and a perturbed copy") << QStringLiteral("perturbed-25");
    QTest::newRow("values rounded so many pairs tie") << QStringLiteral("ties-20");
}

void TestAgreement::matchesScipySpearman()
{
    QFETCH(QString, caseName);
    const QJsonObject data = loadCase(caseName);
    const SimilarityMatrix a = matrixFrom(data.value(u"a").toArray());
    const SimilarityMatrix b = matrixFrom(data.value(u"b").toArray());

    const math::Agreement agreement = math::compareRuns(a, b, 5);

    QVERIFY(std::abs(agreement.pairSpearman - data.value(u"pair_spearman").toDouble()) < 1e-12);
    const QJsonArray rows = data.value(u"row_spearman").toArray();
    QCOMPARE(agreement.phrases.size(), size_t(rows.size()));
    for (int i = 0; i < rows.size(); ++i)
        QVERIFY2(std::abs(agreement.phrases[size_t(i)].rankCorrelation - rows.at(i).toDouble()) < 1e-12,
                 qPrintable(QStringLiteral("row %1").arg(i)));
}

void TestAgreement::averageRanksShareTies()
{
    QCOMPARE(math::averageRanks({10, 20, 20, 5}), (std::vector<double>{2, 3.5, 3.5, 1}));
}

void TestAgreement::identicalRunsAgreePerfectly()
{
    const SimilarityMatrix a = fromRows({{1, 0.9f, 0.1f, 0.4f}, {0.9f, 1, 0.2f, 0.3f}, {0.1f, 0.2f, 1, 0.7f}, {0.4f, 0.3f, 0.7f, 1}});

    const math::Agreement agreement = math::compareRuns(a, a, 2);

    QCOMPARE(agreement.pairSpearman, 1.0);
    for (const math::PhraseAgreement &phrase : agreement.phrases) {
        QCOMPARE(phrase.neighbourJaccard, 1.0);
        QCOMPARE(phrase.rankCorrelation, 1.0);
    }
    QCOMPARE(agreement.largestDisagreements.front().rankA, agreement.largestDisagreements.front().rankB);
}

// Row 0's top two: in A {1, 2}, in B {1, 3}; Jaccard = 1 / 3.
void TestAgreement::jaccardByHand()
{
    const SimilarityMatrix a = fromRows({{1, 0.9f, 0.8f, 0.1f}, {0.9f, 1, 0.5f, 0.5f}, {0.8f, 0.5f, 1, 0.5f}, {0.1f, 0.5f, 0.5f, 1}});
    const SimilarityMatrix b = fromRows({{1, 0.9f, 0.1f, 0.8f}, {0.9f, 1, 0.5f, 0.5f}, {0.1f, 0.5f, 1, 0.5f}, {0.8f, 0.5f, 0.5f, 1}});

    const math::Agreement agreement = math::compareRuns(a, b, 2);

    QCOMPARE(agreement.k, 2);
    QCOMPARE(math::topNeighbours(a, 0, 2), (std::vector<int>{1, 2}));
    QCOMPARE(math::topNeighbours(b, 0, 2), (std::vector<int>{1, 3}));
    QVERIFY(std::abs(agreement.phrases[0].neighbourJaccard - 1.0 / 3.0) < 1e-12);
}

void TestAgreement::distancesRankClosestFirst()
{
    const SimilarityMatrix distances = fromRows({{0, 1, 10}, {1, 0, 9}, {10, 9, 0}}, Metric::Euclidean);
    QCOMPARE(math::topNeighbours(distances, 0, 1), std::vector<int>{1});

    // The same relation as a similarity agrees perfectly with the distances.
    const SimilarityMatrix similarities = fromRows({{1, 0.9f, 0.0f}, {0.9f, 1, 0.1f}, {0.0f, 0.1f, 1}});
    QCOMPARE(math::compareRuns(distances, similarities, 1).pairSpearman, 1.0);
}

void TestAgreement::largestDisagreementComesFirst()
{
    // Pair (0, 2) is the closest in A and the farthest in B.
    const SimilarityMatrix a = fromRows({{1, 0.5f, 0.9f}, {0.5f, 1, 0.4f}, {0.9f, 0.4f, 1}});
    const SimilarityMatrix b = fromRows({{1, 0.5f, 0.1f}, {0.5f, 1, 0.4f}, {0.1f, 0.4f, 1}});

    const auto pairs = math::compareRuns(a, b, 1).largestDisagreements;

    QCOMPARE(pairs.front().first, 0);
    QCOMPARE(pairs.front().second, 2);
    QCOMPARE(pairs.front().rankA, 1.0);
    QCOMPARE(pairs.front().rankB, 3.0);
    QCOMPARE(pairs.front().scoreA, 0.9f);
    QCOMPARE(pairs.front().scoreB, 0.1f);
}

// Model B scores everything 0.4 lower but in the same order: the raw
// difference is a flat 0.4, the rank difference is zero.
void TestAgreement::rankDifferenceRemovesOffset()
{
    const SimilarityMatrix a = fromRows({{1, 0.9f, 0.7f}, {0.9f, 1, 0.8f}, {0.7f, 0.8f, 1}});
    const SimilarityMatrix b = fromRows({{1, 0.5f, 0.3f}, {0.5f, 1, 0.4f}, {0.3f, 0.4f, 1}});

    const SimilarityMatrix raw = math::differenceMatrix(a, b, math::Normalisation::None);
    QVERIFY(std::abs(raw.at(0, 1) - 0.4f) < 1e-6f);
    QCOMPARE(raw.at(1, 1), 0.0f);

    const SimilarityMatrix ranked = math::differenceMatrix(a, b, math::Normalisation::Rank);
    const SimilarityMatrix zscored = math::differenceMatrix(a, b, math::Normalisation::ZScore);
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            QVERIFY(std::abs(ranked.at(i, j)) < 1e-6f);
            QVERIFY(std::abs(zscored.at(i, j)) < 1e-5f);
        }
    }
}

// Run B has a zero vector for phrase 3, so B has no score for its pairs. On
// the other pairs B is A minus 0.3, so every figure over them must agree.
void TestAgreement::undefinedPairsAreLeftOut()
{
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const SimilarityMatrix a = fromRows(
        {{1, 0.9f, 0.5f, 0.2f}, {0.9f, 1, 0.7f, 0.1f}, {0.5f, 0.7f, 1, 0.3f}, {0.2f, 0.1f, 0.3f, 1}});
    const SimilarityMatrix b = fromRows(
        {{1, 0.6f, 0.2f, nan}, {0.6f, 1, 0.4f, nan}, {0.2f, 0.4f, 1, nan}, {nan, nan, nan, nan}});

    const math::Agreement agreement = math::compareRuns(a, b, 1);

    QCOMPARE(agreement.undefinedPairCount, 3);
    QCOMPARE(agreement.pairSpearman, 1.0);
    QCOMPARE(agreement.phrases.at(0).rankCorrelation, 1.0);
    QCOMPARE(agreement.largestDisagreements.size(), size_t(3));
    for (const math::PairDisagreement &pair : agreement.largestDisagreements) {
        QVERIFY(pair.second != 3);
        QCOMPARE(pair.rankA, pair.rankB);
    }

    for (const math::Normalisation normalisation : {math::Normalisation::Rank, math::Normalisation::ZScore}) {
        const SimilarityMatrix difference = math::differenceMatrix(a, b, normalisation);
        QVERIFY(std::isnan(difference.at(0, 3)));
        QVERIFY(std::isnan(difference.at(3, 2)));
        QVERIFY2(std::abs(difference.at(0, 1)) < 1e-5f, qPrintable(QString::number(difference.at(0, 1))));
        QVERIFY2(std::abs(difference.at(1, 2)) < 1e-5f, qPrintable(QString::number(difference.at(1, 2))));
    }
}

void TestAgreement::truncationToAllDimensionsIsNormalisedOriginal()
{
    embedding::EmbeddingSet vectors(2, 3);
    const float values[] = {0.6f, 0.8f, 0.0f, 0.0f, 0.0f, 1.0f};
    std::copy(std::begin(values), std::end(values), vectors.data());

    QCOMPARE(embedding::truncated(vectors, 3), vectors);

    const auto full = math::computeSimilarity(vectors, Metric::Cosine);
    const auto same = math::computeSimilarity(embedding::truncated(vectors, 3), Metric::Cosine);
    QCOMPARE(math::compareRuns(full, same, 1).phrases[0].neighbourJaccard, 1.0);
}

void TestAgreement::truncationKeepsLeadingDimensions()
{
    embedding::EmbeddingSet vectors(2, 3);
    const float values[] = {3.0f, 4.0f, 12.0f, 0.0f, 0.0f, 1.0f};
    std::copy(std::begin(values), std::end(values), vectors.data());

    const embedding::EmbeddingSet shorter = embedding::truncated(vectors, 2);

    QCOMPARE(shorter.dimensions(), 2);
    QCOMPARE(shorter.row(0)[0], 0.6f);
    QCOMPARE(shorter.row(0)[1], 0.8f);
    QCOMPARE(shorter.row(1)[0], 0.0f);
    QCOMPARE(shorter.row(1)[1], 0.0f);
}

// A token set before the start must return at the first check, so no phrase
// is compared at all.
void TestAgreement::cancelledTokenSkipsComputation()
{
    const SimilarityMatrix a = fromRows({{1, 0.9f, 0.1f}, {0.9f, 1, 0.2f}, {0.1f, 0.2f, 1}});
    const std::atomic_bool cancel = true;

    const std::optional<math::Agreement> agreement = math::compareRuns(a, a, 1, 20, &cancel);

    QVERIFY(!agreement.has_value());
}

void TestAgreement::uncancelledTokenMatchesPlainCall()
{
    const SimilarityMatrix a = fromRows({{1, 0.9f, 0.8f, 0.1f}, {0.9f, 1, 0.5f, 0.5f}, {0.8f, 0.5f, 1, 0.5f}, {0.1f, 0.5f, 0.5f, 1}});
    const SimilarityMatrix b = fromRows({{1, 0.9f, 0.1f, 0.8f}, {0.9f, 1, 0.5f, 0.5f}, {0.1f, 0.5f, 1, 0.5f}, {0.8f, 0.5f, 0.5f, 1}});
    const std::atomic_bool cancel = false;

    const std::optional<math::Agreement> withToken = math::compareRuns(a, b, 2, 20, &cancel);
    const math::Agreement plain = math::compareRuns(a, b, 2);

    QVERIFY(withToken.has_value());
    QCOMPARE(withToken->pairSpearman, plain.pairSpearman);
    QCOMPARE(withToken->phrases.size(), plain.phrases.size());
    for (size_t i = 0; i < plain.phrases.size(); ++i) {
        QCOMPARE(withToken->phrases[i].neighbourJaccard, plain.phrases[i].neighbourJaccard);
        QCOMPARE(withToken->phrases[i].rankCorrelation, plain.phrases[i].rankCorrelation);
    }
    QCOMPARE(withToken->largestDisagreements.size(), plain.largestDisagreements.size());
}

void TestAgreement::normalisationNamesRoundTrip()
{
    for (auto normalisation : {math::Normalisation::None, math::Normalisation::Rank, math::Normalisation::ZScore})
        QCOMPARE(math::normalisationFromName(math::normalisationName(normalisation)), normalisation);
    QCOMPARE(math::normalisationName(math::Normalisation::ZScore), QStringLiteral("zscore"));
    QVERIFY(!math::normalisationFromName(u"z-score").has_value());
}

QTEST_GUILESS_MAIN(TestAgreement)
#include "tst_agreement.moc"
