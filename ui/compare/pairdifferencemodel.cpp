#include "pairdifferencemodel.h"

#include <QLocale>

#include <cmath>

namespace embedscope::ui::compare {

void PairDifferenceModel::setPairs(const QStringList &phrases, const std::vector<math::PairDisagreement> &pairs)
{
    beginResetModel();
    m_phrases = phrases;
    m_pairs = pairs;
    endResetModel();
}

int PairDifferenceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_pairs.size());
}

int PairDifferenceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairDifferenceModel::rawData(int row, int column) const
{
    const math::PairDisagreement &pair = m_pairs[size_t(row)];
    switch (column) {
    case FirstColumn:
        return m_phrases.value(pair.first);
    case SecondColumn:
        return m_phrases.value(pair.second);
    case ScoreAColumn:
        return double(pair.scoreA);
    case ScoreBColumn:
        return double(pair.scoreB);
    case RankAColumn:
        return pair.rankA;
    case RankBColumn:
        return pair.rankB;
    }
    return {};
}

QVariant PairDifferenceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};

    const int column = index.column();
    const bool isPhrase = column == FirstColumn || column == SecondColumn;
    switch (role) {
    case RawValueRole:
        return rawData(index.row(), column);
    case PhraseIndexRole:
        return m_pairs[size_t(index.row())].first;
    case Qt::DisplayRole: {
        if (isPhrase)
            return rawData(index.row(), column);
        const double value = rawData(index.row(), column).toDouble();
        if (std::isnan(value))
            return tr("n/a");
        // Tied pairs share an average rank such as 12.5, so ranks keep one
        // decimal only when they need it.
        const bool isRank = column == RankAColumn || column == RankBColumn;
        return QLocale().toString(value, 'f', isRank ? (value == std::floor(value) ? 0 : 1) : 3);
    }
    case Qt::ToolTipRole:
        return isPhrase ? rawData(index.row(), column) : QVariant();
    case Qt::TextAlignmentRole:
        return isPhrase ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant PairDifferenceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FirstColumn:
        return tr("Phrase");
    case SecondColumn:
        return tr("Other phrase");
    case ScoreAColumn:
        return tr("Score A");
    case ScoreBColumn:
        return tr("Score B");
    case RankAColumn:
        return tr("Rank A");
    case RankBColumn:
        return tr("Rank B");
    }
    return {};
}

} // namespace embedscope::ui::compare
