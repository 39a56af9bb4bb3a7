// The workspace embedding through a real HTTP provider, its cache and a
// local server: earlier results survive cancels and failures, retries show
// a status, and duplicate phrases share one vector.
#include "fakeembeddingendpoint.h"
#include "testhttpserver.h"
#include "workspace/workspace.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace embedscope;

class TestWorkspaceEmbedding : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cancelKeepsEarlierResult();
    void failureKeepsEarlierResult();
    void retryShowsStatus();
    void duplicatePhrasesScoreOne();

private:
    embedding::ProviderSettings settings() const;
    void embedAndWait(workspace::Workspace &workspace, const QStringList &phrases);

    QTemporaryDir m_cacheHome;
    std::unique_ptr<TestHttpServer> m_server;
    std::unique_ptr<FakeEmbeddingEndpoint> m_endpoint;
};

void TestWorkspaceEmbedding::initTestCase()
{
    QVERIFY(m_cacheHome.isValid());
    qputenv("XDG_CACHE_HOME", m_cacheHome.path().toUtf8());
    qputenv("EMBEDSCOPE_NO_KEYCHAIN", "1");
}

void TestWorkspaceEmbedding::init()
{
    m_server = std::make_unique<TestHttpServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_endpoint = std::make_unique<FakeEmbeddingEndpoint>();
    m_server->setHandler([this](const TestHttpRequest &request) { return m_endpoint->handle(request); });
}

embedding::ProviderSettings TestWorkspaceEmbedding::settings() const
{
    embedding::ProviderSettings settings = embedding::presetFor(embedding::ProviderKind::Custom);
    settings.baseUrl = m_server->url(QStringLiteral("/v1")).toString();
    settings.model = QStringLiteral("test-model");
    settings.useCache = false;
    return settings;
}

void TestWorkspaceEmbedding::embedAndWait(workspace::Workspace &workspace, const QStringList &phrases)
{
    workspace.setPhrases(phrases);
    QSignalSpy ready(&workspace, &workspace::Workspace::snapshotChanged);
    workspace.embed();
    QVERIFY(ready.wait(10000));
}

// The second run has several batches in flight when it is cancelled.
void TestWorkspaceEmbedding::cancelKeepsEarlierResult()
{
    workspace::Workspace workspace;
    embedding::ProviderSettings batched = settings();
    batched.batchSize = 2;
    workspace.setProviderSettings(batched);
    const QStringList first{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")};
    embedAndWait(workspace, first);
    const workspace::Snapshot before = workspace.snapshot();
    m_server->stallEveryRequest();
    QSignalSpy cancelled(&workspace, &workspace::Workspace::embeddingCancelled);
    QSignalSpy changed(&workspace, &workspace::Workspace::snapshotChanged);
    workspace.setPhrases({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                          QStringLiteral("e"), QStringLiteral("f"), QStringLiteral("g"), QStringLiteral("h")});
    workspace.embed();
    QTRY_COMPARE(m_server->requestCount(), 2 + 4);

    workspace.cancel();

    QVERIFY(cancelled.wait(10000));
    QCOMPARE(changed.count(), 0);
    QVERIFY(!workspace.isBusy());
    QCOMPARE(workspace.snapshot().phrases, first);
    QCOMPARE(workspace.snapshot().vectors, before.vectors);
    QCOMPARE(workspace.snapshot().matrix.at(0, 1), before.matrix.at(0, 1));
}

void TestWorkspaceEmbedding::failureKeepsEarlierResult()
{
    workspace::Workspace workspace;
    workspace.setProviderSettings(settings());
    const QStringList first{QStringLiteral("cat"), QStringLiteral("dog")};
    embedAndWait(workspace, first);
    const workspace::Snapshot before = workspace.snapshot();
    m_server->setHandler([](const TestHttpRequest &) {
        return TestHttpResponse::json(401, QJsonDocument::fromJson(R"({"error":{"message":"Invalid key"}})"));
    });
    QSignalSpy failed(&workspace, &workspace::Workspace::embeddingFailed);

    workspace.setPhrases({QStringLiteral("fish")});
    workspace.embed();

    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().first().toString().contains(u"Invalid key"), qPrintable(failed.first().first().toString()));
    QCOMPARE(workspace.snapshot().phrases, first);
    QCOMPARE(workspace.snapshot().vectors, before.vectors);
}

void TestWorkspaceEmbedding::retryShowsStatus()
{
    m_endpoint->setFault(FakeEmbeddingEndpoint::Fault::RateLimitOnce);
    workspace::Workspace workspace;
    workspace.setProviderSettings(settings());
    QSignalSpy statuses(&workspace, &workspace::Workspace::statusChanged);
    QSignalSpy progress(&workspace, &workspace::Workspace::progressChanged);

    embedAndWait(workspace, {QStringLiteral("cat"), QStringLiteral("dog")});

    QVERIFY(statuses.count() >= 2);
    const QString first = statuses.first().first().toString();
    QVERIFY2(first.startsWith(QStringLiteral("HTTP 429 from %1").arg(m_server->url(QStringLiteral("/v1/embeddings")).toString())),
             qPrintable(first));
    QVERIFY2(first.endsWith(u"; retrying in 1 s"), qPrintable(first));
    QCOMPARE(statuses.last().first().toString(), QString());
    QCOMPARE(progress.last(), QList<QVariant>({2, 2}));
}

// Each distinct text is sent once and its vector shared, so the pair
// scores the same as the phrase with itself.
void TestWorkspaceEmbedding::duplicatePhrasesScoreOne()
{
    workspace::Workspace workspace;
    workspace.setProviderSettings(settings());
    const int before = m_server->requestCount();

    embedAndWait(workspace, {QStringLiteral("fox"), QStringLiteral("dog"), QStringLiteral("fox")});

    const workspace::Snapshot &snapshot = workspace.snapshot();
    QCOMPARE(m_server->requestCount(), before + 1);
    QCOMPARE(m_server->requests().last().json.object().value(u"input").toArray().size(), 2);
    QCOMPARE(snapshot.matrix.at(0, 2), 1.0f);
    QCOMPARE(snapshot.matrix.at(2, 0), 1.0f);
    QCOMPARE(snapshot.matrix.at(0, 2), snapshot.matrix.at(0, 0));
}

QTEST_GUILESS_MAIN(TestWorkspaceEmbedding)
#include "tst_workspaceembedding.moc"
