#include "fakeembeddingendpoint.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtEndian>

#include <charconv>
#include <functional>
#include <cmath>
#include <cstdlib>
#include <random>
#include <vector>

static constexpr int MAX_DIMENSIONS = 16384;

static TestHttpResponse errorResponse(int status, const QString &message)
{
    const QJsonObject error{
        {QStringLiteral("message"), message},
        {QStringLiteral("type"), status == 404 ? QStringLiteral("not_found") : QStringLiteral("invalid_request_error")},
        {QStringLiteral("code"), status},
    };
    return TestHttpResponse::json(status, QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}));
}

// Uniform values in [-1, 1) from the generator's raw bits, because the
// standard distributions differ between standard library implementations.
static QList<float> hashedVector(const QString &text, int dimensions)
{
    const QByteArray digest = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
    std::mt19937_64 generator(qFromLittleEndian<quint64>(digest.constData()));

    std::vector<double> values(static_cast<size_t>(dimensions));
    double squaredNorm = 0.0;
    for (double &value : values) {
        value = 2.0 * double(generator() >> 11) * 0x1.0p-53 - 1.0;
        squaredNorm += value * value;
    }

    const double norm = std::sqrt(squaredNorm);
    QList<float> vector;
    vector.reserve(dimensions);
    for (double value : values)
        vector << float(value / norm);
    return vector;
}

// Returns the double nearest to the shortest decimal that reads back as
// value, so that JSON shows 0.36947584 rather than 0.3694758415222168, like
// the recorded OpenAI responses in tests/data/recorded.
static double shortestDouble(float value)
{
    char digits[32];
    const auto result = std::to_chars(digits, digits + sizeof(digits), value);
    *result.ptr = '\0';
    return std::strtod(digits, nullptr);
}

static QJsonValue encodeVector(const QList<float> &vector, bool base64)
{
    if (!base64) {
        QJsonArray array;
        for (float value : vector)
            array << shortestDouble(value);
        return array;
    }

    QByteArray bytes(vector.size() * qsizetype(sizeof(float)), Qt::Uninitialized);
    for (qsizetype i = 0; i < vector.size(); ++i)
        qToLittleEndian(vector[i], bytes.data() + i * qsizetype(sizeof(float)));
    return QString::fromLatin1(bytes.toBase64());
}

static int countTokens(const QStringList &texts)
{
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    int tokens = 0;
    for (const QString &text : texts)
        tokens += int(text.split(whitespace, Qt::SkipEmptyParts).size());
    return tokens;
}

FakeEmbeddingEndpoint::FakeEmbeddingEndpoint(int dimensions)
    : m_dimensions(dimensions)
{}

QString FakeEmbeddingEndpoint::loadVectors(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject())
        return QStringLiteral("%1 is not a JSON object of text to vector (%2)").arg(path, parseError.errorString());

    QHash<QString, QList<float>> vectors;
    const QJsonObject object = document.object();
    for (auto entry = object.begin(); entry != object.end(); ++entry) {
        QList<float> vector;
        for (const QJsonValue &value : entry.value().toArray()) {
            if (!value.isDouble())
                return QStringLiteral("%1: the vector of \"%2\" contains a non-number").arg(path, entry.key());
            vector << float(value.toDouble());
        }
        if (vector.isEmpty())
            return QStringLiteral("%1: the vector of \"%2\" is empty or not a list").arg(path, entry.key());
        if (!vectors.isEmpty() && vector.size() != vectors.begin()->size())
            return QStringLiteral("%1: the vector of \"%2\" has %3 values, others have %4")
                .arg(path, entry.key()).arg(vector.size()).arg(vectors.begin()->size());
        vectors.insert(entry.key(), vector);
    }
    if (vectors.isEmpty())
        return QStringLiteral("%1 contains no vectors").arg(path);

    m_storedVectors = vectors;
    m_dimensions = int(vectors.begin()->size());
    return {};
}

QList<float> FakeEmbeddingEndpoint::vectorFor(const QString &text, int dimensions) const
{
    const auto stored = m_storedVectors.find(text);
    if (stored != m_storedVectors.end() && stored->size() == dimensions)
        return *stored;
    return hashedVector(text, dimensions);
}

static const std::pair<FakeEmbeddingEndpoint::Fault, const char *> FAULT_NAMES[] = {
    {FakeEmbeddingEndpoint::Fault::None, "none"},
    {FakeEmbeddingEndpoint::Fault::RateLimitOnce, "rate-limit-once"},
    {FakeEmbeddingEndpoint::Fault::ServerErrorOnce, "server-error-once"},
    {FakeEmbeddingEndpoint::Fault::BadGateway, "bad-gateway"},
    {FakeEmbeddingEndpoint::Fault::DropOnce, "drop-once"},
    {FakeEmbeddingEndpoint::Fault::TruncateOnce, "truncate-once"},
    {FakeEmbeddingEndpoint::Fault::StallOnce, "stall-once"},
    {FakeEmbeddingEndpoint::Fault::Shuffle, "shuffle"},
    {FakeEmbeddingEndpoint::Fault::AlwaysBase64, "always-base64"},
    {FakeEmbeddingEndpoint::Fault::AlwaysFloat, "always-float"},
    {FakeEmbeddingEndpoint::Fault::MissingItem, "missing-item"},
    {FakeEmbeddingEndpoint::Fault::NonFinite, "non-finite"},
    {FakeEmbeddingEndpoint::Fault::HtmlPage, "html-page"},
};

static const QByteArray NGINX_502_PAGE =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

static const QByteArray LOGIN_PAGE =
    "<!DOCTYPE html>\n<html><head><title>Sign in</title><style>body{font:14px sans-serif}</style></head>\n"
    "<body><h1>Sign in to continue</h1><form method=\"post\"><input name=\"user\"></form></body></html>\n";

QStringList FakeEmbeddingEndpoint::faultNames()
{
    QStringList names;
    for (const auto &[fault, name] : FAULT_NAMES)
        names << QString::fromLatin1(name);
    return names;
}

std::optional<FakeEmbeddingEndpoint::Fault> FakeEmbeddingEndpoint::faultFromName(const QString &name)
{
    for (const auto &[fault, faultName] : FAULT_NAMES) {
        if (name == QLatin1String(faultName))
            return fault;
    }
    return std::nullopt;
}

// text-embeddings-inference rejects too many inputs with 413 and a flat
// error object.
static TestHttpResponse batchTooLarge(int inputs, int maximum)
{
    const QJsonObject error{
        {QStringLiteral("error"), QStringLiteral("batch size %1 > maximum allowed batch size %2").arg(inputs).arg(maximum)},
        {QStringLiteral("error_type"), QStringLiteral("Validation")},
    };
    return TestHttpResponse::json(413, QJsonDocument(error));
}

TestHttpResponse FakeEmbeddingEndpoint::handle(const TestHttpRequest &request)
{
    ++m_requestCount;
    const QByteArray path = request.path.split('?').first();
    TestHttpResponse response;
    if (path != "/v1/embeddings") {
        response = errorResponse(404, QStringLiteral("no route for %1 %2; the embeddings endpoint is "
                                                     "POST /v1/embeddings")
                                          .arg(QString::fromLatin1(request.method), QString::fromUtf8(path)));
    } else if (request.method != "POST") {
        response = errorResponse(405, QStringLiteral("use POST for /v1/embeddings"));
    } else if (!request.json.isObject()) {
        response = errorResponse(400, QStringLiteral("the request body is not a JSON object"));
    } else {
        QJsonObject body = request.json.object();
        const QJsonValue input = body.value(u"input");
        const int inputs = input.isArray() ? int(input.toArray().size()) : 1;
        if (m_fault == Fault::AlwaysBase64)
            body.insert(QStringLiteral("encoding_format"), QStringLiteral("base64"));
        if (m_fault == Fault::AlwaysFloat || m_fault == Fault::NonFinite)
            body.insert(QStringLiteral("encoding_format"), QStringLiteral("float"));

        if (m_maxBatchSize > 0 && inputs > m_maxBatchSize)
            response = batchTooLarge(inputs, m_maxBatchSize);
        else
            response = applyFault(embed(body));
    }
    response.delayMs = m_latencyMs;
    return response;
}

// Rewrites the "data" list of a successful response.
static TestHttpResponse withData(TestHttpResponse response, const std::function<void(QJsonArray &)> &change)
{
    QJsonObject body = QJsonDocument::fromJson(response.body).object();
    QJsonArray data = body.value(u"data").toArray();
    change(data);
    body.insert(QStringLiteral("data"), data);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return response;
}

TestHttpResponse FakeEmbeddingEndpoint::applyFault(TestHttpResponse response) const
{
    if (response.status != 200)
        return response;

    const bool first = m_requestCount == 1;
    switch (m_fault) {
    case Fault::None:
    case Fault::AlwaysBase64:
    case Fault::AlwaysFloat:
        return response;
    case Fault::RateLimitOnce:
        if (!first)
            return response;
        response = errorResponse(429, QStringLiteral("Rate limit reached for requests"));
        response.headers.append({QByteArray("Retry-After"), QByteArray("1")});
        return response;
    case Fault::ServerErrorOnce:
        return first ? errorResponse(500, QStringLiteral("The server had an error while processing your request."))
                     : response;
    case Fault::BadGateway:
        return TestHttpResponse::text(502, "text/html", NGINX_502_PAGE);
    case Fault::DropOnce:
        if (first)
            response.delivery = TestHttpResponse::Delivery::DropConnection;
        return response;
    case Fault::TruncateOnce:
        if (first)
            response.delivery = TestHttpResponse::Delivery::TruncateBody;
        return response;
    case Fault::StallOnce:
        if (first)
            response.delivery = TestHttpResponse::Delivery::Stall;
        return response;
    case Fault::Shuffle:
        return withData(response, [](QJsonArray &data) {
            QJsonArray reversed;
            for (const QJsonValue &item : data)
                reversed.prepend(item);
            data = reversed;
        });
    case Fault::MissingItem:
        return withData(response, [](QJsonArray &data) { data.removeLast(); });
    case Fault::NonFinite: {
        // JSON has no NaN, so a server that writes one writes invalid JSON.
        const qsizetype start = response.body.indexOf("\"embedding\":[") + qsizetype(sizeof("\"embedding\":[")) - 1;
        const qsizetype end = response.body.indexOf(',', start);
        response.body.replace(start, end - start, "NaN");
        return response;
    }
    case Fault::HtmlPage:
        return TestHttpResponse::text(200, "text/html; charset=utf-8", LOGIN_PAGE);
    }
    return response;
}

// Reads "input" as a string or a list of strings; returns an error message
// when it is neither, or when a string is empty.
static QString readInputs(const QJsonValue &input, QStringList *texts)
{
    if (!input.isString() && !input.isArray())
        return QStringLiteral("\"input\" must be a string or a list of strings");
    const QJsonArray inputs = input.isString() ? QJsonArray{input} : input.toArray();
    if (inputs.isEmpty())
        return QStringLiteral("\"input\" is an empty list");
    for (qsizetype i = 0; i < inputs.size(); ++i) {
        if (!inputs[i].isString())
            return QStringLiteral("input[%1] is not a string").arg(i);
        if (inputs[i].toString().isEmpty())
            return QStringLiteral("input[%1] is an empty string; it must have at least 1 character").arg(i);
        *texts << inputs[i].toString();
    }
    return {};
}

TestHttpResponse FakeEmbeddingEndpoint::embed(const QJsonObject &body) const
{
    const QString model = body.value(u"model").toString();
    if (model.isEmpty())
        return errorResponse(400, QStringLiteral("\"model\" is missing"));

    QStringList texts;
    const QString inputError = readInputs(body.value(u"input"), &texts);
    if (!inputError.isEmpty())
        return errorResponse(400, inputError);

    const int dimensions = body.contains(u"dimensions") ? body.value(u"dimensions").toInt(-1) : m_dimensions;
    if (dimensions <= 0 || dimensions > MAX_DIMENSIONS)
        return errorResponse(400, QStringLiteral("\"dimensions\" must be a whole number from 1 to %1").arg(MAX_DIMENSIONS));
    if (!m_storedVectors.isEmpty() && dimensions != m_dimensions)
        return errorResponse(400, QStringLiteral("this server stores %1-dimensional vectors and cannot "
                                                 "answer \"dimensions\": %2").arg(m_dimensions).arg(dimensions));

    const QString encoding = body.value(u"encoding_format").toString(QStringLiteral("float"));
    if (encoding != u"float" && encoding != u"base64")
        return errorResponse(400, QStringLiteral("\"encoding_format\" must be \"float\" or \"base64\""));

    QJsonArray data;
    for (qsizetype i = 0; i < texts.size(); ++i) {
        data << QJsonObject{
            {QStringLiteral("object"), QStringLiteral("embedding")},
            {QStringLiteral("index"), int(i)},
            {QStringLiteral("embedding"), encodeVector(vectorFor(texts[i], dimensions), encoding == u"base64")},
        };
    }
    const int tokens = countTokens(texts);
    const QJsonObject usage{{QStringLiteral("prompt_tokens"), tokens}, {QStringLiteral("total_tokens"), tokens}};
    return TestHttpResponse::json(200, QJsonDocument(QJsonObject{
                                           {QStringLiteral("object"), QStringLiteral("list")},
                                           {QStringLiteral("data"), data},
                                           {QStringLiteral("model"), model},
                                           {QStringLiteral("usage"), usage},
                                       }));
}
