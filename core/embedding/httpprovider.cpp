#include "httpprovider.h"

#include "httpembeddingjob.h"

#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QUrl>

namespace embedscope::embedding {

HttpProvider::HttpProvider(ProviderSettings settings)
    : m_settings(std::move(settings))
    , m_network(std::make_unique<QNetworkAccessManager>())
{
    // Routes requests through the system proxy configuration, which on
    // Linux includes http_proxy, https_proxy and no_proxy, so that users
    // behind a company proxy reach hosted APIs.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
}

HttpProvider::~HttpProvider() = default;

QString HttpProvider::description() const
{
    return describe(m_settings);
}

QString HttpProvider::describe(const ProviderSettings &settings)
{
    QString source = providerKindTitle(settings.kind);
    if (settings.kind == ProviderKind::Custom) {
        const QUrl url(settings.baseUrl);
        source = url.port() > 0 ? QStringLiteral("%1:%2").arg(url.host()).arg(url.port()) : url.host();
    }
    return QStringLiteral("%1 · %2").arg(source, settings.model);
}

EmbeddingJob *HttpProvider::embed(const QStringList &texts, QObject *parent)
{
    return new HttpEmbeddingJob(m_network.get(), m_settings, texts, parent);
}

} // namespace embedscope::embedding
