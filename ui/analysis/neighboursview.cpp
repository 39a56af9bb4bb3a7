#include "neighboursview.h"

#include "analysistable.h"
#include "backgroundrunner.h"
#include "fullmatrixnote.h"
#include "uilogging.h"

#include "math/neighbours.h"
#include "workspace/workspace.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace embedscope::ui::analysis {

// Near-duplicate pairs listed at most; the rest are only counted, as in the
// analysis report.
static constexpr int MAX_LISTED_PAIRS = 1000;
static constexpr float COSINE_DUPLICATE_THRESHOLD = 0.95f;

// Dot products and distances have no model-independent scale, so their
// starting threshold comes from the scores themselves.
static double defaultThreshold(const math::SimilarityMatrix &matrix)
{
    const auto [low, high] = matrix.finiteRange();
    switch (matrix.metric()) {
    case math::Metric::Cosine:
        return COSINE_DUPLICATE_THRESHOLD;
    case math::Metric::Dot:
        return std::isnan(high) ? 1.0 : high * COSINE_DUPLICATE_THRESHOLD;
    case math::Metric::Euclidean:
        return std::isnan(high) ? 0.0 : high * (1.0 - COSINE_DUPLICATE_THRESHOLD);
    }
    return COSINE_DUPLICATE_THRESHOLD;
}

static QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

NeighboursView::NeighboursView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_runner(new BackgroundRunner(this))
{
    m_countSpin = new QSpinBox(this);
    m_countSpin->setObjectName(QStringLiteral("neighbourCount"));
    m_countSpin->setRange(1, 100);
    m_countSpin->setValue(5);
    m_countSpin->setToolTip(tr("How many of the closest phrases to list"));
    m_referenceLabel = new QLabel(this);
    m_referenceLabel->setWordWrap(true);
    m_neighbourTable = createTable({tr("Rank"), tr("Phrase"), tr("Score")}, this);
    m_neighbourTable->setObjectName(QStringLiteral("neighbourTable"));
    m_neighbourTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_neighbourTable->setToolTip(tr("Double-click a row to make that phrase the reference."));

    m_thresholdSpin = new QDoubleSpinBox(this);
    m_thresholdSpin->setObjectName(QStringLiteral("duplicateThreshold"));
    m_thresholdSpin->setDecimals(3);
    m_thresholdSpin->setRange(-1e6, 1e6);
    m_thresholdSpin->setSingleStep(0.01);
    m_thresholdSpin->setValue(COSINE_DUPLICATE_THRESHOLD);
    m_duplicateSummary = new QLabel(this);
    m_duplicateSummary->setWordWrap(true);
    m_duplicateTable = createTable({tr("Phrase"), tr("Near-duplicate"), tr("Score")}, this);
    m_duplicateTable->setObjectName(QStringLiteral("duplicateTable"));
    m_duplicateTable->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_duplicateTable->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_duplicateTable->setToolTip(tr("Double-click a phrase to make it the reference."));

    auto *top = new QWidget(this);
    auto *topForm = new QFormLayout;
    topForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    topForm->addRow(tr("&Neighbours:"), m_countSpin);
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(sectionTitle(tr("Nearest neighbours of the reference phrase"), top));
    topLayout->addWidget(m_referenceLabel);
    topLayout->addLayout(topForm);
    topLayout->addWidget(m_neighbourTable, 1);

    auto *bottom = new QWidget(this);
    auto *bottomForm = new QFormLayout;
    bottomForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    bottomForm->addRow(tr("&Threshold:"), m_thresholdSpin);
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(sectionTitle(tr("Near-duplicate pairs across the list"), bottom));
    bottomLayout->addLayout(bottomForm);
    bottomLayout->addWidget(m_duplicateSummary);
    bottomLayout->addWidget(m_duplicateTable, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_countSpin, &QSpinBox::valueChanged, this, &NeighboursView::updateNeighbours);
    connect(m_thresholdSpin, &QDoubleSpinBox::valueChanged, this, &NeighboursView::updateDuplicates);
    connect(m_neighbourTable, &QTableWidget::cellActivated, this,
            [this](int row, int column) { activateRow(m_neighbourTable, row, column); });
    connect(m_duplicateTable, &QTableWidget::cellActivated, this,
            [this](int row, int column) { activateRow(m_duplicateTable, row, column); });
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &NeighboursView::onSnapshotChanged);
    connect(m_runner, &BackgroundRunner::cancelled, m_duplicateSummary,
            [label = m_duplicateSummary] { label->setText(BackgroundRunner::cancelledMessage()); });
    connect(m_workspace, &workspace::Workspace::referenceIndexChanged, this, &NeighboursView::updateNeighbours);
    onSnapshotChanged();
}

bool NeighboursView::isBusy() const
{
    return m_runner->isRunning();
}

void NeighboursView::onSnapshotChanged()
{
    const math::SimilarityMatrix &matrix = m_workspace->snapshot().matrix;
    const bool distance = !math::higherIsCloser(m_workspace->snapshot().metric());
    m_thresholdSpin->setToolTip(distance ? tr("List pairs whose distance is at most this value")
                                         : tr("List pairs whose score is at least this value"));
    m_thresholdSpin->setPrefix(distance ? QStringLiteral("≤ ") : QStringLiteral("≥ "));

    const QSignalBlocker blocker(m_thresholdSpin);
    m_thresholdSpin->setValue(defaultThreshold(matrix));
    updateNeighbours();
    updateDuplicates();
}

// The reference's row from the vectors (N dot products), ranked with the
// rules of nearestNeighbours(): without the reference and undefined scores.
static std::vector<math::RankedScore> neighboursFromVectors(const workspace::Snapshot &snapshot, int reference, int k)
{
    const std::vector<float> row = math::computeSimilarityRow(snapshot.vectors, snapshot.metric(), reference);
    std::vector<math::RankedScore> ranking = math::rankScores(row, snapshot.metric());
    std::erase_if(ranking, [reference](const math::RankedScore &entry) {
        return entry.index == reference || std::isnan(entry.score);
    });
    if (int(ranking.size()) > k)
        ranking.resize(size_t(std::max(k, 0)));
    return ranking;
}

// Neighbours of one phrase take O(N log k), fast enough for the UI thread.
void NeighboursView::updateNeighbours()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const int reference = m_workspace->referenceIndex();
    m_neighbourTable->setRowCount(0);
    if (snapshot.isEmpty() || reference < 0 || reference >= snapshot.phrases.size()) {
        m_referenceLabel->setText(tr("Embed some phrases to see their neighbours."));
        return;
    }

    m_referenceLabel->setText(tr("Reference: %1").arg(snapshot.phrases.at(reference)));
    const auto neighbours = snapshot.hasFullMatrix()
        ? math::nearestNeighbours(snapshot.matrix, reference, m_countSpin->value())
        : neighboursFromVectors(snapshot, reference, m_countSpin->value());
    m_neighbourTable->setRowCount(int(neighbours.size()));
    for (int row = 0; row < int(neighbours.size()); ++row) {
        const math::RankedScore &neighbour = neighbours[size_t(row)];
        setTableRow(m_neighbourTable, row,
                    {numberItem(row + 1, 0), phraseItem(snapshot.phrases.at(neighbour.index), neighbour.index),
                     numberItem(neighbour.score)});
    }
}

// Scanning all N(N-1)/2 pairs runs in the background on a copy of the matrix.
void NeighboursView::updateDuplicates()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    m_duplicateTable->setRowCount(0);
    if (snapshot.isEmpty()) {
        m_runner->cancel();
        m_duplicateSummary->clear();
        return;
    }
    if (!snapshot.hasFullMatrix()) {
        m_runner->cancel();
        m_duplicateSummary->setText(fullMatrixNote(*m_workspace));
        return;
    }

    m_duplicateSummary->setText(tr("Searching %1 pairs…").arg(QLocale().toString(
        qint64(snapshot.phrases.size()) * (snapshot.phrases.size() - 1) / 2)));
    const math::SimilarityMatrix matrix = snapshot.matrix;
    const float threshold = float(m_thresholdSpin->value());
    m_runner->start<math::NearDuplicates>(
        [matrix, threshold](const std::atomic_bool *cancel) {
            return math::findNearDuplicates(matrix, threshold, MAX_LISTED_PAIRS, cancel);
        },
        [this](const math::NearDuplicates &duplicates) { showDuplicates(duplicates); });
}

void NeighboursView::showDuplicates(const math::NearDuplicates &duplicates)
{
    const QStringList &phrases = m_workspace->snapshot().phrases;
    const int shown = int(duplicates.pairs.size());
    if (duplicates.matchingPairCount > shown)
        m_duplicateSummary->setText(
            tr("%1 pairs match; the closest %2 are listed.").arg(duplicates.matchingPairCount).arg(shown));
    else if (shown == 0)
        m_duplicateSummary->setText(tr("No pair scores at or above the threshold."));
    else
        m_duplicateSummary->setText(shown == 1 ? tr("1 pair matches.") : tr("%1 pairs match.").arg(shown));
    qCDebug(lcUi) << "near-duplicate pairs:" << duplicates.matchingPairCount;

    m_duplicateTable->setRowCount(shown);
    for (int row = 0; row < shown; ++row) {
        const math::PhrasePair &pair = duplicates.pairs[size_t(row)];
        setTableRow(m_duplicateTable, row,
                    {phraseItem(phrases.value(pair.first), pair.first),
                     phraseItem(phrases.value(pair.second), pair.second), numberItem(pair.score)});
    }
}

void NeighboursView::activateRow(const QTableWidget *table, int row, int column)
{
    // Each phrase cell stores its phrase index, and the pair table has two.
    const int phraseColumn = table == m_neighbourTable ? 1 : (column == 1 ? 1 : 0);
    const QTableWidgetItem *item = table->item(row, phraseColumn);
    if (item)
        m_workspace->setReferenceIndex(item->data(RAW_VALUE_ROLE).toInt());
}

} // namespace embedscope::ui::analysis
