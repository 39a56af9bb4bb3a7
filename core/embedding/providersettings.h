#pragma once

#include "common/expected.h"

#include <QList>
#include <QString>

namespace embedscope::embedding {

enum class ProviderKind { Builtin, OpenRouter, OpenAI, Ollama, LMStudio, Custom };

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
    int timeoutSeconds = 60;
};

// Stable command-line name of a kind: "builtin", "openrouter", "openai",
// "ollama", "lmstudio" or "custom".
QString providerKindName(ProviderKind kind);

// Human-readable name for menus: "Built-in (offline)", "OpenRouter", ...
QString providerKindTitle(ProviderKind kind);

Expected<ProviderKind> parseProviderKind(const QString &name);

QList<ProviderKind> allProviderKinds();

// Default base URL, model and key variable for a kind.
ProviderSettings presetFor(ProviderKind kind);

// The provider a first launch should use: OpenRouter when OPENROUTER_API_KEY
// is set, OpenAI when OPENAI_API_KEY is, otherwise the built-in one, so that
// the app works with no account and no network.
ProviderSettings defaultProviderSettings();

} // namespace embedscope::embedding
