#pragma once

#include "math/similaritymatrix.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace embedscope::ui {

// Scores of every phrase against one reference phrase: position, full text
// and score. Views sort it through ScoreSortModel, which reads RawValueRole,
// so the display text can keep its rounding.
class ScoreTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { PositionColumn, PhraseColumn, ScoreColumn, ColumnCount };

    // Typed value for sorting: int position, QString phrase, double score
    // (NaN where the metric is undefined).
    static constexpr int RawValueRole = Qt::UserRole + 1;

    // True for the reference phrase's row.
    static constexpr int IsReferenceRole = Qt::UserRole + 2;

    explicit ScoreTableModel(QObject *parent = nullptr);

    // Replaces all rows with the scores of phrases against
    // phrases[reference], taken from matrix row reference.
    void setScores(const QStringList &phrases, const math::SimilarityMatrix &matrix, int reference);
    // The same from the reference's row alone (one score per phrase), for a
    // list whose full matrix is not held.
    void setScores(const QStringList &phrases, const std::vector<float> &row, math::Metric metric, int reference);
    void clear();

    // Expected label per phrase, named in the phrase's tooltip; empty for
    // none. Kept across setScores() until replaced.
    void setLabels(const QStringList &labels);

    math::Metric metric() const { return m_metric; }
    int referenceIndex() const { return m_reference; }

    // Returns the order that puts the closest phrases first: descending for
    // similarities, ascending for distances.
    Qt::SortOrder defaultSortOrder() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant displayData(int row, int column) const;
    QVariant rawData(int row, int column) const;
    QVariant toolTipData(int row, int column) const;
    QString formatScore(double score) const;

    QStringList m_phrases;
    QStringList m_labels;
    std::vector<double> m_scores;
    math::Metric m_metric = math::Metric::Cosine;
    int m_reference = -1;
};

} // namespace embedscope::ui
