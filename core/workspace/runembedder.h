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

    void start(const QStringList &phrases, const RunSpec &spec);
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
