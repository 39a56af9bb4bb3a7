#include "heatmaplink.h"

#include "heatmapview.h"

#include <QScrollBar>

namespace embedscope::ui::compare {

void HeatmapLink::addView(HeatmapView *view)
{
    m_views.append(view);
    connect(view, &HeatmapView::zoomChanged, this, [this, view] { followZoom(view); });
    connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this, [this, view] { followScroll(view); });
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this, view] { followScroll(view); });
    connect(view, &HeatmapView::hoverChanged, this,
            [this, view](int row, int column) { followHover(view, row, column); });
    connect(view, &HeatmapView::referenceRequested, this, [this](int index) {
        setReferenceIndex(index);
        emit referenceRequested(index);
    });
}

void HeatmapLink::setReferenceIndex(int index)
{
    for (HeatmapView *view : std::as_const(m_views)) {
        if (view)
            view->setReferenceIndex(index);
    }
}

// The source zoomed around the pointer, so the others take its zoom and then
// its scroll position rather than zooming around their own centres.
void HeatmapLink::followZoom(HeatmapView *source)
{
    if (m_following)
        return;
    m_following = true;
    for (HeatmapView *view : std::as_const(m_views)) {
        if (!view || view == source)
            continue;
        view->setZoom(source->zoom());
        view->horizontalScrollBar()->setValue(source->horizontalScrollBar()->value());
        view->verticalScrollBar()->setValue(source->verticalScrollBar()->value());
    }
    m_following = false;
}

void HeatmapLink::followScroll(HeatmapView *source)
{
    if (m_following)
        return;
    m_following = true;
    for (HeatmapView *view : std::as_const(m_views)) {
        if (!view || view == source)
            continue;
        view->horizontalScrollBar()->setValue(source->horizontalScrollBar()->value());
        view->verticalScrollBar()->setValue(source->verticalScrollBar()->value());
    }
    m_following = false;
}

void HeatmapLink::followHover(HeatmapView *source, int row, int column)
{
    if (m_following)
        return;
    m_following = true;
    for (HeatmapView *view : std::as_const(m_views)) {
        if (view && view != source)
            view->setHoveredCell(row, column);
    }
    m_following = false;
}

} // namespace embedscope::ui::compare
