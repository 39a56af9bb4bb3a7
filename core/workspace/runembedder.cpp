#include "runembedder.h"

#include "common/logging.h"
#include "embedding/providerfactory.h"

#include <QTimer>

namespace embedscope::workspace {

using embedding::EmbeddingOutcome;

RunEmbedder::~RunEmbedder()
{
    if (m_job)
        m_job->cancel();
}

void RunEmbedder::start(const QStringList &phrases, const RunSpec &spec)
{
    auto provider = embedding::createProvider(spec.provider);
    if (!provider) {
        Q_ASSERT(!m_running);
        m_running = true;
        m_spec = spec;
        m_source = spec.description();
        finishLater({EmbeddingOutcome::Status::Failed, {}, provider.error()});
        return;
    }
    start(phrases, spec, *provider);
}

void RunEmbedder::start(const QStringList &phrases, const RunSpec &spec,
                        std::shared_ptr<embedding::EmbeddingProvider> provider)
{
    Q_ASSERT(!m_running);
    Q_ASSERT(provider);
    m_running = true;
    m_spec = spec;
    m_provider = std::move(provider);
    m_source = m_provider->description();
    if (spec.truncateTo > 0)
        m_source += QStringLiteral(" · first %1 dims").arg(spec.truncateTo);
    if (!spec.prefix.isEmpty())
        m_source += QStringLiteral(" · prefix \"%1\"").arg(spec.prefix);

    QStringList texts = phrases;
    if (!spec.prefix.isEmpty()) {
        for (QString &text : texts)
            text.prepend(spec.prefix);
    }

    qCDebug(lcWorkspace) << "embedding" << texts.size() << "phrases with" << m_source;
    m_job = m_provider->embed(texts, this);
    connect(m_job, &embedding::EmbeddingJob::progressChanged, this, &RunEmbedder::progressChanged);
    connect(m_job, &embedding::EmbeddingJob::statusChanged, this, &RunEmbedder::statusChanged);
    connect(m_job, &embedding::EmbeddingJob::finished, this, &RunEmbedder::onJobFinished);
}

void RunEmbedder::cancel()
{
    if (m_job)
        m_job->cancel();
}

void RunEmbedder::finishLater(EmbeddingOutcome outcome)
{
    QTimer::singleShot(0, this, [this, outcome = std::move(outcome)]() {
        m_running = false;
        emit finished(outcome);
    });
}

void RunEmbedder::onJobFinished(const EmbeddingOutcome &outcome)
{
    if (m_job)
        m_job->deleteLater();
    m_job = nullptr;
    m_running = false;

    if (!outcome.succeeded() || m_spec.truncateTo <= 0) {
        emit finished(outcome);
        return;
    }

    if (m_spec.truncateTo > outcome.vectors.dimensions()) {
        emit finished({EmbeddingOutcome::Status::Failed, {},
                       QStringLiteral("cannot keep the first %1 dimensions: %2 returned vectors of %3; "
                                      "choose dims of at most %3")
                           .arg(m_spec.truncateTo)
                           .arg(m_source)
                           .arg(outcome.vectors.dimensions())});
        return;
    }
    emit finished({EmbeddingOutcome::Status::Succeeded, embedding::truncated(outcome.vectors, m_spec.truncateTo), {}});
}

} // namespace embedscope::workspace
