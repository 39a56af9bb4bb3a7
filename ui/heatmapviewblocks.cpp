// The block overview of a large list: block tooltips, and the visible part
// computed at full detail by BlockDetail and painted over the blocks.
#include "heatmapview.h"

#include "render/colormap.h"
#include "render/overviewdata.h"
#include "render/renderfont.h"
#include "render/tilesummary.h"

#include <QLocale>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace embedscope::ui {

// Phrase rows at least this tall get their phrase as a label.
static constexpr double MIN_DETAIL_LABEL_PITCH = 12.0;
static constexpr int DETAIL_LABEL_PIXELS = 11;
// Width of the row labels pinned to the viewport, and height of the column
// labels, in pixels, at most a share of the viewport.
static constexpr double PINNED_LABEL_EXTENT = 190.0;
static constexpr double PINNED_LABEL_SHARE = 0.3;

// Colors per tile image, looked up rather than interpolated per score,
// because a tile has up to 4 million scores.
static constexpr int COLOR_STEPS = 256;

static QString phraseRange(int begin, int end)
{
    return end - begin == 1 ? QString::number(begin + 1)
                            : QStringLiteral("%1–%2").arg(begin + 1).arg(end);
}

void HeatmapView::setOverview(const render::HeatmapData &blocks, BlockSource source)
{
    const bool wasOverview = isOverview();
    m_detail.setSource(std::move(source));
    m_detailImage = {};
    m_source = blocks;
    m_sourceOrdered = false;
    forgetMeasurements(true);
    if (m_reference >= m_detail.source().phrases.size())
        m_reference = -1;
    showOrdered(m_source);
    if (!wasOverview)
        emit overviewChanged(true);
}

render::HeatmapData HeatmapView::imageExportData() const
{
    if (!isOverview())
        return m_data;
    const math::BlockOverview coarse =
        math::computeBlockOverview(*m_detail.source().vectors, render::EXPORT_OVERVIEW_BLOCKS);
    return render::blockOverviewData(coarse, m_data.title);
}

// Requests the phrases of the blocks at least partly visible. BlockDetail
// drops the tile when they are more than it computes.
void HeatmapView::requestDetail()
{
    if (!isOverview())
        return;
    const BlockSource &source = m_detail.source();
    const double cell = m_layout.cellSize;
    const int blocks = source.blockCount();
    if (cell <= 0.0 || blocks != m_layout.size) {
        m_detail.request({});
        return;
    }

    const QRectF visible = QRectF(toContent(QPointF(0, 0)), QSizeF(viewport()->size())).intersected(m_layout.grid);
    if (visible.isEmpty()) {
        m_detail.request({});
        return;
    }
    const auto blockAt = [&](double offset) { return std::clamp(int(std::floor(offset / cell)), 0, blocks - 1); };
    const int firstRow = blockAt(visible.top() - m_layout.grid.top());
    const int lastRow = blockAt(visible.bottom() - m_layout.grid.top() - 0.5);
    const int firstColumn = blockAt(visible.left() - m_layout.grid.left());
    const int lastColumn = blockAt(visible.right() - m_layout.grid.left() - 0.5);

    const std::vector<int> &bounds = source.boundaries;
    m_detail.request({bounds[size_t(firstRow)], bounds[size_t(lastRow) + 1], bounds[size_t(firstColumn)],
                      bounds[size_t(lastColumn) + 1]});
}

static bool tileContains(const math::SimilarityTile &tile, int row, int column)
{
    const math::TileRange &range = tile.range();
    return tile.rows() > 0 && row >= range.rowBegin && row < range.rowEnd && column >= range.columnBegin
           && column < range.columnEnd;
}

// Colors the tile once per arrival; painting then only scales the image.
void HeatmapView::onDetailTileChanged()
{
    m_detailImage = {};
    updateTileScale();
    if (m_detail.hasTile())
        colorDetailTile();
    // A keyboard cursor that left the old tile stays on its phrase when the
    // next tile covers it.
    if (m_detailHover && !tileContains(m_detail.tile(), m_detailHover->y(), m_detailHover->x()))
        m_detailHover.reset();
    m_cacheValid = false;
    viewport()->update();
    emit detailTileChanged();
}

// A tile shows single scores, which spread wider than the block means the
// overview's scale is fitted to. While a tile is on screen, the scale
// therefore covers both, and the blocks around the tile and the color bar
// change with it, so every color on screen reads off the color bar. A
// fixed vmin or vmax stays fixed, and the blocks' own scale returns with
// the last tile.
void HeatmapView::updateTileScale()
{
    std::optional<render::MatrixSummary> summary;
    if (m_detail.hasTile())
        summary = render::summarizeTile(m_detail.tile());
    if (!summary && !m_tileSummary)
        return;
    m_tileSummary = summary;
    forgetMeasurements(false);
    relayout();
}

void HeatmapView::colorDetailTile()
{
    const math::SimilarityTile &tile = m_detail.tile();
    const render::ColorScale &scale = m_layout.scale;
    std::vector<QRgb> colors(COLOR_STEPS);
    for (int i = 0; i < COLOR_STEPS; ++i)
        colors[size_t(i)] = render::colormapColor(scale.colormap, (i + 0.5) / COLOR_STEPS).rgb();
    const QRgb undefined = render::NOT_AVAILABLE_FILL.rgb();

    m_detailImage = QImage(tile.columns(), tile.rows(), QImage::Format_RGB32);
    for (int row = 0; row < tile.rows(); ++row) {
        auto *line = reinterpret_cast<QRgb *>(m_detailImage.scanLine(row));
        for (int column = 0; column < tile.columns(); ++column) {
            const double t = scale.position(tile.at(row, column));
            line[column] = std::isnan(t) ? undefined : colors[size_t(std::min(int(t * COLOR_STEPS), COLOR_STEPS - 1))];
        }
    }
}

// Moves the cell cursor by one phrase while a tile is on screen, and makes
// its row's phrase the reference on Enter. The cursor starts at the phrase
// under the pointer, else at the first phrase of the block under it, else
// at the tile's first phrase. A step out of the tile scrolls, and the next
// tile then covers the new phrase. Returns false for other keys.
bool HeatmapView::moveDetailCursor(int key)
{
    const math::SimilarityTile &tile = m_detail.tile();
    const BlockSource &source = m_detail.source();
    QPoint cursor(tile.range().columnBegin, tile.range().rowBegin);
    if (m_detailHover)
        cursor = *m_detailHover;
    else if (m_hover.row >= 0 && m_hover.column >= 0)
        cursor = QPoint(phraseAt(m_hover.column), phraseAt(m_hover.row));

    const int last = int(source.phrases.size()) - 1;
    switch (key) {
    case Qt::Key_Left:
        cursor.rx() = std::max(0, cursor.x() - 1);
        break;
    case Qt::Key_Right:
        cursor.rx() = std::min(last, cursor.x() + 1);
        break;
    case Qt::Key_Up:
        cursor.ry() = std::max(0, cursor.y() - 1);
        break;
    case Qt::Key_Down:
        cursor.ry() = std::min(last, cursor.y() + 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        emit referenceRequested(cursor.y());
        return true;
    default:
        return false;
    }

    m_detailHover = cursor;
    viewport()->update();
    setHover({source.blockOf(cursor.y()), source.blockOf(cursor.x())});
    ensureVisible(detailCellRect(cursor.y(), cursor.x()));
    return true;
}

// Area of the tile's blocks in content coordinates, or a null rectangle.
QRectF HeatmapView::detailRect() const
{
    if (!m_detail.hasTile() || m_detailImage.isNull())
        return {};
    const BlockSource &source = m_detail.source();
    const math::TileRange &range = m_detail.tile().range();
    const int firstRow = source.blockOf(range.rowBegin);
    const int lastRow = source.blockOf(range.rowEnd - 1);
    const int firstColumn = source.blockOf(range.columnBegin);
    const int lastColumn = source.blockOf(range.columnEnd - 1);
    if (firstRow < 0 || lastRow < 0 || firstColumn < 0 || lastColumn < 0)
        return {};
    return m_layout.cellRect(firstRow, firstColumn).united(m_layout.cellRect(lastRow, lastColumn));
}

// Phrases (input indices) of the tile cell under contentPoint. Phrases share
// the tile's area evenly, which blocks that differ by one phrase in size
// distort by under one phrase row.
bool HeatmapView::detailCellAt(QPointF contentPoint, int &row, int &column) const
{
    const QRectF area = detailRect();
    if (area.isNull() || !area.contains(contentPoint))
        return false;
    const math::SimilarityTile &tile = m_detail.tile();
    const int r = int((contentPoint.y() - area.top()) / area.height() * tile.rows());
    const int c = int((contentPoint.x() - area.left()) / area.width() * tile.columns());
    row = tile.range().rowBegin + std::clamp(r, 0, tile.rows() - 1);
    column = tile.range().columnBegin + std::clamp(c, 0, tile.columns() - 1);
    return true;
}

QRectF HeatmapView::detailCellRect(int row, int column) const
{
    const QRectF area = detailRect();
    const math::SimilarityTile &tile = m_detail.tile();
    if (area.isNull())
        return {};
    const double height = area.height() / tile.rows();
    const double width = area.width() / tile.columns();
    return {area.left() + (column - tile.range().columnBegin) * width,
            area.top() + (row - tile.range().rowBegin) * height, width, height};
}

QString HeatmapView::blockToolTip(const Hit &hit) const
{
    const std::vector<int> &bounds = m_detail.source().boundaries;
    const auto range = [&bounds](int block) {
        return phraseRange(bounds[size_t(block)], bounds[size_t(block) + 1]);
    };
    const QString zoomHint = tr("Zoom in to %1 phrases or fewer a side to see single phrases.")
                                 .arg(QLocale().toString(BlockDetail::MAX_TILE_PHRASES));

    if (hit.row >= 0 && hit.column >= 0) {
        const float mean = m_data.matrix.at(hit.row, hit.column);
        const QString value = std::isnan(mean) ? tr("n/a (every vector is all zeros)")
                                               : QLocale().toString(double(mean), 'f', 3);
        return tr("<p><b>Phrases %1</b> against <b>phrases %2</b></p><p>Mean %3: <b>%4</b></p><p><i>%5</i></p>")
            .arg(range(hit.row), range(hit.column), math::metricTitle(m_data.matrix.metric()).toLower(), value,
                 zoomHint);
    }

    const int block = hit.phrase();
    return tr("<p><b>Phrases %1</b></p><p><i>Click to rank all phrases against phrase %2.</i></p>")
        .arg(range(block))
        .arg(bounds[size_t(block)] + 1);
}

QString HeatmapView::detailToolTip(int row, int column) const
{
    const BlockSource &source = m_detail.source();
    const math::SimilarityTile &tile = m_detail.tile();
    const float score = tile.at(row - tile.range().rowBegin, column - tile.range().columnBegin);
    const QString value = std::isnan(score) ? tr("n/a (a vector is all zeros)")
                                            : QLocale().toString(double(score), 'f', 3);
    return tr("<p><b>Row %1:</b> %2</p><p><b>Column %3:</b> %4</p><p>%5: <b>%6</b></p><p><i>%7</i></p>")
        .arg(QString::number(row + 1), source.phrases.value(row).toHtmlEscaped(), QString::number(column + 1),
             source.phrases.value(column).toHtmlEscaped(), math::metricTitle(tile.metric()), value,
             tr("Click to rank all phrases against phrase %1.").arg(row + 1));
}

// Paints the visible part of the tile over its blocks, and phrase labels
// once rows are tall enough for them.
void HeatmapView::paintDetail(QPainter &painter)
{
    const QRectF area = detailRect();
    if (area.isNull())
        return;

    const QRectF view(toContent(QPointF(0, 0)), QSizeF(viewport()->size()));
    const QRectF visible = area.intersected(view);
    if (visible.isEmpty())
        return;

    // Only the visible part is scaled, because the tile's area can be many
    // thousands of pixels wide when zoomed in.
    const double scaleX = m_detailImage.width() / area.width();
    const double scaleY = m_detailImage.height() / area.height();
    const QRectF source((visible.left() - area.left()) * scaleX, (visible.top() - area.top()) * scaleY,
                        visible.width() * scaleX, visible.height() * scaleY);
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(visible, m_detailImage, source);
    painter.restore();

    paintDetailLabels(painter, visible);
}

// Phrase labels go in the label bands, left of and under the grid, while
// those are in view. Scrolled past them, the labels are pinned to the
// viewport's left and bottom edges over the cells, so the phrases of a
// zoomed-in tile can still be read.
void HeatmapView::paintDetailLabels(QPainter &painter, const QRectF &visible)
{
    const QRectF area = detailRect();
    const math::SimilarityTile &tile = m_detail.tile();
    const double rowPitch = area.height() / tile.rows();
    const double columnPitch = area.width() / tile.columns();
    if (std::min(rowPitch, columnPitch) < MIN_DETAIL_LABEL_PITCH)
        return;

    const QRectF view(toContent(QPointF(0, 0)), QSizeF(viewport()->size()));
    const double pinnedWidth = std::min(PINNED_LABEL_EXTENT, view.width() * PINNED_LABEL_SHARE);
    const double pinnedHeight = std::min(PINNED_LABEL_EXTENT, view.height() * PINNED_LABEL_SHARE);
    QColor pinnedBackground = m_drawStyle.background;
    pinnedBackground.setAlpha(225);
    const bool rowsPinned = m_layout.rowLabels.left() < view.left() || m_layout.rowLabels.right() > view.right();
    const QRectF rowBand = rowsPinned ? QRectF(view.left(), visible.top(), pinnedWidth, visible.height())
                                      : QRectF(m_layout.rowLabels.left(), visible.top(), m_layout.rowLabels.width(),
                                               visible.height());
    const bool columnsPinned = m_layout.columnLabels.top() < view.top() || m_layout.columnLabels.bottom() > view.bottom();
    const QRectF columnBand = columnsPinned
        ? QRectF(visible.left(), view.bottom() - pinnedHeight, visible.width(), pinnedHeight)
        : QRectF(visible.left(), m_layout.columnLabels.top(), visible.width(), m_layout.columnLabels.height());

    const QStringList &phrases = m_detail.source().phrases;
    const QFont font = render::renderFont(DETAIL_LABEL_PIXELS);
    const QFontMetricsF metrics(font);
    painter.save();
    painter.setFont(font);
    painter.setPen(Qt::black);

    painter.fillRect(rowBand, rowsPinned ? pinnedBackground : m_drawStyle.background);
    const int firstRow = int((visible.top() - area.top()) / rowPitch);
    const int endRow = std::min(tile.rows(), int(std::ceil((visible.bottom() - area.top()) / rowPitch)));
    for (int r = firstRow; r < endRow; ++r) {
        const QRectF line(rowBand.left() + 2.0, area.top() + r * rowPitch, rowBand.width() - 6.0, rowPitch);
        const QString text = metrics.elidedText(phrases.value(tile.range().rowBegin + r), Qt::ElideRight, line.width());
        painter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, text);
    }

    // Column labels read bottom to top and end at the band's upper edge,
    // next to the grid, as the renderer draws them.
    painter.fillRect(columnBand, columnsPinned ? pinnedBackground : m_drawStyle.background);
    const int firstColumn = int((visible.left() - area.left()) / columnPitch);
    const int endColumn = std::min(tile.columns(), int(std::ceil((visible.right() - area.left()) / columnPitch)));
    const double length = columnBand.height() - 6.0;
    for (int c = firstColumn; c < endColumn; ++c) {
        const QString text = metrics.elidedText(phrases.value(tile.range().columnBegin + c), Qt::ElideRight, length);
        painter.save();
        painter.translate(area.left() + (c + 0.5) * columnPitch, columnBand.top() + 4.0);
        painter.rotate(-90.0);
        painter.drawText(QRectF(-length, -columnPitch / 2.0, length, columnPitch), Qt::AlignRight | Qt::AlignVCenter,
                         text);
        painter.restore();
    }
    painter.restore();
}

} // namespace embedscope::ui
