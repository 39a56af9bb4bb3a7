#include "embedding/batchtransfer.h"
#include "embedding/httpembeddingjob.h"
#include "embedding/httpprovider.h"
#include "embeddingjobrun.h"
#include "fakeembeddingendpoint.h"
#include "testhttpserver.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
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
    int expectedRequests = 1; // 1 for statuses never retried, 1 + retries for the others
};

Q_DECLARE_METATYPE(HttpErrorCase)
Q_DECLARE_METATYPE(embedscope::embedding::ProviderKind)
Q_DECLARE_METATYPE(embedscope::embedding::VectorEncoding)
Q_DECLARE_METATYPE(FakeEmbeddingEndpoint::Fault)

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

// Backoff in milliseconds, so that retries do not slow the tests. Waits
// that a server requests are still honoured in full.
static ProviderSettings settingsFor(const TestHttpServer &server)
{
    ProviderSettings settings;
    settings.kind = ProviderKind::Custom;
    settings.baseUrl = server.url(QStringLiteral("/v1")).toString();
    settings.model = QStringLiteral("test-model");
    settings.timeoutSeconds = 10;
    settings.retry.initialBackoff = std::chrono::milliseconds(10);
    settings.retry.maxBackoff = std::chrono::milliseconds(40);
    settings.retry.maxWait = std::chrono::seconds(5);
    return settings;
}

static QStringList numberedPhrases(int count, const QString &pattern = QStringLiteral("phrase %1"))
{
    QStringList phrases;
    for (int i = 1; i <= count; ++i)
        phrases << pattern.arg(i);
    return phrases;
}

static int inputCountOf(const TestHttpRequest &request)
{
    return int(request.json.object().value(u"input").toArray().size());
}

static QString endpointOf(const TestHttpServer &server)
{
    return server.url(QStringLiteral("/v1/embeddings")).toString();
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
    void missingKeychainMeansNoStoredKey();
    void sendsKeyButNeverLogsIt();
    void omitsAuthorizationWithoutKeyVariable();
    void reportsHttpErrors_data();
    void reportsHttpErrors();
    void timesOutOnStalledServer();
    void retriesStalledRequestOnce();
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
    void sendsBatchesConcurrently();
    void capsCharactersPerBatch();
    void respectsOpenAiLimits_data();
    void respectsOpenAiLimits();
    void choosesEncodingPerServer_data();
    void choosesEncodingPerServer();
    void readsEitherEncodingInAnyAnswer_data();
    void readsEitherEncodingInAnyAnswer();
    void honoursRequestedWait_data();
    void honoursRequestedWait();
    void holdsAllRequestsDuringRateLimitWait();
    void stopsWhenWaitExceedsCap();
    void recoversFromTransientFailures_data();
    void recoversFromTransientFailures();
    void reportsInvalidResponsesWithoutRetrying_data();
    void reportsInvalidResponsesWithoutRetrying();
    void halvesBatchRejectedAsTooLarge_data();
    void halvesBatchRejectedAsTooLarge();
    void namesSingleRejectedPhrase();
    void cancelAbortsEveryRequestInFlight();
    void namesPhrasesByTheirNumbers();
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
    // Keys come from the environment here, so a developer's keychain is
    // neither read nor prompted to unlock.
    qputenv("EMBEDSCOPE_NO_KEYCHAIN", "1");
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

// On a machine without a keychain service, as in CI, looking a key up
// there must fail fast and read as "no stored key".
void TestHttpProvider::missingKeychainMeansNoStoredKey()
{
    if (qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("a desktop session may have a keychain that asks to be unlocked; this checks a machine without one");
    qunsetenv("EMBEDSCOPE_NO_KEYCHAIN");
    ProviderSettings settings = settingsFor(*m_server);
    settings.apiKeyVariable = QString::fromLatin1(KEY_VARIABLE);
    HttpProvider provider(settings);
    QLoggingCategory::setFilterRules(QStringLiteral("embedscope.net.debug=true"));
    LogCapture capture;

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QLoggingCategory::setFilterRules(QString());
    qputenv("EMBEDSCOPE_NO_KEYCHAIN", "1");
    QCOMPARE(outcome.status, Status::Failed);
    QCOMPARE(outcome.errorMessage,
             QStringLiteral("EMBEDSCOPE_TEST_KEY is not set; export it with the server's key or choose the built-in provider"));
    QCOMPARE(m_server->requestCount(), 0);
    // The keychain's own reply, not the lookup's timeout, ended the lookup.
    const QString log = capture.lines().join(u'\n');
    QVERIFY2(log.contains(u"no EMBEDSCOPE_TEST_KEY in the keychain"), qPrintable(log));
    QVERIFY2(!log.contains(u"did not reply within"), qPrintable(log));
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
    QTest::newRow("403 is not retried")
        << HttpErrorCase{403, "application/json", R"({"error":{"message":"Country, region, or territory not supported","code":"unsupported_country_region_territory"}})",
                         {QStringLiteral("HTTP 403 Forbidden"), QStringLiteral("Country, region, or territory not supported")}};
    QTest::newRow("429 after every retry suggests lowering concurrency")
        << HttpErrorCase{429, "application/json", R"({"error":{"message":"Rate limit exceeded: free-models-per-day","code":429}})",
                         {QStringLiteral("Rate limit exceeded: free-models-per-day"), QStringLiteral("rate limiting"),
                          QStringLiteral("lower the number of requests in flight (--concurrency"),
                          QStringLiteral("Gave up after 4 retries.")},
                         5};
    QTest::newRow("503 with a flat error is retried, then shown")
        << HttpErrorCase{503, "application/json", R"({"error":"Model is overloaded","error_type":"Overloaded"})",
                         {QStringLiteral("HTTP 503 Service Unavailable"), QStringLiteral("Model is overloaded (Overloaded)"),
                          QStringLiteral("Gave up after 4 retries.")},
                         5};
    QTest::newRow("400 rejecting dimensions is shown as is")
        << HttpErrorCase{400, "application/json",
                         R"({"error":{"message":"This model does not support specifying dimensions.","type":"invalid_request_error"}})",
                         {QStringLiteral("This model does not support specifying dimensions.")}};
    QTest::newRow("HTML 502 from a proxy shows status, type, URL and text")
        << HttpErrorCase{502, "text/html",
                         "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
                         "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                         {QStringLiteral("HTTP 502 Bad Gateway from "), QStringLiteral("/v1/embeddings (text/html): 502 Bad Gateway nginx"),
                          QStringLiteral("Gave up after 4 retries.")},
                         5};
    QTest::newRow("plain-text 500 shows its body")
        << HttpErrorCase{500, "text/plain", "upstream connect error or disconnect/reset before headers",
                         {QStringLiteral("HTTP 500 Internal Server Error"), QStringLiteral("(text/plain): upstream connect error")},
                         5};
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
    QCOMPARE(m_server->requestCount(), testCase.expectedRequests);
}

void TestHttpProvider::timesOutOnStalledServer()
{
    m_server->stallEveryRequest();
    ProviderSettings settings = settingsFor(*m_server);
    settings.timeoutSeconds = 1;
    settings.retry.maxRetries = 0;
    HttpProvider provider(settings);
    QElapsedTimer elapsed;
    elapsed.start();

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QCOMPARE(outcome.errorMessage, QStringLiteral("no response from %1 after 1 s").arg(endpointOf(*m_server)));
    QVERIFY2(elapsed.elapsed() >= 900, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(m_server->requestCount(), 1);
}

void TestHttpProvider::retriesStalledRequestOnce()
{
    m_server->stallEveryRequest();
    ProviderSettings settings = settingsFor(*m_server);
    settings.timeoutSeconds = 1;
    settings.retry.maxRetries = 1;
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QCOMPARE(outcome.errorMessage,
             QStringLiteral("no response from %1 after 1 s. Gave up after 1 retry.").arg(endpointOf(*m_server)));
    QCOMPARE(m_server->requestCount(), 2);
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
    QVERIFY2(outcome.errorMessage.endsWith(u"Gave up after 4 retries."), qPrintable(outcome.errorMessage));
    // Qt itself may send a request again once when a connection closes
    // before any response byte, so the server can see more than 5.
    QVERIFY2(m_server->requestCount() >= 5, qPrintable(QString::number(m_server->requestCount())));
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
    QCOMPARE(m_server->requestCount(), 5);
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
    QCOMPARE(m_server->requestCount(), BatchTransfer::MAX_REDIRECTS + 1);
}

void TestHttpProvider::cancelAbortsRequestInFlight()
{
    m_server->stallEveryRequest();
    HttpProvider provider(settingsFor(*m_server));
    QObject owner;
    EmbeddingJob *job = provider.embed({QStringLiteral("cat")}, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QSignalSpy requestSpy(m_server.get(), &TestHttpServer::requestReceived);
    QVERIFY(requestSpy.wait(5000));

    job->cancel();
    job->cancel();

    QVERIFY(finishedSpy.wait(10000));
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
    QVERIFY(finishedSpy.wait(10000));
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
    endpoint.setFault(FakeEmbeddingEndpoint::Fault::Shuffle);
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    HttpProvider provider(settingsFor(*m_server));
    const QStringList phrases = numberedPhrases(300);
    QList<QList<QVariant>> progress;

    const EmbeddingOutcome outcome = runJob(provider, phrases, &progress);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 3);
    QList<int> sizes;
    for (const TestHttpRequest &request : m_server->requests())
        sizes << inputCountOf(request);
    std::ranges::sort(sizes);
    QCOMPARE(sizes, QList<int>({300 - 2 * 128, 128, 128}));
    QCOMPARE(outcome.vectors.rows(), 300);
    for (int row = 0; row < phrases.size(); ++row)
        QCOMPARE(rowOf(outcome.vectors, row), endpoint.vectorFor(phrases[row]));
    QCOMPARE(progress.size(), 3);
    QCOMPARE(progress.last(), QList<QVariant>({300, 300}));
    for (qsizetype i = 1; i < progress.size(); ++i)
        QVERIFY(progress[i].first().toInt() > progress[i - 1].first().toInt());
}

// Eight batches with four in flight. The server delays its responses until
// four requests have arrived, then answers each 300 ms later, so a client
// that sent more than four at once would show a fifth unanswered request.
void TestHttpProvider::sendsBatchesConcurrently()
{
    FakeEmbeddingEndpoint endpoint;
    endpoint.setLatencyMs(300);
    QList<int> unanswered;
    m_server->holdResponsesUntil(4);
    m_server->setHandler([&](const TestHttpRequest &request) {
        unanswered << m_server->requestCount() - m_server->responseCount();
        return endpoint.handle(request);
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.batchSize = 10;
    settings.concurrency = 4;
    HttpProvider provider(settings);
    const QStringList phrases = numberedPhrases(80);

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 8);
    QCOMPARE(unanswered.mid(0, 4), QList<int>({1, 2, 3, 4}));
    QCOMPARE(*std::max_element(unanswered.cbegin(), unanswered.cend()), 4);
    for (int row = 0; row < phrases.size(); ++row)
        QCOMPARE(rowOf(outcome.vectors, row), endpoint.vectorFor(phrases[row]));
}

void TestHttpProvider::capsCharactersPerBatch()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    ProviderSettings settings = settingsFor(*m_server);
    settings.maxBatchCharacters = 100;
    settings.concurrency = 1;
    HttpProvider provider(settings);
    const QStringList phrases = numberedPhrases(10, QStringLiteral("a phrase of thirty characters%1"));
    QCOMPARE(phrases.first().size(), 30);

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QList<int> sizes;
    for (const TestHttpRequest &request : m_server->requests())
        sizes << inputCountOf(request);
    QCOMPARE(sizes, QList<int>({3, 3, 3, 1}));
}

void TestHttpProvider::respectsOpenAiLimits_data()
{
    QTest::addColumn<int>("phraseCount");
    QTest::addColumn<int>("phraseLength");
    QTest::addColumn<int>("expectedFirstBatch");

    QTest::newRow("2048 inputs per request even with a larger batch size") << 2100 << 8 << 2048;
    QTest::newRow("300,000 estimated tokens per request") << 1200 << 300 << 1000;
}

// OpenAI's limits hold even when the user asks for larger batches.
void TestHttpProvider::respectsOpenAiLimits()
{
    QFETCH(int, phraseCount);
    QFETCH(int, phraseLength);
    QFETCH(int, expectedFirstBatch);
    FakeEmbeddingEndpoint endpoint(4);
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    ProviderSettings settings = settingsFor(*m_server);
    settings.kind = ProviderKind::OpenAI;
    settings.batchSize = 5000;
    settings.maxBatchCharacters = 0;
    settings.concurrency = 1;
    HttpProvider provider(settings);
    QStringList phrases;
    for (int i = 0; i < phraseCount; ++i)
        phrases << QStringLiteral("%1").arg(i, phraseLength, 10, QLatin1Char('x'));

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(inputCountOf(m_server->requests().first()), expectedFirstBatch);
    int sent = 0;
    for (const TestHttpRequest &request : m_server->requests())
        sent += inputCountOf(request);
    QCOMPARE(sent, phraseCount);
    QCOMPARE(rowOf(outcome.vectors, phraseCount - 1), endpoint.vectorFor(phrases.last()));
}

void TestHttpProvider::choosesEncodingPerServer_data()
{
    QTest::addColumn<ProviderKind>("kind");
    QTest::addColumn<VectorEncoding>("encoding");
    QTest::addColumn<QString>("expected");

    QTest::newRow("OpenAI gets base64") << ProviderKind::OpenAI << VectorEncoding::Automatic << QStringLiteral("base64");
    QTest::newRow("OpenRouter gets float") << ProviderKind::OpenRouter << VectorEncoding::Automatic << QStringLiteral("float");
    QTest::newRow("Ollama gets float") << ProviderKind::Ollama << VectorEncoding::Automatic << QStringLiteral("float");
    QTest::newRow("custom endpoint gets float by default") << ProviderKind::Custom << VectorEncoding::Automatic << QStringLiteral("float");
    QTest::newRow("custom endpoint that opts in gets base64") << ProviderKind::Custom << VectorEncoding::Base64 << QStringLiteral("base64");
    QTest::newRow("OpenAI set to float gets float") << ProviderKind::OpenAI << VectorEncoding::Float << QStringLiteral("float");
}

void TestHttpProvider::choosesEncodingPerServer()
{
    QFETCH(ProviderKind, kind);
    QFETCH(VectorEncoding, encoding);
    QFETCH(QString, expected);
    FakeEmbeddingEndpoint endpoint(2048);
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    ProviderSettings settings = settingsFor(*m_server);
    settings.kind = kind;
    settings.encoding = encoding;
    HttpProvider provider(settings);
    const QStringList phrases{QStringLiteral("cat"), QStringLiteral("dog")};

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requests().first().json.object().value(u"encoding_format").toString(), expected);
    QCOMPARE(outcome.vectors.dimensions(), 2048);
    QCOMPARE(rowOf(outcome.vectors, 1), endpoint.vectorFor(phrases[1]));
}

void TestHttpProvider::readsEitherEncodingInAnyAnswer_data()
{
    QTest::addColumn<FakeEmbeddingEndpoint::Fault>("fault");
    QTest::addColumn<VectorEncoding>("requested");

    QTest::newRow("base64 answer to a float request") << FakeEmbeddingEndpoint::Fault::AlwaysBase64 << VectorEncoding::Float;
    QTest::newRow("float answer to a base64 request") << FakeEmbeddingEndpoint::Fault::AlwaysFloat << VectorEncoding::Base64;
}

// The JSON type decides, because LM Studio and others ignore the field.
void TestHttpProvider::readsEitherEncodingInAnyAnswer()
{
    QFETCH(FakeEmbeddingEndpoint::Fault, fault);
    QFETCH(VectorEncoding, requested);
    FakeEmbeddingEndpoint endpoint(384);
    endpoint.setFault(fault);
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    ProviderSettings settings = settingsFor(*m_server);
    settings.encoding = requested;
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(outcome.vectors.dimensions(), 384);
    QCOMPARE(rowOf(outcome.vectors, 0), endpoint.vectorFor(QStringLiteral("cat")));
}

void TestHttpProvider::honoursRequestedWait_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<HttpHeaders>("headers");
    QTest::addColumn<int>("minimumWaitMs");
    QTest::addColumn<int>("maximumWaitMs");

    QTest::newRow("429 with Retry-After of 1 second") << 429 << HttpHeaders{{"Retry-After", "1"}} << 1000 << 1000;
    // The date is filled in when the row runs. Cut to whole seconds, it is
    // 2 to 3 s away then, so the wait stays above 1 s even when a loaded
    // machine takes most of a second to send the first request.
    QTest::newRow("429 with Retry-After as an HTTP date")
        << 429 << HttpHeaders{{"Retry-After", "in three seconds"}} << 1000 << 3000;
    QTest::newRow("429 with retry-after-ms") << 429 << HttpHeaders{{"retry-after-ms", "300"}} << 300 << 300;
    QTest::newRow("429 with a used-up request limit")
        << 429 << HttpHeaders{{"x-ratelimit-remaining-requests", "0"}, {"x-ratelimit-reset-requests", "0.4s"}} << 400
        << 400;
    QTest::newRow("503 with Retry-After") << 503 << HttpHeaders{{"Retry-After", "1"}} << 1000 << 1000;
}

void TestHttpProvider::honoursRequestedWait()
{
    QFETCH(int, status);
    QFETCH(HttpHeaders, headers);
    QFETCH(int, minimumWaitMs);
    QFETCH(int, maximumWaitMs);
    for (auto &[name, value] : headers) {
        if (value == "in three seconds")
            value = QLocale::c()
                        .toString(QDateTime::currentDateTimeUtc().addSecs(3), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"))
                        .toLatin1();
    }
    FakeEmbeddingEndpoint endpoint;
    QElapsedTimer clock;
    QList<qint64> arrivals;
    m_server->setHandler([&](const TestHttpRequest &request) {
        arrivals << clock.elapsed();
        TestHttpResponse response = endpoint.handle(request);
        if (arrivals.size() > 1)
            return response;
        response = TestHttpResponse::json(status, QJsonDocument::fromJson(R"({"error":{"message":"Slow down","code":429}})"));
        response.headers += headers;
        return response;
    });
    HttpProvider provider(settingsFor(*m_server));
    LogCapture capture;
    QStringList statuses;
    clock.start();

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")}, nullptr, &statuses);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(arrivals.size(), 2);
    QVERIFY2(arrivals[1] - arrivals[0] >= minimumWaitMs, qPrintable(QString::number(arrivals[1] - arrivals[0])));
    const QString log = capture.lines().join(u'\n');
    // The wait the job chose, read from its log rather than timed, because
    // a loaded machine may send the retry late.
    static const QRegularExpression retryLine(QStringLiteral("retrying input 1 \\(retry 1 of 4\\) in (\\d+) ms"));
    const QRegularExpressionMatch retry = retryLine.match(log);
    QVERIFY2(retry.hasMatch(), qPrintable(log));
    QVERIFY2(retry.captured(1).toInt() >= minimumWaitMs, qPrintable(retry.captured(0)));
    QVERIFY2(retry.captured(1).toInt() <= maximumWaitMs, qPrintable(retry.captured(0)));
    QVERIFY2(log.contains(QStringLiteral("after HTTP %1 from %2").arg(status).arg(endpointOf(*m_server))), qPrintable(log));
    QVERIFY2(!statuses.isEmpty() && statuses.first().contains(u"; retrying in "), qPrintable(statuses.join(u'|')));
    QCOMPARE(statuses.last(), QString());
}

// After a 429, batches that were waiting do not go out before the wait
// ends. The 429 comes back at once and the other responses take 100 ms.
void TestHttpProvider::holdsAllRequestsDuringRateLimitWait()
{
    FakeEmbeddingEndpoint endpoint;
    QElapsedTimer clock;
    QList<qint64> arrivals;
    m_server->setHandler([&](const TestHttpRequest &request) {
        arrivals << clock.elapsed();
        if (arrivals.size() == 1) {
            TestHttpResponse response = TestHttpResponse::json(
                429, QJsonDocument::fromJson(R"({"error":{"message":"Rate limit reached for requests","code":429}})"));
            response.headers.append({QByteArray("Retry-After"), QByteArray("1")});
            return response;
        }
        TestHttpResponse response = endpoint.handle(request);
        response.delayMs = 100;
        return response;
    });
    ProviderSettings settings = settingsFor(*m_server);
    settings.batchSize = 1;
    settings.concurrency = 2;
    HttpProvider provider(settings);
    const QStringList phrases = numberedPhrases(4);
    clock.start();

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(arrivals.size(), 5);
    for (int later = 2; later < arrivals.size(); ++later)
        QVERIFY2(arrivals[later] - arrivals[0] >= 1000, qPrintable(QString::number(arrivals[later] - arrivals[0])));
    for (int row = 0; row < phrases.size(); ++row)
        QCOMPARE(rowOf(outcome.vectors, row), endpoint.vectorFor(phrases[row]));
}

// A daily quota resets hours later; waiting that long helps nobody.
void TestHttpProvider::stopsWhenWaitExceedsCap()
{
    m_server->setHandler([](const TestHttpRequest &) {
        TestHttpResponse response = TestHttpResponse::json(
            429, QJsonDocument::fromJson(R"({"error":{"message":"Rate limit exceeded: free-models-per-day","code":429}})"));
        response.headers.append({QByteArray("Retry-After"), QByteArray("3600")});
        return response;
    });
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"free-models-per-day"), qPrintable(outcome.errorMessage));
    QVERIFY2(outcome.errorMessage.contains(u"The server asks to wait 3600 s before the next request, longer than the 5 s"),
             qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 1);
}

void TestHttpProvider::recoversFromTransientFailures_data()
{
    QTest::addColumn<FakeEmbeddingEndpoint::Fault>("fault");

    QTest::newRow("500 then success") << FakeEmbeddingEndpoint::Fault::ServerErrorOnce;
    QTest::newRow("dropped connection then success") << FakeEmbeddingEndpoint::Fault::DropOnce;
    QTest::newRow("truncated JSON then success") << FakeEmbeddingEndpoint::Fault::TruncateOnce;
    QTest::newRow("stall past the timeout then success") << FakeEmbeddingEndpoint::Fault::StallOnce;
    QTest::newRow("429 then success") << FakeEmbeddingEndpoint::Fault::RateLimitOnce;
}

void TestHttpProvider::recoversFromTransientFailures()
{
    QFETCH(FakeEmbeddingEndpoint::Fault, fault);
    FakeEmbeddingEndpoint endpoint;
    endpoint.setFault(fault);
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    ProviderSettings settings = settingsFor(*m_server);
    settings.timeoutSeconds = 1;
    HttpProvider provider(settings);
    const QStringList phrases{QStringLiteral("cat"), QStringLiteral("dog")};

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 2);
    QCOMPARE(rowOf(outcome.vectors, 0), endpoint.vectorFor(phrases[0]));
    QCOMPARE(rowOf(outcome.vectors, 1), endpoint.vectorFor(phrases[1]));
}

void TestHttpProvider::reportsInvalidResponsesWithoutRetrying_data()
{
    QTest::addColumn<FakeEmbeddingEndpoint::Fault>("fault");
    QTest::addColumn<QString>("expected");

    QTest::newRow("one item missing names the phrase")
        << FakeEmbeddingEndpoint::Fault::MissingItem << QStringLiteral("no vector for phrase 3 (\"bird\")");
    QTest::newRow("NaN in a vector") << FakeEmbeddingEndpoint::Fault::NonFinite << QStringLiteral("non-finite value NaN");
    QTest::newRow("HTML page with status 200")
        << FakeEmbeddingEndpoint::Fault::HtmlPage
        << QStringLiteral("returned text/html; charset=utf-8, not JSON: Sign in to continue");
}

void TestHttpProvider::reportsInvalidResponsesWithoutRetrying()
{
    QFETCH(FakeEmbeddingEndpoint::Fault, fault);
    QFETCH(QString, expected);
    FakeEmbeddingEndpoint endpoint;
    endpoint.setFault(fault);
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(expected), qPrintable(outcome.errorMessage));
    QVERIFY2(outcome.errorMessage.contains(endpointOf(*m_server)), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 1);
}

void TestHttpProvider::halvesBatchRejectedAsTooLarge_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");

    QTest::newRow("413 from text-embeddings-inference")
        << 413 << QByteArray(R"({"error":"batch size 100 > maximum allowed batch size 32","error_type":"Validation"})");
    QTest::newRow("400 that names too many inputs")
        << 400 << QByteArray(R"({"error":{"message":"Too many inputs. The max number of inputs is 32.","code":"invalid_request"}})");
    QTest::newRow("422 that names the batch size")
        << 422 << QByteArray(R"({"detail":"Batch size 100 exceeds the maximum of 32"})");
}

// 100 inputs against a limit of 32: 100 is rejected, then both halves of
// 50, then four quarters of 25 pass.
void TestHttpProvider::halvesBatchRejectedAsTooLarge()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&](const TestHttpRequest &request) {
        if (inputCountOf(request) > 32)
            return TestHttpResponse::text(status, "application/json", body);
        return endpoint.handle(request);
    });
    HttpProvider provider(settingsFor(*m_server));
    const QStringList phrases = numberedPhrases(100);

    const EmbeddingOutcome outcome = runJob(provider, phrases);

    QVERIFY2(outcome.succeeded(), qPrintable(outcome.errorMessage));
    QCOMPARE(m_server->requestCount(), 7);
    for (int row = 0; row < phrases.size(); ++row)
        QCOMPARE(rowOf(outcome.vectors, row), endpoint.vectorFor(phrases[row]));
}

void TestHttpProvider::namesSingleRejectedPhrase()
{
    FakeEmbeddingEndpoint endpoint;
    m_server->setHandler([&](const TestHttpRequest &request) {
        if (stringsOf(request.json.object().value(u"input")).contains(QStringLiteral("a very long phrase")))
            return TestHttpResponse::json(413, QJsonDocument::fromJson(
                R"({"error":"Input validation error: `inputs` must have less than 512 tokens. Given: 600","error_type":"Validation"})"));
        return endpoint.handle(request);
    });
    HttpProvider provider(settingsFor(*m_server));

    const EmbeddingOutcome outcome = runJob(provider, {QStringLiteral("cat"), QStringLiteral("dog"),
                                                       QStringLiteral("a very long phrase"), QStringLiteral("bird")});

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(QStringLiteral("HTTP 413 from %1 rejects phrase 3 (\"a very long phrase\") as too "
                                                          "large even on its own: Input validation error")
                                               .arg(endpointOf(*m_server))),
             qPrintable(outcome.errorMessage));
    QVERIFY2(outcome.errorMessage.endsWith(u"Shorten or remove that phrase."), qPrintable(outcome.errorMessage));
}

void TestHttpProvider::cancelAbortsEveryRequestInFlight()
{
    m_server->stallEveryRequest();
    ProviderSettings settings = settingsFor(*m_server);
    settings.batchSize = 1;
    HttpProvider provider(settings);
    QObject owner;
    EmbeddingJob *job = provider.embed(numberedPhrases(8), &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QTRY_COMPARE(m_server->requestCount(), 4);

    job->cancel();

    // Without the cancel, the stalled requests would time out after 10 s
    // and be retried, so finished() would come well after this wait.
    QVERIFY(finishedSpy.wait(10000));
    QCOMPARE(finishedSpy.first().first().value<EmbeddingOutcome>().status, Status::Cancelled);
    QTest::qWait(200);
    QCOMPARE(m_server->requestCount(), 4);
}

// A caller that sends only some phrases, such as the cache, gives their
// numbers in its own list, and errors use them.
void TestHttpProvider::namesPhrasesByTheirNumbers()
{
    FakeEmbeddingEndpoint endpoint;
    endpoint.setFault(FakeEmbeddingEndpoint::Fault::MissingItem);
    m_server->setHandler([&endpoint](const TestHttpRequest &request) { return endpoint.handle(request); });
    HttpProvider provider(settingsFor(*m_server));
    QObject owner;
    EmbeddingJob *job = provider.embed({QStringLiteral("cat"), QStringLiteral("dog")}, &owner);
    job->setPhraseNumbers({4, 9});
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);

    QVERIFY(finishedSpy.wait(5000));

    const EmbeddingOutcome outcome = finishedSpy.first().first().value<EmbeddingOutcome>();
    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"no vector for phrase 9 (\"dog\")"), qPrintable(outcome.errorMessage));
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
    ProviderSettings settings = settingsFor(*m_server);
    settings.concurrency = 1;
    HttpProvider provider(settings);

    const EmbeddingOutcome outcome = runJob(provider, numberedPhrases(130));

    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"phrases 129 to 130 got 4-dimensional vectors, but other phrases got "
                                           u"8-dimensional ones"),
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
    m_server->stallEveryRequest();
    auto provider = std::make_unique<HttpProvider>(settingsFor(*m_server));
    QObject owner;
    EmbeddingJob *job = provider->embed({QStringLiteral("cat")}, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QSignalSpy requestSpy(m_server.get(), &TestHttpServer::requestReceived);
    QVERIFY(requestSpy.wait(5000));

    provider.reset();

    QVERIFY(finishedSpy.wait(10000));
    const EmbeddingOutcome outcome = finishedSpy.first().first().value<EmbeddingOutcome>();
    QCOMPARE(outcome.status, Status::Failed);
    QVERIFY2(outcome.errorMessage.contains(u"the provider was closed"), qPrintable(outcome.errorMessage));
}

QTEST_GUILESS_MAIN(TestHttpProvider)
#include "tst_httpprovider.moc"
