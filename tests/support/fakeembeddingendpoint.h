#pragma once

#include "testhttpserver.h"

#include <QHash>
#include <QList>
#include <QString>

// An OpenAI-compatible POST /v1/embeddings endpoint for tests, benchmarks
// and trying the app without an account. Each text gets a deterministic
// unit-length vector seeded from the SHA-256 of its UTF-8 bytes, unless a
// stored vector was loaded for it. The hashed vectors of different texts are
// unrelated, so they show nothing about meaning. Requests are validated the
// way hosted services do: an empty input string is a 400.
class FakeEmbeddingEndpoint
{
public:
    explicit FakeEmbeddingEndpoint(int dimensions = 64);

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

    TestHttpResponse handle(const TestHttpRequest &request) const;

private:
    TestHttpResponse embed(const QJsonObject &body) const;

    int m_dimensions;
    int m_latencyMs = 0;
    QHash<QString, QList<float>> m_storedVectors;
};
