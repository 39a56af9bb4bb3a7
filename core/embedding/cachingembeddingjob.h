#pragma once

#include "cachewriter.h"
#include "embeddingcache.h"
#include "embeddingjob.h"

#include <QPointer>

#include <memory>

namespace embedscope::embedding {

// The job of a CachingProvider: deduplicates the texts, takes what the
// cache has, requests the rest from the inner provider and reassembles one row
// per text. When the inner provider returns vectors of another dimension
// than the cached ones (the model behind a name changed), the cached texts
// are embedded again so that a run never mixes the two.
class CachingEmbeddingJob : public EmbeddingJob
{
    Q_OBJECT

public:
    // The cache is read here, in the calling thread; writer stores; either
    // may be null for a run without the cache.
    CachingEmbeddingJob(std::shared_ptr<EmbeddingProvider> inner, std::shared_ptr<EmbeddingCache> cache,
                        std::shared_ptr<CacheWriter> writer, CacheSpace space, const QStringList &texts,
                        QObject *parent);

    void cancel() override;

private:
    void start();
    void deduplicate();
    void takeFromCache();
    void requestMissing();
    void onInnerVectors(int first, const EmbeddingSet &vectors);
    void onInnerFinished(const EmbeddingOutcome &outcome);
    void placeVectors(const QList<int> &distinctIndices, const EmbeddingSet &vectors);
    void finishWithVectors();
    void finish(EmbeddingOutcome outcome);

    std::shared_ptr<EmbeddingProvider> m_inner;
    std::shared_ptr<EmbeddingCache> m_cache;
    std::shared_ptr<CacheWriter> m_writer;
    CacheSpace m_space;
    QStringList m_texts;

    QStringList m_distinct;         // each text once, in order of first appearance
    QList<int> m_distinctOfRow;     // for each input, its index in m_distinct
    QList<int> m_firstRowOfDistinct;
    QList<int> m_copies;            // per distinct text: how many inputs it stands for
    int m_rowsDone = 0;             // inputs whose vector is known, for progress
    EmbeddingSet m_distinctVectors; // allocated once the dimension is known
    QList<bool> m_have;             // per distinct text: its row in m_distinctVectors is filled
    QList<int> m_cachedIndices;     // distinct texts whose vectors came from the cache

    QList<int> m_requested;         // distinct texts sent to the inner job, in its input order
    bool m_receivedIncrementally = false;
    bool m_cacheDisagreed = false;  // the inner provider's dimension differs from the cached one
    QPointer<EmbeddingJob> m_job;
    bool m_finished = false;
};

} // namespace embedscope::embedding
