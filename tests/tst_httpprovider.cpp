#include "embedding/httpembeddingjob.h"
#include "embedding/httpprovider.h"
#include "fakeembeddingendpoint.h"
#include "testhttpserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace embedscope::embedding;

using Status = EmbeddingOutcome::Status;

static const char KEY_VARIABLE[] = "EMBEDSCOPE_TEST_KEY";
static const QByteArray SECRET_KEY = "sk-test-7f3a9c1e5b";

struct HttpErrorCase
{
    int status = 0;
    QByteArray contentType;
    QByteArray body;
    QStringList messageParts; // each must appear in the job's error message
};

Q_DECLARE_METATYPE(HttpErrorCase)
Q_DECLARE_METATYPE(embedscope::embedding::ProviderKind)

// Collects every message of every logging category while it exists.
class LogCapture
{
public:
    LogCapture() { s_previous = qInstallMessageHandler(&LogCapture::record); }
    ~LogCapture()
    {
        qInstallMessageHandler(s_previous);
        s_lines.clear();
    }
    static const QStringList &lines() { return s_lines; }

private:
    static void record(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        s_lines << QStringLiteral("%1: %2").arg(QString::fromLatin1(context.category), message);
        s_previous(type, context, message);
    }

    static inline QtMessageHandler s_previous = nullptr;
    static inline QStringList s_lines;
};

static QJsonArray recordedExchanges(const QString &name)
{
    QFile file(QStringLiteral(EMBEDSCOPE_TEST_DATA "/recorded/%1").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read recorded exchanges %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).array();
}

static QStringList stringsOf(const QJsonValue &value)
{
    QStringList strings;
    for (const QJsonValue &entry : value.toArray())
        strings << entry.toString();
    return strings;
}

static ProviderSettings settingsFor(const TestHttpServer &server)
{
    ProviderSettings settings;
    settings.kind = ProviderKind::Custom;
    settings.baseUrl = server.url(QStringLiteral("/v1")).toString();
    settings.model = QStringLiteral("test-model");
    settings.timeoutSeconds = 10;
    return settings;
}

static QString endpointOf(const TestHttpServer &server)
{
    return server.url(QStringLiteral("/v1/embeddings")).toString();
}

// Runs one job to its end and checks the contract every job keeps:
// finished() never inside embed(), and exactly once.
static EmbeddingOutcome runJob(EmbeddingProvider &provider, const QStringList &texts,
                               QList<QList<QVariant>> *progress = nullptr)
{
    QObject owner;
    EmbeddingJob *job = provider.embed(texts, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QSignalSpy progressSpy(job, &EmbeddingJob::progressChanged);
    if (finishedSpy.count() != 0)
        return {Status::Failed, {}, QStringLiteral("test: finished() was emitted inside embed()")};

    if (!finishedSpy.wait(20000))
        return {Status::Failed, {}, QStringLiteral("test: the job never finished")};
    QTest::qWait(50);
    if (finishedSpy.count() != 1)
        return {Status::Failed, {}, QStringLiteral("test: finished() came %1 times").arg(finishedSpy.count())};

    if (progress)
        *progress = progressSpy;
    return finishedSpy.first().first().value<EmbeddingOutcome>();
}

static QList<float> rowOf(const EmbeddingSet &set, int row)
{
    return QList<float>(set.row(row).begin(), set.row(row).end());
}

class TestHttpProvider : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void describesProviderAndModel();
    void replaysRecordedExchanges_data();
    void replaysRecordedExchanges();
    void rejectsOllamaNativeAnswer();
    void sendsOpenAiRequest_data();
    void sendsOpenAiRequest();
    void failsWithoutKeyBeforeRequesting_data();
    void failsWithoutKeyBeforeRequesting();
    void sendsKeyButNeverLogsIt();
    void omitsAuthorizationWithoutKeyVariable();
    void reportsHttpErrors_data();
    void reportsHttpErrors();
    void timesOutOnStalledServer();
    void waitsForSlowFirstResponse();
    void reportsDroppedConnection();
    void reportsTruncatedBody();
    void reportsRefusedConnection();
    void followsRedirectOnSameServer();
    void rejectsRedirectToOtherServer();
    void stopsEndlessRedirects();
    void cancelAbortsRequestInFlight();
    void cancelBeforeStartSendsNothing();
    void batchesAndReassemblesInOrder();
    void rejectsDimensionChangeBetweenBatches();
    void rejectsEmptyPhrasesWithoutRequesting();
    void emptyListSucceedsWithoutRequesting();
    void failsWhenProviderIsDestroyedFirst();

private:
    std::unique_ptr<TestHttpServer> m_server;
};

void TestHttpProvider::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    qRegisterMetaType<EmbeddingOutcome>();
}

void TestHttpProvider::init()
{
    qunsetenv(KEY_VARIABLE);
    m_server = std::make_unique<TestHttpServer>();
    QVERIFY2(m_server->listen(), qPrintable(m_server->errorString()));
}

void TestHttpProvider::describesProviderAndModel()
{
    ProviderSettings openRouter = presetFor(ProviderKind::OpenRouter);
    openRouter.model = QStringLiteral("nvidia/llama-nemotron-embed-vl-1b-v2:free");
    ProviderSettings custom = settingsFor(*m_server);

    QCOMPARE(HttpProvider(openRouter).description(),
             QStringLiteral("OpenRouter · nvidia/llama-nemotron-embed-vl-1b-v2:free"));
    QCOMPARE(HttpProvider(custom).description(),
             QStringLiteral("127.0.0.1:%1 · test-model").arg(m_server->port()));
}

void TestHttpProvider::replaysRecordedExchanges_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exchange");

    QTest::newRow("ada-002 with one input") << QStringLiteral("openai-ada-002.json") << 0;
    QTest::newRow("ada-002 with three inputs") << QStringLiteral("openai-ada-002.json") << 1;
    QTest::newRow("3-small shortened to 256 dimensions") << QStringLiteral("openai-dimensions-256.json") << 0;
}

// The server responds with the recorded status, headers and body, so the
// client sees what OpenAI really sent.
void TestHttpProvider::replaysRecordedExchanges()
{
    QFETCH(QString, file);
    QFETCH(int, exchange);
    const QJsonObject recorded = recordedExchanges(file).at(exchange).toObject();
    const QJsonObject recordedRequest = recorded.value(u"request").toObject();
    const QJsonArray recordedData = recorded.value(u"response").toObject().value(u"data").toArray();
    m_server->setHandler([&recorded](const TestHttpRequest &) {
        TestHttpResponse response;
        response.status = recorded.value(u"status").toInt();
        const QJsonObject headers = recorded.value(u"headers").toObject();
        for (auto header = headers.begin(); header != headers.end(); ++header)
            response.headers.append({header.key().toLatin1(), header.value().toString().toLatin1()});
        response.body = QJsonDocument(recorded.value(u"response").toObject()).toJson(QJsonDocument::Compact);
        return response;
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.model = recordedRequest.value(u"model").toString();
    settings.dimensions = recordedRequest.value(u"dimensions").toInt();
    HttpProvider provider(settings);
    const QStringList inputs = stringsOf(recordedRequest.value(u"input"));

    const EmbeddingOutcome outcome = runJob(provider, inputs);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(outcome.vectors.rows(), inputs.size());
    for (const QJsonValue &item : recordedData) {
        const int index = item.toObject().value(u"index").toInt();
        QList<float> expected;
        for (const QJsonValue &value : item.toObject().value(u"embedding").toArray())
            expected << float(value.toDouble());
        QCOMPARE(rowOf(outcome.vectors, index), expected);
    }
    QCOMPARE(m_server->requestCount(), 1);
    const QJsonObject sent = m_server->requests().first().json.object();
    QCOMPARE(sent.value(u"model"), recordedRequest.value(u"model"));
    QCOMPARE(sent.value(u"input"), recordedRequest.value(u"input"));
    QCOMPARE(sent.value(u"dimensions"), recordedRequest.value(u"dimensions"));
}

void TestHttpProvider::rejectsOllamaNativeAnswer()
{
    const QJsonObject recorded = recordedExchanges(QStringLiteral("ollama-nomic-embed-text.json")).at(1).toObject();
    m_server->setHandler([&recorded](const TestHttpRequest &) {
        return TestHttpResponse::json(200, QJsonDocument(recorded.value(u"response").toObject()));
    });
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {recorded.value(u"request").toObject().value(u"input").toString()});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(QStringLiteral("invalid response from %1").arg(endpointOf(*m_server))),
             qPrintable(outcome.errorMessage));
    QVERIFY2(outcome.errorMessage.contains(u"base URL ending in /v1"), qPrintable(outcome.errorMessage));
}

void TestHttpProvider::sendsOpenAiRequest_data()
{
    QTest::addColumn<int>("dimensions");

    QTest::newRow("dimensions left unset are not sent") << 0;
    QTest::newRow("dimensions that are set are sent") << 32;
}

void TestHttpProvider::sendsOpenAiRequest()
{
    QFETCH(int, dimensions);
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    ProviderSettings settings = settingsFor(*m_server);
    settings.dimensions = dimensions;
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat"), QStringLiteral("dog")});

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(outcome.vectors.dimensions(), dimensions > 0 ? dimensions : endpoint.dimensions());
    QCOMPARE(m_server->requestCount(), 1);
    const TestHttpRequest &request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/embeddings"));
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    const QJsonObject body = request.json.object();
    QCOMPARE(body.value(u"model").toString(), QStringLiteral("test-model"));
    QCOMPARE(stringsOf(body.value(u"input")), QStringList({QStringLiteral("cat"), QStringLiteral("dog")}));
    QCOMPARE(body.value(u"encoding_format").toString(), QStringLiteral("float"));
    QCOMPARE(body.contains(u"dimensions"), dimensions > 0);
    if (dimensions > 0)
        QCOMPARE(body.value(u"dimensions").toInt(), dimensions);
}

void TestHttpProvider::failsWithoutKeyBeforeRequesting_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<QByteArray>("keyValue");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unset OpenRouter key names the variable and the service")
        << ProviderKind::OpenRouter << QByteArray()
        << QStringLiteral("EMBEDSCOPE_TEST_KEY is not set; export it with your OpenRouter key or choose the built-in provider");
    QTest::newRow("whitespace-only key counts as unset")
        << ProviderKind::OpenAI << QByteArray("  ")
        << QStringLiteral("EMBEDSCOPE_TEST_KEY is not set; export it with your OpenAI key or choose the built-in provider");
    QTest::newRow("custom server key asks for the server's key")
        << ProviderKind::Custom << QByteArray()
        << QStringLiteral("EMBEDSCOPE_TEST_KEY is not set; export it with the server's key or choose the built-in provider");
}

void TestHttpProvider::failsWithoutKeyBeforeRequesting()
{
    QFETCH(ProviderKind, kind);
    QFETCH(QByteArray, keyValue);
    if (!keyValue.isNull())
        qputenv(KEY_VARIABLE, keyValue);
    ProviderSettings settings = settingsFor(*m_server);
    settings.kind = kind;
    settings.apiKeyVariable = QString::fromLatin1(KEY_VARIABLE);
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QFETCH(QString, expected);
    QCOMPARE(outcome.status, Status::Failed);
    QCOMPARE(outcome.errorMessage, expected);
    QCOMPARE(m_server->requestCount(), 0);
}

void TestHttpProvider::sendsKeyButNeverLogsIt()
{
    qputenv(KEY_VARIABLE, SECRET_KEY);
    FakeEmbeddingEndpoint endpoint;
    bool rejectNext = false;
    m_server->setHandler([&](const TestHttpRequest &request) {
        if (!rejectNext)
            return endpoint.handle(request);
        return TestHttpResponse::json(401, QJsonDocument::fromJson(R"({"error":{"message":"Invalid key","code":401}})"));
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.apiKeyVariable = QString::fromLatin1(KEY_VARIABLE);
    HttpProvider provider(settings);
    QLoggingCategory::setFilterRules(QStringLiteral("embedscope.*.debug=true"));
    LogCapture capture;

    const EmbeddingOutcome succeeded = runJob(provider, {QStringLiteral("cat")});
    rejectNext = true;
    const EmbeddingOutcome rejected = runJob(provider, {QStringLiteral("dog")});
    QLoggingCategory::setFilterRules(QString());

    QVERIFY2(succeeded.succeeded(), qPrintable(succeeded.errorMessage));
    QCOMPARE(m_server->requests().first().header("Authorization"), QByteArray("Bearer " + SECRET_KEY));
    QCOMPARE(rejected.status, Status::Failed);
    QVERIFY2(rejected.errorMessage.contains(u"Check that EMBEDSCOPE_TEST_KEY contains a valid key"),
             qPrintable(rejected.errorMessage));
    QVERIFY(!rejected.errorMessage.contains(QString::fromLatin1(SECRET_KEY)));
    QVERIFY2(capture.lines().join(u'\n').contains(u"Authorization: Bearer <redacted>"), "the request was not logged");
    for (const QString &line : capture.lines())
        QVERIFY2(!line.contains(QString::fromLatin1(SECRET_KEY)), qPrintable(line));
}

void TestHttpProvider::omitsAuthorizationWithoutKeyVariable()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QVERIFY(!m_server->requests().first().hasHeader("Authorization"));
}

void TestHttpProvider::reportsHttpErrors_data()
{
    QTest::addColumn<HttpErrorCase>("testCase");

    QTest::newRow("401 shows the server's message and the key variable")
        << HttpErrorCase{401, "application/json",
                         R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}})",
                         {QStringLiteral("HTTP 401 Unauthorized from "), QStringLiteral("Incorrect API key provided"),
                          QStringLiteral("Check that EMBEDSCOPE_TEST_KEY contains a valid key")}};
    QTest::newRow("402 shows the credits message and is not retried")
        << HttpErrorCase{402, "application/json",
                         R"({"error":{"message":"Insufficient credits. Add more using https://openrouter.ai/credits","code":402}})",
                         {QStringLiteral("HTTP 402 Payment Required"),
                          QStringLiteral("Insufficient credits. Add more using https://openrouter.ai/credits"),
                          QStringLiteral("Add credits to the account")}};
    QTest::newRow("404 suggests checking model and base URL")
        << HttpErrorCase{404, "application/json",
                         R"({"error":{"message":"Model nomic-embed-texts not found","code":"model_not_found"}})",
                         {QStringLiteral("Model nomic-embed-texts not found"), QStringLiteral("Check the model name and the base URL")}};
    QTest::newRow("429 says the server is rate limiting")
        << HttpErrorCase{429, "application/json", R"({"error":{"message":"Rate limit exceeded: free-models-per-day","code":429}})",
                         {QStringLiteral("Rate limit exceeded: free-models-per-day"), QStringLiteral("rate limiting")}};
    QTest::newRow("400 rejecting dimensions is shown as is")
        << HttpErrorCase{400, "application/json",
                         R"({"error":{"message":"This model does not support specifying dimensions.","type":"invalid_request_error"}})",
                         {QStringLiteral("This model does not support specifying dimensions.")}};
    QTest::newRow("HTML 502 from a proxy shows status, type, URL and text")
        << HttpErrorCase{502, "text/html",
                         "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
                         "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                         {QStringLiteral("HTTP 502 Bad Gateway from "), QStringLiteral("/v1/embeddings (text/html): 502 Bad Gateway nginx")}};
}

void TestHttpProvider::reportsHttpErrors()
{
    QFETCH(HttpErrorCase, testCase);
    qputenv(KEY_VARIABLE, SECRET_KEY);
    m_server->setHandler([&testCase](const TestHttpRequest &) {
        return TestHttpResponse::text(testCase.status, testCase.contentType, testCase.body);
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.apiKeyVariable = QString::fromLatin1(KEY_VARIABLE);
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat"), QStringLiteral("dog")});

    QCOMPARE(outcome.status, Status::Failed);
    for (const QString &part : testCase.messageParts)
        QVERIFY2(outcome.errorMessage.contains(part), qPrintable(QStringLiteral("\"%1\" not in: %2").arg(part, outcome.errorMessage)));
    QVERIFY2(outcome.errorMessage.contains(endpointOf(*m_server)), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 1);
}

void TestHttpProvider::timesOutOnStalledServer()
{
    m_server->setHandler([](const TestHttpRequest &) {
        TestHttpResponse response;
        response.delivery = TestHttpResponse::Delivery::Stall;
        return response;
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.timeoutSeconds = 1;
    HttpProvider provider(settings);
    QElapsedTimer elapsed;
    elapsed.start();

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QCOMPARE(outcome.errorMessage, QStringLiteral("no response from %1 after 1 s").arg(endpointOf(*m_server)));
    QVERIFY2(elapsed.elapsed() >= 900, qPrintable(QString::number(elapsed.elapsed())));
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
}

// A local model that loads on first use responds late but within the timeout.
void TestHttpProvider::waitsForSlowFirstResponse()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([this, &endpoint](const TestHttpRequest &request) {
        TestHttpResponse response = endpoint.handle(request);
        response.delayMs = m_server->requestCount() == 1 ? 1200 : 0;
        return response;
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.timeoutSeconds = 3;
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QVERIFY2(ProviderSettings().timeoutSeconds >= 60, "the default timeout must allow a cold start");
}

void TestHttpProvider::reportsDroppedConnection()
{
    m_server->setHandler([](const TestHttpRequest &) {
        TestHttpResponse response;
        response.delivery = TestHttpResponse::Delivery::DropConnection;
        return response;
    });
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(QStringLiteral("%1 closed the connection").arg(endpointOf(*m_server))),
             qPrintable(outcome.errorMessage));
}

void TestHttpProvider::reportsTruncatedBody()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&endpoint](const TestHttpRequest &request) {
        TestHttpResponse response = endpoint.handle(request);
        response.delivery = TestHttpResponse::Delivery::TruncateBody;
        return response;
    });
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(endpointOf(*m_server)), qPrintable(outcome.errorMessage));
}

void TestHttpProvider::reportsRefusedConnection()
{
    const ProviderSettings settings = settingsFor(*m_server);
    const QString endpoint = endpointOf(*m_server);
    m_server.reset(); // nothing listens on the port any more
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(QStringLiteral("could not connect to %1: connection refused").arg(endpoint)),
             qPrintable(outcome.errorMessage));
}

void TestHttpProvider::followsRedirectOnSameServer()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&endpoint](const TestHttpRequest &request) {
        if (request.path != "/old/embeddings")
            return endpoint.handle(request);
        TestHttpResponse response = TestHttpResponse::text(308, "text/plain", "moved");
        response.headers.append({QByteArray("Location"), QByteArray("/v1/embeddings")});
        return response;
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.baseUrl = m_server->url(QStringLiteral("/old")).toString();
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(m_server->requests().last().json.object().value(u"model").toString(), QStringLiteral("test-model"));
}

// The redirected request would carry the key to a server the user never
// configured.
void TestHttpProvider::rejectsRedirectToOtherServer()
{
    TestHttpServer otherServer;
    QVERIFY(otherServer.listen());
    const QByteArray otherEndpoint = otherServer.url(QStringLiteral("/v1/embeddings")).toEncoded();
    m_server->setHandler([&otherEndpoint](const TestHttpRequest &) {
        TestHttpResponse response = TestHttpResponse::text(307, "text/plain", "moved");
        response.headers.append({QByteArray("Location"), otherEndpoint});
        return response;
    });
    qputenv(KEY_VARIABLE, SECRET_KEY);
    ProviderSettings settings = settingsFor(*m_server);
    settings.apiKeyVariable = QString::fromLatin1(KEY_VARIABLE);
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(QStringLiteral("redirected to %1, which is on another server")
                                               .arg(QString::fromLatin1(otherEndpoint))),
             qPrintable(outcome.errorMessage));
    QCOMPARE(otherServer.requestCount(), 0);
}

void TestHttpProvider::stopsEndlessRedirects()
{
    m_server->setHandler([](const TestHttpRequest &request) {
        TestHttpResponse response = TestHttpResponse::text(307, "text/plain", "moved");
        response.headers.append({QByteArray("Location"), request.path == "/a/embeddings" ? QByteArray("/b/embeddings")
                                                                                        : QByteArray("/a/embeddings")});
        return response;
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.baseUrl = m_server->url(QStringLiteral("/a")).toString();
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"redirected more than 5 times; check the base URL"), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), HttpEmbeddingJob::MAX_REDIRECTS + 1);
}

void TestHttpProvider::cancelAbortsRequestInFlight()
{
    m_server->setHandler([](const TestHttpRequest &) {
        TestHttpResponse response;
        response.delivery = TestHttpResponse::Delivery::Stall;
        return response;
    });
    HttpProvider provider(settingsFor(*m_server));
    QObject owner;
    EmbeddingJob *job = provider.embed({QStringLiteral("cat")}, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QSignalSpy requestSpy(m_server.get(), &TestHttpServer::requestReceived);
    QVERIFY(requestSpy.wait(5000));

    job->cancel();
    job->cancel();

    QVERIFY(finishedSpy.wait(2000));
    QTest::qWait(50);
    QCOMPARE(finishedSpy.count(), 1);
    QCOMPARE(finishedSpy.first().first().value<EmbeddingOutcome>().status, Status::Cancelled);
}

void TestHttpProvider::cancelBeforeStartSendsNothing()
{
    HttpProvider provider(settingsFor(*m_server));
    QObject owner;
    EmbeddingJob *job = provider.embed({QStringLiteral("cat")}, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);

    job->cancel();

    QCOMPARE(finishedSpy.count(), 0);
    QVERIFY(finishedSpy.wait(2000));
    QTest::qWait(100);
    QCOMPARE(finishedSpy.count(), 1);
    QCOMPARE(finishedSpy.first().first().value<EmbeddingOutcome>().status, Status::Cancelled);
    QCOMPARE(m_server->requestCount(), 0);
}

// The server lists each batch's items in reverse, so every vector must be
// placed by its index and then by its batch's offset.
void TestHttpProvider::batchesAndReassemblesInOrder()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&endpoint](const TestHttpRequest &request) {
        TestHttpResponse response = endpoint.handle(request);
        QJsonObject body = QJsonDocument::fromJson(response.body).object();
        QJsonArray reversed;
        for (const QJsonValue &item : body.value(u"data").toArray())
            reversed.prepend(item);
        body.insert(QStringLiteral("data"), reversed);
        response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        return response;
    });
    HttpProvider provider(settingsFor(*m_server));
    QStringList phrases;
    for (int i = 1; i <= 300; ++i)
        phrases << QStringLiteral("phrase %1").arg(i);
    QList<QList<QVariant>> progress;

    const EmbeddingOutcome outcome = runJob(provider, phrases, &progress);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 3);
    QCOMPARE(m_server->requests()[0].json.object().value(u"input").toArray().size(), HttpEmbeddingJob::MAX_BATCH_SIZE);
    QCOMPARE(m_server->requests()[1].json.object().value(u"input").toArray().size(), HttpEmbeddingJob::MAX_BATCH_SIZE);
    QCOMPARE(m_server->requests()[2].json.object().value(u"input").toArray().size(), 300 - 2 * HttpEmbeddingJob::MAX_BATCH_SIZE);
    QCOMPARE(outcome.vectors.rows(), 300);
    for (int row = 0; row < phrases.size(); ++row)
        QCOMPARE(rowOf(outcome.vectors, row), endpoint.vectorFor(phrases[row]));
    const QList<QList<QVariant>> expectedProgress{{128, 300}, {256, 300}, {300, 300}};
    QCOMPARE(progress, expectedProgress);
}

void TestHttpProvider::rejectsDimensionChangeBetweenBatches()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([this, &endpoint](const TestHttpRequest &request) {
        QJsonObject body = request.json.object();
        body.insert(QStringLiteral("dimensions"), m_server->requestCount() == 1 ? 8 : 4);
        TestHttpRequest changed = request;
        changed.json = QJsonDocument(body);
        return endpoint.handle(changed);
    });
    HttpProvider provider(settingsFor(*m_server));
    QStringList phrases;
    for (int i = 1; i <= 130; ++i)
        phrases << QStringLiteral("phrase %1").arg(i);

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"phrases 129 to 130 got 4-dimensional vectors, but the phrases before "
                                           u"them got 8-dimensional ones"),
             qPrintable(outcome.errorMessage));
}

void TestHttpProvider::rejectsEmptyPhrasesWithoutRequesting()
{
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("apple"), QString(), QStringLiteral("  ")});

    QCOMPARE(outcome.status, Status::Failed);
    QCOMPARE(outcome.errorMessage, QStringLiteral("phrases 2, 3 are empty or only whitespace; remove them, because "
                                                  "embedding servers reject empty input"));
    QCOMPARE(m_server->requestCount(), 0);
}

void TestHttpProvider::emptyListSucceedsWithoutRequesting()
{
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {});

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(outcome.vectors.rows(), 0);
    QCOMPARE(m_server->requestCount(), 0);
}

void TestHttpProvider::failsWhenProviderIsDestroyedFirst()
{
    m_server->setHandler([](const TestHttpRequest &) {
        TestHttpResponse response;
        response.delivery = TestHttpResponse::Delivery::Stall;
        return response;
    });
    auto provider = std::make_unique<HttpProvider>(settingsFor(*m_server));
    QObject owner;
    EmbeddingJob *job = provider->embed({QStringLiteral("cat")}, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QSignalSpy requestSpy(m_server.get(), &TestHttpServer::requestReceived);
    QVERIFY(requestSpy.wait(5000));

    provider.reset();

    QVERIFY(finishedSpy.wait(2000));
    const EmbeddingOutcome outcome = finishedSpy.first().first().value<EmbeddingOutcome>();
    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"the provider was closed"), qPrintable(outcome.errorMessage));
}

QTEST_GUILESS_MAIN(TestHttpProvider)
#include "tst_httpprovider.moc"
