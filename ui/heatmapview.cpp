#include "heatmapview.h"

#include "uilogging.h"

#include "render/outliermarkers.h"
#include "render/renderfont.h"
#include "render/tilesummary.h"

#include <QHelpEvent>
#include <QKeySequence>
#include <QLocale>
#include <QMouseEvent>
#include <QGesture>
#include <QGestureEvent>
#include <QNativeGestureEvent>
#include <QWheelEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace embedscope::ui {

// Above this many phrases the fitted map has no numbers in its cells, and
// its labels are not shortened to make room for them. Zoomed in, numbers
// appear once the cells can hold them.
static constexpr int MAX_ANNOTATED_PHRASES = 30;

// Label size of the renderer's base font, in logical pixels.
static constexpr int LABEL_PIXELS = 13;

// Smallest number size the view accepts before it scrolls instead; the
// renderer alone would go down to 8 pixels.
static constexpr int MIN_ANNOTATION_PIXELS = 11;

// Smallest cell of a map without numbers that keeps its full labels. Below
// it the labels are shortened to widen the grid. The fitted map still shows
// every cell, and the renderer labels only every n-th row when rows are
// thinner than its smallest label font. Tooltips give the full phrases.
static constexpr double MIN_PLAIN_CELL = 8.0;

// Column label lengths tried, longest first, until the cells are large
// enough. Row labels keep the full length and are elided to the width that
// the grid leaves them.
static constexpr int LABEL_CHAR_STEPS[] = {50, 36, 24, 16};

// Zoom limits and the factor of one wheel notch or key press. The largest
// zoom lets cells grow to MAX_ZOOMED_CELL pixels, enough for numbers, and is
// at least MIN_MAX_ZOOM for maps whose fitted cells are that large already.
static constexpr double MIN_ZOOM = 1.0;
static constexpr double MIN_MAX_ZOOM = 4.0;
static constexpr double MAX_ZOOMED_CELL = 80.0;
static constexpr double ZOOM_STEP = 1.25;

// Largest phrase row of a block overview zoomed in, in pixels: enough for a
// phrase label at LABEL_PIXELS.
static constexpr double MAX_ZOOMED_PHRASE = 24.0;

HeatmapView::HeatmapView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->grabGesture(Qt::PinchGesture);
    setFocusPolicy(Qt::StrongFocus);
    connect(&m_orderer, &HeatmapOrderer::ordered, this, &HeatmapView::showOrdered);
    connect(&m_detail, &BlockDetail::tileChanged, this, &HeatmapView::onDetailTileChanged);
    updateStyle();
}

void HeatmapView::setOrder(const math::OrderRequest &request, double clusterThreshold, int clusterCount)
{
    m_orderRequest = request;
    m_clusterThreshold = clusterThreshold;
    m_clusterCount = clusterCount;
    reorder();
}

void HeatmapView::reorder()
{
    math::OrderRequest request = m_orderRequest;
    request.reference = std::max(0, m_reference);
    // Blocks are ranges of the input order, so an overview is never reordered.
    // A clustering still running for earlier data must not replace it.
    if (isOverview() || m_sourceOrdered) {
        m_orderer.cancel();
        showOrdered(m_source);
        return;
    }
    m_orderer.order(m_source, request, m_clusterThreshold, m_clusterCount);
}

void HeatmapView::setStyle(const render::HeatmapStyle &style)
{
    m_style = style;
    forgetMeasurements(false);
    updateStyle();
    relayout();
}

void HeatmapView::setZoom(double zoom)
{
    zoomAround(zoom, QRectF(viewport()->rect()).center());
}

void HeatmapView::zoomIn()
{
    setZoom(m_zoom * ZOOM_STEP);
}

void HeatmapView::zoomOut()
{
    setZoom(m_zoom / ZOOM_STEP);
}

void HeatmapView::fitToWindow()
{
    setZoom(1.0);
}

// Changes the zoom so the cell under viewportAnchor stays there. The anchor
// is kept in grid units, not content pixels, because labels and the color
// bar do not grow with the grid.
void HeatmapView::zoomAround(double zoom, QPointF viewportAnchor)
{
    zoom = std::clamp(zoom, MIN_ZOOM, maximumZoom());
    if (zoom == m_zoom)
        return;

    const double oldCell = m_layout.cellSize;
    QPointF inCells = oldCell > 0.0 ? (toContent(viewportAnchor) - m_layout.grid.topLeft()) / oldCell : QPointF();
    // Scroll positions are whole pixels, which span many cells of a large
    // fitted map, so repeated steps at one anchor reuse its exact position.
    const QPoint scroll(horizontalScrollBar()->value(), verticalScrollBar()->value());
    if (m_zoomAnchor && m_zoomAnchor->viewportPoint == viewportAnchor && m_zoomAnchor->scroll == scroll)
        inCells = m_zoomAnchor->inCells;

    m_zoom = zoom;
    relayout();
    if (oldCell > 0.0) {
        const QPointF target = m_layout.grid.topLeft() + inCells * m_layout.cellSize;
        horizontalScrollBar()->setValue(qRound(target.x() - viewportAnchor.x()));
        verticalScrollBar()->setValue(qRound(target.y() - viewportAnchor.y()));
        m_zoomAnchor = ZoomAnchor{viewportAnchor, inCells,
                                  QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value())};
    }
    emit zoomChanged(m_zoom);
}

// In an overview, a phrase is a share of its block's cell, so the limit is
// where the largest block's phrases reach MAX_ZOOMED_PHRASE pixels.
double HeatmapView::maximumZoom() const
{
    if (m_fittedCell <= 0.0)
        return MIN_MAX_ZOOM;

    double largestCell = MAX_ZOOMED_CELL;
    const std::vector<int> &boundaries = m_detail.source().boundaries;
    if (isOverview()) {
        int largestBlock = 1;
        for (size_t b = 0; b + 1 < boundaries.size(); ++b)
            largestBlock = std::max(largestBlock, boundaries[b + 1] - boundaries[b]);
        largestCell = std::max(MAX_ZOOMED_CELL, MAX_ZOOMED_PHRASE * largestBlock);
    }
    return std::max(MIN_MAX_ZOOM, largestCell / m_fittedCell);
}

void HeatmapView::setHoveredCell(int row, int column)
{
    setHover({row >= 0 ? positionOf(row) : -1, column >= 0 ? positionOf(column) : -1});
}

int HeatmapView::phraseAt(int position) const
{
    if (isOverview()) {
        const std::vector<int> &boundaries = m_detail.source().boundaries;
        return position >= 0 && size_t(position) < boundaries.size() ? boundaries[size_t(position)] : position;
    }
    const std::vector<int> &permutation = m_data.order.permutation;
    if (position < 0 || size_t(position) >= permutation.size())
        return position;
    return permutation[size_t(position)];
}

int HeatmapView::positionOf(int phrase) const
{
    if (isOverview())
        return m_detail.source().blockOf(phrase);
    const std::vector<int> &permutation = m_data.order.permutation;
    if (permutation.empty())
        return phrase;
    const auto found = std::find(permutation.begin(), permutation.end(), phrase);
    return found == permutation.end() ? -1 : int(found - permutation.begin());
}

void HeatmapView::setData(const render::HeatmapData &data)
{
    setSource(data, false);
}

void HeatmapView::setOrderedData(const render::HeatmapData &data)
{
    setSource(data, true);
}

void HeatmapView::setSource(const render::HeatmapData &data, bool ordered)
{
    const bool wasOverview = isOverview();
    m_detail.setSource({});
    m_detailImage = {};
    if (wasOverview)
        emit overviewChanged(false);
    m_source = data;
    m_sourceOrdered = ordered;
    forgetMeasurements(true);
    if (m_reference >= m_source.phrases.size())
        m_reference = -1;
    reorder();
}

void HeatmapView::showOrdered(const render::HeatmapData &data)
{
    // A new order permutes rows and columns alike, which keeps the value
    // ranges, so only a new source (setData) rescans the matrix.
    m_data = data;
    forgetMeasurements(false);
    m_zoomAnchor.reset();
    m_hover = {};
    if (m_reference >= m_data.phrases.size())
        m_reference = -1;

    updateStyle();
    relayout();
    qCDebug(lcUi) << "heatmap shows" << m_data.phrases.size() << "phrases at cell size"
                  << m_layout.cellSize;
}

void HeatmapView::clear()
{
    setData({});
}

void HeatmapView::setReferenceIndex(int index)
{
    if (index == m_reference)
        return;
    m_reference = index;
    if (m_orderRequest.mode == math::OrderMode::Reference)
        reorder();
    viewport()->update();
}

QSize HeatmapView::sizeHint() const
{
    return {640, 560};
}

QSize HeatmapView::minimumSizeHint() const
{
    return {240, 200};
}

// The drawing style keeps the renderer's own font and white background, so
// the view matches exported images and the command line. Only annotations
// and label length adapt to the space.
void HeatmapView::updateStyle()
{
    m_drawStyle = m_style;
    m_drawStyle.annotate = m_style.annotate && m_data.phrases.size() <= MAX_ANNOTATED_PHRASES;
}

// Smallest cell in which the numbers, when drawn, stay readable. Without
// numbers a large map fits the view as an overview with smaller labels.
double HeatmapView::minimumCellSize() const
{
    if (!m_drawStyle.annotate || m_data.matrix.isEmpty())
        return MIN_PLAIN_CELL;

    // Rows need 1.15 times the label's pixel size to keep labels apart.
    const double labelPitch = std::ceil(LABEL_PIXELS * 1.15);

    const QFontMetricsF metrics(render::renderFont(MIN_ANNOTATION_PIXELS));
    const int decimals = m_drawStyle.decimals;
    const auto [low, high] = m_data.matrix.finiteRange();
    double widest = metrics.horizontalAdvance(render::annotationText(std::nan(""), decimals));
    if (!std::isnan(low)) {
        widest = std::max({widest, metrics.horizontalAdvance(render::annotationText(low, decimals)),
                           metrics.horizontalAdvance(render::annotationText(high, decimals))});
    }
    // The renderer lets a number fill 80 % of its cell's width.
    return std::max(labelPitch, std::ceil(widest / 0.8));
}

// Measurements of the data for style, taken once per pair of row and column
// label lengths and kept until the data or the style changes, because
// measuring every label of a 10,000-phrase map for each layout made every
// zoom step take seconds.
const render::HeatmapMeasurements &HeatmapView::measured(const render::HeatmapStyle &style)
{
    for (const render::HeatmapMeasurements &entry : m_measurements) {
        if (entry.rowLabels.maxChars == render::rowLabelChars(style)
            && entry.columnLabels.maxChars == render::columnLabelChars(style))
            return entry;
    }
    if (!m_summary)
        m_summary = render::summarizeMatrix(m_data.matrix);
    const render::MatrixSummary summary = m_tileSummary ? render::mergeSummaries(*m_summary, *m_tileSummary)
                                                        : *m_summary;
    // The row labels stay at one length while the column labels get
    // shorter, so the first entry has measured them already.
    const render::HeatmapMeasurements *earlier = m_measurements.empty() ? nullptr : &m_measurements.front();
    m_measurements.push_back(render::measureHeatmap(m_data, style, &summary, earlier));
    return m_measurements.back();
}

void HeatmapView::forgetMeasurements(bool dataChanged)
{
    m_measurements.clear();
    if (dataChanged) {
        m_summary.reset();
        m_tileSummary.reset();
    }
}

// Lays out the map at size, with numbers in the cells only when they come
// out at least MIN_ANNOTATION_PIXELS high.
render::HeatmapLayout HeatmapView::layoutAt(QSizeF size, bool annotate)
{
    render::HeatmapStyle style = m_drawStyle;
    style.annotate = annotate;
    render::HeatmapLayout layout = render::layoutHeatmap(m_data, style, size, measured(style));
    if (layout.annotate && layout.annotationFont.pixelSize() < MIN_ANNOTATION_PIXELS)
        layout.annotate = false;
    return layout;
}

// Fits the whole map into the viewport, shortening the column labels until
// cells reach minimumCellSize(). When no label length gets there, the
// shortest labels are kept, because they leave the grid the most room. Row
// labels keep the full length, unless the cells cannot reach the minimum at
// all, because the renderer gives them only width that the grid leaves spare.
void HeatmapView::fitToViewport(QSizeF viewportSize)
{
    const double minimum = minimumCellSize();

    // A grid that could not reach the minimum even filling the viewport goes
    // straight to the shortest labels, because measuring 10,000 labels at
    // each length would cost a visible pause.
    const double side = std::min(viewportSize.width(), viewportSize.height());
    const bool neverLargeEnough = double(m_data.phrases.size()) * (minimum - 0.5) > side;
    const int shortest = LABEL_CHAR_STEPS[std::size(LABEL_CHAR_STEPS) - 1];

    // Such maps keep short row labels too, because each layout, at every zoom
    // step, would otherwise elide thousands of long labels.
    m_drawStyle.maxLabelChars = neverLargeEnough ? std::min(shortest, m_style.maxLabelChars) : m_style.maxLabelChars;
    for (int chars : LABEL_CHAR_STEPS) {
        if (neverLargeEnough && chars != shortest)
            continue;
        m_drawStyle.maxColumnLabelChars = std::min(chars, m_style.maxLabelChars);
        m_layout = layoutAt(viewportSize, m_drawStyle.annotate);
        if (m_layout.cellSize >= minimum - 0.5)
            break;
    }
    m_contentSize = viewportSize;
    m_fittedCell = m_layout.cellSize;
}

void HeatmapView::relayout()
{
    m_cacheValid = false;
    const QSizeF viewportSize = viewport()->size();
    if (!hasData() || viewportSize.isEmpty()) {
        m_contentSize = viewportSize;
        m_layout = {};
        horizontalScrollBar()->setRange(0, 0);
        verticalScrollBar()->setRange(0, 0);
        viewport()->update();
        return;
    }

    fitToViewport(viewportSize);
    // Zoomed in, numbers appear in large maps too once cells can hold them.
    if (m_zoom > 1.0) {
        m_contentSize *= m_zoom;
        m_layout = layoutAt(m_contentSize, m_style.annotate);
    }

    const QSize overflow = (m_contentSize - viewportSize).toSize().expandedTo({0, 0});
    horizontalScrollBar()->setRange(0, overflow.width());
    horizontalScrollBar()->setPageStep(viewport()->width());
    horizontalScrollBar()->setSingleStep(std::max(1, int(m_layout.cellSize)));
    verticalScrollBar()->setRange(0, overflow.height());
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(std::max(1, int(m_layout.cellSize)));
    viewport()->update();
    requestDetail();
}

QPointF HeatmapView::toContent(QPointF viewportPoint) const
{
    return viewportPoint + QPointF(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

HeatmapView::Hit HeatmapView::hitAt(QPointF viewportPoint) const
{
    if (!hasData())
        return {};

    const QPointF point = toContent(viewportPoint);
    if (m_layout.grid.contains(point)) {
        const Hit cell{m_layout.rowAt(point), m_layout.columnAt(point)};
        if (cell.row >= 0 && cell.column >= 0)
            return cell;
        return {};
    }

    const int row = m_layout.rowLabelAt(point);
    if (row >= 0)
        return {row, -1};
    return {-1, m_layout.columnLabelAt(point)};
}

void HeatmapView::setHover(const Hit &hit)
{
    if (hit == m_hover)
        return;
    m_hover = hit;
    viewport()->setCursor(hit.isNone() ? Qt::ArrowCursor : Qt::PointingHandCursor);
    viewport()->update();
    emit hoverChanged(hit.row >= 0 ? phraseAt(hit.row) : -1, hit.column >= 0 ? phraseAt(hit.column) : -1);
}

QString HeatmapView::toolTipFor(const Hit &hit) const
{
    const auto escaped = [this](int index) { return m_data.phrases.at(index).toHtmlEscaped(); };
    const QString clickHint = tr("Click to rank all phrases against phrase %1.").arg(phraseAt(hit.phrase()) + 1);

    if (isOverview())
        return blockToolTip(hit);

    if (hit.row >= 0 && hit.column >= 0) {
        const float score = m_data.matrix.at(hit.row, hit.column);
        const QString value = std::isnan(score) ? tr("n/a (a vector is all zeros)")
                                                : QLocale().toString(double(score), 'f', 3);
        return tr("<p><b>Row %1:</b> %2</p><p><b>Column %3:</b> %4</p><p>%5: <b>%6</b></p><p><i>%7</i></p>")
            .arg(QString::number(phraseAt(hit.row) + 1), escaped(hit.row), QString::number(phraseAt(hit.column) + 1),
                 escaped(hit.column), math::metricTitle(m_data.matrix.metric()), value, clickHint);
    }

    const int index = hit.phrase();
    const qsizetype outlierRank = m_outliers.indexOf(phraseAt(index));
    const QString outlier = outlierRank < 0 ? QString()
                                            : tr("<p><b>Outlier</b>, number %1 of %2 flagged in the Outliers view</p>")
                                                  .arg(outlierRank + 1)
                                                  .arg(m_outliers.size());
    return tr("<p><b>Phrase %1:</b> %2</p>%3<p><i>%4</i></p>")
        .arg(QString::number(phraseAt(index) + 1), escaped(index), outlier, clickHint);
}

void HeatmapView::renderCache()
{
    const qreal ratio = devicePixelRatioF();
    const QSize size = viewport()->size();
    if (m_cache.size() != size * ratio)
        m_cache = QPixmap(size * ratio);
    m_cache.setDevicePixelRatio(ratio);
    m_cache.fill(m_drawStyle.background);

    QPainter painter(&m_cache);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.translate(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
    render::paintHeatmap(painter, m_data, m_drawStyle, m_layout);
    paintDetail(painter);
    m_cacheValid = true;
}

void HeatmapView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    if (!hasData()) {
        paintEmptyState(painter);
        return;
    }

    if (!m_cacheValid)
        renderCache();
    painter.drawPixmap(0, 0, m_cache);

    painter.setRenderHint(QPainter::Antialiasing);
    painter.translate(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
    paintOutlierMarkers(painter);
    paintReferenceOutline(painter);
    paintHoverOutline(painter);
}

void HeatmapView::paintEmptyState(QPainter &painter)
{
    painter.fillRect(viewport()->rect(), m_drawStyle.background);

    const QString shortcut = QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText);
    const QString hint = tr("Enter phrases and press Embed (%1)").arg(shortcut);
    QFont hintFont = font();
    hintFont.setPointSizeF(hintFont.pointSizeF() * 1.15);
    painter.setFont(hintFont);
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(viewport()->rect().adjusted(24, 24, -24, -24),
                     Qt::AlignCenter | Qt::TextWordWrap, hint);
}

// The reference row and column get a thin outline in the highlight color and
// a tinted label, enough to find them without hiding the cell colors.
void HeatmapView::paintReferenceOutline(QPainter &painter)
{
    const int count = int(m_data.phrases.size());
    const int position = positionOf(m_reference);
    if (position < 0 || position >= count)
        return;

    QColor highlight = palette().color(QPalette::Highlight);
    const QRectF row = m_layout.cellRect(position, 0).united(m_layout.cellRect(position, count - 1));
    const QRectF column = m_layout.cellRect(0, position).united(m_layout.cellRect(count - 1, position));

    QColor tint = highlight;
    tint.setAlpha(40);
    painter.fillRect(QRectF(m_layout.rowLabels.left(), row.top(),
                            m_layout.rowLabels.width(), row.height()),
                     tint);
    painter.fillRect(QRectF(column.left(), m_layout.columnLabels.top(),
                            column.width(), m_layout.columnLabels.height()),
                     tint);

    highlight.setAlpha(200);
    painter.setPen(QPen(highlight, 1.5));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(row);
    painter.drawRect(column);
}

void HeatmapView::setOutliers(const QList<int> &phrases)
{
    if (phrases == m_outliers)
        return;
    m_outliers = phrases;
    viewport()->update();
}

QRectF HeatmapView::outlierMarkerRect(int phrase, bool rowLabel) const
{
    if (!m_outliers.contains(phrase))
        return {};
    const QRectF content = render::outlierMarkerRect(m_layout, positionOf(phrase), rowLabel);
    if (content.isNull())
        return {};
    return content.translated(-horizontalScrollBar()->value(), -verticalScrollBar()->value());
}

// Outliers are painted over the cached map, so a new flag count does not
// redraw every cell.
void HeatmapView::paintOutlierMarkers(QPainter &painter)
{
    std::vector<int> positions;
    for (int phrase : std::as_const(m_outliers)) {
        const int position = positionOf(phrase);
        if (position >= 0 && position < int(m_data.phrases.size()))
            positions.push_back(position);
    }
    render::paintOutlierMarkers(painter, m_layout, positions, m_drawStyle.background);
}

void HeatmapView::paintHoverOutline(QPainter &painter)
{
    if (m_detailHover && m_hover.row >= 0 && m_hover.column >= 0) {
        const QRectF cell = detailCellRect(m_detailHover->y(), m_detailHover->x());
        if (!cell.isNull()) {
            painter.setPen(QPen(palette().color(QPalette::Text), 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(cell.adjusted(-0.75, -0.75, 0.75, 0.75));
            return;
        }
    }

    if (m_hover.row >= 0 && m_hover.column >= 0) {
        // The row's and the column's labels are tinted, so both phrases of
        // the hovered score can be found at a glance.
        QColor tint = palette().color(QPalette::Highlight);
        tint.setAlpha(35);
        painter.fillRect(contentRectOf({m_hover.row, -1}), tint);
        painter.fillRect(contentRectOf({-1, m_hover.column}), tint);

        painter.setPen(QPen(palette().color(QPalette::Text), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(m_layout.cellRect(m_hover.row, m_hover.column).adjusted(0.75, 0.75, -0.75, -0.75));
        return;
    }

    QColor tint = palette().color(QPalette::Highlight);
    tint.setAlpha(25);
    painter.fillRect(contentRectOf(m_hover), tint);
}

// Area of a cell or of one label, in content coordinates.
QRectF HeatmapView::contentRectOf(const Hit &hit) const
{
    if (hit.row >= 0 && hit.column >= 0)
        return m_layout.cellRect(hit.row, hit.column);
    if (hit.row >= 0) {
        const QRectF cell = m_layout.cellRect(hit.row, 0);
        return {m_layout.rowLabels.left(), cell.top(), m_layout.rowLabels.width(), cell.height()};
    }
    if (hit.column >= 0) {
        const QRectF cell = m_layout.cellRect(0, hit.column);
        return {cell.left(), m_layout.columnLabels.top(), cell.width(), m_layout.columnLabels.height()};
    }
    return {};
}

void HeatmapView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void HeatmapView::scrollContentsBy(int, int)
{
    m_cacheValid = false;
    viewport()->update();
    requestDetail();
}

void HeatmapView::mouseMoveEvent(QMouseEvent *event)
{
    // Inside a tile the outline follows the phrase, not only the block.
    const QPointF content = toContent(event->position());
    int row = -1;
    int column = -1;
    const bool inDetail = detailCellAt(content, row, column);
    if (inDetail || m_detailHover) {
        m_detailHover = inDetail ? std::optional<QPoint>(QPoint(column, row)) : std::nullopt;
        viewport()->update();
    }
    setHover(hitAt(event->position()));
    QAbstractScrollArea::mouseMoveEvent(event);
}

void HeatmapView::mouseReleaseEvent(QMouseEvent *event)
{
    int detailRow = -1;
    int detailColumn = -1;
    if (event->button() == Qt::LeftButton && detailCellAt(toContent(event->position()), detailRow, detailColumn)) {
        emit referenceRequested(detailRow);
        event->accept();
        return;
    }

    const Hit hit = hitAt(event->position());
    if (event->button() == Qt::LeftButton && !hit.isNone()) {
        emit referenceRequested(phraseAt(hit.phrase()));
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void HeatmapView::leaveEvent(QEvent *event)
{
    m_detailHover.reset();
    setHover({});
    QAbstractScrollArea::leaveEvent(event);
}

void HeatmapView::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }

    // 120 units are one notch of a standard wheel.
    const double notches = event->angleDelta().y() / 120.0;
    zoomAround(m_zoom * std::pow(ZOOM_STEP, notches), event->position());
    event->accept();
}

void HeatmapView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::ZoomIn) || (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_Equal))
        zoomIn();
    else if (event->matches(QKeySequence::ZoomOut))
        zoomOut();
    else if (event->modifiers() & Qt::ControlModifier && event->key() == Qt::Key_0)
        fitToWindow();
    else if (!moveCursor(event->key()))
        QAbstractScrollArea::keyPressEvent(event);
}

// Moves the cell cursor (drawn as the hover outline) with the arrow keys,
// and makes its row's phrase the reference on Enter. Returns false for
// other keys.
bool HeatmapView::moveCursor(int key)
{
    const int count = int(m_data.phrases.size());
    if (count == 0)
        return false;
    if (hasDetailImage())
        return moveDetailCursor(key);

    Hit cursor = m_hover.row >= 0 && m_hover.column >= 0 ? m_hover : Hit{0, 0};
    switch (key) {
    case Qt::Key_Left:
        cursor.column = std::max(0, cursor.column - 1);
        break;
    case Qt::Key_Right:
        cursor.column = std::min(count - 1, cursor.column + 1);
        break;
    case Qt::Key_Up:
        cursor.row = std::max(0, cursor.row - 1);
        break;
    case Qt::Key_Down:
        cursor.row = std::min(count - 1, cursor.row + 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        emit referenceRequested(phraseAt(cursor.row));
        return true;
    default:
        return false;
    }

    setHover(cursor);
    ensureVisible(m_layout.cellRect(cursor.row, cursor.column));
    return true;
}

// Scrolls just enough that area (in content coordinates) is in view.
void HeatmapView::ensureVisible(const QRectF &area)
{
    const QRectF view(toContent(QPointF(0, 0)), QSizeF(viewport()->size()));
    if (area.left() < view.left())
        horizontalScrollBar()->setValue(int(area.left()));
    else if (area.right() > view.right())
        horizontalScrollBar()->setValue(int(std::ceil(area.right() - view.width())));
    if (area.top() < view.top())
        verticalScrollBar()->setValue(int(area.top()));
    else if (area.bottom() > view.bottom())
        verticalScrollBar()->setValue(int(std::ceil(area.bottom() - view.height())));
}

bool HeatmapView::viewportEvent(QEvent *event)
{
    // Touch screens deliver pinches as gestures, touchpads as native events.
    if (event->type() == QEvent::Gesture) {
        auto *gestures = static_cast<QGestureEvent *>(event);
        if (auto *pinch = static_cast<QPinchGesture *>(gestures->gesture(Qt::PinchGesture))) {
            zoomAround(m_zoom * pinch->scaleFactor(), viewport()->mapFromGlobal(pinch->centerPoint()));
            return true;
        }
    }
    if (event->type() == QEvent::NativeGesture) {
        const auto *gesture = static_cast<QNativeGestureEvent *>(event);
        if (gesture->gestureType() == Qt::ZoomNativeGesture) {
            zoomAround(m_zoom * (1.0 + gesture->value()), gesture->position());
            return true;
        }
    }
    if (event->type() != QEvent::ToolTip)
        return QAbstractScrollArea::viewportEvent(event);

    auto *help = static_cast<QHelpEvent *>(event);
    const QString text = toolTipAt(help->pos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        return true;
    }

    // Tied to the cell or label, so moving to the next one replaces the text.
    const QPointF offset(horizontalScrollBar()->value(), verticalScrollBar()->value());
    int row = -1;
    int column = -1;
    const QRectF content = detailCellAt(toContent(help->pos()), row, column) ? detailCellRect(row, column)
                                                                              : contentRectOf(hitAt(help->pos()));
    QToolTip::showText(help->globalPos(), text, viewport(), content.translated(-offset).toAlignedRect());
    return true;
}

QString HeatmapView::toolTipAt(QPointF viewportPoint) const
{
    int row = -1;
    int column = -1;
    if (detailCellAt(toContent(viewportPoint), row, column))
        return detailToolTip(row, column);

    const Hit hit = hitAt(viewportPoint);
    return hit.isNone() ? QString() : toolTipFor(hit);
}

} // namespace embedscope::ui
