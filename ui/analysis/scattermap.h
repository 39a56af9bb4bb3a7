#pragma once

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <vector>

namespace embedscope::ui::analysis {

// A scatter plot of labelled points that draws itself into a cached image,
// for maps of 100,000 points and more. A Qt Charts scatter of 30,000 points
// stalled the window for about 4 s (bench_largelist). Both axes share one
// scale, so map distances read the same in every direction. Hovering a
// point shows its label as a tool tip, and clicking it emits pointClicked.
// Hit tests use a grid of the points' pixel positions.
class ScatterMap : public QWidget
{
    Q_OBJECT

public:
    explicit ScatterMap(QWidget *parent = nullptr);

    void clear();

    // Shows one point per entry, coloured by group: group g uses colors[g]
    // modulo its size, and a negative or missing group is grey. labels[i] is
    // the tool tip of point i.
    void setPoints(const std::vector<QPointF> &points, const std::vector<int> &groups, const QList<QColor> &colors,
                   const QStringList &labels, const QString &xTitle, const QString &yTitle);

    // Draws a ring around point index, such as the reference phrase. -1
    // draws none.
    void setMarkedPoint(int index);

    int pointCount() const { return int(m_points.size()); }

    // Position of point index in widget coordinates, or an invalid point
    // when there is no such point.
    QPoint pointPosition(int index) const;

    // Index of the point nearest to position within the pick radius, or -1.
    int pointAt(QPoint position) const;

    QSize sizeHint() const override { return {480, 400}; }

signals:
    void pointClicked(int index);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QRectF plotArea() const;
    void placePoints();
    void buildGrid();
    void drawImage();
    void drawRing(QPainter &painter, int index, const QColor &color) const;
    double markerRadius() const;
    QColor colorOf(int index) const;

    std::vector<QPointF> m_points;   // data coordinates
    std::vector<QPointF> m_pixels;   // widget coordinates, set by placePoints
    std::vector<int> m_groups;
    QList<QColor> m_colors;
    QStringList m_labels;
    QString m_xTitle;
    QString m_yTitle;
    int m_markedPoint = -1;
    int m_hoveredPoint = -1;
    QImage m_image;
    bool m_imageValid = false;

    // Points bucketed by pixel cell: the points of cell c are
    // m_cellPoints[m_cellStart[c] .. m_cellStart[c + 1]).
    int m_gridColumns = 0;
    int m_gridRows = 0;
    std::vector<int> m_cellStart;
    std::vector<int> m_cellPoints;
};

} // namespace embedscope::ui::analysis
