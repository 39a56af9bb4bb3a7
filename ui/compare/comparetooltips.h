#pragma once

#include <QObject>
#include <QStringList>

#include <functional>
#include <vector>

namespace embedscope::ui {
class HeatmapView;
}

namespace embedscope::ui::compare {

struct Comparison;

// Tooltips of the linked heatmaps: for a cell, both phrases with their
// numbers in the phrase list and the cell's value in A, in B and in the
// difference; for a label, the phrase and its number. The heatmaps draw
// their data already in the shared order, so their own tooltips would
// number phrases by drawn position.
class CompareToolTips : public QObject
{
    Q_OBJECT

public:
    // comparison returns the comparison shown, or nullptr while none is.
    CompareToolTips(std::function<const Comparison *()> comparison, QObject *parent = nullptr);

    void addView(HeatmapView *view);
    void setLabels(const QString &runA, const QString &runB, const QString &difference);
    void setPhrases(const QStringList &phrases) { m_phrases = phrases; }

    // Returns the tooltip of the cell at row and column of the shared order.
    // Column -1 means a row label, and row -1 a column label.
    QString textAt(int row, int column) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QString phraseLine(int position) const;

    std::function<const Comparison *()> m_comparison;
    std::vector<HeatmapView *> m_views;
    QStringList m_phrases;
    QString m_labelA;
    QString m_labelB;
    QString m_labelDifference;
};

} // namespace embedscope::ui::compare
