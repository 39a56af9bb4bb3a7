#pragma once

#include "colormap.h"
#include "math/similaritymatrix.h"

#include <QFont>
#include <QImage>
#include <QRectF>
#include <QSize>
#include <QStringList>

class QPainter;

namespace embedscope::render {

// What the heatmap shows: the phrases in row order and their matrix.
struct HeatmapData
{
    QStringList phrases;
    math::SimilarityMatrix matrix;
    QString title;
};

// How it is drawn. vmin/vmax of NaN mean "choose from the metric and data":
// 0..1 for cosine (as the reference notebook), the finite range otherwise.
struct HeatmapStyle
{
    ColormapKind colormap = ColormapKind::Greens;
    double vmin = std::numeric_limits<double>::quiet_NaN();
    double vmax = std::numeric_limits<double>::quiet_NaN();
    int decimals = 2;
    int maxLabelChars = 50;
    bool annotate = true;
    QFont font;
    QColor background = Qt::white;
};

// Color scale actually in use after defaults are resolved.
struct ColorScale
{
    double vmin = 0.0;
    double vmax = 1.0;
    bool reversed = false; // distances: dark means close
};

ColorScale resolveColorScale(const math::SimilarityMatrix &matrix, const HeatmapStyle &style);

// Where each part goes for one output size, in logical pixels. Margins come
// from the font metrics of the text as drawn, so no label is clipped.
struct HeatmapLayout
{
    QRectF title;
    QRectF grid;
    QRectF rowLabels;
    QRectF columnLabels;
    QRectF colorBar;
    double cellSize = 0.0;
    int size = 0;

    QRectF cellRect(int row, int column) const;
    // Row or column under point, or -1.
    int rowAt(QPointF point) const;
    int columnAt(QPointF point) const;
    int rowLabelAt(QPointF point) const;
    int columnLabelAt(QPointF point) const;
};

HeatmapLayout layoutHeatmap(const HeatmapData &data, const HeatmapStyle &style, QSizeF size);

// Size at which every annotation and label fits at a comfortable cell size.
QSizeF preferredHeatmapSize(const HeatmapData &data, const HeatmapStyle &style);

void paintHeatmap(QPainter &painter, const HeatmapData &data, const HeatmapStyle &style,
                  const HeatmapLayout &layout);

// Renders onto an image of logicalSize * scale pixels with device pixel
// ratio 1, independent of any screen. Works without a display server.
QImage renderHeatmapImage(const HeatmapData &data, const HeatmapStyle &style, QSizeF logicalSize,
                          double scale);

} // namespace embedscope::render
