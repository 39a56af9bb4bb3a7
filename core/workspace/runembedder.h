#pragma once

#include "embedding/embeddingjob.h"
#include "runspec.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <memory>

namespace embedscope::workspace {

// Embeds a list of phrases for one run: puts the run's prefix before each
// phrase, asks the run's provider, and truncates the vectors when the run
// says so. Emits finished() exactly once per start(), never from inside it.
class RunEmbedder : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;
    ~RunEmbedder() override;

    // Creates the run's provider from spec.provider and starts with it. A
    // provider that cannot be created fails the run through finished().
    void start(const QStringList &phrases, const RunSpec &spec);
    // Starts with a provider the caller made from spec.provider, such as one
    // it created early to reject bad settings before any busy state shows.
    void start(const QStringList &phrases, const RunSpec &spec,
               std::shared_ptr<embedding::EmbeddingProvider> provider);
    void cancel();
    bool isRunning() const { return m_running; }

    // Provider and model of the run in progress or last run.
    const QString &source() const { return m_source; }

signals:
    void progressChanged(int done, int total);
    void statusChanged(const QString &message);
    void finished(const embedscope::embedding::EmbeddingOutcome &outcome);

private:
    void onJobFinished(const embedding::EmbeddingOutcome &outcome);
    void finishLater(embedding::EmbeddingOutcome outcome);

    RunSpec m_spec;
    QString m_source;
    bool m_running = false;
    std::shared_ptr<embedding::EmbeddingProvider> m_provider;
    QPointer<embedding::EmbeddingJob> m_job;
};

} // namespace embedscope::workspace
