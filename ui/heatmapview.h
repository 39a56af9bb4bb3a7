#pragma once

#include "render/heatmaprenderer.h"

#include "blockdetail.h"
#include "heatmaporderer.h"

#include <QAbstractScrollArea>
#include <QPixmap>

#include <optional>
#include <vector>

namespace embedscope::ui {

// The similarity heatmap of the current result, scaled to fit the widget and
// scrollable once cells would get too small for their labels. Hovering shows
// both phrases and the score. Clicking a cell or a label requests that phrase
// as the reference. Arrow keys move a cell cursor, and Enter makes its row
// the reference.
class HeatmapView : public QAbstractScrollArea
{
    Q_OBJECT

public:
    explicit HeatmapView(QWidget *parent = nullptr);

    // Shows data, given in input order, in the order set by setOrder(); an
    // empty phrase list shows the empty-state hint instead.
    void setData(const render::HeatmapData &data);
    // Shows data already rearranged by orderHeatmap(), drawing the dendrogram
    // of data.order. setOrder() and the reference then leave that order
    // unchanged until the next setData().
    void setOrderedData(const render::HeatmapData &data);
    void clear();
    // Shows a block overview of a list too large for its full matrix: each
    // row and column of blocks is one block of source, in input order. Zoomed
    // in to at most BlockDetail::MAX_TILE_PHRASES phrases a side, the visible
    // part is computed at full detail from source's vectors.
    void setOverview(const render::HeatmapData &blocks, BlockSource source);
    bool isOverview() const { return !m_detail.source().isEmpty(); }
    // Computes visible tiles this long after the last zoom or scroll step.
    void setDetailDebounce(int milliseconds) { m_detail.setDebounceInterval(milliseconds); }
    // Scores shown at full detail over the overview, or an empty tile.
    const math::SimilarityTile &detailTile() const { return m_detail.tile(); }
    // Tooltip text that the view shows at a viewport point, or an empty
    // string where there is nothing to describe.
    QString toolTipAt(QPointF viewportPoint) const;
    // What image exports draw: data() for a full map, and for an overview
    // the block means recomputed at render::EXPORT_OVERVIEW_BLOCKS a side.
    render::HeatmapData imageExportData() const;
    // The data as drawn, in the current order.
    const render::HeatmapData &data() const { return m_data; }

    // Row and column order. Reference order follows setReferenceIndex(). A
    // cut colors cluster bands: by count when clusterCount > 0, else by
    // distance when clusterThreshold > 0.
    void setOrder(const math::OrderRequest &request, double clusterThreshold = 0.0, int clusterCount = 0);
    const math::OrderRequest &orderRequest() const { return m_orderRequest; }
    bool hasData() const { return !m_data.phrases.isEmpty(); }

    // Row and column drawn with a subtle outline; -1 for none. index is the
    // phrase's position in the input list, whatever order data is drawn in.
    void setReferenceIndex(int index);
    int referenceIndex() const { return m_reference; }

    // Phrases flagged as outliers, as input-list indices: their row and
    // column labels get a marker and "outlier" in the tooltip.
    void setOutliers(const QList<int> &phrases);
    const QList<int> &outliers() const { return m_outliers; }
    // Marker of a flagged phrase beside its row label (rowLabel true) or its
    // column label, in viewport coordinates. Null when the phrase is not
    // flagged or not shown.
    QRectF outlierMarkerRect(int phrase, bool rowLabel) const;

    // Style for exports: the view's colors and decimals, with full-length
    // labels and annotations left to the renderer.
    const render::HeatmapStyle &style() const { return m_style; }
    void setStyle(const render::HeatmapStyle &style);

    // Magnification over the fitted size: 1 fits the window, 2 doubles the
    // cells. Ctrl+wheel, pinch, Ctrl+= and Ctrl+- change it, Ctrl+0 resets.
    double zoom() const { return m_zoom; }
    void setZoom(double zoom);
    void zoomIn();
    void zoomOut();
    void fitToWindow();

    // Outlines a cell as if hovered, for views linked to another one; row
    // and column are input-list indices, -1 for none.
    void setHoveredCell(int row, int column);

    // Geometry of the map in content coordinates; equal to viewport
    // coordinates while nothing is scrolled.
    const render::HeatmapLayout &heatmapLayout() const { return m_layout; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    // Emitted when the user clicks a cell or a label; index is the phrase to
    // rank against (the row's phrase for a cell).
    void referenceRequested(int index);
    void zoomChanged(double zoom);
    // The cell or label under the pointer or the cell cursor changed; row
    // and column are input-list indices, -1 where there is none.
    void hoverChanged(int row, int column);
    // setData() or setOverview() switched between a full map and a block
    // overview; orders other than the input order need the full map.
    void overviewChanged(bool overview);
    // A tile at full detail arrived or was dropped.
    void detailTileChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    // Part of the map under a point: a cell (row and column), a row label
    // (row only) or a column label (column only).
    struct Hit
    {
        int row = -1;
        int column = -1;

        bool isNone() const { return row < 0 && column < 0; }
        int phrase() const { return row >= 0 ? row : column; }
        bool operator==(const Hit &) const = default;
    };

    void setSource(const render::HeatmapData &data, bool ordered);
    void showOrdered(const render::HeatmapData &data);
    void reorder();
    void updateStyle();
    double minimumCellSize() const;
    void relayout();
    const render::HeatmapMeasurements &measured(const render::HeatmapStyle &style);
    void forgetMeasurements(bool dataChanged);
    render::HeatmapLayout layoutAt(QSizeF size, bool annotate);
    void fitToViewport(QSizeF viewportSize);
    QPointF toContent(QPointF viewportPoint) const;
    Hit hitAt(QPointF viewportPoint) const;
    void setHover(const Hit &hit);
    QString toolTipFor(const Hit &hit) const;
    QRectF contentRectOf(const Hit &hit) const;
    // Input-list index of the phrase drawn at position, and back.
    int phraseAt(int position) const;
    int positionOf(int phrase) const;
    void zoomAround(double zoom, QPointF viewportAnchor);
    bool moveCursor(int key);
    void ensureVisible(const QRectF &area);

    void renderCache();
    // Block overview helpers (heatmapviewblocks.cpp).
    double maximumZoom() const;
    void requestDetail();
    void onDetailTileChanged();
    bool hasDetailImage() const { return m_detail.hasTile() && !m_detailImage.isNull(); }
    bool moveDetailCursor(int key);
    void updateTileScale();
    void colorDetailTile();
    QRectF detailRect() const;
    bool detailCellAt(QPointF contentPoint, int &row, int &column) const;
    QRectF detailCellRect(int row, int column) const;
    QString blockToolTip(const Hit &hit) const;
    QString detailToolTip(int row, int column) const;
    void paintDetail(QPainter &painter);
    void paintDetailLabels(QPainter &painter, const QRectF &visible);
    void paintEmptyState(QPainter &painter);
    void paintReferenceOutline(QPainter &painter);
    void paintHoverOutline(QPainter &painter);
    void paintOutlierMarkers(QPainter &painter);

    render::HeatmapData m_source; // input order, or the caller's order when m_sourceOrdered
    bool m_sourceOrdered = false;
    render::HeatmapData m_data;   // as drawn
    HeatmapOrderer m_orderer;
    math::OrderRequest m_orderRequest;
    double m_clusterThreshold = 0.0;
    int m_clusterCount = 0;
    render::HeatmapStyle m_style;
    // m_style as drawn here: labels shortened and numbers dropped to fit.
    render::HeatmapStyle m_drawStyle;
    render::HeatmapLayout m_layout;
    // Measured once per data (the summary) and per data, style and label
    // length (the rest), so zooming and resizing only place the parts.
    std::optional<render::MatrixSummary> m_summary;
    // Value ranges of the detail tile on screen, merged into m_summary for
    // the color scale; empty without a tile.
    std::optional<render::MatrixSummary> m_tileSummary;
    std::vector<render::HeatmapMeasurements> m_measurements;
    QSizeF m_contentSize;
    int m_reference = -1; // input-list index
    QList<int> m_outliers; // input-list indices, highest score first
    Hit m_hover;
    double m_zoom = 1.0;
    double m_fittedCell = 0.0; // cell size at zoom 1

    // Anchor of the last zoom step: the viewport point, the grid position
    // under it in cells, and the scroll position the step left.
    struct ZoomAnchor
    {
        QPointF viewportPoint;
        QPointF inCells;
        QPoint scroll;
    };
    std::optional<ZoomAnchor> m_zoomAnchor;

    // The heatmap as drawn for the visible area; overlays are painted on top,
    // so hovering does not redraw every cell.
    QPixmap m_cache;
    bool m_cacheValid = false;

    // Phrases, vectors and tile of a block overview; empty for a full map.
    BlockDetail m_detail;
    // The tile in the current colors, one pixel per score.
    QImage m_detailImage;
    // Phrases under the pointer inside the tile: x is the column, y the row.
    std::optional<QPoint> m_detailHover;
};

} // namespace embedscope::ui
