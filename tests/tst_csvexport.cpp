// CSV export: locale-independent numbers, quoting, undefined cells.
#include "workspace/csvexport.h"

#include <QLocale>
#include <QTest>

#include <limits>

using namespace embedscope;

static workspace::Snapshot makeSnapshot()
{
    workspace::Snapshot snapshot;
    snapshot.phrases = {QStringLiteral("\u00C4pfel, rot"), QStringLiteral("caf\u00E9"), QStringLiteral("say \"hi\"")};
    snapshot.matrix = math::SimilarityMatrix(3, math::Metric::Cosine);
    const float values[3][3] = {{1.0f, 0.8734f, -0.05f}, {0.8734f, 1.0f, 0.25f}, {-0.05f, 0.25f, 1.0f}};
    for (int row = 0; row < 3; ++row)
        for (int column = 0; column < 3; ++column)
            snapshot.matrix.set(row, column, values[row][column]);
    return snapshot;
}

class TestCsvExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany)); }
    void fieldsAreQuotedWhenNeeded_data();
    void fieldsAreQuotedWhenNeeded();
    void matrixUsesDecimalPointUnderGermanLocale();
    void scoresAreRankedClosestFirst();
    void undefinedScoresAreEmptyCells();
};

void TestCsvExport::fieldsAreQuotedWhenNeeded_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");

    QTest::newRow("plain word stays bare") << QStringLiteral("apple") << QStringLiteral("apple");
    QTest::newRow("comma is quoted") << QStringLiteral("a, b") << QStringLiteral("\"a, b\"");
    QTest::newRow("quote is doubled") << QStringLiteral("say \"hi\"") << QStringLiteral("\"say \"\"hi\"\"\"");
    QTest::newRow("line break is quoted") << QStringLiteral("a\nb") << QStringLiteral("\"a\nb\"");
}

void TestCsvExport::fieldsAreQuotedWhenNeeded()
{
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QCOMPARE(workspace::csvField(field), expected);
}

void TestCsvExport::matrixUsesDecimalPointUnderGermanLocale()
{
    const QString csv = QString::fromUtf8(workspace::matrixCsv(makeSnapshot()));
    const QStringList lines = csv.split(u'\n', Qt::SkipEmptyParts);

    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), QStringLiteral("phrase,\"\u00C4pfel, rot\",caf\u00E9,\"say \"\"hi\"\"\""));
    QCOMPARE(lines.at(1), QStringLiteral("\"\u00C4pfel, rot\",1,0.8734,-0.05"));
    QVERIFY(!csv.contains(QStringLiteral("0,87")));
}

void TestCsvExport::scoresAreRankedClosestFirst()
{
    const QStringList lines = QString::fromUtf8(workspace::scoresCsv(makeSnapshot(), 0)).split(u'\n', Qt::SkipEmptyParts);

    QCOMPARE(lines.at(0), QStringLiteral("rank,index,phrase,cosine"));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("1,1,")));
    QCOMPARE(lines.at(2), QStringLiteral("2,2,caf\u00E9,0.8734"));
    QVERIFY(lines.at(3).startsWith(QStringLiteral("3,3,")));
    QVERIFY(lines.at(3).endsWith(QStringLiteral(",-0.05")));
}

void TestCsvExport::undefinedScoresAreEmptyCells()
{
    workspace::Snapshot snapshot = makeSnapshot();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    for (int i = 0; i < 3; ++i) {
        snapshot.matrix.set(1, i, nan);
        snapshot.matrix.set(i, 1, nan);
    }

    const QStringList lines = QString::fromUtf8(workspace::matrixCsv(snapshot)).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.at(2), QStringLiteral("caf\u00E9,,,"));
    QCOMPARE(lines.at(1), QStringLiteral("\"\u00C4pfel, rot\",1,,-0.05"));

    const QStringList scores = QString::fromUtf8(workspace::scoresCsv(snapshot, 0)).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(scores.last(), QStringLiteral("3,2,caf\u00E9,"));
}

QTEST_GUILESS_MAIN(TestCsvExport)
#include "tst_csvexport.moc"
