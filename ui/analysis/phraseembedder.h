#pragma once

#include "embedding/embeddingset.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <vector>

namespace embedscope::workspace {
class RunEmbedder;
class Workspace;
}

namespace embedscope::ui::analysis {

// Embeds extra texts (a search query, class labels) with the workspace's
// current provider and model, so they are comparable with its phrases.
// Vectors are cached per provider and text, so repeating a query sends no
// request. Emits exactly one of embedded() or failed() per embed(), unless a
// later embed() or cancel() supersedes it.
class PhraseEmbedder : public QObject
{
    Q_OBJECT

public:
    explicit PhraseEmbedder(workspace::Workspace *workspace, QObject *parent = nullptr);

    void embed(const QStringList &texts);
    void cancel();
    bool isRunning() const { return !m_embedder.isNull(); }

signals:
    // One vector per text in request order, and the provider and model that
    // made them, in the form of Snapshot::source.
    void embedded(const embedscope::embedding::EmbeddingSet &vectors, const QString &source);
    void failed(const QString &message);

private:
    void finish(const QStringList &texts, const QString &cacheKey);

    workspace::Workspace *m_workspace = nullptr;
    QPointer<workspace::RunEmbedder> m_embedder;
    // Vectors by provider settings and then text.
    QHash<QString, QHash<QString, std::vector<float>>> m_cache;
    QHash<QString, QString> m_sources; // provider description by cache key
};

} // namespace embedscope::ui::analysis
