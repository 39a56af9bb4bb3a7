// The workspace document: embedding, metric changes, and keeping the last
// good result through failures and cancels.
#include "embedding/builtinprovider.h"
#include "workspace/workspace.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

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
    void oversizedEmbedRejectedBeforeRequests();
    void oversizedImportRejectedWithMessage();
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

    // The largest list that is embedded at all, so the run is still going
    // when it is cancelled.
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

void TestWorkspace::oversizedEmbedRejectedBeforeRequests()
{
    workspace::Workspace workspace;
    QStringList phrases;
    for (int i = 0; i < 20001; ++i)
        phrases.append(QStringLiteral("phrase %1").arg(i));
    workspace.setPhrases(phrases);
    QSignalSpy failed(&workspace, &workspace::Workspace::embeddingFailed);
    QSignalSpy progress(&workspace, &workspace::Workspace::progressChanged);

    workspace.embed();

    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.first().first().toString().contains(QStringLiteral("20001 phrases")));
    QVERIFY(progress.isEmpty());
    QVERIFY(!workspace.isBusy());
}

void TestWorkspace::oversizedImportRejectedWithMessage()
{
    workspace::Workspace workspace;
    const int rows = 20001;
    QStringList phrases;
    for (int i = 0; i < rows; ++i)
        phrases.append(QStringLiteral("phrase %1").arg(i));
    embedding::EmbeddingSet vectors(rows, 2);
    std::fill(vectors.data(), vectors.data() + 2 * rows, 1.0f);
    QSignalSpy failed(&workspace, &workspace::Workspace::embeddingFailed);
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);

    workspace.restore(phrases, unreachableProvider(), math::Metric::Cosine, phrases, vectors,
                      QStringLiteral("Imported"));

    QCOMPARE(failed.count(), 1);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("20001 phrases")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("1.6 GB")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("20000")), qPrintable(message));
    QVERIFY(ready.isEmpty());
    QVERIFY(workspace.snapshot().matrix.isEmpty());
    QVERIFY(!workspace.isBusy());
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

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
