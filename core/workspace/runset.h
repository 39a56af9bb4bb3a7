#pragma once

#include "embeddingrun.h"
#include "runembedder.h"

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QStringList>

#include <limits>

namespace embedscope::workspace {

// The embedding runs of one list of phrases that a comparison chooses from.
// Every run embeds the same phrases in the same order, so their matrices can
// be compared cell by cell. Runs are added one at a time. A run embeds only
// what the cache lacks, and a truncation of a run already in the set is
// computed from it without requests.
class RunSet : public QObject
{
    Q_OBJECT

public:
    explicit RunSet(QObject *parent = nullptr);
    ~RunSet() override;

    // The phrases every run embeds; empty while there are no runs.
    const QStringList &phrases() const { return m_phrases; }
    const QList<EmbeddingRun> &runs() const { return m_runs; }
    bool isBusy() const { return m_embedder.isRunning() || m_computing; }

    math::Metric metric() const { return m_metric; }
    // Recomputes every run's matrix from its vectors; no new requests.
    void setMetric(math::Metric metric);

    // Largest phrase list a run is added for, because comparing runs needs
    // each run's full matrix.
    void setMaxPhrases(int count) { m_maxPhrases = count; }

    // Embeds phrases for spec and appends the run. Emits runFailed instead
    // when there are more phrases than setMaxPhrases() allows, when phrases
    // differ from phrases() while runs exist, when a run is in progress, or
    // when the provider fails. Emits runsChanged on success.
    void addRun(const QStringList &phrases, const RunSpec &spec);
    void removeRun(int index);
    void clear();
    void cancel();

    // Replaces the set with runs read from a file, whose vectors must each
    // have one row per phrase; no provider is called. The matrices are
    // computed under metric() before runsChanged.
    void restore(const QStringList &phrases, const QList<EmbeddingRun> &runs);

    // Index of the run that spec can be truncated from without requests:
    // the same provider, endpoint, model, requested dimensions and prefix,
    // kept whole. -1 when there is none or spec keeps every dimension.
    int baseRunFor(const RunSpec &spec) const;

signals:
    void runsChanged();
    void busyChanged(bool busy);
    void progressChanged(int done, int total);
    void statusChanged(const QString &message);
    void runFailed(const QString &message);
    void runCancelled();

private:
    void startEmbedding(const RunSpec &spec);
    void addTruncation(const RunSpec &spec, const EmbeddingRun &base);
    void onEmbedded(const embedding::EmbeddingOutcome &outcome);
    void startMatrices(QList<EmbeddingRun> runs);
    void onMatricesReady();
    void fail(const RunSpec &spec, const QString &reason);

    int m_maxPhrases = std::numeric_limits<int>::max();
    QStringList m_phrases;
    QList<EmbeddingRun> m_runs;
    math::Metric m_metric = math::Metric::Cosine;

    RunEmbedder m_embedder;
    RunSpec m_pendingSpec;
    QStringList m_pendingPhrases;
    QFutureWatcher<QList<EmbeddingRun>> m_matrixWatcher;
    bool m_computing = false;
};

} // namespace embedscope::workspace
