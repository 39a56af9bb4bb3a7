#pragma once

#include "common/expected.h"
#include "retrypolicy.h"

#include <QList>
#include <QString>

namespace embedscope::embedding {

// Upper limits of the transfer settings, shared by the command line and the
// window. Qt opens at most 6 HTTP/1.1 connections to one server, so more
// requests in flight would wait inside Qt while their timeouts run.
inline constexpr int MAX_CONCURRENCY = 6;
inline constexpr int MAX_TIMEOUT_SECONDS = 3600;
inline constexpr int MAX_RETRIES = 10;

enum class ProviderKind { Builtin, OpenRouter, OpenAI, Ollama, LMStudio, Custom };

// The "encoding_format" a request asks for. Automatic asks for base64 from
// OpenAI and for float everywhere else; a custom endpoint known to honour
// base64, such as vLLM, opts in with Base64.
enum class VectorEncoding { Automatic, Float, Base64 };

// Everything needed to reach one embedding endpoint, except the key itself,
// which is read from apiKeyVariable when a request is made so it is never
// stored alongside settings.
struct ProviderSettings
{
    ProviderKind kind = ProviderKind::Builtin;
    QString baseUrl;        // OpenAI-compatible base, e.g. "https://openrouter.ai/api/v1"
    QString model;
    QString apiKeyVariable; // environment variable holding the key; empty for keyless servers
    int dimensions = 0;     // requested output dimensions; 0 leaves the model's default
    VectorEncoding encoding = VectorEncoding::Automatic;

    // How the inputs travel. A batch ends at batchSize inputs or before the
    // input that would take it past maxBatchCharacters, whichever is first;
    // known server limits can make batches smaller still.
    int batchSize = 128;
    int maxBatchCharacters = 100'000;
    int concurrency = 4;     // requests in flight at once
    int timeoutSeconds = 60; // per request, from sending to the last byte
    RetryPolicy retry;
    bool useCache = true;    // read and fill the embedding cache (HTTP providers only)
};

// Stable command-line name of a kind: "builtin", "openrouter", "openai",
// "ollama", "lmstudio" or "custom".
QString providerKindName(ProviderKind kind);

// Human-readable name for menus: "Built-in (offline)", "OpenRouter", ...
QString providerKindTitle(ProviderKind kind);

Expected<ProviderKind> parseProviderKind(const QString &name);

QList<ProviderKind> allProviderKinds();

// "base64" or "float", as sent in "encoding_format" to this endpoint.
QString encodingFormatName(const ProviderSettings &settings);

// Default base URL, model and key variable for a kind.
ProviderSettings presetFor(ProviderKind kind);

// The provider a first launch should use: OpenRouter when OPENROUTER_API_KEY
// is set, OpenAI when OPENAI_API_KEY is, otherwise the built-in one, so that
// the app works with no account and no network.
ProviderSettings defaultProviderSettings();

} // namespace embedscope::embedding
