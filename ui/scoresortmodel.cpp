#include "scoresortmodel.h"

#include "scoretablemodel.h"

#include <cmath>

namespace embedscope::ui {

ScoreSortModel::ScoreSortModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ScoreTableModel::RawValueRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setSortLocaleAware(true);
}

bool ScoreSortModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant leftValue = left.data(sortRole());
    const QVariant rightValue = right.data(sortRole());
    if (leftValue.typeId() != QMetaType::Double || rightValue.typeId() != QMetaType::Double)
        return QSortFilterProxyModel::lessThan(left, right);

    const double a = leftValue.toDouble();
    const double b = rightValue.toDouble();
    const bool aUndefined = std::isnan(a);
    const bool bUndefined = std::isnan(b);

    // A descending sort reverses this comparison, so NaN has to count as
    // the largest value when ascending and the smallest when descending.
    if (aUndefined || bUndefined) {
        if (aUndefined && bUndefined)
            return false;
        const bool nanIsLargest = sortOrder() == Qt::AscendingOrder;
        return aUndefined ? !nanIsLargest : nanIsLargest;
    }
    return a < b;
}

} // namespace embedscope::ui
