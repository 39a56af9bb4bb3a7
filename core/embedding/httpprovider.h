#pragma once

#include "embeddingjob.h"
#include "providersettings.h"

#include <memory>

class QNetworkAccessManager;

namespace embedscope::embedding {

// Client for OpenAI-compatible POST {baseUrl}/embeddings endpoints (OpenRouter,
// OpenAI, Ollama, LM Studio, llama.cpp, vLLM, text-embeddings-inference).
// Owns the one QNetworkAccessManager its jobs share, so it must outlive them;
// a job whose provider is destroyed first fails. Requests go through the
// system proxy settings. Qt opens at most 6 HTTP/1.1 connections to one
// server, so a concurrency above 6 queues requests inside Qt.
class HttpProvider : public EmbeddingProvider
{
public:
    explicit HttpProvider(ProviderSettings settings);
    ~HttpProvider() override;

    // "OpenRouter · <model>"; for a custom endpoint, its host and port
    // stand in for the provider name.
    QString description() const override;
    // description() of a provider made from settings.
    static QString describe(const ProviderSettings &settings);
    EmbeddingJob *embed(const QStringList &texts, QObject *parent) override;

    const ProviderSettings &settings() const { return m_settings; }

private:
    ProviderSettings m_settings;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace embedscope::embedding
