#include "cachingprovider.h"

#include "cachingembeddingjob.h"

namespace embedscope::embedding {

CachingProvider::CachingProvider(std::shared_ptr<EmbeddingProvider> inner, std::shared_ptr<EmbeddingCache> cache,
                                 CacheSpace space)
    : m_inner(std::move(inner))
    , m_cache(std::move(cache))
    , m_writer(m_cache ? std::make_shared<CacheWriter>(m_cache->options()) : nullptr)
    , m_space(std::move(space))
{}

EmbeddingJob *CachingProvider::embed(const QStringList &texts, QObject *parent)
{
    return new CachingEmbeddingJob(m_inner, m_cache, m_writer, m_space, texts, parent);
}

} // namespace embedscope::embedding
