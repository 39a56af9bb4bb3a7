#include "responseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QtEndian>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace embedscope::embedding {

using Vector = std::vector<float>;

static constexpr int PHRASE_EXCERPT_LENGTH = 40;
static constexpr int BODY_EXCERPT_LENGTH = 200;
static constexpr int MAX_PHRASES_NAMED = 3;

// "phrase 3 ("dog")", numbered from 1 in the whole phrase list.
static QString describePhrase(const EmbeddingBatch &batch, int row)
{
    QString text = batch.inputs.value(row);
    if (text.size() > PHRASE_EXCERPT_LENGTH)
        text = text.left(PHRASE_EXCERPT_LENGTH - 1) + u'…';
    const int number = batch.phraseNumbers.value(row, batch.firstIndex + row + 1);
    return QStringLiteral("phrase %1 (\"%2\")").arg(number).arg(text);
}

static QString describePhrases(const EmbeddingBatch &batch, const QList<int> &rows)
{
    QStringList named;
    for (int i = 0; i < rows.size() && i < MAX_PHRASES_NAMED; ++i)
        named << describePhrase(batch, rows[i]);
    QString text = named.join(QStringLiteral(", "));
    if (rows.size() > MAX_PHRASES_NAMED)
        text += QStringLiteral(" and %1 more").arg(rows.size() - MAX_PHRASES_NAMED);
    return text;
}

static QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("list");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing value");
}

// A JSON value as it would appear in the body, such as "1" with its quotes.
static QString jsonText(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1).chopped(1));
}

static bool isNonFiniteWord(QString word)
{
    word = word.toLower();
    if (word.startsWith(u'-') || word.startsWith(u'+'))
        word.remove(0, 1);
    return word == u"nan" || word == u"infinity" || word == u"inf";
}

// The number-like token around a JSON parse error, such as "NaN" or "1e999".
static QString tokenAt(const QByteArray &body, qsizetype offset)
{
    const auto isTokenChar = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+';
    };
    qsizetype start = qBound(qsizetype(0), offset, body.size());
    qsizetype end = start;
    while (start > 0 && isTokenChar(body[start - 1]))
        --start;
    while (end < body.size() && isTokenChar(body[end]))
        ++end;
    return QString::fromLatin1(body.mid(start, end - start));
}

// Qt's parser rejects NaN, Infinity and out-of-range numbers as "illegal
// number" or "illegal value", so name the token to tell those apart from
// other broken JSON.
static QString describeJsonError(const QByteArray &body, const QJsonParseError &error)
{
    const QString token = tokenAt(body, error.offset);
    const QByteArray tokenBytes = token.toLatin1();
    char *numberEnd = nullptr;
    const double value = std::strtod(tokenBytes.constData(), &numberEnd);
    const bool isNumber = !tokenBytes.isEmpty() && numberEnd == tokenBytes.constData() + tokenBytes.size();
    if (isNonFiniteWord(token) || (isNumber && !std::isfinite(value))) {
        return QStringLiteral("the response contains the non-finite value %1 at byte %2; "
                              "embeddings must be finite numbers")
            .arg(token)
            .arg(error.offset);
    }
    return QStringLiteral("the response is not valid JSON (%1 at byte %2)")
        .arg(error.errorString())
        .arg(error.offset);
}

static Expected<float> readNumber(const QJsonValue &value)
{
    if (value.isString() && isNonFiniteWord(value.toString()))
        return fail(QStringLiteral("contains the non-finite value \"%1\"").arg(value.toString()));
    if (!value.isDouble())
        return fail(QStringLiteral("contains a %1 where a number belongs").arg(jsonTypeName(value)));

    // A finite double such as 1e300 still overflows float32.
    const auto number = float(value.toDouble());
    if (!std::isfinite(number))
        return fail(QStringLiteral("contains the value %1, which is not a finite float32")
                        .arg(value.toDouble()));
    return number;
}

static Expected<Vector> readFloatList(const QJsonArray &values)
{
    if (values.isEmpty())
        return fail(QStringLiteral("is empty"));
    if (values.first().isArray()) {
        return fail(QStringLiteral("is a list of %1 lists, as servers return with pooling turned "
                                   "off (one vector per token); turn pooling on or use another model")
                        .arg(values.size()));
    }

    Vector vector;
    vector.reserve(size_t(values.size()));
    for (const QJsonValue &value : values) {
        const Expected<float> number = readNumber(value);
        if (!number)
            return fail(number.error());
        vector.push_back(*number);
    }
    return vector;
}

static Expected<Vector> readBase64(const QString &text)
{
    const auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return fail(QStringLiteral("is a string that is not valid base64"));
    const QByteArray &bytes = decoded.decoded;
    if (bytes.isEmpty())
        return fail(QStringLiteral("is empty"));
    if (bytes.size() % qsizetype(sizeof(float)) != 0) {
        return fail(QStringLiteral("decodes to %1 bytes, which is not a whole number of "
                                   "4-byte float32 values")
                        .arg(bytes.size()));
    }

    Vector vector(size_t(bytes.size()) / sizeof(float));
    for (size_t i = 0; i < vector.size(); ++i) {
        vector[i] = qFromLittleEndian<float>(bytes.constData() + i * sizeof(float));
        if (!std::isfinite(vector[i]))
            return fail(QStringLiteral("contains a non-finite value at position %1").arg(i));
    }
    return vector;
}

// Decides the encoding by the JSON type, because some servers ignore
// "encoding_format" and return floats for a base64 request, or the reverse.
static Expected<Vector> readVector(const QJsonValue &embedding)
{
    if (embedding.isArray())
        return readFloatList(embedding.toArray());
    if (embedding.isString())
        return readBase64(embedding.toString());
    if (embedding.isUndefined())
        return fail(QStringLiteral("is missing"));
    return fail(QStringLiteral("is a %1, not a list of numbers or a base64 string")
                    .arg(jsonTypeName(embedding)));
}

// Reads data[].index as a row number, or fails with why it is not one.
static Expected<int> readIndex(const QJsonValue &index, int item, int rowCount)
{
    const double value = index.toDouble(-1.0);
    if (!index.isDouble() || value != std::floor(value)) {
        return fail(QStringLiteral("item %1 of \"data\" has the index %2, which is not a whole "
                                   "number")
                        .arg(item + 1)
                        .arg(jsonText(index)));
    }
    if (value < 0 || value >= rowCount) {
        return fail(QStringLiteral("item %1 of \"data\" has the index %2, outside 0 to %3 for %4 "
                                   "inputs")
                        .arg(item + 1)
                        .arg(value, 0, 'g', 17)
                        .arg(rowCount - 1)
                        .arg(rowCount));
    }
    return int(value);
}

// Returns the row of each item in data: its "index" when items carry one,
// else its position, for servers that omit the index.
static Expected<QList<int>> assignRows(const QJsonArray &data, const EmbeddingBatch &batch)
{
    const int rowCount = int(batch.inputs.size());
    const bool indexed = data.first().toObject().contains(u"index");
    QList<int> rows;
    QList<int> itemOfRow(rowCount, -1);

    for (int item = 0; item < data.size(); ++item) {
        const QJsonObject object = data[item].toObject();
        if (indexed && !object.contains(u"index"))
            return fail(QStringLiteral("item %1 of \"data\" has no \"index\", but item 1 has one").arg(item + 1));
        if (!indexed && object.contains(u"index"))
            return fail(QStringLiteral("item %1 of \"data\" has an \"index\", but item 1 has none").arg(item + 1));

        const Expected<int> row = indexed ? readIndex(object.value(u"index"), item, rowCount)
                                          : readIndex(QJsonValue(item), item, rowCount);
        if (!row)
            return fail(row.error());
        if (itemOfRow[*row] >= 0) {
            return fail(QStringLiteral("index %1 appears twice in \"data\", in items %2 and %3")
                            .arg(*row)
                            .arg(itemOfRow[*row] + 1)
                            .arg(item + 1));
        }
        itemOfRow[*row] = item;
        rows << *row;
    }
    return rows;
}

static QString describeCountMismatch(const QJsonArray &data, const EmbeddingBatch &batch)
{
    QString text = QStringLiteral("the response has %1 %2 for %3 %4")
                       .arg(data.size())
                       .arg(data.size() == 1 ? u"vector" : u"vectors")
                       .arg(batch.inputs.size())
                       .arg(batch.inputs.size() == 1 ? u"input" : u"inputs");
    const Expected<QList<int>> rows = assignRows(data, batch);
    if (!rows || data.size() > batch.inputs.size())
        return text;

    QList<int> missing;
    for (int row = 0; row < batch.inputs.size(); ++row) {
        if (!rows->contains(row))
            missing << row;
    }
    return text + QStringLiteral("; no vector for %1").arg(describePhrases(batch, missing));
}

static QString describeMissingData(const QJsonObject &root)
{
    if (root.contains(u"embeddings") || root.contains(u"embedding")) {
        return QStringLiteral("the response has no \"data\" list but an \"%1\" field, as Ollama's "
                              "native API returns; use the OpenAI-compatible base URL ending in /v1")
            .arg(root.contains(u"embeddings") ? u"embeddings" : u"embedding");
    }
    if (root.isEmpty())
        return QStringLiteral("the response is an empty JSON object, with no \"data\" list");
    return QStringLiteral("the response has no \"data\" list (its fields: %1)")
        .arg(root.keys().join(QStringLiteral(", ")));
}

// Checks the envelope around data[] and returns the list itself.
static Expected<QJsonArray> readDataList(const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return fail(QStringLiteral("the response body is empty"));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(describeJsonError(body, parseError));
    // llama.cpp serves its own format at /embeddings and the OpenAI one at
    // /v1/embeddings.
    if (!document.isObject())
        return fail(QStringLiteral("the response is a JSON list, not an object with a \"data\" list, "
                                   "as llama.cpp's native API returns; use the OpenAI-compatible base URL "
                                   "ending in /v1"));

    const QJsonObject root = document.object();
    const QJsonValue error = root.value(u"error");
    if (!error.isUndefined() && !error.isNull()) {
        const QString message = serverErrorMessage(body);
        return fail(QStringLiteral("the server returned an error: %1")
                        .arg(message.isEmpty() ? QStringLiteral("(no message)") : message));
    }
    if (!root.contains(u"data"))
        return fail(describeMissingData(root));
    if (!root.value(u"data").isArray())
        return fail(QStringLiteral("\"data\" is a %1, not a list").arg(jsonTypeName(root.value(u"data"))));

    const QJsonArray data = root.value(u"data").toArray();
    if (data.isEmpty())
        return fail(QStringLiteral("the \"data\" list is empty"));
    for (int item = 0; item < data.size(); ++item) {
        if (!data[item].isObject())
            return fail(QStringLiteral("item %1 of \"data\" is a %2, not an object")
                            .arg(item + 1)
                            .arg(jsonTypeName(data[item])));
    }
    return data;
}

static Expected<int> checkDimensions(const std::vector<Vector> &vectors, const EmbeddingBatch &batch)
{
    const size_t dimensions = vectors.front().size();
    for (size_t row = 1; row < vectors.size(); ++row) {
        if (vectors[row].size() != dimensions) {
            return fail(QStringLiteral("the vectors have different dimensions: %1 has %2 values, "
                                       "%3 has %4")
                            .arg(describePhrase(batch, 0))
                            .arg(dimensions)
                            .arg(describePhrase(batch, int(row)))
                            .arg(vectors[row].size()));
        }
    }
    if (batch.dimensions > 0 && dimensions != size_t(batch.dimensions)) {
        return fail(QStringLiteral("the vectors have %1 dimensions, but %2 were requested; the model "
                                   "may not support the dimensions option")
                        .arg(dimensions)
                        .arg(batch.dimensions));
    }
    return int(dimensions);
}

Expected<EmbeddingSet> parseEmbeddingResponse(const QByteArray &body, const EmbeddingBatch &batch)
{
    const Expected<QJsonArray> data = readDataList(body);
    if (!data)
        return fail(data.error());
    if (data->size() != batch.inputs.size())
        return fail(describeCountMismatch(*data, batch));

    const Expected<QList<int>> rows = assignRows(*data, batch);
    if (!rows)
        return fail(rows.error());

    // Items and rows are both exactly inputs.size() long with no duplicate
    // row, so every row receives one vector.
    std::vector<Vector> vectors(size_t(batch.inputs.size()));
    for (int item = 0; item < data->size(); ++item) {
        const int row = rows->at(item);
        Expected<Vector> vector = readVector((*data)[item].toObject().value(u"embedding"));
        if (!vector)
            return fail(QStringLiteral("the embedding of %1 %2").arg(describePhrase(batch, row), vector.error()));
        vectors[size_t(row)] = std::move(*vector);
    }

    const Expected<int> dimensions = checkDimensions(vectors, batch);
    if (!dimensions)
        return fail(dimensions.error());

    EmbeddingSet set(int(vectors.size()), *dimensions);
    for (size_t row = 0; row < vectors.size(); ++row)
        std::memcpy(set.row(int(row)).data(), vectors[row].data(), vectors[row].size() * sizeof(float));
    return set;
}

static QString describeErrorObject(const QJsonObject &error)
{
    QString message = error.value(u"message").toString();
    // A string code ("invalid_api_key") is more specific than the type, and a
    // number code only repeats the HTTP status.
    QString code = error.value(u"code").toString();
    if (code.isEmpty())
        code = error.value(u"type").toString();
    if (!code.isEmpty() && code != message)
        message += QStringLiteral(" (%1)").arg(code);

    // OpenRouter puts the upstream provider's own text here, which is often
    // the only useful part of a generic "Provider returned error".
    const QString raw = error.value(u"metadata").toObject().value(u"raw").toString();
    if (!raw.isEmpty())
        message += QStringLiteral(": %1").arg(raw.left(BODY_EXCERPT_LENGTH));
    return message;
}

// Servers built on FastAPI return {"detail": "…"} or, for validation
// errors, {"detail": [{"msg": "…"}, …]}.
static QString describeDetail(const QJsonValue &detail)
{
    if (detail.isString())
        return detail.toString();
    QStringList messages;
    for (const QJsonValue &entry : detail.toArray()) {
        const QString message = entry.toObject().value(u"msg").toString();
        if (!message.isEmpty())
            messages << message;
    }
    return messages.join(QStringLiteral("; "));
}

QString serverErrorMessage(const QByteArray &body)
{
    const QJsonObject root = QJsonDocument::fromJson(body).object();
    const QJsonValue error = root.value(u"error");
    if (error.isObject())
        return describeErrorObject(error.toObject());

    if (error.isString()) {
        QString message = error.toString();
        const QString type = root.value(u"error_type").toString();
        if (!type.isEmpty())
            message += QStringLiteral(" (%1)").arg(type);
        return message;
    }

    if (root.contains(u"detail"))
        return describeDetail(root.value(u"detail"));
    return root.value(u"message").toString();
}

QString bodyExcerpt(const QByteArray &body, const QString &contentType)
{
    QString text = QString::fromUtf8(body);
    if (contentType.contains(u"html", Qt::CaseInsensitive) || text.trimmed().startsWith(u'<')) {
        static const QRegularExpression hiddenBlocks(
            QStringLiteral("<(script|style|head)\\b.*?</\\1\\s*>"),
            QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
        static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
        text.remove(hiddenBlocks);
        text.replace(tags, QStringLiteral(" "));
        static const std::pair<QLatin1String, QLatin1String> entities[] = {
            {QLatin1String("&nbsp;"), QLatin1String(" ")}, {QLatin1String("&lt;"), QLatin1String("<")},
            {QLatin1String("&gt;"), QLatin1String(">")},   {QLatin1String("&quot;"), QLatin1String("\"")},
            {QLatin1String("&#39;"), QLatin1String("'")},  {QLatin1String("&amp;"), QLatin1String("&")},
        };
        for (const auto &[entity, character] : entities)
            text.replace(entity, character);
    }
    for (QChar &character : text) {
        if (character.category() == QChar::Other_Control)
            character = u' ';
    }

    text = text.simplified();
    if (text.size() > BODY_EXCERPT_LENGTH)
        text = text.left(BODY_EXCERPT_LENGTH) + u'…';
    return text;
}

static QString hintForStatus(int statusCode, const QString &apiKeyVariable)
{
    if (statusCode == 401 && !apiKeyVariable.isEmpty())
        return QStringLiteral("Check that %1 contains a valid key for this server.").arg(apiKeyVariable);
    if (statusCode == 401)
        return QStringLiteral("The server requires a key; set a key variable in the provider settings.");
    if (statusCode == 402)
        return QStringLiteral("Add credits to the account, or choose a free model or the built-in provider.");
    if (statusCode == 404)
        return QStringLiteral("Check the model name and the base URL, which usually ends in /v1.");
    if (statusCode == 429)
        return QStringLiteral("The server is rate limiting requests; lower the number of requests in flight "
                              "(--concurrency on the command line) or wait a minute and try again.");
    if (statusCode >= 500 && statusCode <= 599)
        return QStringLiteral("The server or a proxy in front of it failed; try again later.");
    return {};
}

QString describeNonJsonResponse(const HttpErrorResponse &response)
{
    const QString contentType = response.contentType.isEmpty() ? QStringLiteral("no content type")
                                                               : response.contentType;
    return QStringLiteral("HTTP %1 from %2 returned %3, not JSON: %4. Check that the base URL points at "
                          "the embeddings API; it usually ends in /v1")
        .arg(response.statusCode)
        .arg(response.url, contentType, bodyExcerpt(response.body, response.contentType));
}

bool looksLikeJson(const QByteArray &body, const QString &contentType)
{
    if (contentType.contains(u"json", Qt::CaseInsensitive))
        return true;
    const QByteArray start = body.trimmed().left(1);
    return start == "{" || start == "[";
}

QString describeHttpError(const HttpErrorResponse &response)
{
    QString text = QStringLiteral("HTTP %1").arg(response.statusCode);
    if (!response.reasonPhrase.isEmpty())
        text += u' ' + response.reasonPhrase;
    text += QStringLiteral(" from %1").arg(response.url);

    const QString message = serverErrorMessage(response.body);
    const QString contentType = response.contentType.isEmpty() ? QStringLiteral("no content type")
                                                               : response.contentType;
    if (!message.isEmpty())
        text += QStringLiteral(": %1").arg(message);
    else if (!response.body.trimmed().isEmpty())
        text += QStringLiteral(" (%1): %2").arg(contentType, bodyExcerpt(response.body, response.contentType));
    else
        text += QStringLiteral(" with an empty body");

    const QString hint = hintForStatus(response.statusCode, response.apiKeyVariable);
    if (hint.isEmpty())
        return text;
    static const QRegularExpression sentenceEnd(QStringLiteral("[.!?]$"));
    return text + (sentenceEnd.match(text).hasMatch() ? u" " : u". ") + hint;
}

} // namespace embedscope::embedding
