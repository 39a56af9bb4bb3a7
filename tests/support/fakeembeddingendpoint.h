#pragma once

#include "testhttpserver.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// An OpenAI-compatible POST /v1/embeddings endpoint for tests, benchmarks
// and trying the app without an account. Each text gets a deterministic
// unit-length vector seeded from the SHA-256 of its UTF-8 bytes, unless a
// stored vector was loaded for it. The hashed vectors of different texts are
// unrelated, so they show nothing about meaning. Requests are validated the
// way hosted services do: an empty input string is a 400.
class FakeEmbeddingEndpoint
{
public:
    // Ways to misbehave, as real servers and the proxies in front of them
    // do. "Once" faults hit only the first request.
    enum class Fault {
        None,
        RateLimitOnce,   // 429 with Retry-After: 1
        ServerErrorOnce, // 500 with a JSON error
        BadGateway,      // 502 with an nginx HTML page, every time
        DropOnce,        // close the connection without responding
        TruncateOnce,    // send half the body, then close
        StallOnce,       // accept the request and never respond
        Shuffle,         // list "data" in reverse order
        AlwaysBase64,    // base64 whatever "encoding_format" asks
        AlwaysFloat,     // floats whatever "encoding_format" asks
        MissingItem,     // leave out the last item of "data"
        NonFinite,       // a NaN among the numbers of the first vector
        HtmlPage,        // 200 with an HTML login page instead of JSON
    };

    explicit FakeEmbeddingEndpoint(int dimensions = 64);

    // The command-line names of the faults, such as "rate-limit-once".
    static QStringList faultNames();
    static std::optional<Fault> faultFromName(const QString &name);
    void setFault(Fault fault) { m_fault = fault; }

    // Answers requests with more inputs than this with 413 and
    // text-embeddings-inference's error body, as its default limit of 32
    // does; 0 accepts any number.
    void setMaxBatchSize(int inputs) { m_maxBatchSize = inputs; }

    int dimensions() const { return m_dimensions; }

    // Loads a JSON object mapping texts to vectors, which must all have the
    // same length; that length then replaces the default dimensions.
    // Returns an error message, or an empty string on success.
    QString loadVectors(const QString &path);

    // Delays every response, as a remote or cold-started server would.
    void setLatencyMs(int latencyMs) { m_latencyMs = latencyMs; }

    // The stored vector of text, else its hashed vector of the given size.
    QList<float> vectorFor(const QString &text, int dimensions) const;
    QList<float> vectorFor(const QString &text) const { return vectorFor(text, m_dimensions); }

    TestHttpResponse handle(const TestHttpRequest &request);
    int requestCount() const { return m_requestCount; }

private:
    TestHttpResponse embed(const QJsonObject &body) const;
    TestHttpResponse applyFault(TestHttpResponse response) const;

    int m_dimensions;
    int m_latencyMs = 0;
    Fault m_fault = Fault::None;
    int m_maxBatchSize = 0;
    int m_requestCount = 0;
    QHash<QString, QList<float>> m_storedVectors;
};
