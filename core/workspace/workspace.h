#pragma once

#include "embedding/embeddingjob.h"
#include "embedding/providersettings.h"
#include "math/similaritymatrix.h"
#include "runembedder.h"
#include "runset.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

namespace embedscope::workspace {

// The result views show: the phrases that were embedded (not the editor's
// current text), their vectors and the matrix under the chosen metric.
struct Snapshot
{
    QStringList phrases;
    embedding::EmbeddingSet vectors;
    math::SimilarityMatrix matrix;
    QString source; // provider and model, for titles and exports

    bool isEmpty() const { return phrases.isEmpty(); }
};

// The open document: phrases, provider settings, metric, the latest result
// and the reference phrase. Views observe it and never talk to each other;
// the command line drives the same object without widgets.
class Workspace : public QObject
{
    Q_OBJECT

public:
    explicit Workspace(QObject *parent = nullptr);
    ~Workspace() override;

    const QStringList &phrases() const { return m_phrases; }
    void setPhrases(const QStringList &phrases);

    const embedding::ProviderSettings &providerSettings() const { return m_providerSettings; }
    void setProviderSettings(const embedding::ProviderSettings &settings);

    math::Metric metric() const { return m_metric; }
    // Recomputes the matrix from the vectors already fetched; no new requests.
    void setMetric(math::Metric metric);

    const Snapshot &snapshot() const { return m_snapshot; }

    // Index into snapshot().phrases of the phrase the score table ranks
    // against; 0 after each new result.
    int referenceIndex() const { return m_referenceIndex; }
    void setReferenceIndex(int index);

    bool isBusy() const { return m_embedder.isRunning() || m_computingMatrix; }

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
    void onMatrixReady();
    void reportUndefinedRows(const Snapshot &snapshot);

    QStringList m_phrases;
    embedding::ProviderSettings m_providerSettings;
    math::Metric m_metric = math::Metric::Cosine;
    Snapshot m_snapshot;
    int m_referenceIndex = 0;

    RunEmbedder m_embedder;
    RunSet m_runs;
    QStringList m_jobPhrases;
    QFutureWatcher<Snapshot> m_matrixWatcher;
    // Set from start to delivery: the watcher stops "running" before its
    // finished signal reaches onMatrixReady().
    bool m_computingMatrix = false;
};

} // namespace embedscope::workspace
