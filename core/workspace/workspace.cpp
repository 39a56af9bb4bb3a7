#include "workspace.h"

#include "common/logging.h"
#include "embedding/providerfactory.h"
#include "math/blasthreads.h"
#include "snapshotwarnings.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <utility>

namespace embedscope::workspace {

using embedding::EmbeddingOutcome;

Workspace::Workspace(QObject *parent)
    : QObject(parent)
    , m_providerSettings(embedding::defaultProviderSettings())
{
    // The analyses of the window's views run side by side on the thread pool.
    math::limitBlasThreads();
    connect(&m_matrixWatcher, &QFutureWatcher<Snapshot>::finished, this, &Workspace::onMatrixReady);
    connect(&m_matrixWatcher, &QFutureWatcher<Snapshot>::progressValueChanged, this, [this](int done) {
        if (m_computingOverview)
            emit overviewProgressChanged(done, m_overviewBlocks);
    });
    m_runs.setMaxPhrases(m_limits.maxMatrixPhrases);
    connect(&m_embedder, &RunEmbedder::progressChanged, this, &Workspace::progressChanged);
    connect(&m_embedder, &RunEmbedder::statusChanged, this, &Workspace::statusChanged);
    connect(&m_embedder, &RunEmbedder::finished, this, &Workspace::onJobFinished);
}

void Workspace::setMatrixLimits(const MatrixLimits &limits)
{
    m_limits = limits;
    m_runs.setMaxPhrases(limits.maxMatrixPhrases);
}

Workspace::~Workspace()
{
    m_embedder.cancel();
    m_matrixWatcher.waitForFinished();
}

void Workspace::setPhrases(const QStringList &phrases)
{
    m_phrases = phrases;
}

void Workspace::setProviderSettings(const embedding::ProviderSettings &settings)
{
    m_providerSettings = settings;
    emit providerSettingsChanged();
}

void Workspace::setMetric(math::Metric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    m_runs.setMetric(metric);
    if (m_snapshot.isEmpty() || m_computingMatrix)
        return;
    if (!m_snapshot.hasFullMatrix()) {
        reportCosineOverview();
        return;
    }

    Snapshot pending = m_snapshot;
    startMatrix(std::move(pending));
}

void Workspace::setReferenceIndex(int index)
{
    if (index < 0 || index >= m_snapshot.phrases.size() || index == m_referenceIndex)
        return;
    m_referenceIndex = index;
    emit referenceIndexChanged(index);
}

void Workspace::embed()
{
    if (isBusy())
        return;
    if (m_phrases.isEmpty()) {
        emit embeddingFailed(tr("There are no phrases to embed. Enter one phrase per line."));
        return;
    }

    // Settings that cannot work at all fail here, at once, rather than
    // after the busy state has flickered on. The run uses this provider.
    auto provider = embedding::createProvider(m_providerSettings);
    if (!provider) {
        emit embeddingFailed(provider.error());
        return;
    }

    RunSpec spec;
    spec.provider = m_providerSettings;
    m_jobPhrases = m_phrases;
    m_embedder.start(m_jobPhrases, spec, std::move(*provider));
    emit busyChanged(true);
    emit progressChanged(0, int(m_jobPhrases.size()));
}

void Workspace::addRun(const RunSpec &spec)
{
    m_runs.addRun(m_phrases, spec);
}

void Workspace::cancel()
{
    m_embedder.cancel();
    if (m_computingOverview) {
        m_overviewCancelled = true;
        m_matrixWatcher.cancel();
    }
}

void Workspace::restore(const QStringList &phrases, const embedding::ProviderSettings &settings,
                        math::Metric metric, const QStringList &embeddedPhrases,
                        const embedding::EmbeddingSet &vectors, const QString &source)
{
    m_embedder.cancel();
    m_phrases = phrases;
    m_providerSettings = settings;
    m_metric = metric;
    m_runs.setMetric(metric);

    if (vectors.isEmpty() || embeddedPhrases.isEmpty()) {
        m_snapshot = Snapshot{};
        m_referenceIndex = 0;
        emit snapshotChanged();
        emit referenceIndexChanged(m_referenceIndex);
        return;
    }

    Snapshot pending;
    pending.phrases = embeddedPhrases;
    pending.vectors = vectors;
    pending.source = source;
    startMatrix(std::move(pending));
}

void Workspace::onJobFinished(const EmbeddingOutcome &outcome)
{
    switch (outcome.status) {
    case EmbeddingOutcome::Status::Cancelled:
        emit busyChanged(false);
        emit embeddingCancelled();
        return;
    case EmbeddingOutcome::Status::Failed:
        qCWarning(lcWorkspace) << "embedding failed:" << outcome.errorMessage;
        emit busyChanged(false);
        emit embeddingFailed(outcome.errorMessage);
        return;
    case EmbeddingOutcome::Status::Succeeded:
        break;
    }

    Snapshot pending;
    pending.phrases = m_jobPhrases;
    pending.vectors = outcome.vectors;
    pending.source = m_embedder.source();
    startMatrix(std::move(pending));
}


// The matrix is a single matrix product, but at tens of thousands of phrases
// that is seconds of work, so it runs on the thread pool on its own copy.
void Workspace::startMatrix(Snapshot pending)
{
    if (pending.vectors.rows() > m_limits.maxMatrixPhrases) {
        startOverview(std::move(pending));
        return;
    }

    const math::Metric metric = m_metric;
    m_computingMatrix = true;
    m_computingOverview = false;
    m_matrixWatcher.setFuture(QtConcurrent::run([pending = std::move(pending), metric]() mutable {
        pending.matrix = math::computeSimilarity(pending.vectors, metric);
        return pending;
    }));
    emit busyChanged(true);
}

// Above the limit the full matrix would not fit in memory, so the snapshot
// gets block means instead. They take O(N * D) time and O(B * D) memory
// (100,000 x 384 in about 0.3 s, see docs/benchmarks.md), and the user can
// cancel them.
void Workspace::startOverview(Snapshot pending)
{
    qCDebug(lcWorkspace) << "block overview of" << pending.vectors.rows() << "phrases in" << m_limits.overviewBlocks
                         << "blocks; the full matrix limit is" << m_limits.maxMatrixPhrases;
    // blockBoundaries() makes no more blocks than rows.
    const int blocks = std::clamp(m_limits.overviewBlocks, 1, std::max(1, pending.vectors.rows()));
    m_overviewBlocks = blocks;
    m_computingMatrix = true;
    m_computingOverview = true;
    m_overviewCancelled = false;
    m_matrixWatcher.setFuture(
        QtConcurrent::run([pending = std::move(pending), blocks](QPromise<Snapshot> &promise) mutable {
            promise.setProgressRange(0, blocks);
            std::atomic_bool cancelled = false;
            const auto progress = [&promise, &cancelled](int done, int) {
                promise.setProgressValue(done);
                if (promise.isCanceled())
                    cancelled = true;
            };
            pending.matrix = {};
            pending.overview = math::computeBlockOverview(pending.vectors, blocks, &cancelled, progress);
            if (!cancelled && !promise.isCanceled())
                promise.addResult(std::move(pending));
        }));
    emit busyChanged(true);
    emit overviewProgressChanged(0, blocks);
}

void Workspace::onMatrixReady()
{
    m_computingMatrix = false;
    const bool overview = std::exchange(m_computingOverview, false);
    // A cancel that came after the last block still discards the result, so
    // the previous result stays, as it does for every cancel.
    const bool cancelled = overview && std::exchange(m_overviewCancelled, false);
    if (cancelled || m_matrixWatcher.future().resultCount() == 0) {
        qCDebug(lcWorkspace) << "block overview cancelled; the previous result stays";
        emit busyChanged(false);
        emit embeddingCancelled();
        return;
    }
    if (overview)
        emit overviewProgressChanged(m_overviewBlocks, m_overviewBlocks);

    Snapshot ready = m_matrixWatcher.result();
    const bool phrasesChanged = ready.phrases != m_snapshot.phrases;
    m_snapshot = std::move(ready);
    if (phrasesChanged || m_referenceIndex >= m_snapshot.phrases.size())
        m_referenceIndex = 0;

    reportUndefinedRows(m_snapshot);
    if (!m_snapshot.hasFullMatrix())
        reportCosineOverview();
    emit busyChanged(false);
    emit snapshotChanged();
    emit referenceIndexChanged(m_referenceIndex);

    // The metric may have changed while the matrix was being computed.
    if (m_snapshot.hasFullMatrix() && m_snapshot.matrix.metric() != m_metric)
        startMatrix(m_snapshot);
}

// Warns when the chosen metric is not the one a block overview shows.
void Workspace::reportCosineOverview()
{
    const QString warning = cosineOverviewWarning(m_snapshot, m_metric, m_limits);
    if (!warning.isEmpty())
        emit warningRaised(warning);
}

void Workspace::reportUndefinedRows(const Snapshot &snapshot)
{
    for (const QString &warning : undefinedRowWarnings(snapshot))
        emit warningRaised(warning);
}

} // namespace embedscope::workspace
