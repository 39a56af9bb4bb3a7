#pragma once

#include "math/agreement.h"

#include <QAbstractTableModel>
#include <QStringList>

namespace embedscope::ui::compare {

// Agreement of two runs on each phrase: its position in the list, its text,
// the Jaccard overlap of its k nearest neighbours and the rank correlation
// of its row. Sort it through ScoreSortModel, which reads RawValueRole.
class PhraseAgreementModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { PositionColumn, PhraseColumn, JaccardColumn, RankCorrelationColumn, ColumnCount };

    // Typed value for sorting: int position (1-based), QString phrase,
    // double figures (NaN where undefined). Same value as
    // ScoreTableModel::RawValueRole, so ScoreSortModel sorts this model too.
    static constexpr int RawValueRole = Qt::UserRole + 1;
    // Phrase-list index of the row, for linking a selection to the heatmaps.
    static constexpr int PhraseIndexRole = Qt::UserRole + 3;

    using QAbstractTableModel::QAbstractTableModel;

    void setAgreement(const QStringList &phrases, const math::Agreement &agreement);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant rawData(int row, int column) const;

    QStringList m_phrases;
    std::vector<math::PhraseAgreement> m_rows;
    int m_k = 0;
};

} // namespace embedscope::ui::compare
