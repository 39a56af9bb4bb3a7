#include "outliersview.h"

#include "analysistable.h"
#include "backgroundrunner.h"
#include "fullmatrixnote.h"
#include "scorebardelegate.h"

#include "render/outliermarkers.h"
#include "workspace/workspace.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope::ui::analysis {

static constexpr int SCORE_COLUMN = 2;
static constexpr int SCORE_COLUMN_WIDTH = 200;
// The flag box's special value: flag the phrases scoring more than
// AUTOMATIC_FLAG_DEVIATIONS standard deviations above the mean score, so a
// short list with no real outlier gets no marks.
static constexpr int AUTOMATIC_FLAG_COUNT = -1;
static constexpr double AUTOMATIC_FLAG_DEVIATIONS = 2.0;

// The heatmap's outlier marker, for the flagged rows of the table.
static QIcon markerIcon()
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor color = render::outlierMarkerColor();
    painter.setPen(color.darker(130));
    painter.setBrush(color);
    painter.drawEllipse(QRectF(2.5, 2.5, 7, 7));
    return QIcon(pixmap);
}

OutliersView::OutliersView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_runner(new BackgroundRunner(this))
{
    m_neighbourSpin = new QSpinBox(this);
    m_neighbourSpin->setObjectName(QStringLiteral("outlierNeighbourCount"));
    m_neighbourSpin->setRange(1, 100);
    m_neighbourSpin->setValue(5);
    m_neighbourSpin->setToolTip(tr("How many nearest other phrases each score averages over"));
    m_flagSpin = new QSpinBox(this);
    m_flagSpin->setObjectName(QStringLiteral("outlierFlagCount"));
    m_flagSpin->setRange(AUTOMATIC_FLAG_COUNT, 1000);
    m_flagSpin->setValue(AUTOMATIC_FLAG_COUNT);
    m_flagSpin->setSpecialValueText(tr("Automatic"));
    m_flagSpin->setToolTip(tr("How many of the highest-scoring phrases are marked on the heatmap's labels. "
                              "Automatic marks those scoring more than two standard deviations above the mean; "
                              "0 marks none."));
    m_summaryLabel = new QLabel(this);
    m_summaryLabel->setWordWrap(true);

    m_table = createTable({tr("Rank"), tr("Phrase"), tr("Outlier score"), tr("Neighbours")}, this);
    m_table->setObjectName(QStringLiteral("outlierTable"));
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(SCORE_COLUMN, QHeaderView::Fixed);
    m_table->setColumnWidth(SCORE_COLUMN, SCORE_COLUMN_WIDTH);
    m_table->setToolTip(tr("Double-click a row to make that phrase the reference."));
    m_barDelegate = new ScoreBarDelegate(m_table);
    m_table->setItemDelegateForColumn(SCORE_COLUMN, m_barDelegate);

    auto *controls = new QFormLayout;
    controls->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    controls->addRow(tr("&Nearest neighbours:"), m_neighbourSpin);
    controls->addRow(tr("&Flag on heatmap:"), m_flagSpin);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_table, 1);

    connect(m_neighbourSpin, &QSpinBox::valueChanged, this, &OutliersView::recompute);
    connect(m_flagSpin, &QSpinBox::valueChanged, this, &OutliersView::updateFlags);
    connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (const QTableWidgetItem *item = m_table->item(row, 1))
            m_workspace->setReferenceIndex(item->data(RAW_VALUE_ROLE).toInt());
    });
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &OutliersView::recompute);
    connect(m_runner, &BackgroundRunner::cancelled, m_summaryLabel,
            [label = m_summaryLabel] { label->setText(BackgroundRunner::cancelledMessage()); });
    recompute();
}

bool OutliersView::isBusy() const
{
    return m_runner->isRunning();
}

void OutliersView::recompute()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    if (snapshot.isEmpty()) {
        m_runner->cancel();
        m_table->setRowCount(0);
        m_summaryLabel->clear();
        m_scores.clear();
        updateFlags();
        return;
    }
    if (!snapshot.hasFullMatrix()) {
        m_runner->cancel();
        m_table->setRowCount(0);
        m_summaryLabel->setText(fullMatrixNote(*m_workspace));
        m_scores.clear();
        updateFlags();
        return;
    }

    const int count = int(snapshot.phrases.size());
    m_summaryLabel->setText(count == 1 ? tr("Scoring 1 phrase…") : tr("Scoring %1 phrases…").arg(count));
    const math::SimilarityMatrix matrix = snapshot.matrix;
    const int k = m_neighbourSpin->value();
    m_runner->start<std::vector<math::OutlierScore>>(
        [matrix, k](const std::atomic_bool *cancel) { return math::scoreOutliers(matrix, k, cancel); },
        [this](const std::vector<math::OutlierScore> &scores) { showScores(scores); });
}

void OutliersView::showScores(const std::vector<math::OutlierScore> &scores)
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const bool distance = !math::higherIsCloser(snapshot.matrix.metric());
    m_summaryLabel->setText(distance ? tr("Score: the mean distance to the nearest other phrases. "
                                          "Higher is more isolated.")
                                     : tr("Score: 1 minus the mean similarity to the nearest other phrases. "
                                          "Higher is more isolated."));

    double high = 0.0;
    for (const math::OutlierScore &score : scores) {
        if (!std::isnan(score.score))
            high = std::max(high, score.score);
    }
    m_barDelegate->setRange(0.0, high, false);

    m_table->setRowCount(int(scores.size()));
    for (int row = 0; row < int(scores.size()); ++row) {
        const math::OutlierScore &score = scores[size_t(row)];
        setTableRow(m_table, row,
                    {numberItem(row + 1, 0), phraseItem(snapshot.phrases.value(score.index), score.index),
                     numberItem(score.score), numberItem(score.neighbourCount, 0)});
    }
    m_scores = scores;
    updateFlags();
}

// Score above which the automatic choice flags a phrase: the mean plus two
// standard deviations of the defined scores.
static double automaticFlagThreshold(const std::vector<math::OutlierScore> &scores)
{
    double sum = 0.0;
    double squares = 0.0;
    int count = 0;
    for (const math::OutlierScore &score : scores) {
        if (std::isnan(score.score))
            continue;
        sum += score.score;
        squares += score.score * score.score;
        ++count;
    }
    if (count < 2)
        return std::numeric_limits<double>::infinity();

    const double mean = sum / count;
    const double variance = std::max(0.0, squares / count - mean * mean);
    return mean + AUTOMATIC_FLAG_DEVIATIONS * std::sqrt(variance);
}

void OutliersView::updateFlags()
{
    const bool automatic = m_flagSpin->value() == AUTOMATIC_FLAG_COUNT;
    const double threshold = automatic ? automaticFlagThreshold(m_scores) : 0.0;
    QList<int> flagged;
    for (const math::OutlierScore &score : m_scores) {
        if (automatic ? !(score.score > threshold) : flagged.size() >= m_flagSpin->value())
            break;
        if (!std::isnan(score.score))
            flagged.append(score.index);
    }

    // Unflagged rows get a blank icon of the same size, so the text of every
    // row starts at the same place.
    const QIcon marker = markerIcon();
    QPixmap blankPixmap(12, 12);
    blankPixmap.fill(Qt::transparent);
    const QIcon blank(blankPixmap);
    for (int row = 0; row < m_table->rowCount(); ++row) {
        QTableWidgetItem *phrase = m_table->item(row, 1);
        const bool isFlagged = phrase && flagged.contains(phrase->data(RAW_VALUE_ROLE).toInt());
        if (phrase)
            phrase->setIcon(isFlagged ? marker : blank);
    }
    if (flagged == m_flagged)
        return;
    m_flagged = flagged;
    emit flaggedPhrasesChanged(m_flagged);
}

} // namespace embedscope::ui::analysis
