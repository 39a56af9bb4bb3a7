#pragma once

#include <QStyledItemDelegate>

namespace embedscope::ui::analysis {

// Paints a number cell as a bar behind its text. The bar's length is the raw
// value's position between the minimum and maximum set on the delegate, so
// the closest phrase has the longest bar also for distances when reversed.
class ScoreBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void setRange(double minimum, double maximum, bool reversed);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    double m_minimum = 0.0;
    double m_maximum = 1.0;
    bool m_reversed = false;
};

} // namespace embedscope::ui::analysis
