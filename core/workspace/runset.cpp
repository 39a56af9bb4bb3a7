#include "runset.h"

#include "common/logging.h"

#include <QtConcurrent/QtConcurrentRun>

namespace embedscope::workspace {

using embedding::EmbeddingOutcome;

RunSet::RunSet(QObject *parent)
    : QObject(parent)
{
    connect(&m_matrixWatcher, &QFutureWatcher<QList<EmbeddingRun>>::finished, this, &RunSet::onMatricesReady);
    connect(&m_embedder, &RunEmbedder::progressChanged, this, &RunSet::progressChanged);
    connect(&m_embedder, &RunEmbedder::statusChanged, this, &RunSet::statusChanged);
    connect(&m_embedder, &RunEmbedder::finished, this, &RunSet::onEmbedded);
}

RunSet::~RunSet()
{
    m_embedder.cancel();
    m_matrixWatcher.waitForFinished();
}

void RunSet::setMetric(math::Metric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    // A computation in progress rechecks the metric when it finishes.
    if (!m_runs.isEmpty() && !m_computing)
        startMatrices(m_runs);
}

void RunSet::fail(const RunSpec &spec, const QString &reason)
{
    qCWarning(lcWorkspace) << "run" << spec.displayName() << "not added:" << reason;
    m_pendingPhrases.clear();
    emit runFailed(tr("Run \"%1\" was not added: %2").arg(spec.displayName(), reason));
}

void RunSet::addRun(const QStringList &phrases, const RunSpec &spec)
{
    if (isBusy()) {
        fail(spec, tr("another run is still being added; wait for it or cancel it."));
        return;
    }
    if (phrases.isEmpty()) {
        fail(spec, tr("the phrase list is empty. Enter one phrase per line, then add the run again."));
        return;
    }
    if (phrases.size() > m_maxPhrases) {
        fail(spec, tr("comparing runs needs the full similarity matrix of each run, which is computed for at most "
                      "%1 phrases, and the list has %2. Compare a part of the list instead.")
                       .arg(m_maxPhrases)
                       .arg(phrases.size()));
        return;
    }
    if (!m_runs.isEmpty() && phrases != m_phrases) {
        fail(spec, tr("its phrases differ from those of the runs already added: %1. Remove the runs to compare "
                      "the new phrases, or restore the phrases the runs embedded.")
                       .arg(describePhraseDifference(m_phrases, phrases)));
        return;
    }

    m_pendingPhrases = phrases;
    m_pendingSpec = spec;
    const int base = baseRunFor(spec);
    if (base >= 0)
        addTruncation(spec, m_runs.at(base));
    else
        startEmbedding(spec);
}

int RunSet::baseRunFor(const RunSpec &spec) const
{
    if (spec.truncateTo <= 0)
        return -1;
    for (qsizetype i = 0; i < m_runs.size(); ++i) {
        const RunSpec &candidate = m_runs.at(i).spec;
        if (candidate.truncateTo == 0 && sameEmbedding(candidate, spec))
            return int(i);
    }
    return -1;
}

// A truncation without a base run fetches every dimension first, so the
// error for too large a truncation can name the length the provider returned.
void RunSet::startEmbedding(const RunSpec &spec)
{
    RunSpec full = spec;
    full.truncateTo = 0;
    m_embedder.start(m_pendingPhrases, full);
    emit busyChanged(true);
    emit progressChanged(0, int(m_pendingPhrases.size()));
}

void RunSet::addTruncation(const RunSpec &spec, const EmbeddingRun &base)
{
    qCDebug(lcWorkspace) << "truncating run" << base.spec.displayName() << "to" << spec.truncateTo << "dims";
    auto run = truncateRun(base, spec);
    if (!run) {
        emit busyChanged(false);
        fail(spec, run.error());
        return;
    }

    QList<EmbeddingRun> runs = m_runs;
    runs.append(std::move(*run));
    startMatrices(std::move(runs));
}

void RunSet::onEmbedded(const EmbeddingOutcome &outcome)
{
    switch (outcome.status) {
    case EmbeddingOutcome::Status::Cancelled:
        emit busyChanged(false);
        emit runCancelled();
        return;
    case EmbeddingOutcome::Status::Failed:
        emit busyChanged(false);
        fail(m_pendingSpec, outcome.errorMessage);
        return;
    case EmbeddingOutcome::Status::Succeeded:
        break;
    }

    EmbeddingRun run;
    run.spec = m_pendingSpec;
    run.spec.truncateTo = 0;
    run.source = m_embedder.source();
    run.vectors = outcome.vectors;
    if (m_pendingSpec.truncateTo > 0) {
        addTruncation(m_pendingSpec, run);
        return;
    }

    QList<EmbeddingRun> runs = m_runs;
    runs.append(std::move(run));
    startMatrices(std::move(runs));
}

// Each matrix is one product, but at thousands of phrases that takes
// seconds, so all of them run on the thread pool on a copy of the runs.
void RunSet::startMatrices(QList<EmbeddingRun> runs)
{
    const math::Metric metric = m_metric;
    m_computing = true;
    m_matrixWatcher.setFuture(QtConcurrent::run([runs = std::move(runs), metric]() mutable {
        for (EmbeddingRun &run : runs) {
            if (run.matrix.isEmpty() || run.matrix.metric() != metric)
                run.matrix = math::computeSimilarity(run.vectors, metric);
        }
        return runs;
    }));
    emit busyChanged(true);
}

void RunSet::onMatricesReady()
{
    if (!m_computing)
        return; // clear() dropped this computation
    m_computing = false;
    m_runs = m_matrixWatcher.result();
    if (!m_pendingPhrases.isEmpty())
        m_phrases = m_pendingPhrases;
    m_pendingPhrases.clear();
    emit busyChanged(false);
    emit runsChanged();

    // The metric may have changed while the matrices were being computed.
    if (!m_runs.isEmpty() && m_runs.first().matrix.metric() != m_metric)
        startMatrices(m_runs);
}

void RunSet::removeRun(int index)
{
    if (isBusy() || index < 0 || index >= m_runs.size())
        return;
    m_runs.removeAt(index);
    if (m_runs.isEmpty())
        m_phrases.clear();
    emit runsChanged();
}

void RunSet::clear()
{
    cancel();
    m_matrixWatcher.waitForFinished();
    m_computing = false;
    m_runs.clear();
    m_phrases.clear();
    m_pendingPhrases.clear();
    emit busyChanged(false);
    emit runsChanged();
}

void RunSet::cancel()
{
    m_embedder.cancel();
}

void RunSet::restore(const QStringList &phrases, const QList<EmbeddingRun> &runs)
{
    clear();
    if (runs.isEmpty())
        return;
    m_pendingPhrases = phrases;
    startMatrices(runs);
}

} // namespace embedscope::workspace
