#pragma once

#include "embedding/embeddingjob.h"
#include "embedding/providersettings.h"
#include "math/blockoverview.h"
#include "math/similaritymatrix.h"
#include "runembedder.h"
#include "runset.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

namespace embedscope::workspace {

// The result views show: the phrases that were embedded (not the editor's
// current text), their vectors and either the full matrix under the chosen
// metric or, for a list above the workspace's matrix limit, a block-mean
// overview. Exactly one of matrix and overview is set in a non-empty
// snapshot.
struct Snapshot
{
    QStringList phrases;
    embedding::EmbeddingSet vectors;
    math::SimilarityMatrix matrix;
    // Cosine block means in input order, whatever the chosen metric, because
    // the mean of a block pair factors into summed unit vectors only for
    // cosine.
    math::BlockOverview overview;
    QString source; // provider and model, for titles and exports

    bool isEmpty() const { return phrases.isEmpty(); }
    bool hasFullMatrix() const { return !matrix.isEmpty(); }
    // Metric of the scores shown: the matrix's, or cosine for an overview.
    math::Metric metric() const { return hasFullMatrix() ? matrix.metric() : overview.means.metric(); }
};

// Sizes that decide between the full matrix and the block overview.
struct MatrixLimits
{
    // Largest list whose full float32 matrix is computed. At 20,000 phrases
    // it takes 1.6 GB and the heatmap still zooms in frames of about 10 ms
    // (bench_heatmapframes); 100,000 would need 40 GB.
    int maxMatrixPhrases = 20000;
    // Blocks per side of the overview of a larger list. 1,000 x 1,000 means
    // take 4 MB and draw like a 1,000-phrase map.
    int overviewBlocks = 1000;
};

// The open document: phrases, provider settings, metric, the latest result
// and the reference phrase. Views observe it and never talk to each other.
// The command line builds the same Snapshot and warnings without it.
class Workspace : public QObject
{
    Q_OBJECT

public:
    explicit Workspace(QObject *parent = nullptr);
    ~Workspace() override;

    const MatrixLimits &matrixLimits() const { return m_limits; }
    // Applies to the next result; tests lower the limit to stay small.
    void setMatrixLimits(const MatrixLimits &limits);

    const QStringList &phrases() const { return m_phrases; }
    void setPhrases(const QStringList &phrases);

    const embedding::ProviderSettings &providerSettings() const { return m_providerSettings; }
    void setProviderSettings(const embedding::ProviderSettings &settings);

    math::Metric metric() const { return m_metric; }
    // Recomputes the matrix from the vectors already fetched; no new requests.
    // A block overview stays cosine, so it is not recomputed, and choosing
    // another metric raises a warning about it.
    void setMetric(math::Metric metric);

    const Snapshot &snapshot() const { return m_snapshot; }

    // Index into snapshot().phrases of the phrase the score table ranks
    // against; 0 after each new result.
    int referenceIndex() const { return m_referenceIndex; }
    void setReferenceIndex(int index);

    bool isBusy() const { return m_embedder.isRunning() || m_computingMatrix; }
    // True while the block overview of a large list is computed; cancel()
    // stops it and keeps the previous snapshot.
    bool isComputingOverview() const { return m_computingOverview; }

    // Runs of the same phrases for comparing models. They follow the
    // workspace's metric.
    RunSet &runs() { return m_runs; }
    const RunSet &runs() const { return m_runs; }
    // Adds a run of the current phrases; see RunSet::addRun().
    void addRun(const RunSpec &spec);

    // Embeds the current phrases with the current provider. The previous
    // snapshot stays until the new one is complete, so a failure or a cancel
    // loses nothing.
    void embed();
    // Stops the embedding or the block overview in flight.
    void cancel();

    // Replaces the document with one read from a file or an import: no
    // provider is called. An embedding in flight is cancelled. The matrix of
    // vectors (one row per embedded phrase, or empty for no result) is
    // computed on the thread pool, and snapshotChanged follows; without
    // vectors the snapshot is cleared and snapshotChanged is emitted at once.
    void restore(const QStringList &phrases, const embedding::ProviderSettings &settings, math::Metric metric,
                 const QStringList &embeddedPhrases, const embedding::EmbeddingSet &vectors,
                 const QString &source);

signals:
    void busyChanged(bool busy);
    void progressChanged(int done, int total);
    // Blocks of the overview summed so far, out of total.
    void overviewProgressChanged(int done, int total);
    // A line about the running embedding worth showing, such as a retry
    // countdown; empty when there is nothing to add to the progress.
    void statusChanged(const QString &message);
    void snapshotChanged();
    // Emitted by every setProviderSettings(), changed or not.
    void providerSettingsChanged();
    void referenceIndexChanged(int index);
    void embeddingFailed(const QString &message);
    void embeddingCancelled();
    // Something the user should know that did not stop the run, such as a
    // phrase whose vector is all zeros.
    void warningRaised(const QString &message);

private:
    void onJobFinished(const embedding::EmbeddingOutcome &outcome);
    void startMatrix(Snapshot pending);
    void startOverview(Snapshot pending);
    void onMatrixReady();
    void reportUndefinedRows(const Snapshot &snapshot);
    void reportCosineOverview();

    QStringList m_phrases;
    embedding::ProviderSettings m_providerSettings;
    math::Metric m_metric = math::Metric::Cosine;
    MatrixLimits m_limits;
    Snapshot m_snapshot;
    int m_referenceIndex = 0;

    RunEmbedder m_embedder;
    RunSet m_runs;
    QStringList m_jobPhrases;
    QFutureWatcher<Snapshot> m_matrixWatcher;
    // Set from start to delivery: the watcher stops "running" before its
    // finished signal reaches onMatrixReady().
    bool m_computingMatrix = false;
    bool m_computingOverview = false;
    bool m_overviewCancelled = false;
    int m_overviewBlocks = 0; // of the overview in flight
};

} // namespace embedscope::workspace
