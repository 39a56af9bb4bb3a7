#include "workspace.h"

#include "common/logging.h"
#include "embedding/providerfactory.h"

#include <QtConcurrent/QtConcurrentRun>

namespace embedscope::workspace {

// Largest list whose full similarity matrix is computed. At 20,000 phrases
// the float32 matrix takes 1.6 GB, and the heatmap still zooms in frames of
// about 10 ms (bench_heatmapframes), but 100,000 would need 40 GB, more
// than the allocation can get on a desktop. NOTE: the analyses were not
// measured at this size. Lists beyond it need an overview computed without
// the N x N matrix, which the window does not have yet.
static constexpr int MAX_MATRIX_PHRASES = 20000;

using embedding::EmbeddingOutcome;

// Error text for a list too large for the full matrix, logged too.
static QString tooManyPhrasesMessage(int count)
{
    const double gigabytes = double(count) * double(count) * sizeof(float) / 1e9;
    qCWarning(lcWorkspace) << "rejected a similarity matrix of" << count << "phrases," << gigabytes << "GB";
    return Workspace::tr("%1 phrases are too many to compare: their similarity matrix would need %2 GB "
                         "of memory. Compare at most %3 phrases at once, for example by splitting the list.")
        .arg(count)
        .arg(gigabytes, 0, 'f', 1)
        .arg(MAX_MATRIX_PHRASES);
}

Workspace::Workspace(QObject *parent)
    : QObject(parent)
    , m_providerSettings(embedding::defaultProviderSettings())
{
    connect(&m_matrixWatcher, &QFutureWatcher<Snapshot>::finished, this, &Workspace::onMatrixReady);
    connect(&m_embedder, &RunEmbedder::progressChanged, this, &Workspace::progressChanged);
    connect(&m_embedder, &RunEmbedder::statusChanged, this, &Workspace::statusChanged);
    connect(&m_embedder, &RunEmbedder::finished, this, &Workspace::onJobFinished);
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

    // Checked before any request, so no provider is paid for vectors that
    // cannot be compared.
    if (m_phrases.size() > MAX_MATRIX_PHRASES) {
        emit embeddingFailed(tooManyPhrasesMessage(int(m_phrases.size())));
        return;
    }

    // Settings that cannot work at all fail here, at once, rather than
    // after the busy state has flickered on.
    const auto checked = embedding::checkProviderSettings(m_providerSettings);
    if (!checked) {
        emit embeddingFailed(checked.error());
        return;
    }

    RunSpec spec;
    spec.provider = m_providerSettings;
    m_jobPhrases = m_phrases;
    m_embedder.start(m_jobPhrases, spec);
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
    const int rows = pending.vectors.rows();
    if (rows > MAX_MATRIX_PHRASES) {
        m_computingMatrix = false;
        emit busyChanged(false);
        emit embeddingFailed(tooManyPhrasesMessage(rows));
        return;
    }

    const math::Metric metric = m_metric;
    m_computingMatrix = true;
    m_matrixWatcher.setFuture(QtConcurrent::run([pending = std::move(pending), metric]() mutable {
        pending.matrix = math::computeSimilarity(pending.vectors, metric);
        return pending;
    }));
    emit busyChanged(true);
}

void Workspace::onMatrixReady()
{
    m_computingMatrix = false;
    Snapshot ready = m_matrixWatcher.result();
    const bool phrasesChanged = ready.phrases != m_snapshot.phrases;
    m_snapshot = std::move(ready);
    if (phrasesChanged || m_referenceIndex >= m_snapshot.phrases.size())
        m_referenceIndex = 0;

    reportUndefinedRows(m_snapshot);
    emit busyChanged(false);
    emit snapshotChanged();
    emit referenceIndexChanged(m_referenceIndex);

    // The metric may have changed while the matrix was being computed.
    if (m_snapshot.matrix.metric() != m_metric)
        startMatrix(m_snapshot);
}

void Workspace::reportUndefinedRows(const Snapshot &snapshot)
{
    for (int row : snapshot.matrix.undefinedRows()) {
        emit warningRaised(tr("The vector of \"%1\" is all zeros, so its cosine similarity is "
                              "undefined and shown as n/a. Try another metric or model.")
                               .arg(snapshot.phrases.value(row)));
    }
}

} // namespace embedscope::workspace
