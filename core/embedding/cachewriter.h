#pragma once

#include "embeddingcache.h"

#include <QThread>

#include <memory>

namespace embedscope::embedding {

// Stores vectors into the embedding cache on a thread of its own, so that
// SQLite's writes never hold up the event loop that reads the responses.
// The thread has its own EmbeddingCache and connection. Stores run in the
// order they were queued. The destructor waits until all have run, so a
// process that destroys its writers before exiting keeps every vector.
class CacheWriter
{
public:
    explicit CacheWriter(CacheOptions options);
    ~CacheWriter();

    CacheWriter(const CacheWriter &) = delete;
    CacheWriter &operator=(const CacheWriter &) = delete;

    // Queues the store and returns at once.
    void store(const CacheSpace &space, const QStringList &texts, const EmbeddingSet &vectors);

private:
    QThread m_thread;
    std::unique_ptr<QObject> m_context; // lives in m_thread; queued stores run there
    std::shared_ptr<std::unique_ptr<EmbeddingCache>> m_cache; // created and destroyed in m_thread
};

} // namespace embedscope::embedding
