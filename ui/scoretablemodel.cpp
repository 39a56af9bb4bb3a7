#include "scoretablemodel.h"

#include <QFont>
#include <QLocale>

#include <cmath>
#include <limits>

namespace embedscope::ui {

static constexpr int SCORE_DECIMALS = 3;

// Tooltips go through rich text so that long phrases wrap and markup-like
// phrases ("<b>") show literally.
static QString plainToolTip(const QString &text)
{
    return QStringLiteral("<p>") + text.toHtmlEscaped() + QStringLiteral("</p>");
}

ScoreTableModel::ScoreTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ScoreTableModel::setScores(const QStringList &phrases, const math::SimilarityMatrix &matrix,
                                int reference)
{
    Q_ASSERT(matrix.size() == phrases.size());
    Q_ASSERT(reference >= 0 && reference < phrases.size());

    beginResetModel();
    m_phrases = phrases;
    m_metric = matrix.metric();
    m_reference = reference;
    m_scores.assign(size_t(phrases.size()), std::numeric_limits<double>::quiet_NaN());
    for (int column = 0; column < phrases.size(); ++column)
        m_scores[size_t(column)] = double(matrix.at(reference, column));
    endResetModel();

    // The header names the metric, which may have changed with the matrix.
    emit headerDataChanged(Qt::Horizontal, ScoreColumn, ScoreColumn);
}

void ScoreTableModel::setScores(const QStringList &phrases, const std::vector<float> &row, math::Metric metric,
                                int reference)
{
    Q_ASSERT(row.size() == size_t(phrases.size()));
    Q_ASSERT(reference >= 0 && reference < phrases.size());

    beginResetModel();
    m_phrases = phrases;
    m_metric = metric;
    m_reference = reference;
    m_scores.assign(row.begin(), row.end());
    endResetModel();

    emit headerDataChanged(Qt::Horizontal, ScoreColumn, ScoreColumn);
}

void ScoreTableModel::clear()
{
    beginResetModel();
    m_phrases.clear();
    m_scores.clear();
    m_reference = -1;
    endResetModel();
}

void ScoreTableModel::setLabels(const QStringList &labels)
{
    m_labels = labels;
}

Qt::SortOrder ScoreTableModel::defaultSortOrder() const
{
    return math::higherIsCloser(m_metric) ? Qt::DescendingOrder : Qt::AscendingOrder;
}

int ScoreTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_phrases.size());
}

int ScoreTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScoreTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};

    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case RawValueRole:
        return rawData(row, column);
    case IsReferenceRole:
        return row == m_reference;
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case Qt::TextAlignmentRole:
        if (column == PhraseColumn)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (row == m_reference) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    }
    return {};
}

QVariant ScoreTableModel::displayData(int row, int column) const
{
    switch (column) {
    case PositionColumn:
        return row + 1;
    case PhraseColumn:
        return m_phrases.at(row);
    case ScoreColumn:
        return formatScore(m_scores[size_t(row)]);
    }
    return {};
}

QVariant ScoreTableModel::rawData(int row, int column) const
{
    switch (column) {
    case PositionColumn:
        return row + 1;
    case PhraseColumn:
        return m_phrases.at(row);
    case ScoreColumn:
        return m_scores[size_t(row)];
    }
    return {};
}

QVariant ScoreTableModel::toolTipData(int row, int column) const
{
    const double score = m_scores[size_t(row)];
    switch (column) {
    case PositionColumn:
        return tr("Line %1 of the phrase list").arg(row + 1);
    case PhraseColumn: {
        QString text = m_phrases.at(row);
        if (m_labels.size() == m_phrases.size())
            text += QLatin1Char('\n') + tr("Label: %1").arg(m_labels.at(row));
        if (row == m_reference)
            text += QLatin1Char('\n') + tr("(reference phrase)");
        return plainToolTip(text);
    }
    case ScoreColumn:
        if (std::isnan(score))
            return tr("Undefined: one of the two vectors is all zeros.");
        // Full precision, for values that round to the same display text.
        return QLocale().toString(score, 'g', 7);
    }
    return {};
}

QString ScoreTableModel::formatScore(double score) const
{
    if (std::isnan(score))
        return tr("n/a");
    return QLocale().toString(score, 'f', SCORE_DECIMALS);
}

QVariant ScoreTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);

    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue((section == PhraseColumn ? Qt::AlignLeft : Qt::AlignRight)
                                   | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};

    switch (section) {
    case PositionColumn:
        return role == Qt::DisplayRole ? tr("#") : tr("Position in the phrase list");
    case PhraseColumn:
        return tr("Phrase");
    case ScoreColumn:
        if (role == Qt::ToolTipRole)
            return math::higherIsCloser(m_metric) ? tr("Higher means more similar")
                                                  : tr("Lower means more similar");
        return math::metricTitle(m_metric);
    }
    return {};
}

} // namespace embedscope::ui
