#pragma once

#include "embedding/embeddingset.h"
#include "math/classification.h"

#include <QStringList>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class PhraseEmbedder;

// Zero-shot classification: each phrase gets the label whose embedding is
// closest, with its score and margin over the runner-up. Labels are typed
// one per line, as "name" or "name: description", and each whole line is
// embedded (text::parseClassLabels). A warning shows when the phrases'
// vectors come from another provider or model than the labels' would.
class ClassificationView : public QWidget
{
    Q_OBJECT

public:
    explicit ClassificationView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;

    // Expected label name per phrase of the snapshot, empty for unlabelled
    // phrases; enables accuracy, the confusion table and the Expected
    // column. An empty labels box is filled with the distinct names.
    void setExpectedLabels(const QStringList &expected);
    const QStringList &expectedLabels() const { return m_expected; }

    // Accuracy and confusion table as shown, unset without expected labels
    // that match a label name.
    const std::optional<math::ClassificationEvaluation> &evaluation() const { return m_evaluation; }

    // The provider mismatch warning shown, empty when none.
    QString warning() const;

    const QStringList &labelNames() const { return m_labelNames; }
    const embedding::EmbeddingSet &labelVectors() const { return m_labelVectors; }

private:
    void classify();
    void onLabelsEmbedded(const embedding::EmbeddingSet &vectors);
    void showPredictions();
    void showEvaluation(const std::vector<math::LabelPrediction> &predictions);
    void updateWarning();

    workspace::Workspace *m_workspace = nullptr;
    PhraseEmbedder *m_embedder = nullptr;
    QPlainTextEdit *m_labelsEdit = nullptr;
    QPushButton *m_classifyButton = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_warningLabel = nullptr;
    QLabel *m_accuracyLabel = nullptr;
    QTableWidget *m_table = nullptr;
    QTableWidget *m_confusionTable = nullptr;
    QStringList m_labelNames;
    embedding::EmbeddingSet m_labelVectors;
    QString m_labelSource; // provider and model of m_labelVectors
    QStringList m_expected;
    std::optional<math::ClassificationEvaluation> m_evaluation;
};

} // namespace embedscope::ui::analysis
