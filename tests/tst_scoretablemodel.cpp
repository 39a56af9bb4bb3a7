#include "scoresortmodel.h"
#include "scoretablemodel.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <limits>

using namespace embedscope;
using embedscope::ui::ScoreSortModel;
using embedscope::ui::ScoreTableModel;

static constexpr float NaN = std::numeric_limits<float>::quiet_NaN();

// Returns a matrix whose row 0 contains scores. The other rows stay zero,
// because a table ranked against phrase 0 reads only row 0.
static math::SimilarityMatrix matrixWithFirstRow(const QList<float> &scores, math::Metric metric)
{
    math::SimilarityMatrix matrix(int(scores.size()), metric);
    for (int column = 0; column < scores.size(); ++column)
        matrix.set(0, column, scores.at(column));
    return matrix;
}

static QStringList phrasesNamed(int count)
{
    QStringList phrases;
    for (int i = 0; i < count; ++i)
        phrases.append(QStringLiteral("phrase %1").arg(i + 1));
    return phrases;
}

// Raw scores of the proxy's rows, top to bottom.
static QList<double> sortedScores(const ScoreSortModel &proxy)
{
    QList<double> scores;
    for (int row = 0; row < proxy.rowCount(); ++row)
        scores.append(proxy.index(row, ScoreTableModel::ScoreColumn).data(ScoreTableModel::RawValueRole).toDouble());
    return scores;
}

static QStringList sortedDisplayScores(const ScoreSortModel &proxy)
{
    QStringList scores;
    for (int row = 0; row < proxy.rowCount(); ++row)
        scores.append(proxy.index(row, ScoreTableModel::ScoreColumn).data().toString());
    return scores;
}

class TestScoreTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void scoresSortAsNumbers_data();
    void scoresSortAsNumbers();
    void undefinedScoresSortLast_data();
    void undefinedScoresSortLast();
    void defaultOrderPutsClosestFirst_data();
    void defaultOrderPutsClosestFirst();
    void headerNamesMetric_data();
    void headerNamesMetric();
    void displayRoundsButRawKeepsValue();
    void positionAndPhraseColumns();
    void referenceRowIsMarked();
    void setScoresResetsModel();
    void clearEmptiesModel();
};

void TestScoreTableModel::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestScoreTableModel::scoresSortAsNumbers_data()
{
    QTest::addColumn<QList<float>>("scores");
    QTest::addColumn<QStringList>("ascendingText");

    // As text these would sort "-0.050, -0.500, 0.300, 12.000, 9.000".
    QTest::newRow("dot products above ten sort after single digits")
        << QList<float>{9.0f, -0.05f, 12.0f, -0.5f, 0.3f}
        << QStringList{QStringLiteral("-0.500"), QStringLiteral("-0.050"), QStringLiteral("0.300"),
                       QStringLiteral("9.000"), QStringLiteral("12.000")};
    QTest::newRow("scores that round alike still sort by raw value")
        << QList<float>{0.1236f, 0.1234f, 0.1235f}
        << QStringList{QStringLiteral("0.123"), QStringLiteral("0.123"), QStringLiteral("0.124")};
}

void TestScoreTableModel::scoresSortAsNumbers()
{
    QFETCH(QList<float>, scores);
    QFETCH(QStringList, ascendingText);

    ScoreTableModel model;
    model.setScores(phrasesNamed(int(scores.size())), matrixWithFirstRow(scores, math::Metric::Dot), 0);
    ScoreSortModel proxy;
    proxy.setSourceModel(&model);

    proxy.sort(ScoreTableModel::ScoreColumn, Qt::AscendingOrder);
    const QList<double> ascending = sortedScores(proxy);
    QVERIFY(std::is_sorted(ascending.cbegin(), ascending.cend()));
    QCOMPARE(sortedDisplayScores(proxy), ascendingText);

    proxy.sort(ScoreTableModel::ScoreColumn, Qt::DescendingOrder);
    const QList<double> descending = sortedScores(proxy);
    QVERIFY(std::is_sorted(descending.crbegin(), descending.crend()));
}

void TestScoreTableModel::undefinedScoresSortLast_data()
{
    QTest::addColumn<QList<float>>("scores");
    QTest::addColumn<int>("undefinedCount");

    QTest::newRow("one zero vector among cosine scores")
        << QList<float>{1.0f, NaN, 0.42f, 0.17f} << 1;
    QTest::newRow("undefined scores at the start of the list")
        << QList<float>{NaN, NaN, 0.5f, -0.2f, 0.9f} << 2;
    QTest::newRow("every score undefined")
        << QList<float>{NaN, NaN, NaN} << 3;
}

void TestScoreTableModel::undefinedScoresSortLast()
{
    QFETCH(QList<float>, scores);
    QFETCH(int, undefinedCount);

    ScoreTableModel model;
    model.setScores(phrasesNamed(int(scores.size())), matrixWithFirstRow(scores, math::Metric::Cosine), 0);
    ScoreSortModel proxy;
    proxy.setSourceModel(&model);
    const int definedCount = int(scores.size()) - undefinedCount;

    for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
        proxy.sort(ScoreTableModel::ScoreColumn, order);
        const QList<double> sorted = sortedScores(proxy);
        for (int row = 0; row < definedCount; ++row)
            QVERIFY2(!std::isnan(sorted.at(row)), qPrintable(QStringLiteral("row %1, order %2").arg(row).arg(order)));
        for (int row = definedCount; row < sorted.size(); ++row) {
            QVERIFY2(std::isnan(sorted.at(row)), qPrintable(QStringLiteral("row %1, order %2").arg(row).arg(order)));
            QCOMPARE(proxy.index(row, ScoreTableModel::ScoreColumn).data().toString(), QStringLiteral("n/a"));
        }
    }
}

void TestScoreTableModel::defaultOrderPutsClosestFirst_data()
{
    QTest::addColumn<math::Metric>("metric");
    QTest::addColumn<QList<float>>("scores");
    QTest::addColumn<Qt::SortOrder>("expectedOrder");
    QTest::addColumn<QList<int>>("expectedPositions");

    QTest::newRow("cosine similarity ranks the highest first")
        << math::Metric::Cosine << QList<float>{1.0f, 0.2f, 0.8f}
        << Qt::DescendingOrder << QList<int>{1, 3, 2};
    QTest::newRow("dot product ranks the highest first")
        << math::Metric::Dot << QList<float>{25.0f, 50.0f, 0.0f}
        << Qt::DescendingOrder << QList<int>{2, 1, 3};
    // Points a = (0, 0), b = (1, 0), c = (10, 0): b is nearest to a.
    QTest::newRow("euclidean distance ranks the nearest first")
        << math::Metric::Euclidean << QList<float>{0.0f, 10.0f, 1.0f}
        << Qt::AscendingOrder << QList<int>{1, 3, 2};
}

void TestScoreTableModel::defaultOrderPutsClosestFirst()
{
    QFETCH(math::Metric, metric);
    QFETCH(QList<float>, scores);
    QFETCH(Qt::SortOrder, expectedOrder);
    QFETCH(QList<int>, expectedPositions);

    ScoreTableModel model;
    model.setScores(phrasesNamed(int(scores.size())), matrixWithFirstRow(scores, metric), 0);
    QCOMPARE(model.defaultSortOrder(), expectedOrder);

    ScoreSortModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ScoreTableModel::ScoreColumn, model.defaultSortOrder());
    QList<int> positions;
    for (int row = 0; row < proxy.rowCount(); ++row)
        positions.append(proxy.index(row, ScoreTableModel::PositionColumn).data().toInt());
    QCOMPARE(positions, expectedPositions);
}

void TestScoreTableModel::headerNamesMetric_data()
{
    QTest::addColumn<math::Metric>("metric");
    QTest::addColumn<QString>("header");

    QTest::newRow("cosine") << math::Metric::Cosine << QStringLiteral("Cosine similarity");
    QTest::newRow("dot product") << math::Metric::Dot << QStringLiteral("Dot product");
    QTest::newRow("euclidean distance") << math::Metric::Euclidean << QStringLiteral("Euclidean distance");
}

void TestScoreTableModel::headerNamesMetric()
{
    QFETCH(math::Metric, metric);
    QFETCH(QString, header);

    ScoreTableModel model;
    QSignalSpy headerSpy(&model, &QAbstractItemModel::headerDataChanged);
    model.setScores(phrasesNamed(2), matrixWithFirstRow({1.0f, 0.5f}, metric), 0);

    QCOMPARE(model.headerData(ScoreTableModel::ScoreColumn, Qt::Horizontal).toString(), header);
    QCOMPARE(model.headerData(ScoreTableModel::PositionColumn, Qt::Horizontal).toString(), QStringLiteral("#"));
    QCOMPARE(model.headerData(ScoreTableModel::PhraseColumn, Qt::Horizontal).toString(), QStringLiteral("Phrase"));
    QCOMPARE(headerSpy.count(), 1);
}

void TestScoreTableModel::displayRoundsButRawKeepsValue()
{
    ScoreTableModel model;
    model.setScores(phrasesNamed(2), matrixWithFirstRow({1.0f, 0.87342f}, math::Metric::Cosine), 0);

    const QModelIndex score = model.index(1, ScoreTableModel::ScoreColumn);
    QCOMPARE(score.data().toString(), QStringLiteral("0.873"));
    QCOMPARE(score.data(ScoreTableModel::RawValueRole).typeId(), QMetaType::Double);
    QCOMPARE(score.data(ScoreTableModel::RawValueRole).toDouble(), double(0.87342f));
    QCOMPARE(model.index(0, ScoreTableModel::ScoreColumn).data().toString(), QStringLiteral("1.000"));
}

void TestScoreTableModel::positionAndPhraseColumns()
{
    const QString longPhrase = QString(120, QLatin1Char('x'));
    ScoreTableModel model;
    model.setScores({QStringLiteral("apple"), longPhrase}, matrixWithFirstRow({1.0f, 0.1f}, math::Metric::Cosine), 0);

    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 3);
    QCOMPARE(model.index(1, ScoreTableModel::PositionColumn).data().toInt(), 2);
    QCOMPARE(model.index(1, ScoreTableModel::PhraseColumn).data().toString(), longPhrase);
    QVERIFY(model.index(1, ScoreTableModel::PhraseColumn).data(Qt::ToolTipRole).toString().contains(longPhrase));
}

void TestScoreTableModel::referenceRowIsMarked()
{
    ScoreTableModel model;
    math::SimilarityMatrix matrix(3, math::Metric::Cosine);
    matrix.set(2, 0, 0.3f);
    matrix.set(2, 1, 0.6f);
    matrix.set(2, 2, 1.0f);
    model.setScores(phrasesNamed(3), matrix, 2);

    QCOMPARE(model.referenceIndex(), 2);
    QVERIFY(model.index(2, 0).data(ScoreTableModel::IsReferenceRole).toBool());
    QVERIFY(!model.index(0, 0).data(ScoreTableModel::IsReferenceRole).toBool());
    QVERIFY(model.index(2, 1).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(model.index(1, ScoreTableModel::ScoreColumn).data().toString(), QStringLiteral("0.600"));
}

void TestScoreTableModel::setScoresResetsModel()
{
    ScoreTableModel model;
    QSignalSpy aboutToReset(&model, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    model.setScores(phrasesNamed(4), matrixWithFirstRow({1.0f, 0.1f, 0.2f, 0.3f}, math::Metric::Cosine), 0);

    QCOMPARE(aboutToReset.count(), 1);
    QCOMPARE(reset.count(), 1);
    QCOMPARE(inserted.count(), 0);
}

void TestScoreTableModel::clearEmptiesModel()
{
    ScoreTableModel model;
    model.setScores(phrasesNamed(2), matrixWithFirstRow({1.0f, 0.5f}, math::Metric::Cosine), 0);
    model.clear();

    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.referenceIndex(), -1);
}

QTEST_MAIN(TestScoreTableModel)
#include "tst_scoretablemodel.moc"
