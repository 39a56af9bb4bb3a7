// Runs of a model comparison in the workspace, with the offline built-in
// provider: phrase checks, truncation without requests, metric changes.
#include "workspace/embeddingrun.h"
#include "workspace/runset.h"

#include <QSignalSpy>
#include <QTest>

using namespace embedscope;
using workspace::RunSet;
using workspace::RunSpec;

static RunSpec builtinSpec(const QString &name, int truncateTo = 0)
{
    RunSpec spec;
    spec.name = name;
    spec.provider = embedding::presetFor(embedding::ProviderKind::Builtin);
    spec.truncateTo = truncateTo;
    return spec;
}

// Adds a run and waits for the set to accept or reject it; returns the
// rejection message, empty on success.
static QString addAndWait(RunSet &runs, const QStringList &phrases, const RunSpec &spec)
{
    QSignalSpy changed(&runs, &RunSet::runsChanged);
    QSignalSpy failed(&runs, &RunSet::runFailed);
    runs.addRun(phrases, spec);
    if (!QTest::qWaitFor([&] { return changed.size() + failed.size() > 0; }, 30000))
        return QStringLiteral("timed out");
    return failed.isEmpty() ? QString() : failed.first().first().toString();
}

class TestRunSet : public QObject
{
    Q_OBJECT

private slots:
    void phraseDifferenceNamed_data();
    void phraseDifferenceNamed();
    void truncationReusesBaseRun();
    void truncationAboveLengthRejected();
    void metricChangeRecomputesMatrices();
    void removingLastRunAcceptsNewPhrases();
};

void TestRunSet::phraseDifferenceNamed_data()
{
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QStringList>("actual");
    QTest::addColumn<QString>("description");

    const QStringList abc{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    QTest::newRow("same list") << abc << abc << QString();
    QTest::newRow("one phrase added") << abc << (QStringList(abc) << QStringLiteral("d"))
                                      << QStringLiteral("1 phrase added (first: \"d\")");
    QTest::newRow("two removed")
        << abc << QStringList{QStringLiteral("b")} << QStringLiteral("2 phrases removed (first: \"a\")");
    QTest::newRow("added and removed")
        << abc << QStringList{QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("c")}
        << QStringLiteral("1 phrase added (first: \"x\"), 1 phrase removed (first: \"b\")");
    QTest::newRow("another order")
        << abc << QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b")}
        << QStringLiteral("the same phrases in another order (line 2 is \"c\" instead of \"b\")");
    QTest::newRow("a repeated phrase")
        << abc << (QStringList(abc) << QStringLiteral("a"))
        << QStringLiteral("4 phrases instead of 3, with repeated phrases counted differently");
}

void TestRunSet::phraseDifferenceNamed()
{
    QFETCH(QStringList, expected);
    QFETCH(QStringList, actual);
    QFETCH(QString, description);

    QCOMPARE(workspace::describePhraseDifference(expected, actual), description);
}

void TestRunSet::truncationReusesBaseRun()
{
    const QStringList phrases{QStringLiteral("a red apple"), QStringLiteral("a green pear"),
                              QStringLiteral("the stock market fell")};
    RunSet runs;
    QCOMPARE(addAndWait(runs, phrases, builtinSpec(QStringLiteral("full"))), QString());

    const RunSpec truncation = builtinSpec(QStringLiteral("short"), 64);
    QCOMPARE(runs.baseRunFor(truncation), 0);
    QCOMPARE(addAndWait(runs, phrases, truncation), QString());

    QCOMPARE(runs.runs().size(), 2);
    const workspace::EmbeddingRun &run = runs.runs().at(1);
    QCOMPARE(run.dimensions(), 64);
    QCOMPARE(run.fullDimensions, runs.runs().at(0).dimensions());
    QCOMPARE(run.vectors, embedding::truncated(runs.runs().at(0).vectors, 64));
    QCOMPARE(run.matrix.size(), 3);
    QVERIFY2(run.description().contains(QStringLiteral("first 64 of 512 dims")), qPrintable(run.description()));
}

void TestRunSet::truncationAboveLengthRejected()
{
    const QStringList phrases{QStringLiteral("one"), QStringLiteral("two")};
    RunSet runs;
    QCOMPARE(addAndWait(runs, phrases, builtinSpec(QStringLiteral("full"))), QString());

    const QString message = addAndWait(runs, phrases, builtinSpec(QStringLiteral("long"), 4096));
    QVERIFY2(message.contains(QStringLiteral("dims=4096 exceeds the 512 dimensions")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("give dims=512 or less")), qPrintable(message));
    QCOMPARE(runs.runs().size(), 1);
    QVERIFY(!runs.isBusy());
}

void TestRunSet::metricChangeRecomputesMatrices()
{
    const QStringList phrases{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")};
    RunSet runs;
    QCOMPARE(addAndWait(runs, phrases, builtinSpec(QStringLiteral("full"))), QString());
    QCOMPARE(runs.runs().at(0).matrix.metric(), math::Metric::Cosine);

    QSignalSpy changed(&runs, &RunSet::runsChanged);
    runs.setMetric(math::Metric::Euclidean);
    QVERIFY(changed.wait());

    const workspace::EmbeddingRun &run = runs.runs().at(0);
    QCOMPARE(run.matrix.metric(), math::Metric::Euclidean);
    const math::SimilarityMatrix expected = math::computeSimilarity(run.vectors, math::Metric::Euclidean);
    QCOMPARE(run.matrix.at(0, 2), expected.at(0, 2));
    QVERIFY2(run.description().endsWith(QStringLiteral("euclidean")), qPrintable(run.description()));
}

void TestRunSet::removingLastRunAcceptsNewPhrases()
{
    RunSet runs;
    QCOMPARE(addAndWait(runs, {QStringLiteral("one"), QStringLiteral("two")}, builtinSpec(QStringLiteral("a"))),
             QString());
    const QStringList edited{QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")};
    QVERIFY(!addAndWait(runs, edited, builtinSpec(QStringLiteral("b"))).isEmpty());

    runs.removeRun(0);
    QVERIFY(runs.phrases().isEmpty());
    QCOMPARE(addAndWait(runs, edited, builtinSpec(QStringLiteral("b"))), QString());
    QCOMPARE(runs.phrases(), edited);
}

QTEST_GUILESS_MAIN(TestRunSet)
#include "tst_runset.moc"
