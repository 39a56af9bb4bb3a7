// The cache and deduplication in front of a real HTTP provider and a real
// local server: what is sent, what is reused, and what each row receives.
#include "embedding/cachingprovider.h"
#include "embedding/httpprovider.h"
#include "embedding/providerfactory.h"
#include "embeddingjobrun.h"
#include "fakeembeddingendpoint.h"
#include "testhttpserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace embedscope::embedding;

using Status = EmbeddingOutcome::Status;

static QStringList inputsOf(const TestHttpRequest &request)
{
    QStringList inputs;
    for (const QJsonValue &input : request.json.object().value(u"input").toArray())
        inputs << input.toString();
    return inputs;
}

class TestCachingProvider : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void secondIdenticalRunSendsNothing();
    void sendsOnlyMissingPhrases();
    void embedsDuplicatesOnce();
    void builtinProviderSharesDuplicateVectors();
    void keepsBatchesReceivedBeforeFailure();
    void embedsAgainWhenDimensionChanges();
    void namesPhrasesInWholeList();
    void rejectsEmptyPhraseWithoutRequesting();
    void cancelStopsRequests();
    void worksWithoutCache();

private:
    ProviderSettings settings() const;
    std::unique_ptr<CachingProvider> providerFor(const ProviderSettings &settings, bool withCache = true) const;
    void serve(FakeEmbeddingEndpoint &endpoint);

    std::unique_ptr<TestHttpServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestCachingProvider::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    qRegisterMetaType<EmbeddingOutcome>();
    qputenv("EMBEDSCOPE_NO_KEYCHAIN", "1");
}

void TestCachingProvider::init()
{
    m_server = std::make_unique<TestHttpServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

ProviderSettings TestCachingProvider::settings() const
{
    ProviderSettings settings = presetFor(ProviderKind::Custom);
    settings.baseUrl = m_server->url(QStringLiteral("/v1")).toString();
    settings.model = QStringLiteral("test-model");
    settings.retry.initialBackoff = std::chrono::milliseconds(10);
    settings.retry.maxBackoff = std::chrono::milliseconds(40);
    return settings;
}

std::unique_ptr<CachingProvider> TestCachingProvider::providerFor(const ProviderSettings &settings, bool withCache) const
{
    CacheOptions options;
    options.path = m_dir->filePath(QStringLiteral("embeddings.sqlite"));
    auto cache = withCache ? std::make_shared<EmbeddingCache>(options) : nullptr;
    return std::make_unique<CachingProvider>(std::make_shared<HttpProvider>(settings), cache,
                                             CacheSpace{settings.baseUrl, settings.model, settings.dimensions});
}

void TestCachingProvider::serve(FakeEmbeddingEndpoint &endpoint)
{
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
}

void TestCachingProvider::secondIdenticalRunSendsNothing()
{
    FakeEmbeddingEndpoint endpoint;
    serve(endpoint);
    const QStringList phrases{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")};

    const EmbeddingOutcome first = runJob(*providerFor(settings()), phrases);
    QList<QList<QVariant>> progress;
    const EmbeddingOutcome second = runJob(*providerFor(settings()), phrases, &progress);

    QVERIFY2(first.succeeded(), qPrintable(first.errorMessage));
    QVERIFY2(second.succeeded(), qPrintable(second.errorMessage));
    QCOMPARE(m_server->requestCount(), 1);
    QCOMPARE(second.vectors, first.vectors);
    QCOMPARE(progress.last(), QList<QVariant>({3, 3}));
}

void TestCachingProvider::sendsOnlyMissingPhrases()
{
    FakeEmbeddingEndpoint endpoint;
    serve(endpoint);
    runJob(*providerFor(settings()), {QStringLiteral("cat"), QStringLiteral("dog")});
    const QStringList phrases{QStringLiteral("cat"), QStringLiteral("fish"), QStringLiteral("dog"), QStringLiteral("owl")};

    const EmbeddingOutcome outcome = runJob(*providerFor(settings()), phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(inputsOf(m_server->requests().last()), QStringList({QStringLiteral("fish"), QStringLiteral("owl")}));
    for (int row = 0; row < phrases.size(); ++row)
        QCOMPARE(rowOf(outcome.vectors, row), endpoint.vectorFor(phrases[row]));
}

void TestCachingProvider::embedsDuplicatesOnce()
{
    FakeEmbeddingEndpoint endpoint;
    serve(endpoint);
    const QStringList phrases{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("cat"), QStringLiteral("cat")};
    QList<QList<QVariant>> progress;

    const EmbeddingOutcome outcome = runJob(*providerFor(settings(), false), phrases, &progress);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(inputsOf(m_server->requests().first()), QStringList({QStringLiteral("cat"), QStringLiteral("dog")}));
    QCOMPARE(progress.last(), QList<QVariant>({4, 4}));
    QCOMPARE(outcome.vectors.rows(), 4);
    QCOMPARE(rowOf(outcome.vectors, 2), rowOf(outcome.vectors, 0));
    QCOMPARE(rowOf(outcome.vectors, 3), rowOf(outcome.vectors, 0));
    QCOMPARE(rowOf(outcome.vectors, 1), endpoint.vectorFor(QStringLiteral("dog")));
}

void TestCachingProvider::builtinProviderSharesDuplicateVectors()
{
    const auto provider = createProvider(presetFor(ProviderKind::Builtin));
    QVERIFY(provider);
    QList<QList<QVariant>> progress;

    const EmbeddingOutcome outcome =
        runJob(**provider, {QStringLiteral("fox"), QStringLiteral("dog"), QStringLiteral("fox")}, &progress);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(progress.last(), QList<QVariant>({3, 3}));
    QCOMPARE(outcome.vectors.rows(), 3);
    QCOMPARE(rowOf(outcome.vectors, 2), rowOf(outcome.vectors, 0));
    QVERIFY(rowOf(outcome.vectors, 1) != rowOf(outcome.vectors, 0));
}

// Batches of two, one at a time; the third request fails for good. The
// two batches before it are cached, so the next run sends only the rest.
void TestCachingProvider::keepsBatchesReceivedBeforeFailure()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([this, &endpoint](const TestHttpRequest &request) {
        if (m_server->requestCount() == 3)
            return TestHttpResponse::json(400, QJsonDocument::fromJson(R"({"error":{"message":"Invalid input"}})"));
        return endpoint.handle(request);
    });
    ProviderSettings batched = settings();
    batched.batchSize = 2;
    batched.concurrency = 1;
    QStringList phrases;
    for (int i = 1; i <= 6; ++i)
        phrases << QStringLiteral("phrase %1").arg(i);

    const EmbeddingOutcome failed = runJob(*providerFor(batched), phrases);
    const EmbeddingOutcome retried = runJob(*providerFor(batched), phrases);

    QCOMPARE(failed.status, Status::Failed);
    QVERIFY2(retried.succeeded(), qPrintable(retried.errorMessage));
    QCOMPARE(m_server->requestCount(), 4);
    QCOMPARE(inputsOf(m_server->requests().last()), phrases.mid(4));
    for (int row = 0; row < phrases.size(); ++row)
        QCOMPARE(rowOf(retried.vectors, row), endpoint.vectorFor(phrases[row]));
}

// The server behind the same model name now returns 4 dimensions where the
// cache holds 8: the cached phrase is embedded again, never mixed.
void TestCachingProvider::embedsAgainWhenDimensionChanges()
{
    FakeEmbeddingEndpoint before(8);
    serve(before);
    runJob(*providerFor(settings()), {QStringLiteral("cat")});
    FakeEmbeddingEndpoint after(4);
    serve(after);
    const QStringList phrases{QStringLiteral("cat"), QStringLiteral("dog")};

    const EmbeddingOutcome outcome = runJob(*providerFor(settings()), phrases);
    const EmbeddingOutcome again = runJob(*providerFor(settings()), phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(outcome.vectors.dimensions(), 4);
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(inputsOf(m_server->requests()[1]), QStringList{QStringLiteral("dog")});
    QCOMPARE(inputsOf(m_server->requests()[2]), QStringList{QStringLiteral("cat")});
    QCOMPARE(rowOf(outcome.vectors, 0), after.vectorFor(QStringLiteral("cat")));
    QVERIFY2(again.succeeded(), qPrintable(again.errorMessage));
    QCOMPARE(again.vectors, outcome.vectors);
    QCOMPARE(m_server->requestCount(), 3);
}

// "owl" is third in the list but second in the request.
void TestCachingProvider::namesPhrasesInWholeList()
{
    FakeEmbeddingEndpoint endpoint;
    serve(endpoint);
    runJob(*providerFor(settings()), {QStringLiteral("cat")});
    endpoint.setFault(FakeEmbeddingEndpoint::Fault::MissingItem);

    const EmbeddingOutcome outcome =
        runJob(*providerFor(settings()), {QStringLiteral("cat"), QStringLiteral("fish"), QStringLiteral("owl")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"no vector for phrase 3 (\"owl\")"), qPrintable(outcome.errorMessage));
}

void TestCachingProvider::rejectsEmptyPhraseWithoutRequesting()
{
    FakeEmbeddingEndpoint endpoint;
    serve(endpoint);

    const EmbeddingOutcome outcome =
        runJob(*providerFor(settings()), {QStringLiteral("cat"), QStringLiteral(" "), QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.startsWith(u"phrase 2 is empty or only whitespace"), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 0);
}

void TestCachingProvider::cancelStopsRequests()
{
    m_server->stallEveryRequest();
    const auto provider = providerFor(settings());
    QObject owner;
    EmbeddingJob *job = provider->embed({QStringLiteral("cat")}, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QTRY_COMPARE(m_server->requestCount(), 1);

    job->cancel();
    job->cancel();

    QVERIFY(finishedSpy.wait(10000));
    QTest::qWait(50);
    QCOMPARE(finishedSpy.count(), 1);
    QCOMPARE(finishedSpy.first().first().value<EmbeddingOutcome>().status, Status::Cancelled);
}

void TestCachingProvider::worksWithoutCache()
{
    FakeEmbeddingEndpoint endpoint;
    serve(endpoint);
    const QStringList phrases{QStringLiteral("cat"), QStringLiteral("dog")};

    runJob(*providerFor(settings(), false), phrases);
    const EmbeddingOutcome outcome = runJob(*providerFor(settings(), false), phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 2);
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("embeddings.sqlite"))));
}

QTEST_GUILESS_MAIN(TestCachingProvider)
#include "tst_cachingprovider.moc"
