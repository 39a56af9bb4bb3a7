#include "comparetooltips.h"

#include "comparison.h"
#include "heatmapview.h"

#include <QHelpEvent>
#include <QLocale>
#include <QScrollBar>
#include <QToolTip>

#include <cmath>

namespace embedscope::ui::compare {

CompareToolTips::CompareToolTips(std::function<const Comparison *()> comparison, QObject *parent)
    : QObject(parent)
    , m_comparison(std::move(comparison))
{}

// The filter receives the viewport's tooltip event before the view does,
// because filters installed later run first.
void CompareToolTips::addView(HeatmapView *view)
{
    m_views.push_back(view);
    view->viewport()->installEventFilter(this);
}

void CompareToolTips::setLabels(const QString &runA, const QString &runB, const QString &difference)
{
    m_labelA = runA;
    m_labelB = runB;
    m_labelDifference = difference;
}

static QString formatValue(float value)
{
    return std::isnan(value) ? CompareToolTips::tr("n/a") : QLocale().toString(double(value), 'f', 3);
}

QString CompareToolTips::phraseLine(int position) const
{
    const Comparison *comparison = m_comparison();
    const int phrase = comparison->permutation[size_t(position)];
    return tr("<p><b>Phrase %1:</b> %2</p>").arg(phrase + 1).arg(m_phrases.value(phrase).toHtmlEscaped());
}

QString CompareToolTips::textAt(int row, int column) const
{
    const Comparison *comparison = m_comparison();
    const int count = comparison ? int(comparison->permutation.size()) : 0;
    if (row >= count || column >= count || (row < 0 && column < 0))
        return {};
    if (row < 0 || column < 0)
        return phraseLine(row >= 0 ? row : column);

    return phraseLine(row) + phraseLine(column)
           + tr("<p>%1: <b>%2</b><br>%3: <b>%4</b><br>%5: <b>%6</b></p>")
                 .arg(m_labelA.toHtmlEscaped(), formatValue(comparison->a.matrix.at(row, column)),
                      m_labelB.toHtmlEscaped(), formatValue(comparison->b.matrix.at(row, column)),
                      m_labelDifference.toHtmlEscaped(), formatValue(comparison->difference.matrix.at(row, column)));
}

bool CompareToolTips::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return false;
    HeatmapView *view = nullptr;
    for (HeatmapView *candidate : m_views) {
        if (candidate->viewport() == watched)
            view = candidate;
    }
    if (!view)
        return false;

    const auto *help = static_cast<QHelpEvent *>(event);
    const QPointF point = QPointF(help->pos())
                          + QPointF(view->horizontalScrollBar()->value(), view->verticalScrollBar()->value());
    const render::HeatmapLayout &layout = view->heatmapLayout();
    int row = -1;
    int column = -1;
    if (layout.grid.contains(point)) {
        row = layout.rowAt(point);
        column = layout.columnAt(point);
    } else {
        row = layout.rowLabelAt(point);
        column = row < 0 ? layout.columnLabelAt(point) : -1;
    }

    const QString text = textAt(row, column);
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, view->viewport());
    return true;
}

} // namespace embedscope::ui::compare
