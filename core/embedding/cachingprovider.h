#pragma once

#include "cachewriter.h"
#include "embeddingcache.h"
#include "embeddingjob.h"

#include <memory>

namespace embedscope::embedding {

// Sits between the caller and a provider, which stays unaware of both
// steps: each distinct text is embedded once and its vector shared by every
// copy, so identical phrases score exactly 1; and with a cache, only the
// texts it lacks are sent, each batch stored as it arrives by a
// CacheWriter thread. A list that is wholly cached sends no request.
// Without a cache it only deduplicates. Destroying the provider waits for
// its queued stores.
class CachingProvider : public EmbeddingProvider
{
public:
    CachingProvider(std::shared_ptr<EmbeddingProvider> inner, std::shared_ptr<EmbeddingCache> cache,
                    CacheSpace space);

    QString description() const override { return m_inner->description(); }
    EmbeddingJob *embed(const QStringList &texts, QObject *parent) override;

    EmbeddingProvider *inner() const { return m_inner.get(); }
    EmbeddingCache *cache() const { return m_cache.get(); }

private:
    std::shared_ptr<EmbeddingProvider> m_inner;
    std::shared_ptr<EmbeddingCache> m_cache;
    std::shared_ptr<CacheWriter> m_writer;
    CacheSpace m_space;
};

} // namespace embedscope::embedding
