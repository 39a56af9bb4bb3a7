#include "chartadapter.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope::ui::analysis {

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

} // namespace embedscope::ui::analysis
