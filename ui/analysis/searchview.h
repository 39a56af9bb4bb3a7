#pragma once

#include "embedding/embeddingset.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class PhraseEmbedder;
class ScoreBarDelegate;

// Ranks every phrase by its score against a typed query, embedded with the
// workspace's provider and model.
class SearchView : public QWidget
{
    Q_OBJECT

public:
    explicit SearchView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;

private:
    void search();
    void showRanking();
    void onQueryEmbedded(const embedding::EmbeddingSet &vectors, const QString &source);
    void onFailed(const QString &message);

    workspace::Workspace *m_workspace = nullptr;
    PhraseEmbedder *m_embedder = nullptr;
    QLineEdit *m_queryEdit = nullptr;
    QPushButton *m_searchButton = nullptr;
    QLabel *m_statusLabel = nullptr;
    QTableWidget *m_table = nullptr;
    ScoreBarDelegate *m_barDelegate = nullptr;
    std::vector<float> m_queryVector;
    QString m_querySource;
};

} // namespace embedscope::ui::analysis
