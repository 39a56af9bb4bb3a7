#pragma once

#include <QColor>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <vector>

class QChart;
class QChartView;
class QScatterSeries;

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
// either step histograms or a scatter of labelled points.
class ChartAdapter : public QWidget
{
    Q_OBJECT

public:
    explicit ChartAdapter(QWidget *parent = nullptr);

    void clear();

    // Draws the first series filled and the others as outlines on top.
    void showHistograms(const std::vector<HistogramSeries> &series, const QString &xTitle, const QString &yTitle);

    // Draws one point per phrase, coloured by group (group g uses colors[g]
    // modulo its size; a negative group is grey). labels[i] is the text shown
    // when hovering over point i.
    void showScatter(const std::vector<QPointF> &points, const std::vector<int> &groups,
                     const QList<QColor> &colors, const QStringList &labels, const QString &xTitle,
                     const QString &yTitle);

    // Position of point index in chart-view coordinates, for tests that click
    // it; an invalid point when no scatter is shown.
    QPoint scatterPointPosition(int index) const;

    QChartView *chartView() const { return m_view; }

signals:
    void pointClicked(int index);

private:
    void resetChart();
    void addScatterGroup(const std::vector<int> &indices, const std::vector<QPointF> &points, const QColor &color);
    int nearestPoint(const QScatterSeries *series, const QPointF &value) const;

    QChartView *m_view = nullptr;
    QChart *m_chart = nullptr;
    QStringList m_labels;
    std::vector<QPointF> m_points;
    // Phrase index of each point of each scatter series, in series order.
    std::vector<std::pair<QScatterSeries *, std::vector<int>>> m_groups;
};

} // namespace embedscope::ui::analysis
