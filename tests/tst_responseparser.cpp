#include "embedding/responseparser.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRandomGenerator>
#include <QTest>

#include <cmath>

using embedscope::Expected;
using namespace embedscope::embedding;

using Vectors = QList<QList<float>>;

static const QStringList FRUITS{QStringLiteral("apple"), QStringLiteral("banana"), QStringLiteral("cherry"),
                                QStringLiteral("date"), QStringLiteral("elderberry")};

struct RejectCase
{
    QByteArray body;
    int inputCount = 1;
    int dimensions = 0;
    QStringList messageParts; // each must appear in the error message
};

struct HttpErrorCase
{
    int status = 0;
    QString contentType;
    QByteArray body;
    QString apiKeyVariable;
    QStringList messageParts; // each must appear in the description
    QStringList absentParts;  // none may appear
};

Q_DECLARE_METATYPE(RejectCase)
Q_DECLARE_METATYPE(HttpErrorCase)

static EmbeddingBatch batchOf(QStringList inputs, int dimensions = 0)
{
    return {std::move(inputs), 0, dimensions};
}

static Vectors rowsOf(const EmbeddingSet &set)
{
    Vectors rows;
    for (int row = 0; row < set.rows(); ++row)
        rows << QList<float>(set.row(row).begin(), set.row(row).end());
    return rows;
}

static QByteArray recordedExchanges(const QString &name)
{
    QFile file(QStringLiteral(EMBEDSCOPE_TEST_DATA "/recorded/%1").arg(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read recorded exchanges %s", qPrintable(file.fileName()));
    return file.readAll();
}

class TestResponseParser : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void parsesVectors_data();
    void parsesVectors();
    void rowOffsetNumbersPhrasesInMessages();
    void acceptsRequestedDimensions();
    void rejectsInvalidResponse_data();
    void rejectsInvalidResponse();
    void parsesRecordedResponses_data();
    void parsesRecordedResponses();
    void describesHttpError_data();
    void describesHttpError();
    void survivesTruncatedAndCorruptedBodies();
};

void TestResponseParser::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestResponseParser::parsesVectors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QStringList>("inputs");
    QTest::addColumn<Vectors>("expected");

    const QStringList animals{QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")};
    const Vectors oneHot{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    QTest::newRow("items in index order go to their rows")
        << QByteArray(R"({"data":[{"index":0,"embedding":[1,0,0]},{"index":1,"embedding":[0,1,0]},)"
                      R"({"index":2,"embedding":[0,0,1]}]})")
        << animals << oneHot;
    QTest::newRow("items out of order are placed by their index")
        << QByteArray(R"({"object":"list","data":[{"object":"embedding","index":2,"embedding":[0,0,1]},)"
                      R"({"object":"embedding","index":0,"embedding":[1,0,0]},)"
                      R"({"object":"embedding","index":1,"embedding":[0,1,0]}]})")
        << animals << oneHot;
    QTest::newRow("items without any index are taken in order")
        << QByteArray(R"({"data":[{"embedding":[1,0,0]},{"embedding":[0,1,0]},{"embedding":[0,0,1]}]})")
        << animals << oneHot;
    QTest::newRow("base64 decodes as little-endian float32")
        << QByteArray(R"({"data":[{"index":0,"embedding":"AACAPgAAAD8AAEA/AACAPw=="}]})")
        << QStringList{QStringLiteral("cat")} << Vectors{{0.25f, 0.5f, 0.75f, 1.0f}};
    QTest::newRow("float list gives the same vector as base64")
        << QByteArray(R"({"data":[{"index":0,"embedding":[0.25,0.5,0.75,1.0]}]})")
        << QStringList{QStringLiteral("cat")} << Vectors{{0.25f, 0.5f, 0.75f, 1.0f}};
    QTest::newRow("base64 and float items mix in one response")
        << QByteArray(R"({"data":[{"index":1,"embedding":[0.25,0.5,0.75,1.0]},)"
                      R"({"index":0,"embedding":"AACAPgAAAD8AAEA/AACAPw=="}]})")
        << QStringList{QStringLiteral("cat"), QStringLiteral("dog")}
        << Vectors{{0.25f, 0.5f, 0.75f, 1.0f}, {0.25f, 0.5f, 0.75f, 1.0f}};
    QTest::newRow("unknown fields such as usage are ignored")
        << QByteArray(R"({"object":"list","model":"m","usage":{"prompt_tokens":1,"total_tokens":1},)"
                      R"("data":[{"object":"embedding","index":0,"embedding":[-0.5,0.5],"extra":true}]})")
        << QStringList{QStringLiteral("cat")} << Vectors{{-0.5f, 0.5f}};
    QTest::newRow("a number below float32 range becomes zero")
        << QByteArray(R"({"data":[{"index":0,"embedding":[1.5e-50,1]}]})")
        << QStringList{QStringLiteral("cat")} << Vectors{{0.0f, 1.0f}};
    QTest::newRow("an error field set to null is no error")
        << QByteArray(R"({"error":null,"data":[{"index":0,"embedding":[3,4]}]})")
        << QStringList{QStringLiteral("cat")} << Vectors{{3.0f, 4.0f}};
}

void TestResponseParser::parsesVectors()
{
    QFETCH(QByteArray, body);
    QFETCH(QStringList, inputs);
    const Expected<EmbeddingSet> parsed = parseEmbeddingResponse(body, batchOf(inputs));

    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    QFETCH(Vectors, expected);
    QCOMPARE(parsed->rows(), inputs.size());
    QCOMPARE(rowsOf(*parsed), expected);
}

void TestResponseParser::rowOffsetNumbersPhrasesInMessages()
{
    const EmbeddingBatch batch{FRUITS.mid(2), 128, 0};
    const QByteArray body(R"({"data":[{"index":0,"embedding":[1]}]})");

    const Expected<EmbeddingSet> parsed = parseEmbeddingResponse(body, batch);

    QVERIFY(!parsed.has_value());
    QVERIFY2(parsed.error().contains(u"phrase 130 (\"date\")"), qPrintable(parsed.error()));
}

void TestResponseParser::acceptsRequestedDimensions()
{
    const QByteArray body(R"({"data":[{"index":0,"embedding":[0.6,0.8]}]})");

    const Expected<EmbeddingSet> parsed = parseEmbeddingResponse(body, batchOf({QStringLiteral("cat")}, 2));

    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    QCOMPARE(parsed->dimensions(), 2);
}

void TestResponseParser::rejectsInvalidResponse_data()
{
    QTest::addColumn<RejectCase>("testCase");

    const auto add = [](const char *tag, const char *body, int inputCount, QStringList parts, int dimensions = 0) {
        QTest::newRow(tag) << RejectCase{QByteArray(body), inputCount, dimensions, std::move(parts)};
    };

    add("one vector for five inputs names the missing phrases",
        R"({"data":[{"index":0,"embedding":[1,0]}]})", 5,
        {QStringLiteral("1 vector for 5 inputs"), QStringLiteral("phrase 2 (\"banana\")"),
         QStringLiteral("and 1 more")});
    add("three vectors for two inputs", R"({"data":[{"embedding":[1]},{"embedding":[2]},{"embedding":[3]}]})", 2,
        {QStringLiteral("3 vectors for 2 inputs")});
    add("an empty embedding is rejected",
        R"({"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[]}]})", 2,
        {QStringLiteral("phrase 2 (\"banana\")"), QStringLiteral("is empty")});
    add("a body with only an object field has no data", R"({"object":"list"})", 5,
        {QStringLiteral("no \"data\" list"), QStringLiteral("object")});
    add("an empty object has no data", R"({})", 1, {QStringLiteral("empty JSON object")});
    add("per-token nested vectors are rejected",
        R"({"data":[{"index":0,"embedding":[[1,2],[3,4],[5,6]]}]})", 1,
        {QStringLiteral("list of 3 lists"), QStringLiteral("pooling")});
    add("an empty data list", R"({"object":"list","data":[]})", 3, {QStringLiteral("\"data\" list is empty")});
    add("data that is an object", R"({"data":{"index":0}})", 1, {QStringLiteral("\"data\" is a object")});
    add("a duplicate index names both items",
        R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", 2,
        {QStringLiteral("index 0 appears twice"), QStringLiteral("items 1 and 2")});
    add("an index past the last input",
        R"({"data":[{"index":0,"embedding":[1]},{"index":2,"embedding":[2]}]})", 2,
        {QStringLiteral("index 2, outside 0 to 1")});
    add("a negative index", R"({"data":[{"index":-1,"embedding":[1]}]})", 1, {QStringLiteral("index -1")});
    add("a huge index", R"({"data":[{"index":1e20,"embedding":[1]}]})", 1, {QStringLiteral("outside 0 to 0")});
    add("a fractional index", R"({"data":[{"index":0.5,"embedding":[1]}]})", 1,
        {QStringLiteral("index 0.5, which is not a whole number")});
    add("a string index", R"({"data":[{"index":"0","embedding":[1]}]})", 1,
        {QStringLiteral("index \"0\", which is not a whole number")});
    add("an index on only some items",
        R"({"data":[{"index":0,"embedding":[1]},{"embedding":[2]}]})", 2,
        {QStringLiteral("item 2 of \"data\" has no \"index\"")});
    add("an index missing from the first item only",
        R"({"data":[{"embedding":[1]},{"index":0,"embedding":[2]}]})", 2,
        {QStringLiteral("item 2 of \"data\" has an \"index\", but item 1 has none")});
    add("vectors of differing dimension",
        R"({"data":[{"index":0,"embedding":[1,2,3,4]},{"index":1,"embedding":[1,2,3]}]})", 2,
        {QStringLiteral("different dimensions"), QStringLiteral("has 4 values"), QStringLiteral("has 3")});
    add("a dimension other than requested", R"({"data":[{"index":0,"embedding":[1,2,3,4]}]})", 1,
        {QStringLiteral("4 dimensions, but 256 were requested")}, 256);
    add("a NaN token", R"({"data":[{"index":0,"embedding":[0.1, NaN, 0.3]}]})", 1,
        {QStringLiteral("non-finite value NaN")});
    add("a negative Infinity token", R"({"data":[{"index":0,"embedding":[-Infinity]}]})", 1,
        {QStringLiteral("non-finite value -Infinity")});
    add("a NaN string", R"({"data":[{"index":0,"embedding":[0.5,"NaN"]}]})", 1,
        {QStringLiteral("non-finite value \"NaN\"")});
    add("an Infinity string", R"({"data":[{"index":0,"embedding":["Infinity"]}]})", 1,
        {QStringLiteral("non-finite value \"Infinity\"")});
    add("a number beyond double range", R"({"data":[{"index":0,"embedding":[1e999]}]})", 1,
        {QStringLiteral("non-finite value 1e999")});
    add("a number beyond float32 range", R"({"data":[{"index":0,"embedding":[1e300]}]})", 1,
        {QStringLiteral("not a finite float32")});
    add("a base64 length that is not a multiple of four",
        R"({"data":[{"index":0,"embedding":"AACAPgA="}]})", 1, {QStringLiteral("decodes to 5 bytes")});
    add("invalid base64", R"({"data":[{"index":0,"embedding":"not base64!"}]})", 1,
        {QStringLiteral("not valid base64")});
    add("an empty base64 string", R"({"data":[{"index":0,"embedding":""}]})", 1, {QStringLiteral("is empty")});
    add("base64 of a NaN float", R"({"data":[{"index":0,"embedding":"AADAfw=="}]})", 1,
        {QStringLiteral("non-finite value at position 0")});
    add("an error object inside a 200",
        R"({"error":{"message":"Model is loading","code":503}})", 1,
        {QStringLiteral("the server returned an error: Model is loading")});
    add("a flat error inside a 200", R"({"error":"Input validation error","error_type":"Validation"})", 1,
        {QStringLiteral("Input validation error (Validation)")});
    add("an Ollama native answer points to the v1 URL", R"({"model":"m","embeddings":[[1,2]]})", 1,
        {QStringLiteral("\"embeddings\""), QStringLiteral("/v1")});
    add("a legacy Ollama answer points to the v1 URL", R"({"embedding":[]})", 1,
        {QStringLiteral("\"embedding\""), QStringLiteral("/v1")});
    add("an empty body", "", 1, {QStringLiteral("body is empty")});
    add("an HTML page", "<html><body>Bad Gateway</body></html>", 1, {QStringLiteral("not valid JSON")});
    add("truncated JSON", R"({"data":[{"index":0,"embedding":[0.1,0.2)", 1, {QStringLiteral("not valid JSON")});
    add("a llama.cpp native list points to the v1 URL", R"([{"index":0,"embedding":[[0.1,0.2]]}])", 1,
        {QStringLiteral("JSON list, not an object"), QStringLiteral("/v1")});
    add("an item that is a number", R"({"data":[7]})", 1, {QStringLiteral("item 1 of \"data\" is a number")});
    add("an item without an embedding", R"({"data":[{"index":0}]})", 1,
        {QStringLiteral("phrase 1 (\"apple\") is missing")});
    add("an embedding that is null", R"({"data":[{"index":0,"embedding":null}]})", 1,
        {QStringLiteral("is a null, not a list")});
    add("a boolean inside a vector", R"({"data":[{"index":0,"embedding":[1,true]}]})", 1,
        {QStringLiteral("contains a boolean where a number belongs")});
}

void TestResponseParser::rejectsInvalidResponse()
{
    QFETCH(RejectCase, testCase);
    const EmbeddingBatch batch = batchOf(FRUITS.mid(0, testCase.inputCount), testCase.dimensions);

    const Expected<EmbeddingSet> parsed = parseEmbeddingResponse(testCase.body, batch);

    QVERIFY2(!parsed.has_value(), "an invalid response was accepted");
    for (const QString &part : testCase.messageParts)
        QVERIFY2(parsed.error().contains(part), qPrintable(QStringLiteral("\"%1\" not in: %2").arg(part, parsed.error())));
}

void TestResponseParser::parsesRecordedResponses_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exchange");
    QTest::addColumn<int>("dimensions");

    QTest::newRow("ada-002 with one input") << QStringLiteral("openai-ada-002.json") << 0 << 1536;
    QTest::newRow("ada-002 with three inputs") << QStringLiteral("openai-ada-002.json") << 1 << 1536;
    QTest::newRow("3-small shortened to 256") << QStringLiteral("openai-dimensions-256.json") << 0 << 256;
}

void TestResponseParser::parsesRecordedResponses()
{
    QFETCH(QString, file);
    QFETCH(int, exchange);
    const QJsonObject recorded = QJsonDocument::fromJson(recordedExchanges(file)).array().at(exchange).toObject();
    const QJsonObject request = recorded.value(u"request").toObject();
    QStringList inputs;
    for (const QJsonValue &input : request.value(u"input").toArray())
        inputs << input.toString();
    const QByteArray body = QJsonDocument(recorded.value(u"response").toObject()).toJson();

    const Expected<EmbeddingSet> parsed = parseEmbeddingResponse(body, batchOf(inputs, request.value(u"dimensions").toInt()));

    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error()));
    QFETCH(int, dimensions);
    QCOMPARE(parsed->rows(), inputs.size());
    QCOMPARE(parsed->dimensions(), dimensions);
    for (int row = 0; row < parsed->rows(); ++row) {
        double squaredNorm = 0;
        for (float value : parsed->row(row))
            squaredNorm += double(value) * value;
        QVERIFY2(std::abs(std::sqrt(squaredNorm) - 1.0) < 1e-3, "recorded OpenAI vectors are unit length");
    }
}

void TestResponseParser::describesHttpError_data()
{
    QTest::addColumn<HttpErrorCase>("testCase");
    const QString json = QStringLiteral("application/json");

    QTest::newRow("nested 401 shows the message and names the key variable")
        << HttpErrorCase{401, json,
                         R"({"error":{"message":"Incorrect API key provided: sk-abc***xyz.","type":"invalid_request_error","code":"invalid_api_key"}})",
                         QStringLiteral("OPENAI_API_KEY"),
                         {QStringLiteral("HTTP 401"), QStringLiteral("Incorrect API key provided: sk-abc***xyz. (invalid_api_key)"),
                          QStringLiteral("Check that OPENAI_API_KEY contains a valid key")},
                         {}};
    QTest::newRow("401 from a keyless setup asks for a key variable")
        << HttpErrorCase{401, json, R"({"error":{"message":"No auth credentials found","code":401}})", QString(),
                         {QStringLiteral("No auth credentials found"), QStringLiteral("set a key variable")},
                         {QStringLiteral("(401)")}};
    QTest::newRow("OpenRouter 402 keeps the message word for word")
        << HttpErrorCase{402, json,
                         R"({"error":{"message":"Insufficient credits. Add more using https://openrouter.ai/credits","code":402}})",
                         QStringLiteral("OPENROUTER_API_KEY"),
                         {QStringLiteral("Insufficient credits. Add more using https://openrouter.ai/credits"),
                          QStringLiteral("Add credits to the account")},
                         {}};
    QTest::newRow("404 suggests checking model and base URL")
        << HttpErrorCase{404, json,
                         R"({"error":{"message":"The model `text-embedding-4` does not exist","type":"invalid_request_error","code":"model_not_found"}})",
                         QString(),
                         {QStringLiteral("does not exist (model_not_found)"), QStringLiteral("Check the model name and the base URL")},
                         {}};
    QTest::newRow("429 says the server is rate limiting")
        << HttpErrorCase{429, json, R"({"error":{"message":"Rate limit exceeded: free-models-per-min","code":429}})",
                         QString(), {QStringLiteral("Rate limit exceeded: free-models-per-min"), QStringLiteral("rate limiting")}, {}};
    QTest::newRow("400 for an unsupported dimensions option is shown as is")
        << HttpErrorCase{400, json,
                         R"({"error":{"message":"This model does not support specifying dimensions.","type":"invalid_request_error","param":null,"code":null}})",
                         QString(), {QStringLiteral("HTTP 400 from"), QStringLiteral(": This model does not support specifying dimensions. (invalid_request_error)")}, {}};
    QTest::newRow("flat error with an error type")
        << HttpErrorCase{413, json, R"({"error":"Input validation error: inputs must have less than 512 tokens","error_type":"Validation"})",
                         QString(), {QStringLiteral("inputs must have less than 512 tokens (Validation)")}, {}};
    QTest::newRow("OpenRouter upstream text follows a generic message")
        << HttpErrorCase{400, json, R"({"error":{"message":"Provider returned error","code":400,"metadata":{"raw":"input too long"}}})",
                         QString(), {QStringLiteral("Provider returned error: input too long")}, {}};
    QTest::newRow("FastAPI validation details are joined")
        << HttpErrorCase{422, json, R"({"detail":[{"loc":["body","input"],"msg":"field required"},{"msg":"bad model"}]})",
                         QString(), {QStringLiteral("field required; bad model")}, {}};
    QTest::newRow("HTML 502 from a proxy shows stripped text, type and URL")
        << HttpErrorCase{502, QStringLiteral("text/html"),
                         "<html><head><title>502 Bad Gateway</title><style>body{color:red}</style></head>"
                         "<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.22.1</center></body></html>",
                         QString(),
                         {QStringLiteral("HTTP 502 Bad Gateway from http://127.0.0.1:9/v1/embeddings (text/html): 502 Bad Gateway nginx/1.22.1"),
                          QStringLiteral("try again later")},
                         {QStringLiteral("<"), QStringLiteral("color:red")}};
    QTest::newRow("plain text body is quoted")
        << HttpErrorCase{500, QStringLiteral("text/plain"), "upstream connect error", QString(),
                         {QStringLiteral("(text/plain): upstream connect error")}, {}};
    QTest::newRow("empty body says so")
        << HttpErrorCase{503, QString(), "", QString(), {QStringLiteral("HTTP 503"), QStringLiteral("with an empty body")}, {}};
    QTest::newRow("long body is cut to 200 characters")
        << HttpErrorCase{500, QStringLiteral("text/plain"), QByteArray(5000, 'x'), QString(),
                         {QString(200, u'x') + u'…'}, {QString(201, u'x')}};
    QTest::newRow("control bytes in a body become spaces")
        << HttpErrorCase{500, QString(), QByteArray("bad\0\x01thing", 10), QString(), {QStringLiteral("(no content type): bad thing")}, {}};
}

void TestResponseParser::describesHttpError()
{
    QFETCH(HttpErrorCase, testCase);
    const HttpErrorResponse response{testCase.status,
                                     testCase.status == 502 ? QStringLiteral("Bad Gateway") : QString(),
                                     testCase.contentType,
                                     QStringLiteral("http://127.0.0.1:9/v1/embeddings"),
                                     testCase.body,
                                     testCase.apiKeyVariable};

    const QString description = describeHttpError(response);

    for (const QString &part : testCase.messageParts)
        QVERIFY2(description.contains(part), qPrintable(QStringLiteral("\"%1\" not in: %2").arg(part, description)));
    for (const QString &part : testCase.absentParts)
        QVERIFY2(!description.contains(part), qPrintable(QStringLiteral("\"%1\" in: %2").arg(part, description)));
}

// Every prefix of a valid body and random byte changes must give a value or
// an error message, never a crash or an empty message.
void TestResponseParser::survivesTruncatedAndCorruptedBodies()
{
    const QByteArray valid(R"({"object":"list","data":[{"index":1,"embedding":[0.25,-0.5]},)"
                           R"({"index":0,"embedding":"AACAPgAAAD8="}],"usage":{"total_tokens":2}})");
    const EmbeddingBatch batch = batchOf(FRUITS.mid(0, 2));
    QVERIFY(parseEmbeddingResponse(valid, batch).has_value());

    for (qsizetype length = 0; length < valid.size(); ++length) {
        const Expected<EmbeddingSet> parsed = parseEmbeddingResponse(valid.left(length), batch);
        QVERIFY2(!parsed.has_value(), qPrintable(QStringLiteral("prefix of %1 bytes accepted").arg(length)));
        QVERIFY(!parsed.error().isEmpty());
    }

    QRandomGenerator random(20240611);
    for (int round = 0; round < 2000; ++round) {
        QByteArray corrupted = valid;
        corrupted[random.bounded(int(corrupted.size()))] = char(random.bounded(256));
        const Expected<EmbeddingSet> parsed = parseEmbeddingResponse(corrupted, batch);
        if (!parsed)
            QVERIFY(!parsed.error().isEmpty());
        QVERIFY(!describeHttpError({500, {}, {}, {}, corrupted, {}}).isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestResponseParser)
#include "tst_responseparser.moc"
