#pragma once

#include <QColor>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <vector>

class QChart;
class QChartView;

namespace embedscope::ui::analysis {

// One histogram series: binCount + 1 ascending edges and one height per bin.
struct HistogramSeries
{
    QString name;
    std::vector<double> edges;
    std::vector<double> heights;
    QColor color;
};

// The only place that uses Qt Charts, so the views keep working if the
// backend moves to Qt Graphs (Qt Charts is deprecated from Qt 6.10). Shows
// step histograms; the map draws its scatter itself (ScatterMap).
class ChartAdapter : public QWidget
{
    Q_OBJECT

public:
    explicit ChartAdapter(QWidget *parent = nullptr);

    void clear();

    // Draws the first series filled and the others as outlines on top.
    void showHistograms(const std::vector<HistogramSeries> &series, const QString &xTitle, const QString &yTitle);

    QChartView *chartView() const { return m_view; }

private:
    void resetChart();

    QChartView *m_view = nullptr;
    QChart *m_chart = nullptr;
};

} // namespace embedscope::ui::analysis
