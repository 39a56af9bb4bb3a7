#include "providerfactory.h"

#include "builtinprovider.h"
#include "cachingprovider.h"
#include "common/logging.h"
#include "httpprovider.h"

#include <QUrl>

namespace embedscope::embedding {

Expected<bool> checkProviderSettings(const ProviderSettings &settings)
{
    if (settings.kind == ProviderKind::Builtin)
        return true;

    const QUrl url(settings.baseUrl, QUrl::StrictMode);
    if (settings.baseUrl.trimmed().isEmpty())
        return fail(QStringLiteral("no base URL is set; give one such as http://127.0.0.1:8080/v1"));
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty())
        return fail(QStringLiteral("invalid base URL \"%1\"; use an http:// or https:// URL such as "
                                   "http://127.0.0.1:8080/v1")
                        .arg(settings.baseUrl));
    if (settings.model.trimmed().isEmpty())
        return fail(QStringLiteral("no model is set; give the model name the server expects"));
    return true;
}

static std::shared_ptr<EmbeddingCache> openCache(const ProviderSettings &settings)
{
    if (!settings.useCache) {
        qCDebug(lcCache) << "the embedding cache is off for this run";
        return nullptr;
    }
    auto cache = std::make_shared<EmbeddingCache>();
    return cache->isOpen() ? cache : nullptr;
}

Expected<std::shared_ptr<EmbeddingProvider>> createProvider(const ProviderSettings &settings)
{
    if (settings.kind == ProviderKind::Builtin)
        return std::shared_ptr<EmbeddingProvider>(
            std::make_shared<CachingProvider>(std::make_shared<BuiltinProvider>(), nullptr, CacheSpace{}));

    const Expected<bool> checked = checkProviderSettings(settings);
    if (!checked)
        return fail(checked.error());

    const CacheSpace space{settings.baseUrl, settings.model, settings.dimensions};
    return std::shared_ptr<EmbeddingProvider>(
        std::make_shared<CachingProvider>(std::make_shared<HttpProvider>(settings), openCache(settings), space));
}

QString describeProvider(const ProviderSettings &settings)
{
    if (settings.kind == ProviderKind::Builtin)
        return BuiltinProvider().description();
    return HttpProvider::describe(settings);
}

} // namespace embedscope::embedding
