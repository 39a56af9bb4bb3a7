#include "classificationview.h"

#include "analysistable.h"
#include "phraseembedder.h"

#include "embedding/providerfactory.h"
#include "text/classlabels.h"
#include "workspace/workspace.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace embedscope::ui::analysis {

// Columns of the prediction table.
enum Column { PhraseColumn, LabelColumn, ScoreColumn, MarginColumn, ExpectedColumn };

ClassificationView::ClassificationView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_embedder(new PhraseEmbedder(workspace, this))
{
    m_labelsEdit = new QPlainTextEdit(this);
    m_labelsEdit->setObjectName(QStringLiteral("labelsEditor"));
    m_labelsEdit->setPlaceholderText(tr("One label per line, optionally \"name: description\", e.g.\n"
                                        "animals: a sentence about animals\nfood: a sentence about food"));
    m_labelsEdit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_classifyButton = new QPushButton(tr("&Classify"), this);
    m_classifyButton->setObjectName(QStringLiteral("classifyButton"));
    m_statusLabel = new QLabel(this);
    m_statusLabel->setWordWrap(true);
    m_warningLabel = new QLabel(this);
    m_warningLabel->setObjectName(QStringLiteral("classificationWarning"));
    m_warningLabel->setWordWrap(true);
    m_warningLabel->setStyleSheet(QStringLiteral("QLabel { color: #a33a00; font-weight: bold; }"));
    m_warningLabel->hide();
    m_accuracyLabel = new QLabel(this);
    m_accuracyLabel->setObjectName(QStringLiteral("accuracyLabel"));
    m_accuracyLabel->setWordWrap(true);

    m_table = createTable({tr("Phrase"), tr("Label"), tr("Score"), tr("Margin"), tr("Expected")}, this);
    m_table->setObjectName(QStringLiteral("classificationTable"));
    m_table->horizontalHeader()->setSectionResizeMode(PhraseColumn, QHeaderView::Stretch);
    m_table->setColumnHidden(ExpectedColumn, true);
    m_confusionTable = new QTableWidget(this);
    m_confusionTable->setObjectName(QStringLiteral("confusionTable"));
    m_confusionTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_confusionTable->hide();

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("&Labels:"), left));
    leftLayout->addWidget(m_labelsEdit, 1);
    leftLayout->addWidget(m_classifyButton);
    static_cast<QLabel *>(leftLayout->itemAt(0)->widget())->setBuddy(m_labelsEdit);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_warningLabel);
    rightLayout->addWidget(m_statusLabel);
    rightLayout->addWidget(m_table, 3);
    rightLayout->addWidget(m_accuracyLabel);
    rightLayout->addWidget(m_confusionTable);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({260, 700});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_classifyButton, &QPushButton::clicked, this, &ClassificationView::classify);
    connect(m_embedder, &PhraseEmbedder::embedded, this,
            [this](const embedding::EmbeddingSet &vectors, const QString &source) {
                m_labelSource = source;
                onLabelsEmbedded(vectors);
            });
    connect(m_embedder, &PhraseEmbedder::failed, this, [this](const QString &message) {
        m_statusLabel->setText(tr("The labels could not be embedded: %1").arg(message));
    });
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &ClassificationView::showPredictions);
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &ClassificationView::updateWarning);
    connect(m_workspace, &workspace::Workspace::providerSettingsChanged, this, &ClassificationView::updateWarning);
    updateWarning();
}

bool ClassificationView::isBusy() const
{
    return m_embedder->isRunning();
}

void ClassificationView::setExpectedLabels(const QStringList &expected)
{
    if (expected == m_expected)
        return;
    m_expected = expected;

    // The expected names are the natural labels to try first.
    if (m_labelsEdit->toPlainText().trimmed().isEmpty()) {
        QStringList names;
        for (const QString &label : expected) {
            const QString name = label.trimmed();
            if (!name.isEmpty() && !names.contains(name))
                names.append(name);
        }
        m_labelsEdit->setPlainText(names.join(QLatin1Char('\n')));
    }
    showPredictions();
}

QString ClassificationView::warning() const
{
    return m_warningLabel->text();
}

// Vectors of different providers or models can have the same size but live
// in unrelated spaces, so their scores mean nothing. Scores already shown
// are checked first, then the provider that the next Classify would use.
void ClassificationView::updateWarning()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const QString nextSource = embedding::describeProvider(m_workspace->providerSettings());
    QString warning;
    if (snapshot.isEmpty()) {
        // Nothing to compare with.
    } else if (!m_labelVectors.isEmpty() && !m_labelSource.isEmpty() && m_labelSource != snapshot.source) {
        warning = tr("Warning: the phrase vectors come from %1, but the labels were embedded with %2, so these "
                     "scores are meaningless. Embed the phrases again and classify.")
                      .arg(snapshot.source, m_labelSource);
    } else if (nextSource != snapshot.source) {
        warning = tr("Warning: the phrase vectors come from %1, but Classify would embed the labels with %2, so "
                     "the scores would be meaningless. Embed the phrases again first.")
                      .arg(snapshot.source, nextSource);
    }
    m_warningLabel->setText(warning);
    m_warningLabel->setVisible(!warning.isEmpty());
}

void ClassificationView::classify()
{
    const text::ClassLabels labels = text::parseClassLabels(m_labelsEdit->toPlainText());
    if (labels.names.size() < 2) {
        m_statusLabel->setText(tr("Enter at least two labels, one per line."));
        return;
    }
    m_labelNames = labels.names;
    m_labelVectors = {};
    m_labelSource.clear();
    updateWarning();
    const int count = int(labels.texts.size());
    m_statusLabel->setText(count == 1 ? tr("Embedding 1 label…") : tr("Embedding %1 labels…").arg(count));
    m_embedder->embed(labels.texts);
}

void ClassificationView::onLabelsEmbedded(const embedding::EmbeddingSet &vectors)
{
    m_labelVectors = vectors;
    updateWarning();
    showPredictions();
}

void ClassificationView::showPredictions()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    m_table->setRowCount(0);
    m_evaluation.reset();
    m_accuracyLabel->clear();
    m_confusionTable->hide();
    if (snapshot.isEmpty() || m_labelVectors.isEmpty())
        return;

    const auto predictions = math::classifyPhrases(snapshot.vectors, m_labelVectors, snapshot.metric());
    if (!predictions) {
        m_statusLabel->setText(tr("The labels cannot be compared with the phrases: %1. Embed the phrases again "
                                  "with the current provider.")
                                   .arg(predictions.error()));
        return;
    }
    const int count = int(predictions->size());
    m_statusLabel->setText(count == 1 ? tr("1 phrase classified.") : tr("%1 phrases classified.").arg(count));

    const bool hasExpected = m_expected.size() == snapshot.phrases.size();
    m_table->setColumnHidden(ExpectedColumn, !hasExpected);
    m_table->setRowCount(int(predictions->size()));
    for (int row = 0; row < int(predictions->size()); ++row) {
        const math::LabelPrediction &prediction = (*predictions)[size_t(row)];
        auto *label = new QTableWidgetItem(m_labelNames.value(prediction.label, tr("n/a")));
        label->setData(RAW_VALUE_ROLE, prediction.label);
        auto *expected = new QTableWidgetItem(hasExpected ? m_expected.at(row) : QString());
        setTableRow(m_table, row,
                    {phraseItem(snapshot.phrases.at(row), row), label, numberItem(prediction.score),
                     numberItem(prediction.margin), expected});
    }
    showEvaluation(*predictions);
}

void ClassificationView::showEvaluation(const std::vector<math::LabelPrediction> &predictions)
{
    std::vector<int> expected(predictions.size(), -1);
    bool anyExpected = false;
    for (int i = 0; i < int(predictions.size()) && i < m_expected.size(); ++i) {
        expected[size_t(i)] = int(m_labelNames.indexOf(m_expected.at(i).trimmed()));
        anyExpected = anyExpected || expected[size_t(i)] >= 0;
    }
    m_confusionTable->setVisible(anyExpected);
    if (!anyExpected) {
        m_accuracyLabel->setText(m_expected.isEmpty()
                                     ? tr("Accuracy and a confusion table need an expected label for each phrase, "
                                          "matching a label name. This phrase list has none.")
                                     : tr("No expected label of this phrase list matches a label name, so accuracy "
                                          "cannot be measured. Use the expected names as labels."));
        return;
    }

    const int labelCount = int(m_labelNames.size());
    const math::ClassificationEvaluation evaluation = math::evaluateClassification(predictions, expected, labelCount);
    m_evaluation = evaluation;
    m_accuracyLabel->setText(tr("Accuracy: %1 (%2 of %3 labelled phrases correct). Confusion table: rows are "
                                "expected labels, columns predicted ones.")
                                 .arg(formatPercent(evaluation.accuracy))
                                 .arg(evaluation.correctCount)
                                 .arg(evaluation.evaluatedCount));
    m_confusionTable->setRowCount(labelCount);
    m_confusionTable->setColumnCount(labelCount);
    m_confusionTable->setVerticalHeaderLabels(m_labelNames);
    m_confusionTable->setHorizontalHeaderLabels(m_labelNames);
    m_confusionTable->setToolTip(tr("Rows: expected label. Columns: predicted label."));
    for (int row = 0; row < labelCount; ++row) {
        for (int column = 0; column < labelCount; ++column)
            m_confusionTable->setItem(row, column, numberItem(evaluation.confusion[size_t(row)][size_t(column)], 0));
    }

    // As tall as its rows, so the prediction table keeps the rest.
    const int rowsHeight = labelCount * m_confusionTable->verticalHeader()->defaultSectionSize();
    m_confusionTable->setMaximumHeight(m_confusionTable->horizontalHeader()->sizeHint().height() + rowsHeight
                                       + 2 * m_confusionTable->frameWidth());
}

} // namespace embedscope::ui::analysis
