#include "heatmaptoolbar.h"

#include "heatmapview.h"
#include "uilogging.h"

#include "render/heatmapexport.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>
#include <limits>

namespace embedscope::ui {

namespace {

// One entry of the order menu: a mode and, for clustering, its linkage.
struct OrderChoice
{
    math::OrderMode mode;
    math::Linkage linkage;
};

const OrderChoice ORDER_CHOICES[] = {
    {math::OrderMode::Original, math::Linkage::Average},
    {math::OrderMode::Reference, math::Linkage::Average},
    {math::OrderMode::Clustered, math::Linkage::Average},
    {math::OrderMode::Clustered, math::Linkage::Complete},
    {math::OrderMode::Clustered, math::Linkage::Single},
};

} // namespace

HeatmapToolBar::HeatmapToolBar(HeatmapView *view, QWidget *parent)
    : QToolBar(tr("Heatmap"), parent)
    , m_view(view)
{
    setObjectName(QStringLiteral("heatmapToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    addOrderControls();
    addSeparator();
    addColorControls();
    addSeparator();
    addViewActions();
}

void HeatmapToolBar::addOrderControls()
{
    addWidget(new QLabel(tr("Order "), this));
    m_order = new QComboBox(this);
    m_order->setObjectName(QStringLiteral("orderCombo"));
    m_order->addItems({tr("Original"), tr("By reference"), tr("Clustered (average)"), tr("Clustered (complete)"),
                       tr("Clustered (single)")});
    m_order->setToolTip(tr("Row and column order. Clustering uses distance 1 − cosine and draws the dendrogram."));
    addWidget(m_order);

    m_clusters = new QSpinBox(this);
    m_clusters->setObjectName(QStringLiteral("clusterCount"));
    m_clusters->setRange(0, 1000);
    m_clusters->setSpecialValueText(tr("No cut"));
    m_clusters->setPrefix(tr("Clusters: "));
    m_clusters->setToolTip(tr("Cut the dendrogram into this many clusters and color them on the label bands."));
    m_clusters->setEnabled(false);
    addWidget(m_clusters);

    connect(m_order, &QComboBox::currentIndexChanged, this, &HeatmapToolBar::onOrderEdited);
    connect(m_clusters, &QSpinBox::valueChanged, this, &HeatmapToolBar::onClusterCountEdited);
}

void HeatmapToolBar::addColorControls()
{
    m_colormap = new QComboBox(this);
    m_colormap->setObjectName(QStringLiteral("colormapCombo"));
    for (render::ColormapKind kind : render::colormapKinds())
        m_colormap->addItem(render::colormapName(kind), QVariant::fromValue(int(kind)));
    m_colormap->setItemText(0, tr("auto"));
    m_colormap->setToolTip(tr("Colormap. auto is Greens, or red-blue centred on 0 when a score is negative."));
    addWidget(m_colormap);

    m_autoRange = new QCheckBox(tr("Auto range"), this);
    m_autoRange->setChecked(true);
    addWidget(m_autoRange);
    m_vmin = new QDoubleSpinBox(this);
    m_vmax = new QDoubleSpinBox(this);
    for (QDoubleSpinBox *box : {m_vmin, m_vmax}) {
        box->setRange(-1e6, 1e6);
        box->setDecimals(2);
        box->setSingleStep(0.05);
        box->setEnabled(false);
        addWidget(box);
    }
    m_vmin->setToolTip(tr("Score at the light end of the color scale"));
    m_vmax->setToolTip(tr("Score at the dark end of the color scale"));
    m_vmax->setValue(1.0);

    m_maskDiagonal = addAction(tr("Mask diagonal"));
    m_maskDiagonal->setCheckable(true);
    m_maskDiagonal->setToolTip(tr("Hide each phrase's score against itself"));

    connect(m_colormap, &QComboBox::currentIndexChanged, this, &HeatmapToolBar::applyStyle);
    connect(m_autoRange, &QCheckBox::toggled, this, &HeatmapToolBar::applyStyle);
    connect(m_vmin, &QDoubleSpinBox::valueChanged, this, &HeatmapToolBar::applyStyle);
    connect(m_vmax, &QDoubleSpinBox::valueChanged, this, &HeatmapToolBar::applyStyle);
    connect(m_maskDiagonal, &QAction::toggled, this, &HeatmapToolBar::applyStyle);
}

void HeatmapToolBar::addViewActions()
{
    QAction *fit = addAction(tr("Fit"), m_view, &HeatmapView::fitToWindow);
    fit->setToolTip(tr("Fit the heatmap to the window (Ctrl+0); Ctrl+wheel or Ctrl+= and Ctrl+- zoom"));

    m_dataActions = {
        addAction(tr("SVG…"), this, &HeatmapToolBar::chooseSvgFile),
        addAction(tr("CSV…"), this, &HeatmapToolBar::chooseCsvFile),
        addAction(tr("Copy"), this, &HeatmapToolBar::copyMatrix),
    };
    m_dataActions[0]->setToolTip(tr("Save the heatmap as an SVG drawing in the current order"));
    m_dataActions[1]->setToolTip(tr("Save the matrix with labels as CSV in the current order"));
    m_dataActions[2]->setToolTip(tr("Copy the matrix as tab-separated text for a spreadsheet"));
}

void HeatmapToolBar::applyOrder()
{
    const OrderChoice &choice = ORDER_CHOICES[std::max(0, m_order->currentIndex())];
    const bool clustered = choice.mode == math::OrderMode::Clustered;
    m_clusters->setEnabled(clustered);
    const double distance = clustered && m_cutDistance ? *m_cutDistance : 0.0;
    const int count = clustered && !m_cutDistance ? m_clusters->value() : 0;
    m_view->setOrder({choice.mode, 0, choice.linkage}, distance, count);
}

void HeatmapToolBar::onOrderEdited()
{
    applyOrder();
    const OrderChoice &choice = ORDER_CHOICES[std::max(0, m_order->currentIndex())];
    if (choice.mode == math::OrderMode::Clustered)
        emit clusterLinkageEdited(choice.linkage);
}

void HeatmapToolBar::onClusterCountEdited()
{
    m_cutDistance.reset();
    applyOrder();
    emit clusterCountEdited(m_clusters->value());
}

void HeatmapToolBar::setClusterCut(math::Linkage linkage, std::optional<double> distance, int count)
{
    const OrderChoice &current = ORDER_CHOICES[std::max(0, m_order->currentIndex())];
    if (current.mode == math::OrderMode::Clustered && current.linkage != linkage) {
        const auto *match = std::find_if(std::begin(ORDER_CHOICES), std::end(ORDER_CHOICES), [linkage](const auto &c) {
            return c.mode == math::OrderMode::Clustered && c.linkage == linkage;
        });
        const QSignalBlocker blocker(m_order);
        m_order->setCurrentIndex(int(match - std::begin(ORDER_CHOICES)));
    }

    // NOTE: a distance cut of exactly 0 reaches the view as "no cut", so it
    // draws no bands although the Clusters view lists single phrases.
    m_cutDistance = distance;
    if (!distance) {
        const QSignalBlocker blocker(m_clusters);
        m_clusters->setValue(count);
    }
    applyOrder();
}

void HeatmapToolBar::showClusterCount(int count)
{
    if (!m_cutDistance)
        return;
    const QSignalBlocker blocker(m_clusters);
    m_clusters->setValue(count);
}

void HeatmapToolBar::applyStyle()
{
    render::HeatmapStyle style = m_view->style();
    style.colormap = render::ColormapKind(m_colormap->currentData().toInt());
    style.maskDiagonal = m_maskDiagonal->isChecked();

    const bool fixed = !m_autoRange->isChecked();
    m_vmin->setEnabled(fixed);
    m_vmax->setEnabled(fixed);
    const double automatic = std::numeric_limits<double>::quiet_NaN();
    style.vmin = fixed ? m_vmin->value() : automatic;
    style.vmax = fixed ? m_vmax->value() : automatic;
    m_view->setStyle(style);
}

bool HeatmapToolBar::exportSvg(const QString &path)
{
    const auto written = render::exportHeatmapSvg(m_view->data(), m_view->style(), path);
    if (!written) {
        qCWarning(lcUi) << "SVG export to" << path << "failed:" << written.error();
        QMessageBox::warning(this, tr("Export failed"), written.error());
        return false;
    }
    return true;
}

bool HeatmapToolBar::exportCsv(const QString &path)
{
    QSaveFile file(path);
    const QByteArray csv = render::heatmapMatrixCsv(m_view->data());
    if (file.open(QIODevice::WriteOnly) && file.write(csv) == csv.size() && file.commit())
        return true;

    const QString message =
        tr("Could not write the matrix to %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
    qCWarning(lcUi) << "CSV export to" << path << "failed:" << file.errorString();
    QMessageBox::warning(this, tr("Export failed"), message);
    return false;
}

void HeatmapToolBar::copyMatrix()
{
    QApplication::clipboard()->setText(render::heatmapTabSeparated(m_view->data()));
}

void HeatmapToolBar::chooseSvgFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export heatmap as SVG"),
                                                      QDir::home().filePath(QStringLiteral("heatmap.svg")),
                                                      tr("SVG drawings (*.svg)"));
    if (!path.isEmpty())
        exportSvg(path);
}

void HeatmapToolBar::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export matrix as CSV"),
                                                      QDir::home().filePath(QStringLiteral("matrix.csv")),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportCsv(path);
}

} // namespace embedscope::ui
