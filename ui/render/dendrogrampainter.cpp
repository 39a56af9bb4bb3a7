#include "dendrogrampainter.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <array>
#include <cstdlib>

namespace embedscope::render {

namespace {

const QColor TREE_COLOR(0x40, 0x40, 0x40);

constexpr std::array<QRgb, 8> SET2 = {0x66c2a5, 0xfc8d62, 0x8da0cb, 0xe78ac3,
                                      0xa6d854, 0xffd92f, 0xe5c494, 0xb3b3b3};

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
    return QColor(SET2[size_t(std::abs(label)) % SET2.size()]);
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

// Path of the tree with the leaves along the x axis at y = 0 and merges at
// y = -distance, in cell and distance units, scaled to the area afterwards.
static QPainterPath treePath(const HeatmapData &data, const std::vector<NodePlace> &places)
{
    const math::Dendrogram &tree = *data.order.dendrogram;
    const size_t leaves = size_t(tree.leafCount());
    QPainterPath path;
    for (size_t k = 0; k < tree.merges().size(); ++k) {
        const NodePlace &left = places[size_t(tree.merges()[k].left)];
        const NodePlace &right = places[size_t(tree.merges()[k].right)];
        const double top = -places[leaves + k].distance;
        path.moveTo(left.along, -left.distance);
        path.lineTo(left.along, top);
        path.lineTo(right.along, top);
        path.lineTo(right.along, -right.distance);
    }
    return path;
}

static double maxDistance(const math::Dendrogram &tree)
{
    double largest = 0.0;
    for (const math::Merge &merge : tree.merges())
        largest = std::max(largest, merge.distance);
    return largest > 0.0 ? largest : 1.0;
}

static void paintBands(QPainter &painter, const HeatmapData &data, const HeatmapLayout &layout)
{
    if (layout.rowBands.isEmpty() || data.clusterBands.size() != size_t(layout.size))
        return;

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int position = 0; position < layout.size; ++position) {
        const QColor fill = clusterBandColor(data.clusterBands[size_t(position)]);
        const double offset = position * layout.cellSize;
        painter.fillRect(QRectF(layout.rowBands.left(), layout.rowBands.top() + offset, layout.rowBands.width(),
                                layout.cellSize),
                         fill);
        painter.fillRect(QRectF(layout.columnBands.left() + offset, layout.columnBands.top(), layout.cellSize,
                                layout.columnBands.height()),
                         fill);
    }
    painter.restore();
}

void paintDendrograms(QPainter &painter, const HeatmapData &data, const HeatmapLayout &layout)
{
    if (layout.columnTree.isEmpty() || !data.order.dendrogram)
        return;

    const QPainterPath path = treePath(data, placeNodes(data));
    const double depth = maxDistance(*data.order.dendrogram);
    QPen pen(TREE_COLOR, 1.0);
    pen.setCosmetic(true); // one pixel wide whatever the scaling

    // Column tree: leaves along x at the bottom edge, root at the top.
    painter.save();
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.translate(layout.columnTree.left(), layout.columnTree.bottom());
    painter.scale(layout.cellSize, layout.columnTree.height() / depth);
    painter.drawPath(path);
    painter.restore();

    // Row tree: the same path mirrored across the diagonal (x and y swapped),
    // so leaves run down the right edge and the root is on the left.
    painter.save();
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    painter.translate(layout.rowTree.right(), layout.rowTree.top());
    painter.scale(layout.rowTree.width() / depth, layout.cellSize);
    painter.setWorldTransform(QTransform(0, 1, 1, 0, 0, 0), true);
    painter.drawPath(path);
    painter.restore();

    paintBands(painter, data, layout);
}

} // namespace embedscope::render
