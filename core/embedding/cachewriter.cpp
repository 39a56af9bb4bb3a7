#include "cachewriter.h"

#include <QMetaObject>

namespace embedscope::embedding {

CacheWriter::CacheWriter(CacheOptions options)
    : m_context(std::make_unique<QObject>())
    , m_cache(std::make_shared<std::unique_ptr<EmbeddingCache>>())
{
    m_thread.setObjectName(QStringLiteral("embedding cache writer"));
    m_context->moveToThread(&m_thread);
    m_thread.start();

    // A Qt SQL connection may only be used in the thread that opened it.
    QMetaObject::invokeMethod(m_context.get(), [cache = m_cache, options = std::move(options)] {
        *cache = std::make_unique<EmbeddingCache>(options);
    });
}

CacheWriter::~CacheWriter()
{
    QMetaObject::invokeMethod(m_context.get(), [cache = m_cache] { cache->reset(); });
    QMetaObject::invokeMethod(m_context.get(), [this] { m_thread.quit(); });
    m_thread.wait();
}

void CacheWriter::store(const CacheSpace &space, const QStringList &texts, const EmbeddingSet &vectors)
{
    QMetaObject::invokeMethod(m_context.get(), [cache = m_cache, space, texts, vectors] {
        if (*cache)
            (*cache)->store(space, texts, vectors);
    });
}

} // namespace embedscope::embedding
