#include "classificationview.h"

#include "analysistable.h"
#include "phraseembedder.h"

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

namespace {

struct LabelLine
{
    QString name;
    QString text; // what is embedded: the description, or the name without one
};

} // namespace

static QList<LabelLine> parseLabels(const QString &text)
{
    QList<LabelLine> labels;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty())
            continue;
        const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
        const QString name = colon > 0 ? trimmed.left(colon).trimmed() : trimmed;
        const QString description = colon > 0 ? trimmed.mid(colon + 1).trimmed() : QString();
        labels.append({name, description.isEmpty() ? name : description});
    }
    return labels;
}

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
    m_accuracyLabel = new QLabel(this);
    m_accuracyLabel->setObjectName(QStringLiteral("accuracyLabel"));
    m_accuracyLabel->setWordWrap(true);

    m_table = createTable({tr("Phrase"), tr("Label"), tr("Score"), tr("Margin")}, this);
    m_table->setObjectName(QStringLiteral("classificationTable"));
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
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
    rightLayout->addWidget(m_statusLabel);
    rightLayout->addWidget(m_table, 3);
    rightLayout->addWidget(m_accuracyLabel);
    rightLayout->addWidget(m_confusionTable, 1);

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
            [this](const embedding::EmbeddingSet &vectors, const QString &) { onLabelsEmbedded(vectors); });
    connect(m_embedder, &PhraseEmbedder::failed, this, [this](const QString &message) {
        m_statusLabel->setText(tr("The labels could not be embedded: %1").arg(message));
    });
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &ClassificationView::showPredictions);
}

bool ClassificationView::isBusy() const
{
    return m_embedder->isRunning();
}

void ClassificationView::setExpectedLabels(const QStringList &expected)
{
    m_expected = expected;
    showPredictions();
}

void ClassificationView::classify()
{
    const QList<LabelLine> labels = parseLabels(m_labelsEdit->toPlainText());
    if (labels.size() < 2) {
        m_statusLabel->setText(tr("Enter at least two labels, one per line."));
        return;
    }
    m_labelNames.clear();
    QStringList texts;
    for (const LabelLine &label : labels) {
        m_labelNames.append(label.name);
        texts.append(label.text);
    }
    m_labelVectors = {};
    m_statusLabel->setText(tr("Embedding %n label(s)…", nullptr, int(texts.size())));
    m_embedder->embed(texts);
}

void ClassificationView::onLabelsEmbedded(const embedding::EmbeddingSet &vectors)
{
    m_labelVectors = vectors;
    showPredictions();
}

void ClassificationView::showPredictions()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    m_table->setRowCount(0);
    if (snapshot.isEmpty() || m_labelVectors.isEmpty())
        return;

    const auto predictions = math::classifyPhrases(snapshot.vectors, m_labelVectors, snapshot.matrix.metric());
    if (!predictions) {
        m_statusLabel->setText(tr("The labels cannot be compared with the phrases: %1. Embed the phrases again "
                                  "with the current provider.")
                                   .arg(predictions.error()));
        return;
    }
    // NOTE: unlike search, no warning is shown when the labels were embedded
    // with another provider than the phrases and the dimensions still match.
    m_statusLabel->setText(tr("%n phrase(s) classified.", nullptr, int(predictions->size())));

    m_table->setRowCount(int(predictions->size()));
    for (int row = 0; row < int(predictions->size()); ++row) {
        const math::LabelPrediction &prediction = (*predictions)[size_t(row)];
        auto *label = new QTableWidgetItem(m_labelNames.value(prediction.label, tr("n/a")));
        label->setData(RAW_VALUE_ROLE, prediction.label);
        setTableRow(m_table, row,
                    {phraseItem(snapshot.phrases.at(row), row), label, numberItem(prediction.score),
                     numberItem(prediction.margin)});
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
        m_accuracyLabel->setText(tr("Accuracy and a confusion table need an expected label for each phrase, "
                                    "matching a label name. This phrase list has none."));
        return;
    }

    const int labelCount = int(m_labelNames.size());
    const math::ClassificationEvaluation evaluation = math::evaluateClassification(predictions, expected, labelCount);
    m_accuracyLabel->setText(tr("Accuracy: %1 (%2 of %3 labelled phrases correct)")
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
}

} // namespace embedscope::ui::analysis
