#include "scattermap.h"

#include "uilogging.h"

#include <QElapsedTimer>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <limits>

namespace embedscope::ui::analysis {

namespace {

// Side of a hit-test grid cell in pixels, about twice the pick radius.
constexpr int CELL_SIZE = 16;
// A click or hover this close to a point's centre, in pixels, picks it.
constexpr double PICK_RADIUS = 6.0;
// Room for the axis titles and a small border, in pixels.
constexpr int LEFT_MARGIN = 28;
constexpr int BOTTOM_MARGIN = 28;
constexpr int EDGE_MARGIN = 10;

// One antialiased disc with a darker rim, drawn once per colour and copied
// for each point, because a copy costs far less than an antialiased ellipse.
QImage markerSprite(const QColor &color, double radius, qreal devicePixelRatio)
{
    const int side = int(std::ceil(2.0 * radius + 2.0));
    QImage sprite(QSize(side, side) * devicePixelRatio, QImage::Format_ARGB32_Premultiplied);
    sprite.setDevicePixelRatio(devicePixelRatio);
    sprite.fill(Qt::transparent);
    QPainter painter(&sprite);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(radius >= 2.5 ? QPen(color.darker(140), 1.0) : Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(QPointF(side / 2.0, side / 2.0), radius, radius);
    return sprite;
}

} // namespace

ScatterMap::ScatterMap(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(160, 120);
}

void ScatterMap::clear()
{
    setPoints({}, {}, {}, {}, {}, {});
}

void ScatterMap::setPoints(const std::vector<QPointF> &points, const std::vector<int> &groups,
                           const QList<QColor> &colors, const QStringList &labels, const QString &xTitle,
                           const QString &yTitle)
{
    m_points = points;
    m_groups = groups;
    m_colors = colors;
    m_labels = labels;
    m_xTitle = xTitle;
    m_yTitle = yTitle;
    m_hoveredPoint = -1;
    placePoints();
    m_imageValid = false;
    update();
}

void ScatterMap::setMarkedPoint(int index)
{
    m_markedPoint = index;
    update();
}

QPoint ScatterMap::pointPosition(int index) const
{
    if (index < 0 || size_t(index) >= m_pixels.size())
        return {};
    return m_pixels[size_t(index)].toPoint();
}

int ScatterMap::pointAt(QPoint position) const
{
    if (m_gridColumns == 0)
        return -1;
    const QPointF origin = plotArea().topLeft();
    const int column = int((position.x() - origin.x()) / CELL_SIZE);
    const int row = int((position.y() - origin.y()) / CELL_SIZE);

    // The pick radius is under one cell, so the 3 x 3 cells around the
    // position contain every candidate.
    int nearest = -1;
    double best = PICK_RADIUS * PICK_RADIUS;
    for (int r = std::max(row - 1, 0); r <= std::min(row + 1, m_gridRows - 1); ++r) {
        for (int c = std::max(column - 1, 0); c <= std::min(column + 1, m_gridColumns - 1); ++c) {
            const int cell = r * m_gridColumns + c;
            for (int k = m_cellStart[size_t(cell)]; k < m_cellStart[size_t(cell) + 1]; ++k) {
                const int index = m_cellPoints[size_t(k)];
                const QPointF delta = m_pixels[size_t(index)] - QPointF(position);
                const double distance = QPointF::dotProduct(delta, delta);
                // Later points are drawn on top, so they win ties.
                if (distance <= best) {
                    best = distance;
                    nearest = index;
                }
            }
        }
    }
    return nearest;
}

bool ScatterMap::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);

    const auto *help = static_cast<QHelpEvent *>(event);
    const int index = pointAt(help->pos());
    if (index >= 0 && index < m_labels.size()) {
        QToolTip::showText(help->globalPos(), m_labels.at(index), this);
    } else {
        QToolTip::hideText();
        event->ignore();
    }
    return true;
}

void ScatterMap::paintEvent(QPaintEvent *)
{
    if (!m_imageValid)
        drawImage();
    QPainter painter(this);
    painter.drawImage(0, 0, m_image);
    painter.setRenderHint(QPainter::Antialiasing);
    drawRing(painter, m_markedPoint, palette().color(QPalette::WindowText));
    drawRing(painter, m_hoveredPoint, palette().color(QPalette::Highlight));
}

void ScatterMap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placePoints();
    m_imageValid = false;
}

void ScatterMap::mouseMoveEvent(QMouseEvent *event)
{
    const int index = pointAt(event->position().toPoint());
    if (index != m_hoveredPoint) {
        m_hoveredPoint = index;
        setCursor(index >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void ScatterMap::mouseReleaseEvent(QMouseEvent *event)
{
    const int index = event->button() == Qt::LeftButton ? pointAt(event->position().toPoint()) : -1;
    if (index >= 0)
        emit pointClicked(index);
    QWidget::mouseReleaseEvent(event);
}

void ScatterMap::leaveEvent(QEvent *event)
{
    m_hoveredPoint = -1;
    update();
    QWidget::leaveEvent(event);
}

QRectF ScatterMap::plotArea() const
{
    return QRectF(rect()).adjusted(LEFT_MARGIN, EDGE_MARGIN, -EDGE_MARGIN, -BOTTOM_MARGIN);
}

// Maps the data to pixels with one scale for both axes, centred in the plot
// area with a margin of a marker's width, then rebuilds the hit-test grid.
void ScatterMap::placePoints()
{
    m_pixels.assign(m_points.size(), QPointF());
    const QRectF area = plotArea();
    if (!m_points.empty() && area.isValid()) {
        double left = std::numeric_limits<double>::max(), right = -left, top = -left, bottom = left;
        for (const QPointF &point : m_points) {
            left = std::min(left, point.x());
            right = std::max(right, point.x());
            bottom = std::min(bottom, point.y());
            top = std::max(top, point.y());
        }
        const double inset = 2.0 * markerRadius() + 2.0;
        const double width = std::max(right - left, 1e-12);
        const double height = std::max(top - bottom, 1e-12);
        const double scale = std::min((area.width() - 2 * inset) / width, (area.height() - 2 * inset) / height);
        const QPointF centre = area.center();
        for (size_t i = 0; i < m_points.size(); ++i) {
            // Screen y grows downwards, data y upwards.
            m_pixels[i] = QPointF(centre.x() + (m_points[i].x() - (left + right) / 2.0) * scale,
                                  centre.y() - (m_points[i].y() - (bottom + top) / 2.0) * scale);
        }
    }
    buildGrid();
}

// Buckets the points by pixel cell with a counting sort, so a hit test
// looks at a few cells instead of every point.
void ScatterMap::buildGrid()
{
    const QRectF area = plotArea();
    m_gridColumns = m_pixels.empty() || !area.isValid() ? 0 : int(area.width()) / CELL_SIZE + 1;
    m_gridRows = m_gridColumns == 0 ? 0 : int(area.height()) / CELL_SIZE + 1;
    m_cellStart.assign(size_t(m_gridColumns * m_gridRows) + 1, 0);
    m_cellPoints.assign(m_pixels.size(), 0);
    if (m_gridColumns == 0)
        return;

    std::vector<int> cellOf(m_pixels.size());
    for (size_t i = 0; i < m_pixels.size(); ++i) {
        const int column = std::clamp(int((m_pixels[i].x() - area.left()) / CELL_SIZE), 0, m_gridColumns - 1);
        const int row = std::clamp(int((m_pixels[i].y() - area.top()) / CELL_SIZE), 0, m_gridRows - 1);
        cellOf[i] = row * m_gridColumns + column;
        ++m_cellStart[size_t(cellOf[i]) + 1];
    }
    for (size_t c = 1; c < m_cellStart.size(); ++c)
        m_cellStart[c] += m_cellStart[c - 1];
    std::vector<int> next(m_cellStart.begin(), m_cellStart.end() - 1);
    for (size_t i = 0; i < m_pixels.size(); ++i)
        m_cellPoints[size_t(next[size_t(cellOf[i])]++)] = int(i);
}

// Draws the frame, the axis titles and every point into the cached image.
void ScatterMap::drawImage()
{
    QElapsedTimer timer;
    timer.start();
    const qreal ratio = devicePixelRatioF();
    m_image = QImage(size() * ratio, QImage::Format_ARGB32_Premultiplied);
    m_image.setDevicePixelRatio(ratio);
    m_image.fill(palette().color(QPalette::Base));
    m_imageValid = true;

    QPainter painter(&m_image);
    const QRectF area = plotArea();
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area.adjusted(0, 0, -1, -1));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(QRectF(area.left(), area.bottom(), area.width(), BOTTOM_MARGIN), Qt::AlignCenter, m_xTitle);
    painter.save();
    painter.translate(0, area.bottom());
    painter.rotate(-90);
    painter.drawText(QRectF(0, 0, area.height(), LEFT_MARGIN), Qt::AlignCenter, m_yTitle);
    painter.restore();

    // One sprite per colour. Points are drawn in index order, so later points
    // lie on top.
    const double radius = markerRadius();
    const int groupCount = int(m_colors.size());
    std::vector<QImage> sprites(size_t(groupCount) + 1);
    const double half = std::ceil(2.0 * radius + 2.0) / 2.0;
    for (size_t i = 0; i < m_pixels.size(); ++i) {
        const bool grouped = i < m_groups.size() && m_groups[i] >= 0 && groupCount > 0;
        const int group = grouped ? m_groups[i] % groupCount : groupCount;
        QImage &sprite = sprites[size_t(group)];
        if (sprite.isNull())
            sprite = markerSprite(colorOf(int(i)), radius, ratio);
        painter.drawImage(QPointF(std::round(m_pixels[i].x() - half), std::round(m_pixels[i].y() - half)), sprite);
    }
    qCDebug(lcUi) << "scatter map of" << m_pixels.size() << "points drawn in" << timer.elapsed() << "ms";
}

void ScatterMap::drawRing(QPainter &painter, int index, const QColor &color) const
{
    if (index < 0 || size_t(index) >= m_pixels.size())
        return;
    painter.setPen(QPen(color, 2.0));
    painter.setBrush(Qt::NoBrush);
    const double radius = markerRadius() + 3.0;
    painter.drawEllipse(m_pixels[size_t(index)], radius, radius);
}

// Smaller markers for more points, so dense maps still show their shape.
double ScatterMap::markerRadius() const
{
    if (m_points.size() <= 2000)
        return 4.5;
    if (m_points.size() <= 20000)
        return 2.5;
    return 1.5;
}

QColor ScatterMap::colorOf(int index) const
{
    const int group = size_t(index) < m_groups.size() ? m_groups[size_t(index)] : -1;
    if (group < 0 || m_colors.isEmpty())
        return QColor(Qt::gray);
    return m_colors.at(group % m_colors.size());
}

} // namespace embedscope::ui::analysis
