// The workspace document: embedding, metric changes, and keeping the last
// good result through failures and cancels.
#include "embedding/builtinprovider.h"
#include "workspace/workspace.h"

#include <QSignalSpy>
#include <QTest>

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

    QStringList many;
    for (int i = 0; i < 200000; ++i)
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

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
