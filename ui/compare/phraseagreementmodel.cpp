#include "phraseagreementmodel.h"

#include <QLocale>

#include <cmath>

namespace embedscope::ui::compare {

static QString formatFigure(double value)
{
    return std::isnan(value) ? PhraseAgreementModel::tr("n/a") : QLocale().toString(value, 'f', 3);
}

void PhraseAgreementModel::setAgreement(const QStringList &phrases, const math::Agreement &agreement)
{
    beginResetModel();
    m_phrases = phrases;
    m_rows = agreement.phrases;
    m_k = agreement.k;
    endResetModel();
    emit headerDataChanged(Qt::Horizontal, JaccardColumn, JaccardColumn);
}

void PhraseAgreementModel::clear()
{
    setAgreement({}, {});
}

int PhraseAgreementModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PhraseAgreementModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PhraseAgreementModel::rawData(int row, int column) const
{
    const math::PhraseAgreement &agreement = m_rows[size_t(row)];
    switch (column) {
    case PositionColumn:
        return agreement.index + 1;
    case PhraseColumn:
        return m_phrases.value(agreement.index);
    case JaccardColumn:
        return agreement.neighbourJaccard;
    case RankCorrelationColumn:
        return agreement.rankCorrelation;
    }
    return {};
}

QVariant PhraseAgreementModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};

    const int column = index.column();
    switch (role) {
    case RawValueRole:
        return rawData(index.row(), column);
    case PhraseIndexRole:
        return m_rows[size_t(index.row())].index;
    case Qt::DisplayRole:
        if (column == JaccardColumn || column == RankCorrelationColumn)
            return formatFigure(rawData(index.row(), column).toDouble());
        return rawData(index.row(), column);
    case Qt::ToolTipRole:
        return column == PhraseColumn ? rawData(index.row(), column) : QVariant();
    case Qt::TextAlignmentRole:
        return column == PhraseColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    return {};
}

QVariant PhraseAgreementModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case JaccardColumn:
            return tr("Overlap of the phrase's %1 nearest neighbours in A and in B: shared neighbours divided by "
                      "all neighbours named by either run. 1 means the same neighbours.")
                .arg(m_k);
        case RankCorrelationColumn:
            return tr("Spearman correlation of the phrase's scores against all other phrases in A and in B.");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};

    switch (section) {
    case PositionColumn:
        return tr("#");
    case PhraseColumn:
        return tr("Phrase");
    case JaccardColumn:
        return m_k > 0 ? tr("Jaccard@%1").arg(m_k) : tr("Jaccard@k");
    case RankCorrelationColumn:
        return tr("Rank correlation");
    }
    return {};
}

} // namespace embedscope::ui::compare
