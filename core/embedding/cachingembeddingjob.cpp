#include "cachingembeddingjob.h"

#include "batchplanner.h"
#include "common/logging.h"

#include <QHash>
#include <QTimer>

#include <algorithm>

namespace embedscope::embedding {

CachingEmbeddingJob::CachingEmbeddingJob(std::shared_ptr<EmbeddingProvider> inner,
                                         std::shared_ptr<EmbeddingCache> cache, std::shared_ptr<CacheWriter> writer,
                                         CacheSpace space, const QStringList &texts, QObject *parent)
    : EmbeddingJob(parent)
    , m_inner(std::move(inner))
    , m_cache(std::move(cache))
    , m_writer(std::move(writer))
    , m_space(std::move(space))
    , m_texts(texts)
{
    // Queued, so that the caller connects to finished() first.
    QTimer::singleShot(0, this, &CachingEmbeddingJob::start);
}

void CachingEmbeddingJob::cancel()
{
    if (m_finished)
        return;
    if (m_job) {
        m_job->disconnect(this);
        m_job->cancel();
        m_job->deleteLater();
        m_job = nullptr;
    }
    finish({EmbeddingOutcome::Status::Cancelled, {}, {}});
}

void CachingEmbeddingJob::start()
{
    if (m_finished)
        return;
    const QString emptyInputs = describeEmptyInputs(m_texts);
    if (!emptyInputs.isEmpty())
        return finish({EmbeddingOutcome::Status::Failed, {}, emptyInputs});
    if (m_texts.isEmpty())
        return finish({EmbeddingOutcome::Status::Succeeded, {}, {}});

    deduplicate();
    if (m_cache)
        takeFromCache();

    const qsizetype missing = std::ranges::count(m_have, false);
    qCDebug(lcCache) << m_texts.size() << "texts," << m_distinct.size() << "distinct," << m_cachedIndices.size()
                     << "from the cache," << missing << "to request";
    if (missing == 0) {
        emit progressChanged(m_rowsDone, int(m_texts.size()));
        return finishWithVectors();
    }
    if (!m_cachedIndices.isEmpty())
        emit progressChanged(m_rowsDone, int(m_texts.size()));
    requestMissing();
}

void CachingEmbeddingJob::deduplicate()
{
    QHash<QString, int> indexOfText;
    indexOfText.reserve(m_texts.size());
    m_distinctOfRow.reserve(m_texts.size());
    for (int row = 0; row < m_texts.size(); ++row) {
        auto entry = indexOfText.constFind(m_texts[row]);
        if (entry == indexOfText.constEnd()) {
            entry = indexOfText.insert(m_texts[row], int(m_distinct.size()));
            m_distinct.append(m_texts[row]);
            m_firstRowOfDistinct.append(row);
            m_copies.append(0);
        }
        m_distinctOfRow.append(entry.value());
        ++m_copies[entry.value()];
    }
    m_have = QList<bool>(m_distinct.size(), false);
}

void CachingEmbeddingJob::takeFromCache()
{
    const CacheLookup lookup = m_cache->lookup(m_space, m_distinct);
    if (lookup.found.isEmpty())
        return;
    placeVectors(lookup.found, lookup.vectors);
    m_cachedIndices = lookup.found;
}

// Sends every distinct text that has no vector yet to the inner provider.
void CachingEmbeddingJob::requestMissing()
{
    m_requested.clear();
    QStringList texts;
    QList<int> phraseNumbers;
    for (int index = 0; index < m_distinct.size(); ++index) {
        if (m_have[index])
            continue;
        m_requested.append(index);
        texts.append(m_distinct[index]);
        phraseNumbers.append(m_firstRowOfDistinct[index] + 1);
    }

    // Progress counts inputs, duplicates included, as the caller does. A
    // provider that sends no vectorsReceived() only reports distinct texts,
    // so its progress is scaled to the inputs they stand for.
    const int rowsBefore = m_rowsDone;
    const int rowsRequested = int(m_texts.size()) - rowsBefore;
    m_receivedIncrementally = false;
    m_job = m_inner->embed(texts, this);
    m_job->setPhraseNumbers(phraseNumbers);
    connect(m_job, &EmbeddingJob::progressChanged, this, [this, rowsBefore, rowsRequested](int done, int total) {
        if (m_receivedIncrementally || total <= 0)
            return;
        emit progressChanged(rowsBefore + int(qint64(rowsRequested) * done / total), int(m_texts.size()));
    });
    connect(m_job, &EmbeddingJob::vectorsReceived, this, &CachingEmbeddingJob::onInnerVectors);
    connect(m_job, &EmbeddingJob::statusChanged, this, &EmbeddingJob::statusChanged);
    connect(m_job, &EmbeddingJob::finished, this, &CachingEmbeddingJob::onInnerFinished);
}

// Places and caches each batch as it arrives, so that the work done so far
// is kept even if a later batch fails or the run is cancelled.
void CachingEmbeddingJob::onInnerVectors(int first, const EmbeddingSet &vectors)
{
    if (m_finished)
        return;
    m_receivedIncrementally = true;
    const QList<int> indices = m_requested.mid(first, vectors.rows());
    placeVectors(indices, vectors);

    if (m_writer) {
        QStringList texts;
        for (int index : indices)
            texts.append(m_distinct[index]);
        m_writer->store(m_space, texts, vectors);
    }
    emit progressChanged(m_rowsDone, int(m_texts.size()));
}

void CachingEmbeddingJob::placeVectors(const QList<int> &distinctIndices, const EmbeddingSet &vectors)
{
    if (m_distinctVectors.isEmpty()) {
        m_distinctVectors = EmbeddingSet(int(m_distinct.size()), vectors.dimensions());
    } else if (vectors.dimensions() != m_distinctVectors.dimensions()) {
        // Only cached vectors can disagree with the inner provider, because
        // it checks its own results for one dimension. The fresh ones win.
        qCWarning(lcCache) << "the cache holds" << m_distinctVectors.dimensions() << "-dimensional vectors for"
                           << m_space.model << "at" << m_space.baseUrl << "but the server now returns"
                           << vectors.dimensions() << "; embedding the cached texts again";
        m_cacheDisagreed = true;
        m_distinctVectors = EmbeddingSet(int(m_distinct.size()), vectors.dimensions());
        std::ranges::fill(m_have, false);
        m_rowsDone = 0;
    }

    for (int row = 0; row < vectors.rows(); ++row) {
        const int index = distinctIndices[row];
        std::ranges::copy(vectors.row(row), m_distinctVectors.row(index).begin());
        if (!m_have[index])
            m_rowsDone += m_copies[index];
        m_have[index] = true;
    }
}

void CachingEmbeddingJob::onInnerFinished(const EmbeddingOutcome &outcome)
{
    if (m_job)
        m_job->deleteLater();
    m_job = nullptr;
    if (m_finished)
        return;
    if (!outcome.succeeded())
        return finish(outcome);

    // Providers that compute everything at once send no vectorsReceived().
    if (!m_receivedIncrementally)
        onInnerVectors(0, outcome.vectors);

    if (std::ranges::count(m_have, false) > 0) {
        if (!m_cacheDisagreed) {
            return finish({EmbeddingOutcome::Status::Failed, {},
                           QStringLiteral("the provider returned fewer vectors than it was asked for")});
        }
        m_cacheDisagreed = false;
        return requestMissing();
    }
    finishWithVectors();
}

void CachingEmbeddingJob::finishWithVectors()
{
    EmbeddingSet vectors(int(m_texts.size()), m_distinctVectors.dimensions());
    for (int row = 0; row < m_texts.size(); ++row)
        std::ranges::copy(m_distinctVectors.row(m_distinctOfRow[row]), vectors.row(row).begin());
    finish({EmbeddingOutcome::Status::Succeeded, std::move(vectors), {}});
}

// Emits finished() once, on the next event loop iteration.
void CachingEmbeddingJob::finish(EmbeddingOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    QTimer::singleShot(0, this, [this, outcome = std::move(outcome)] { emit finished(outcome); });
}

} // namespace embedscope::embedding
