#pragma once

#include "common/expected.h"
#include "embeddingset.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace embedscope::embedding {

// The inputs of one /embeddings request, so that the response can be checked
// against them and errors can name the phrases they concern.
struct EmbeddingBatch
{
    QStringList inputs;  // texts sent, in order
    int firstIndex = 0;  // position of inputs[0] in the whole phrase list
    int dimensions = 0;  // requested output dimensions; 0 when none was requested
    QList<int> phraseNumbers; // phrase number of each input for messages; empty means firstIndex + row + 1
};

// Parses an OpenAI-compatible /embeddings response body into one row per
// input, in input order. Each item goes to the row its "index" names. Only
// when no item has an index are items taken in order. An "embedding" may be a list of numbers or a base64 string of
// little-endian float32 values, whatever encoding was requested. Rejects any
// response that does not give exactly one finite, non-empty vector of a
// common dimension per input, with a message naming the problem.
Expected<EmbeddingSet> parseEmbeddingResponse(const QByteArray &body, const EmbeddingBatch &batch);

// An HTTP response with an error status, as needed to explain it.
struct HttpErrorResponse
{
    int statusCode = 0;
    QString reasonPhrase;   // such as "Not Found"; may be empty
    QString contentType;
    QString url;
    QByteArray body;
    QString apiKeyVariable; // named in the hint for 401; empty for keyless servers
};

// Describes an HTTP error for the user: the status, the server's own message
// from a JSON error body (nested {"error":{"message"}} or flat {"error": "…"})
// or, for any other body, its content type, the URL and the start of its
// text, then what to do for 401, 402, 404 and 429.
QString describeHttpError(const HttpErrorResponse &response);

// The start of a body as one line of plain text for an error message, with
// HTML markup and control characters removed, at most 200 characters.
QString bodyExcerpt(const QByteArray &body, const QString &contentType);

// Describes a 2xx response whose body is not JSON, such as the HTML page of
// a web server or a login portal at the base URL, with its status, content
// type, URL and the start of its body.
QString describeNonJsonResponse(const HttpErrorResponse &response);

// Returns true when the body should be read as JSON: its content type
// names JSON, or it starts with "{" or "[".
bool looksLikeJson(const QByteArray &body, const QString &contentType);

// Extracts the message of a JSON error body such as {"error":{"message":
// "…","code":…}}, {"error":"…","error_type":"…"} or {"detail":"…"}; returns
// an empty string when the body contains none.
QString serverErrorMessage(const QByteArray &body);

} // namespace embedscope::embedding
