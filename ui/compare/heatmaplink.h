#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

namespace embedscope::ui {
class HeatmapView;
}

namespace embedscope::ui::compare {

// Keeps heatmaps of the same phrases in the same order moving together:
// zoom, scroll position, the hovered cell and the reference phrase. The views
// must show their data in the same order, so that a phrase index means the
// same row in each.
class HeatmapLink : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    void addView(HeatmapView *view);
    const QList<QPointer<HeatmapView>> &views() const { return m_views; }

    // Outlines phrase index as the reference in every view.
    void setReferenceIndex(int index);

signals:
    // A view's row or label was clicked; every view already shows index.
    void referenceRequested(int index);

private:
    void followZoom(HeatmapView *source);
    void followScroll(HeatmapView *source);
    void followHover(HeatmapView *source, int row, int column);

    QList<QPointer<HeatmapView>> m_views;
    // Set while the link moves the other views, so their own signals do not
    // echo back to the view that started the change.
    bool m_following = false;
};

} // namespace embedscope::ui::compare
