#include "analysistable.h"

#include "render/dendrogrampainter.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>

#include <cmath>

namespace embedscope::ui::analysis {

QTableWidget *createTable(const QStringList &headers, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 10);

    QHeaderView *header = table->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    for (int column = 0; column < headers.size(); ++column)
        header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    return table;
}

QTableWidgetItem *phraseItem(const QString &phrase, int index)
{
    auto *item = new QTableWidgetItem(phrase);
    item->setToolTip(phrase);
    item->setData(RAW_VALUE_ROLE, index);
    return item;
}

QTableWidgetItem *numberItem(double value, int decimals)
{
    auto *item = new QTableWidgetItem(formatNumber(value, decimals));
    item->setData(RAW_VALUE_ROLE, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

void setTableRow(QTableWidget *table, int row, const QList<QTableWidgetItem *> &cells)
{
    for (int column = 0; column < cells.size(); ++column)
        table->setItem(row, column, cells.at(column));
}

const QList<QColor> &clusterColors()
{
    static const QList<QColor> colors = [] {
        QList<QColor> palette;
        for (int label = 0; label < CLUSTER_PALETTE_SIZE; ++label)
            palette.append(render::clusterBandColor(label));
        return palette;
    }();
    return colors;
}

const QList<QColor> &seriesColors()
{
    static const QList<QColor> colors{QColor(0x00, 0x72, 0xB2), QColor(0xE6, 0x9F, 0x00), QColor(0x00, 0x9E, 0x73),
                                      QColor(0xCC, 0x79, 0xA7)};
    return colors;
}

QString formatNumber(double value, int decimals)
{
    if (std::isnan(value))
        return QObject::tr("n/a");
    return QLocale().toString(value, 'f', decimals);
}

QString formatPercent(double share)
{
    if (std::isnan(share))
        return QObject::tr("n/a");
    return QObject::tr("%1%").arg(QLocale().toString(share * 100.0, 'f', 1));
}

} // namespace embedscope::ui::analysis
