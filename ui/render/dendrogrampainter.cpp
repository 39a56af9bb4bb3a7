#include "dendrogrampainter.h"

#include "paintarea.h"

#include <QPainter>
#include <QLineF>
#include <QList>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace embedscope::render {

namespace {

const QColor TREE_COLOR(0x40, 0x40, 0x40);

// The colors of matplotlib's "tab20" colormap, its ten dark colors first and
// then their light partners, so that neighbouring labels differ in hue and
// a light color repeats a dark one's hue only from the 11th cluster on. The
// closest two of the 20 are about 16 apart in CIELAB (CIE76 delta E).
constexpr std::array<QRgb, CLUSTER_BAND_COLOR_COUNT> TAB20 = {
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5};

// One node of the tree in drawing terms: where it sits along the leaf axis
// (in cells from the first position) and at what merge distance.
struct NodePlace
{
    double along = 0.0;
    double distance = 0.0;
};

} // namespace

QColor clusterBandColor(int label)
{
    return QColor(TAB20[size_t(std::abs(label)) % TAB20.size()]);
}

// Places every leaf and merge as SciPy's dendrogram() does: a leaf at the
// centre of its cell, a merge midway between its two children.
static std::vector<NodePlace> placeNodes(const HeatmapData &data)
{
    const math::Dendrogram &tree = *data.order.dendrogram;
    const int leaves = tree.leafCount();
    std::vector<NodePlace> places(size_t(leaves) + tree.merges().size());

    for (int position = 0; position < int(data.order.permutation.size()); ++position)
        places[size_t(data.order.permutation[size_t(position)])].along = position + 0.5;

    for (size_t k = 0; k < tree.merges().size(); ++k) {
        const math::Merge &merge = tree.merges()[k];
        const NodePlace &left = places[size_t(merge.left)];
        const NodePlace &right = places[size_t(merge.right)];
        places[size_t(leaves) + k] = {(left.along + right.along) / 2, merge.distance};
    }
    return places;
}

// Placement of one tree: the leaves one cell apart along one edge, and each
// merge at its distance towards the opposite edge.
struct TreeGeometry
{
    double leafOrigin = 0.0;  // where position 0 starts along the leaf axis
    double cellSize = 1.0;
    double rootOrigin = 0.0;  // coordinate of distance 0 across the leaf axis
    double depthScale = 1.0;  // signed coordinate change per unit distance
    bool leavesAlongX = true; // column tree; false for the row tree
};

static QPointF treePoint(const TreeGeometry &geometry, double along, double distance)
{
    const double a = geometry.leafOrigin + along * geometry.cellSize;
    const double d = geometry.rootOrigin + distance * geometry.depthScale;
    return geometry.leavesAlongX ? QPointF(a, d) : QPointF(d, a);
}

// Lines of the tree in the painter's own coordinates. A painter scaled to
// cell and distance units would scale the stroke too in viewers that ignore
// SVG's non-scaling stroke (librsvg 2.54 draws dark blobs). Branches wholly
// outside [visibleBegin, visibleEnd), in cells along the leaf axis, are
// left out.
static QList<QLineF> treeLines(const HeatmapData &data, const std::vector<NodePlace> &places,
                               const TreeGeometry &geometry, double visibleBegin, double visibleEnd)
{
    const math::Dendrogram &tree = *data.order.dendrogram;
    const size_t leaves = size_t(tree.leafCount());
    QList<QLineF> lines;
    for (size_t k = 0; k < tree.merges().size(); ++k) {
        const NodePlace &left = places[size_t(tree.merges()[k].left)];
        const NodePlace &right = places[size_t(tree.merges()[k].right)];
        const double first = std::min(left.along, right.along);
        const double last = std::max(left.along, right.along);
        if (last < visibleBegin || first > visibleEnd)
            continue;

        const double top = places[leaves + k].distance;
        const QPointF leftTop = treePoint(geometry, left.along, top);
        const QPointF rightTop = treePoint(geometry, right.along, top);
        lines.append(QLineF(treePoint(geometry, left.along, left.distance), leftTop));
        lines.append(QLineF(leftTop, rightTop));
        lines.append(QLineF(rightTop, treePoint(geometry, right.along, right.distance)));
    }
    return lines;
}

static double maxDistance(const math::Dendrogram &tree)
{
    double largest = 0.0;
    for (const math::Merge &merge : tree.merges())
        largest = std::max(largest, merge.distance);
    return largest > 0.0 ? largest : 1.0;
}

static void paintBands(QPainter &painter, const HeatmapData &data, const HeatmapLayout &layout,
                       const QRectF &visible)
{
    if (layout.rowBands.isEmpty() || data.clusterBands.size() != size_t(layout.size))
        return;

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int position = 0; position < layout.size; ++position) {
        const QColor fill = clusterBandColor(data.clusterBands[size_t(position)]);
        const double offset = position * layout.cellSize;
        const QRectF row(layout.rowBands.left(), layout.rowBands.top() + offset, layout.rowBands.width(),
                         layout.cellSize);
        const QRectF column(layout.columnBands.left() + offset, layout.columnBands.top(), layout.cellSize,
                            layout.columnBands.height());
        if (row.intersects(visible))
            painter.fillRect(row, fill);
        if (column.intersects(visible))
            painter.fillRect(column, fill);
    }
    painter.restore();
}

void paintDendrograms(QPainter &painter, const HeatmapData &data, const HeatmapLayout &layout)
{
    if (layout.columnTree.isEmpty() || !data.order.dendrogram)
        return;

    const std::vector<NodePlace> places = placeNodes(data);
    const double depth = maxDistance(*data.order.dendrogram);
    const QRectF visible = visiblePaintArea(painter);
    painter.save();
    painter.setPen(QPen(TREE_COLOR, 1.0));
    painter.setBrush(Qt::NoBrush);

    // Column tree: leaves along x at the bottom edge, root at the top.
    if (layout.columnTree.intersects(visible)) {
        const TreeGeometry geometry{layout.columnTree.left(), layout.cellSize, layout.columnTree.bottom(),
                                    -layout.columnTree.height() / depth, true};
        const double begin = (visible.left() - layout.columnTree.left()) / layout.cellSize;
        const double end = (visible.right() - layout.columnTree.left()) / layout.cellSize;
        painter.drawLines(treeLines(data, places, geometry, begin, end));
    }

    // Row tree: leaves down the right edge, root on the left.
    if (layout.rowTree.intersects(visible)) {
        const TreeGeometry geometry{layout.rowTree.top(), layout.cellSize, layout.rowTree.right(),
                                    -layout.rowTree.width() / depth, false};
        const double begin = (visible.top() - layout.rowTree.top()) / layout.cellSize;
        const double end = (visible.bottom() - layout.rowTree.top()) / layout.cellSize;
        painter.drawLines(treeLines(data, places, geometry, begin, end));
    }
    painter.restore();

    paintBands(painter, data, layout, visible);
}

} // namespace embedscope::render
