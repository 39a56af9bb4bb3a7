#pragma once

#include <QSortFilterProxyModel>

namespace embedscope::ui {

// Sorts a ScoreTableModel on its typed RawValueRole, so scores order as
// numbers, not as display text, and undefined (NaN) scores stay at the end
// in both directions.
class ScoreSortModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit ScoreSortModel(QObject *parent = nullptr);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
};

} // namespace embedscope::ui
