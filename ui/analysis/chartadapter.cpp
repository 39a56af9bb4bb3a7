#include "chartadapter.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QCursor>
#include <QLineSeries>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope::ui::analysis {

static constexpr double SCATTER_MARKER_SIZE = 9.0;

// Step outline of a histogram: up and across each bin, back to zero at the end.
static QLineSeries *stepSeries(const HistogramSeries &histogram, QObject *parent)
{
    auto *line = new QLineSeries(parent);
    const std::vector<double> &edges = histogram.edges;
    line->append(edges.front(), 0.0);
    for (size_t bin = 0; bin < histogram.heights.size(); ++bin) {
        line->append(edges[bin], histogram.heights[bin]);
        line->append(edges[bin + 1], histogram.heights[bin]);
    }
    line->append(edges.back(), 0.0);
    return line;
}

static QValueAxis *valueAxis(const QString &title, double low, double high, QObject *parent)
{
    auto *axis = new QValueAxis(parent);
    axis->setTitleText(title);
    axis->setRange(low, high);
    axis->setTickCount(6);
    axis->setLabelFormat(QStringLiteral("%.2f"));
    return axis;
}

ChartAdapter::ChartAdapter(QWidget *parent)
    : QWidget(parent)
    , m_view(new QChartView(this))
{
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setMinimumHeight(220);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    resetChart();
}

void ChartAdapter::clear()
{
    resetChart();
}

void ChartAdapter::resetChart()
{
    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignTop);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_view->setChart(m_chart); // deletes the previous chart
    m_groups.clear();
    m_points.clear();
    m_labels.clear();
}

void ChartAdapter::showHistograms(const std::vector<HistogramSeries> &series, const QString &xTitle,
                                  const QString &yTitle)
{
    resetChart();
    if (series.empty() || series.front().edges.size() < 2)
        return;

    double top = 0.0;
    for (const HistogramSeries &histogram : series) {
        for (double height : histogram.heights)
            top = std::max(top, height);
    }
    auto *xAxis = valueAxis(xTitle, series.front().edges.front(), series.front().edges.back(), m_chart);
    auto *yAxis = valueAxis(yTitle, 0.0, top > 0.0 ? top * 1.08 : 1.0, m_chart);
    yAxis->setLabelFormat(QStringLiteral("%.1f"));
    // Round tick values read better than the exact bin edges.
    xAxis->applyNiceNumbers();
    yAxis->applyNiceNumbers();
    m_chart->addAxis(xAxis, Qt::AlignBottom);
    m_chart->addAxis(yAxis, Qt::AlignLeft);

    for (size_t i = 0; i < series.size(); ++i) {
        const HistogramSeries &histogram = series[i];
        QLineSeries *outline = stepSeries(histogram, m_chart);
        QAbstractSeries *shown = outline;
        if (i == 0) {
            auto *area = new QAreaSeries(outline);
            QColor fill = histogram.color;
            fill.setAlpha(150);
            area->setBrush(fill);
            area->setPen(QPen(histogram.color.darker(120), 1.0));
            shown = area;
        } else {
            outline->setPen(QPen(histogram.color, 2.0));
        }
        shown->setName(histogram.name);
        m_chart->addSeries(shown);
        shown->attachAxis(xAxis);
        shown->attachAxis(yAxis);
    }
    m_chart->legend()->setVisible(series.size() > 1);
}

void ChartAdapter::showScatter(const std::vector<QPointF> &points, const std::vector<int> &groups,
                               const QList<QColor> &colors, const QStringList &labels, const QString &xTitle,
                               const QString &yTitle)
{
    resetChart();
    m_chart->legend()->setVisible(false);
    m_points = points;
    m_labels = labels;
    if (points.empty())
        return;

    // One series per group, so each group has its own colour.
    int groupCount = 0;
    for (int group : groups)
        groupCount = std::max(groupCount, group + 1);
    std::vector<std::vector<int>> members(size_t(groupCount) + 1);
    for (size_t i = 0; i < points.size(); ++i) {
        const int group = i < groups.size() ? groups[i] : -1;
        members[group < 0 ? size_t(groupCount) : size_t(group)].push_back(int(i));
    }
    for (int group = 0; group <= groupCount; ++group) {
        const QColor color = group < groupCount && !colors.isEmpty() ? colors.at(group % colors.size())
                                                                     : QColor(Qt::gray);
        if (!members[size_t(group)].empty())
            addScatterGroup(members[size_t(group)], points, color);
    }

    // Square ranges with a margin, so distances read the same on both axes.
    double left = std::numeric_limits<double>::max(), right = -left, bottom = left, top = -left;
    for (const QPointF &point : points) {
        left = std::min(left, point.x());
        right = std::max(right, point.x());
        bottom = std::min(bottom, point.y());
        top = std::max(top, point.y());
    }
    const double span = std::max({right - left, top - bottom, 1e-6}) * 0.55;
    const QPointF centre((left + right) / 2.0, (bottom + top) / 2.0);
    auto *xAxis = valueAxis(xTitle, centre.x() - span, centre.x() + span, m_chart);
    auto *yAxis = valueAxis(yTitle, centre.y() - span, centre.y() + span, m_chart);
    m_chart->addAxis(xAxis, Qt::AlignBottom);
    m_chart->addAxis(yAxis, Qt::AlignLeft);
    for (const auto &[series, indices] : m_groups) {
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
    }
}

void ChartAdapter::addScatterGroup(const std::vector<int> &indices, const std::vector<QPointF> &points,
                                   const QColor &color)
{
    auto *series = new QScatterSeries(m_chart);
    series->setMarkerSize(SCATTER_MARKER_SIZE);
    series->setColor(color);
    series->setBorderColor(color.darker(140));
    for (int index : indices)
        series->append(points[size_t(index)]);
    m_chart->addSeries(series);
    m_groups.emplace_back(series, indices);

    connect(series, &QScatterSeries::hovered, this, [this, series](const QPointF &value, bool entered) {
        const int index = nearestPoint(series, value);
        if (entered && index >= 0 && index < m_labels.size())
            QToolTip::showText(QCursor::pos(), m_labels.at(index), m_view);
        else
            QToolTip::hideText();
    });
    connect(series, &QScatterSeries::clicked, this, [this, series](const QPointF &value) {
        const int index = nearestPoint(series, value);
        if (index >= 0)
            emit pointClicked(index);
    });
}

// Qt Charts reports the point's value, not its index, so look it up.
int ChartAdapter::nearestPoint(const QScatterSeries *series, const QPointF &value) const
{
    for (const auto &[candidate, indices] : m_groups) {
        if (candidate != series)
            continue;
        int best = -1;
        double bestDistance = std::numeric_limits<double>::max();
        for (int index : indices) {
            const QPointF delta = m_points[size_t(index)] - value;
            const double distance = QPointF::dotProduct(delta, delta);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = index;
            }
        }
        return best;
    }
    return -1;
}

QPoint ChartAdapter::scatterPointPosition(int index) const
{
    if (index < 0 || size_t(index) >= m_points.size() || m_groups.empty())
        return {};
    const QPointF scene = m_chart->mapToPosition(m_points[size_t(index)], m_groups.front().first);
    return m_view->mapFromScene(m_chart->mapToScene(scene));
}

} // namespace embedscope::ui::analysis
