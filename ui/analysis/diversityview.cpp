#include "diversityview.h"

#include "analysistable.h"
#include "backgroundrunner.h"
#include "fullmatrixnote.h"
#include "chartadapter.h"

#include "workspace/workspace.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace embedscope::ui::analysis {

static constexpr double DEFAULT_CLOSE_THRESHOLD = 0.8;

// Bin heights as percentages of all values, so a row of N - 1 scores and
// N(N-1)/2 pairs share one axis.
static HistogramSeries percentHistogram(const math::Distribution &distribution, const QString &name,
                                        const QColor &color)
{
    HistogramSeries series{name, distribution.binEdges, {}, color};
    const double total = double(std::max<qint64>(1, distribution.valueCount));
    for (qint64 count : distribution.binCounts)
        series.heights.push_back(100.0 * double(count) / total);
    return series;
}

DiversityView::DiversityView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_runner(new BackgroundRunner(this))
{
    m_binSpin = new QSpinBox(this);
    m_binSpin->setObjectName(QStringLiteral("binCount"));
    m_binSpin->setRange(5, 200);
    m_binSpin->setValue(math::DistributionOptions{}.binCount);
    m_thresholdSpin = new QDoubleSpinBox(this);
    m_thresholdSpin->setObjectName(QStringLiteral("closeThreshold"));
    m_thresholdSpin->setDecimals(3);
    m_thresholdSpin->setRange(-1e6, 1e6);
    m_thresholdSpin->setSingleStep(0.05);
    m_thresholdSpin->setValue(DEFAULT_CLOSE_THRESHOLD);
    m_thresholdSpin->setToolTip(tr("The share of pairs at least this close is shown below the chart"));

    m_statisticsLabel = new QLabel(this);
    m_statisticsLabel->setWordWrap(true);
    m_statisticsLabel->setObjectName(QStringLiteral("diversityStatistics"));
    m_statisticsLabel->setTextFormat(Qt::RichText);
    m_statisticsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_chart = new ChartAdapter(this);
    m_chart->setObjectName(QStringLiteral("diversityChart"));

    auto *controls = new QHBoxLayout;
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    form->addRow(tr("&Bins:"), m_binSpin);
    auto *thresholdForm = new QFormLayout;
    thresholdForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    thresholdForm->addRow(tr("&Close at:"), m_thresholdSpin);
    controls->addLayout(form);
    controls->addSpacing(12);
    controls->addLayout(thresholdForm);
    controls->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_statisticsLabel);

    connect(m_binSpin, &QSpinBox::valueChanged, this, &DiversityView::recompute);
    connect(m_thresholdSpin, &QDoubleSpinBox::valueChanged, this, &DiversityView::recompute);
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &DiversityView::recompute);
    connect(m_runner, &BackgroundRunner::cancelled, m_statisticsLabel,
            [label = m_statisticsLabel] { label->setText(BackgroundRunner::cancelledMessage()); });
    connect(m_workspace, &workspace::Workspace::referenceIndexChanged, this, &DiversityView::showChart);
    recompute();
}

bool DiversityView::isBusy() const
{
    return m_runner->isRunning();
}

math::DistributionOptions DiversityView::options() const
{
    math::DistributionOptions options;
    options.binCount = m_binSpin->value();
    options.closeThreshold = m_thresholdSpin->value();
    return options;
}

// Exact percentiles need every pair, N(N-1)/2 of them, so this runs in the
// background on a copy of the matrix.
void DiversityView::recompute()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    m_pairs.reset();
    if (snapshot.isEmpty()) {
        m_runner->cancel();
        m_chart->clear();
        m_statisticsLabel->clear();
        return;
    }
    if (!snapshot.hasFullMatrix()) {
        m_runner->cancel();
        m_chart->clear();
        m_statisticsLabel->setText(fullMatrixNote(*m_workspace));
        return;
    }

    m_statisticsLabel->setText(tr("Describing all pairs…"));
    const math::SimilarityMatrix matrix = snapshot.matrix;
    const math::DistributionOptions distributionOptions = options();
    m_runner->start<math::Distribution>(
        [matrix, distributionOptions](const std::atomic_bool *cancel) {
            return math::describePairs(matrix, distributionOptions, cancel);
        },
        [this](const math::Distribution &distribution) {
            m_pairs = distribution;
            showStatistics();
            showChart();
        });
}

void DiversityView::showStatistics()
{
    const math::Distribution &pairs = *m_pairs;
    const bool distance = !math::higherIsCloser(m_workspace->snapshot().matrix.metric());
    const QString closeText = distance ? tr("Share with distance ≤ %1").arg(formatNumber(m_thresholdSpin->value()))
                                       : tr("Share with score ≥ %1").arg(formatNumber(m_thresholdSpin->value()));
    const QString cell = QStringLiteral("<td style='padding-right:18px'>%1 <b>%2</b></td>");
    QString html = QStringLiteral("<table><tr>");
    html += cell.arg(tr("Pairs:"), QLocale().toString(pairs.valueCount));
    html += cell.arg(tr("Mean:"), formatNumber(pairs.mean));
    html += cell.arg(tr("Median:"), formatNumber(pairs.median));
    html += cell.arg(tr("5th percentile:"), formatNumber(pairs.percentile5));
    html += cell.arg(tr("95th percentile:"), formatNumber(pairs.percentile95));
    html += cell.arg(closeText + QLatin1Char(':'), formatPercent(pairs.closeShare));
    html += QStringLiteral("</tr></table>");
    const int undefined = int(pairs.undefinedCount);
    if (undefined == 1)
        html += tr("1 undefined pair left out.");
    else if (undefined > 1)
        html += tr("%1 undefined pairs left out.").arg(undefined);
    m_statisticsLabel->setText(html);
}

// The reference row is binned on the pairs' edges so both share the x axis.
void DiversityView::showChart()
{
    if (!m_pairs)
        return;
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    std::vector<HistogramSeries> series{
        percentHistogram(*m_pairs, tr("All pairs"), seriesColors().at(0))};

    const int reference = m_workspace->referenceIndex();
    if (reference >= 0 && reference < snapshot.phrases.size() && m_pairs->binEdges.size() >= 2) {
        math::DistributionOptions rowOptions = options();
        rowOptions.rangeMin = m_pairs->binEdges.front();
        rowOptions.rangeMax = m_pairs->binEdges.back();
        const math::Distribution row = math::describeRow(snapshot.matrix, reference, rowOptions);
        QString name = snapshot.phrases.at(reference);
        if (name.size() > 40)
            name = name.left(39) + QStringLiteral("…");
        series.push_back(percentHistogram(row, tr("Reference: %1").arg(name), seriesColors().at(1)));
    }
    m_chart->showHistograms(series, math::metricTitle(snapshot.matrix.metric()), tr("Share of values (%)"));
}

} // namespace embedscope::ui::analysis
