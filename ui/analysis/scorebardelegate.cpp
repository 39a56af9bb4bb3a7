#include "scorebardelegate.h"

#include "analysistable.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace embedscope::ui::analysis {

void ScoreBarDelegate::setRange(double minimum, double maximum, bool reversed)
{
    m_minimum = minimum;
    m_maximum = maximum;
    m_reversed = reversed;
}

void ScoreBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // The default paint fills the cell background, so the translucent bar
    // goes on top of it and of the text.
    QStyledItemDelegate::paint(painter, option, index);

    const double value = index.data(RAW_VALUE_ROLE).toDouble();
    const double span = m_maximum - m_minimum;
    if (!std::isnan(value) && span > 0.0) {
        double fraction = std::clamp((value - m_minimum) / span, 0.0, 1.0);
        if (m_reversed)
            fraction = 1.0 - fraction;

        QRectF bar = QRectF(option.rect).adjusted(2, 4, -2, -4);
        bar.setWidth(std::max(1.0, bar.width() * fraction));
        QColor color = option.palette.color(QPalette::Highlight);
        color.setAlpha(70);
        painter->save();
        painter->fillRect(bar, color);
        painter->restore();
    }
}

} // namespace embedscope::ui::analysis
