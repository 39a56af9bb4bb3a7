#include "providerfactory.h"

#include "builtinprovider.h"
#include "httpprovider.h"

#include <QUrl>

namespace embedscope::embedding {

static Expected<bool> checkHttpSettings(const ProviderSettings &settings)
{
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

Expected<std::shared_ptr<EmbeddingProvider>> createProvider(const ProviderSettings &settings)
{
    if (settings.kind == ProviderKind::Builtin)
        return std::shared_ptr<EmbeddingProvider>(std::make_shared<BuiltinProvider>());

    const Expected<bool> checked = checkHttpSettings(settings);
    if (!checked)
        return fail(checked.error());
    return std::shared_ptr<EmbeddingProvider>(std::make_shared<HttpProvider>(settings));
}

} // namespace embedscope::embedding
