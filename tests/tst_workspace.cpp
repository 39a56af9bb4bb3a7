// The workspace document: embedding, metric changes, and keeping the last
// good result through failures and cancels.
#include "embedding/builtinprovider.h"
#include "workspace/workspace.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace embedscope;
using embedding::ProviderKind;

static QStringList fruit()
{
    return {QStringLiteral("apple pie"), QStringLiteral("apple tart"), QStringLiteral("steel girder")};
}

class TestWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void embedProducesSnapshot();
    void metricChangeRecomputesWithoutEmbedding();
    void failureKeepsPreviousSnapshot();
    void cancelKeepsPreviousSnapshot();
    void emptyListIsRejected();
    void referenceIndexStaysInRange();
    void restoreComputesMatrixWithoutProvider();
    void restoreWithoutVectorsClearsSnapshot();
    void restoreCancelsRunningEmbedding();
    void largeImportGetsBlockOverview();
    void largeImportKeepsCosineOverview();
    void overviewCancelKeepsPreviousSnapshot();
    void runAboveLimitRejected();
};

static void embedBuiltin(workspace::Workspace &workspace, const QStringList &phrases)
{
    workspace.setProviderSettings(embedding::presetFor(ProviderKind::Builtin));
    workspace.setPhrases(phrases);
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);
    workspace.embed();
    QVERIFY(ready.wait(5000));
}

void TestWorkspace::embedProducesSnapshot()
{
    workspace::Workspace workspace;
    QSignalSpy busy(&workspace, &workspace::Workspace::busyChanged);
    embedBuiltin(workspace, fruit());

    const auto &snapshot = workspace.snapshot();
    QCOMPARE(snapshot.phrases, fruit());
    QCOMPARE(snapshot.vectors, embedding::BuiltinProvider::embedNow(fruit()));
    QCOMPARE(snapshot.matrix.size(), 3);
    QCOMPARE(snapshot.matrix.metric(), math::Metric::Cosine);
    QVERIFY(snapshot.matrix.at(0, 1) > snapshot.matrix.at(0, 2));
    QVERIFY(snapshot.source.contains(QStringLiteral("Built-in")));
    QVERIFY(!workspace.isBusy());
    QCOMPARE(busy.first().at(0).toBool(), true);
    QCOMPARE(busy.last().at(0).toBool(), false);
}

void TestWorkspace::metricChangeRecomputesWithoutEmbedding()
{
    workspace::Workspace workspace;
    embedBuiltin(workspace, fruit());
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);
    QSignalSpy progress(&workspace, &workspace::Workspace::progressChanged);

    workspace.setMetric(math::Metric::Euclidean);

    QVERIFY(ready.wait(5000));
    QCOMPARE(workspace.snapshot().matrix.metric(), math::Metric::Euclidean);
    QCOMPARE(workspace.snapshot().matrix.at(1, 1), 0.0f);
    QVERIFY(progress.isEmpty());
}

void TestWorkspace::failureKeepsPreviousSnapshot()
{
    workspace::Workspace workspace;
    embedBuiltin(workspace, fruit());
    QSignalSpy failed(&workspace, &workspace::Workspace::embeddingFailed);

    embedding::ProviderSettings broken = embedding::presetFor(ProviderKind::Custom);
    broken.baseUrl = QStringLiteral("not a url");
    broken.model = QStringLiteral("m");
    workspace.setProviderSettings(broken);
    workspace.setPhrases({QStringLiteral("something else")});
    workspace.embed();

    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("not a url")));
    QCOMPARE(workspace.snapshot().phrases, fruit());
    QVERIFY(!workspace.isBusy());
}

void TestWorkspace::cancelKeepsPreviousSnapshot()
{
    workspace::Workspace workspace;
    embedBuiltin(workspace, fruit());

    // A list long enough that the run is still going when it is cancelled.
    QStringList many;
    for (int i = 0; i < 20000; ++i)
        many.append(QStringLiteral("phrase %1").arg(i));
    workspace.setPhrases(many);
    QSignalSpy cancelled(&workspace, &workspace::Workspace::embeddingCancelled);
    workspace.embed();
    QVERIFY(workspace.isBusy());
    workspace.cancel();

    QVERIFY(cancelled.wait(10000));
    QCOMPARE(workspace.snapshot().phrases, fruit());
    QVERIFY(!workspace.isBusy());
}

void TestWorkspace::emptyListIsRejected()
{
    workspace::Workspace workspace;
    QSignalSpy failed(&workspace, &workspace::Workspace::embeddingFailed);
    workspace.setPhrases({});
    workspace.embed();
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().at(0).toString().contains(QStringLiteral("no phrases")));
}

void TestWorkspace::referenceIndexStaysInRange()
{
    workspace::Workspace workspace;
    embedBuiltin(workspace, fruit());
    QSignalSpy changed(&workspace, &workspace::Workspace::referenceIndexChanged);

    workspace.setReferenceIndex(2);
    workspace.setReferenceIndex(3);
    workspace.setReferenceIndex(-1);

    QCOMPARE(workspace.referenceIndex(), 2);
    QCOMPARE(changed.count(), 1);
}

// A provider that cannot be reached, so any request would fail the test.
static embedding::ProviderSettings unreachableProvider()
{
    embedding::ProviderSettings settings = embedding::presetFor(ProviderKind::Custom);
    settings.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
    settings.model = QStringLiteral("restored-model");
    return settings;
}

void TestWorkspace::restoreComputesMatrixWithoutProvider()
{
    workspace::Workspace workspace;
    const embedding::EmbeddingSet vectors = embedding::BuiltinProvider::embedNow(fruit());
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);
    QSignalSpy progress(&workspace, &workspace::Workspace::progressChanged);

    const QStringList edited = fruit() + QStringList{QStringLiteral("added later")};
    workspace.restore(edited, unreachableProvider(), math::Metric::Dot, fruit(), vectors,
                      QStringLiteral("Saved source"));

    QVERIFY(ready.wait(5000));
    QCOMPARE(workspace.phrases(), edited);
    QCOMPARE(workspace.providerSettings().model, QStringLiteral("restored-model"));
    QCOMPARE(workspace.metric(), math::Metric::Dot);
    QCOMPARE(workspace.snapshot().phrases, fruit());
    QCOMPARE(workspace.snapshot().vectors, vectors);
    QCOMPARE(workspace.snapshot().source, QStringLiteral("Saved source"));
    QCOMPARE(workspace.snapshot().matrix.metric(), math::Metric::Dot);
    QCOMPARE(workspace.snapshot().matrix.size(), 3);
    QVERIFY(progress.isEmpty());
    QVERIFY(!workspace.isBusy());
}

// Random vectors with some rows scaled, so cosine differs from dot product.
static embedding::EmbeddingSet randomVectors(int rows, int dimensions)
{
    embedding::EmbeddingSet vectors(rows, dimensions);
    QRandomGenerator random(7);
    for (int i = 0; i < rows * dimensions; ++i)
        vectors.data()[i] = float(random.generateDouble() * 2.0 - 1.0) * float(1 + i / dimensions % 3);
    return vectors;
}

static QStringList numberedPhrases(int count)
{
    QStringList phrases;
    for (int i = 0; i < count; ++i)
        phrases.append(QStringLiteral("phrase %1").arg(i));
    return phrases;
}

// Mean of the full matrix over rows [r0, r1) and columns [c0, c1).
static double blockMean(const math::SimilarityMatrix &matrix, int r0, int r1, int c0, int c1)
{
    double sum = 0.0;
    for (int i = r0; i < r1; ++i) {
        for (int j = c0; j < c1; ++j)
            sum += matrix.at(i, j);
    }
    return sum / (double(r1 - r0) * double(c1 - c0));
}

static void restoreLarge(workspace::Workspace &workspace, const embedding::EmbeddingSet &vectors, math::Metric metric)
{
    const QStringList phrases = numberedPhrases(vectors.rows());
    workspace.restore(phrases, unreachableProvider(), metric, phrases, vectors, QStringLiteral("Imported"));
}

void TestWorkspace::largeImportGetsBlockOverview()
{
    workspace::Workspace workspace;
    workspace.setMatrixLimits({500, 30});
    const embedding::EmbeddingSet vectors = randomVectors(2000, 16);
    QSignalSpy failed(&workspace, &workspace::Workspace::embeddingFailed);
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);
    QSignalSpy progress(&workspace, &workspace::Workspace::overviewProgressChanged);

    restoreLarge(workspace, vectors, math::Metric::Cosine);

    QVERIFY(ready.wait(10000));
    QVERIFY(failed.isEmpty());
    QVERIFY(!workspace.isBusy());
    const workspace::Snapshot &snapshot = workspace.snapshot();
    QCOMPARE(snapshot.phrases.size(), 2000);
    QVERIFY(!snapshot.hasFullMatrix());
    QCOMPARE(snapshot.metric(), math::Metric::Cosine);
    QCOMPARE(snapshot.vectors, vectors);
    // The snapshot shares the restored values instead of copying them, as a
    // copy of 100,000 x 384 vectors costs 150 MB.
    QCOMPARE(snapshot.vectors.data(), vectors.data());
    QCOMPARE(snapshot.overview.blockCount(), 30);
    QCOMPARE(snapshot.overview.phraseCount(), 2000);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toInt(), 30);

    const math::SimilarityMatrix full = math::computeSimilarity(vectors, math::Metric::Cosine);
    const std::vector<int> &bounds = snapshot.overview.boundaries;
    for (int a = 0; a < 30; ++a) {
        for (int b = 0; b < 30; ++b) {
            const double expected = blockMean(full, bounds[a], bounds[a + 1], bounds[b], bounds[b + 1]);
            const double actual = snapshot.overview.means.at(a, b);
            QVERIFY2(std::abs(actual - expected) < 1e-5,
                     qPrintable(QStringLiteral("block %1, %2: %3 != %4").arg(a).arg(b).arg(actual).arg(expected)));
        }
    }
}

void TestWorkspace::largeImportKeepsCosineOverview()
{
    workspace::Workspace workspace;
    workspace.setMatrixLimits({500, 20});
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);
    QSignalSpy warned(&workspace, &workspace::Workspace::warningRaised);

    restoreLarge(workspace, randomVectors(800, 8), math::Metric::Euclidean);
    QVERIFY(ready.wait(10000));
    QCOMPARE(workspace.snapshot().metric(), math::Metric::Cosine);
    QCOMPARE(warned.count(), 1);
    QVERIFY2(warned.first().first().toString().contains(QStringLiteral("500")),
             qPrintable(warned.first().first().toString()));

    // The overview stays cosine, so a metric change computes nothing.
    workspace.setMetric(math::Metric::Dot);
    QVERIFY(!workspace.isBusy());
    QCOMPARE(warned.count(), 2);
    QVERIFY(!ready.wait(200));
}

void TestWorkspace::overviewCancelKeepsPreviousSnapshot()
{
    workspace::Workspace workspace;
    embedBuiltin(workspace, fruit());
    workspace.setMatrixLimits({500, 20});
    QSignalSpy cancelled(&workspace, &workspace::Workspace::embeddingCancelled);
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);

    restoreLarge(workspace, randomVectors(3000, 8), math::Metric::Cosine);
    QVERIFY(workspace.isComputingOverview());
    workspace.cancel();

    QVERIFY(cancelled.wait(10000));
    QVERIFY(ready.isEmpty());
    QCOMPARE(workspace.snapshot().phrases, fruit());
    QVERIFY(!workspace.isBusy());
    QVERIFY(!workspace.isComputingOverview());
}

void TestWorkspace::restoreWithoutVectorsClearsSnapshot()
{
    workspace::Workspace workspace;
    embedBuiltin(workspace, fruit());
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);

    workspace.restore({QStringLiteral("one")}, embedding::presetFor(ProviderKind::Builtin),
                      math::Metric::Cosine, {}, {}, {});

    QCOMPARE(ready.count(), 1);
    QVERIFY(workspace.snapshot().isEmpty());
    QCOMPARE(workspace.phrases(), QStringList{QStringLiteral("one")});
}

void TestWorkspace::restoreCancelsRunningEmbedding()
{
    workspace::Workspace workspace;
    workspace.setProviderSettings(unreachableProvider());
    workspace.setPhrases(fruit());
    workspace.embed();
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);
    QSignalSpy failed(&workspace, &workspace::Workspace::embeddingFailed);

    const embedding::EmbeddingSet vectors = embedding::BuiltinProvider::embedNow(fruit());
    workspace.restore(fruit(), embedding::presetFor(ProviderKind::Builtin), math::Metric::Cosine, fruit(),
                      vectors, QStringLiteral("Saved source"));

    QVERIFY(ready.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!workspace.isBusy(), 5000);
    QCOMPARE(workspace.snapshot().vectors, vectors);
    QVERIFY(failed.isEmpty());
}

void TestWorkspace::runAboveLimitRejected()
{
    workspace::Workspace workspace;
    workspace.setMatrixLimits({500, 20});
    workspace.setPhrases(numberedPhrases(501));
    QSignalSpy failed(&workspace.runs(), &workspace::RunSet::runFailed);

    workspace::RunSpec spec;
    spec.provider = embedding::presetFor(ProviderKind::Builtin);
    workspace.addRun(spec);

    QCOMPARE(failed.count(), 1);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("at most 500 phrases")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("501")), qPrintable(message));
    QVERIFY(!workspace.runs().isBusy());
    QVERIFY(workspace.runs().runs().isEmpty());
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
