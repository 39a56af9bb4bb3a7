#pragma once

#include "embeddingjob.h"
#include "providersettings.h"

#include <QPointer>

class QNetworkAccessManager;

namespace embedscope::embedding {

// Client for OpenAI-compatible POST {baseUrl}/embeddings endpoints (OpenRouter,
// OpenAI, Ollama, LM Studio, llama.cpp, vLLM, text-embeddings-inference).
// Owns the one QNetworkAccessManager its jobs share.
class HttpProvider : public EmbeddingProvider
{
public:
    explicit HttpProvider(ProviderSettings settings);
    ~HttpProvider() override;

    QString description() const override;
    EmbeddingJob *embed(const QStringList &texts, QObject *parent) override;

    const ProviderSettings &settings() const { return m_settings; }

private:
    ProviderSettings m_settings;
    QNetworkAccessManager *m_network = nullptr;
};

} // namespace embedscope::embedding
