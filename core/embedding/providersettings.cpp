#include "providersettings.h"

#include <QtGlobal>

namespace embedscope::embedding {

QString providerKindName(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Builtin:
        return QStringLiteral("builtin");
    case ProviderKind::OpenRouter:
        return QStringLiteral("openrouter");
    case ProviderKind::OpenAI:
        return QStringLiteral("openai");
    case ProviderKind::Ollama:
        return QStringLiteral("ollama");
    case ProviderKind::LMStudio:
        return QStringLiteral("lmstudio");
    case ProviderKind::Custom:
        return QStringLiteral("custom");
    }
    return {};
}

QString providerKindTitle(ProviderKind kind)
{
    switch (kind) {
    case ProviderKind::Builtin:
        return QStringLiteral("Built-in (offline)");
    case ProviderKind::OpenRouter:
        return QStringLiteral("OpenRouter");
    case ProviderKind::OpenAI:
        return QStringLiteral("OpenAI");
    case ProviderKind::Ollama:
        return QStringLiteral("Ollama");
    case ProviderKind::LMStudio:
        return QStringLiteral("LM Studio");
    case ProviderKind::Custom:
        return QStringLiteral("Custom endpoint");
    }
    return {};
}

QList<ProviderKind> allProviderKinds()
{
    return {ProviderKind::Builtin, ProviderKind::OpenRouter, ProviderKind::OpenAI,
            ProviderKind::Ollama,  ProviderKind::LMStudio,   ProviderKind::Custom};
}

Expected<ProviderKind> parseProviderKind(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (ProviderKind kind : allProviderKinds()) {
        if (providerKindName(kind) == wanted)
            return kind;
    }
    return fail(QStringLiteral("unknown provider \"%1\"; use one of builtin, openrouter, "
                               "openai, ollama, lmstudio, custom")
                    .arg(name));
}

// OpenRouter is left at float because some of its models return an empty
// "data" list for a base64 request; Ollama and LM Studio ignore the field.
QString encodingFormatName(const ProviderSettings &settings)
{
    bool base64 = false;
    switch (settings.encoding) {
    case VectorEncoding::Automatic:
        base64 = settings.kind == ProviderKind::OpenAI;
        break;
    case VectorEncoding::Float:
        break;
    case VectorEncoding::Base64:
        base64 = true;
        break;
    }
    return base64 ? QStringLiteral("base64") : QStringLiteral("float");
}

ProviderSettings presetFor(ProviderKind kind)
{
    ProviderSettings settings;
    settings.kind = kind;
    switch (kind) {
    case ProviderKind::Builtin:
        settings.model = QStringLiteral("char-ngram-512");
        break;
    case ProviderKind::OpenRouter:
        settings.baseUrl = QStringLiteral("https://openrouter.ai/api/v1");
        settings.model = QStringLiteral("nvidia/llama-nemotron-embed-vl-1b-v2:free");
        settings.apiKeyVariable = QStringLiteral("OPENROUTER_API_KEY");
        break;
    case ProviderKind::OpenAI:
        settings.baseUrl = QStringLiteral("https://api.openai.com/v1");
        settings.model = QStringLiteral("text-embedding-3-small");
        settings.apiKeyVariable = QStringLiteral("OPENAI_API_KEY");
        break;
    case ProviderKind::Ollama:
        settings.baseUrl = QStringLiteral("http://localhost:11434/v1");
        settings.model = QStringLiteral("nomic-embed-text");
        break;
    case ProviderKind::LMStudio:
        settings.baseUrl = QStringLiteral("http://localhost:1234/v1");
        settings.model = QStringLiteral("text-embedding-nomic-embed-text-v1.5");
        break;
    case ProviderKind::Custom:
        settings.baseUrl = QStringLiteral("http://127.0.0.1:8080/v1");
        break;
    }
    return settings;
}

ProviderSettings defaultProviderSettings()
{
    if (!qEnvironmentVariableIsEmpty("OPENROUTER_API_KEY"))
        return presetFor(ProviderKind::OpenRouter);
    if (!qEnvironmentVariableIsEmpty("OPENAI_API_KEY"))
        return presetFor(ProviderKind::OpenAI);
    return presetFor(ProviderKind::Builtin);
}

} // namespace embedscope::embedding
