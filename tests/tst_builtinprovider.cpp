// The offline provider: deterministic, unit length, and spelling-aware
// enough to rank the pangram variants above an unrelated line.
#include "embedding/builtinprovider.h"
#include "math/similaritymatrix.h"
#include "text/phraselist.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

using namespace embedscope;
using embedding::BuiltinProvider;
using embedding::EmbeddingOutcome;

static QStringList pangrams()
{
    QFile file(QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open the pangram example list");
    return text::parsePhrases(QString::fromUtf8(file.readAll()));
}

class TestBuiltinProvider : public QObject
{
    Q_OBJECT

private slots:
    void vectorsAreUnitLength();
    void vectorsAreDeterministic();
    void textWithoutLettersIsZero();
    void variantsOutrankUnrelatedLine();
    void jobFinishesOnceAsynchronously();
    void cancelledJobReportsCancelled();
};

void TestBuiltinProvider::vectorsAreUnitLength()
{
    const auto set = BuiltinProvider::embedNow(pangrams());

    QCOMPARE(set.rows(), 8);
    QCOMPARE(set.dimensions(), BuiltinProvider::DIMENSIONS);
    for (int i = 0; i < set.rows(); ++i) {
        double squared = 0.0;
        for (float value : set.row(i))
            squared += double(value) * value;
        QVERIFY2(std::abs(squared - 1.0) < 1e-5, qPrintable(QString::number(squared)));
    }
}

void TestBuiltinProvider::vectorsAreDeterministic()
{
    const QStringList texts{QStringLiteral("The quick brown fox"), QStringLiteral("café au lait")};
    QCOMPARE(BuiltinProvider::embedNow(texts), BuiltinProvider::embedNow(texts));

    // The same text alone or in a list gets the same vector.
    const auto alone = BuiltinProvider::embedNow({texts.at(1)});
    const auto inList = BuiltinProvider::embedNow(texts);
    QVERIFY(std::equal(alone.row(0).begin(), alone.row(0).end(), inList.row(1).begin()));
}

void TestBuiltinProvider::textWithoutLettersIsZero()
{
    const auto set = BuiltinProvider::embedNow({QStringLiteral("?! ...")});
    for (float value : set.row(0))
        QCOMPARE(value, 0.0f);
}

// Every variant of the first pangram (misspelt, shortened, paraphrased,
// symbolic) must score above the Lorem ipsum line against the first phrase.
void TestBuiltinProvider::variantsOutrankUnrelatedLine()
{
    const QStringList phrases = pangrams();
    const auto matrix = math::computeSimilarity(BuiltinProvider::embedNow(phrases), math::Metric::Cosine);

    const int lorem = 7;
    QVERIFY(phrases.at(lorem).startsWith(QStringLiteral("Lorem ipsum")));
    for (int variant : {1, 2, 3, 4, 5}) {
        QVERIFY2(matrix.at(0, variant) > matrix.at(0, lorem),
                 qPrintable(QStringLiteral("\"%1\" scored %2, not above Lorem ipsum's %3")
                                .arg(phrases.at(variant))
                                .arg(matrix.at(0, variant))
                                .arg(matrix.at(0, lorem))));
    }

    // The one-letter typo is closer than the heavy rewrite.
    QVERIFY(matrix.at(0, 1) > matrix.at(0, 2));
    QVERIFY(matrix.at(0, 1) > 0.8f);
}

void TestBuiltinProvider::jobFinishesOnceAsynchronously()
{
    BuiltinProvider provider;
    auto *job = provider.embed(pangrams(), this);
    QSignalSpy finished(job, &embedding::EmbeddingJob::finished);
    QSignalSpy progress(job, &embedding::EmbeddingJob::progressChanged);
    QCOMPARE(finished.count(), 0);

    QVERIFY(finished.wait(5000));
    QTest::qWait(50);
    QCOMPARE(finished.count(), 1);

    const auto outcome = finished.at(0).at(0).value<EmbeddingOutcome>();
    QVERIFY(outcome.succeeded());
    QCOMPARE(outcome.vectors, BuiltinProvider::embedNow(pangrams()));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), 8);
    delete job;
}

void TestBuiltinProvider::cancelledJobReportsCancelled()
{
    QStringList many;
    for (int i = 0; i < 200000; ++i)
        many.append(QStringLiteral("phrase number %1 with some words in it").arg(i));

    BuiltinProvider provider;
    auto *job = provider.embed(many, this);
    QSignalSpy finished(job, &embedding::EmbeddingJob::finished);
    job->cancel();

    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<EmbeddingOutcome>().status, EmbeddingOutcome::Status::Cancelled);
    delete job;
}

QTEST_GUILESS_MAIN(TestBuiltinProvider)
#include "tst_builtinprovider.moc"
