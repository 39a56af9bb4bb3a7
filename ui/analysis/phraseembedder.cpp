#include "phraseembedder.h"

#include "uilogging.h"

#include "workspace/runembedder.h"
#include "workspace/workspace.h"

#include <QTimer>

#include <algorithm>

namespace embedscope::ui::analysis {

PhraseEmbedder::PhraseEmbedder(workspace::Workspace *workspace, QObject *parent)
    : QObject(parent)
    , m_workspace(workspace)
{}

void PhraseEmbedder::cancel()
{
    // Deleting the embedder cancels its job, so no finished() arrives.
    delete m_embedder;
}

void PhraseEmbedder::embed(const QStringList &texts)
{
    cancel();

    workspace::RunSpec spec;
    spec.provider = m_workspace->providerSettings();
    const QString cacheKey = spec.description();
    const QHash<QString, std::vector<float>> &cached = m_cache[cacheKey];
    QStringList missing;
    for (const QString &text : texts) {
        if (!cached.contains(text) && !missing.contains(text))
            missing.append(text);
    }

    // Nothing to request: answer from the cache, but never from inside embed().
    auto *embedder = new workspace::RunEmbedder(this);
    m_embedder = embedder;
    if (missing.isEmpty()) {
        QTimer::singleShot(0, embedder, [this, texts, cacheKey]() { finish(texts, cacheKey); });
        return;
    }

    connect(embedder, &workspace::RunEmbedder::finished, this,
            [this, embedder, texts, missing, cacheKey](const embedding::EmbeddingOutcome &outcome) {
                if (!outcome.succeeded()) {
                    embedder->deleteLater();
                    if (outcome.status == embedding::EmbeddingOutcome::Status::Failed) {
                        qCWarning(lcUi) << "embedding" << missing.size() << "texts failed:" << outcome.errorMessage;
                        emit failed(outcome.errorMessage);
                    }
                    return;
                }
                QHash<QString, std::vector<float>> &store = m_cache[cacheKey];
                for (int i = 0; i < missing.size(); ++i) {
                    const auto row = outcome.vectors.row(i);
                    store.insert(missing.at(i), std::vector<float>(row.begin(), row.end()));
                }
                m_sources.insert(cacheKey, embedder->source());
                finish(texts, cacheKey);
            });
    embedder->start(missing, spec);
}

void PhraseEmbedder::finish(const QStringList &texts, const QString &cacheKey)
{
    if (m_embedder)
        m_embedder->deleteLater();
    m_embedder.clear();

    const QHash<QString, std::vector<float>> &store = m_cache.value(cacheKey);
    const int dimensions = texts.isEmpty() ? 0 : int(store.value(texts.first()).size());
    embedding::EmbeddingSet vectors(int(texts.size()), dimensions);
    for (int i = 0; i < texts.size(); ++i) {
        const std::vector<float> vector = store.value(texts.at(i));
        std::copy(vector.begin(), vector.end(), vectors.row(i).begin());
    }
    emit embedded(vectors, m_sources.value(cacheKey));
}

} // namespace embedscope::ui::analysis
