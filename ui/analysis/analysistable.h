#pragma once

#include "render/dendrogrampainter.h"

#include <QColor>
#include <QList>
#include <QStringList>

class QTableWidget;
class QTableWidgetItem;
class QWidget;

namespace embedscope::ui::analysis {

// Role under which table items keep their unformatted value: the phrase
// index for phrase cells, the double for number cells.
inline constexpr int RAW_VALUE_ROLE = 0x0100 + 1; // Qt::UserRole + 1

// A read-only, row-selecting table with the house look of the score table.
QTableWidget *createTable(const QStringList &headers, QWidget *parent);

// A phrase cell: the text, elided by the view, the full text as tooltip and
// the phrase index as raw value.
QTableWidgetItem *phraseItem(const QString &phrase, int index);

// A right-aligned number cell; NaN shows as "n/a".
QTableWidgetItem *numberItem(double value, int decimals = 3);

// Fills a table row by row from cells, resizing it first.
void setTableRow(QTableWidget *table, int row, const QList<QTableWidgetItem *> &cells);

// Colours of clusters 0, 1, ... as the heatmap's cluster bands draw them
// (render::clusterBandColor), for charts that take a list and repeat it.
inline constexpr int CLUSTER_PALETTE_SIZE = render::CLUSTER_BAND_COLOR_COUNT;
const QList<QColor> &clusterColors();

// Colours of chart series that are not clusters, distinguishable on white
// and for common colour blindness (Okabe and Ito's palette).
const QList<QColor> &seriesColors();

// Format for scores and shares in labels: 3 decimals, "n/a" for NaN.
QString formatNumber(double value, int decimals = 3);
QString formatPercent(double share);

} // namespace embedscope::ui::analysis
