#pragma once

#include "math/agreement.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace embedscope::ui::compare {

// The pairs whose ranks differ most between runs A and B, with both scores
// and both ranks (1 = the closest pair of that run), largest difference
// first. Sort it through ScoreSortModel, which reads RawValueRole.
class PairDifferenceModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { FirstColumn, SecondColumn, ScoreAColumn, ScoreBColumn, RankAColumn, RankBColumn, ColumnCount };

    // Typed value for sorting: QString phrases, double scores and ranks.
    static constexpr int RawValueRole = Qt::UserRole + 1;
    // Phrase-list index of the row's first phrase.
    static constexpr int PhraseIndexRole = Qt::UserRole + 3;

    using QAbstractTableModel::QAbstractTableModel;

    void setPairs(const QStringList &phrases, const std::vector<math::PairDisagreement> &pairs);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant rawData(int row, int column) const;

    QStringList m_phrases;
    std::vector<math::PairDisagreement> m_pairs;
};

} // namespace embedscope::ui::compare
