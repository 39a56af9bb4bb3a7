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
#include <QFormLayout>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QWidgetAction>

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

// Entries of the cut menu, in order.
enum CutChoice { NO_CUT, CUT_BY_COUNT, CUT_BY_DISTANCE };

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

// Adds a button that opens menu at once, for controls used less often than
// those on the bar itself.
static QToolButton *addMenuButton(QToolBar *bar, const QString &text, QMenu *menu)
{
    auto *button = new QToolButton(bar);
    button->setText(text);
    button->setMenu(menu);
    button->setPopupMode(QToolButton::InstantPopup);
    bar->addWidget(button);
    return button;
}

// Wraps widget so that it can sit inside a menu.
static void addWidgetToMenu(QMenu *menu, QWidget *widget)
{
    auto *action = new QWidgetAction(menu);
    action->setDefaultWidget(widget);
    menu->addAction(action);
}

QString HeatmapToolBar::orderToolTip() const
{
    return tr("Row and column order. Clustering uses distance 1 − cosine and draws the dendrogram.");
}

void HeatmapToolBar::addOrderControls()
{
    m_order = new QComboBox(this);
    m_order->setObjectName(QStringLiteral("orderCombo"));
    m_order->addItems({tr("Original order"), tr("By reference"), tr("Clustered (average)"),
                       tr("Clustered (complete)"), tr("Clustered (single)")});
    m_order->setToolTip(orderToolTip());
    addWidget(m_order);

    // Every order but the input order needs the full matrix, which a block
    // overview does not have.
    connect(m_view, &HeatmapView::overviewChanged, this, [this](bool overview) {
        if (overview)
            m_order->setCurrentIndex(0);
        m_order->setEnabled(!overview);
        m_cutMode->setEnabled(!overview);
        m_order->setToolTip(overview ? tr("This list is shown as block means in its original order, because "
                                          "sorting and clustering need the full similarity matrix, which is not "
                                          "computed for lists this large.")
                                     : orderToolTip());
    });

    // A cut colors the clusters on the label bands: into a number of
    // clusters, or wherever a merge is farther apart than a distance.
    m_cutMode = new QComboBox(this);
    m_cutMode->setObjectName(QStringLiteral("cutMode"));
    m_cutMode->addItems({tr("No cut"), tr("Cut: count"), tr("Cut: distance")});
    m_cutMode->setToolTip(tr("Color the clusters of a dendrogram cut on the label bands"));
    addWidget(m_cutMode);

    m_clusters = new QSpinBox(this);
    m_clusters->setObjectName(QStringLiteral("clusterCount"));
    m_clusters->setRange(1, 1000);
    m_clusters->setValue(4);
    m_clusters->setToolTip(tr("Number of clusters to cut the dendrogram into"));
    m_clusterAction = addWidget(m_clusters);

    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setObjectName(QStringLiteral("clusterThreshold"));
    m_threshold->setRange(0.01, 2.0);
    m_threshold->setDecimals(2);
    m_threshold->setSingleStep(0.05);
    m_threshold->setValue(0.5);
    m_threshold->setToolTip(tr("Cut the dendrogram where merges are farther apart than this distance "
                               "(1 − cosine)"));
    m_thresholdAction = addWidget(m_threshold);

    connect(m_order, &QComboBox::currentIndexChanged, this, &HeatmapToolBar::onOrderEdited);
    connect(m_cutMode, &QComboBox::currentIndexChanged, this, &HeatmapToolBar::onCutEdited);
    connect(m_clusters, &QSpinBox::valueChanged, this, &HeatmapToolBar::onCutEdited);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, &HeatmapToolBar::onCutEdited);
    updateCutControls(false);
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

    // The color range and the diagonal mask are set rarely, so they sit in
    // a menu to keep the bar within a 1400-pixel window.
    auto *menu = new QMenu(this);
    auto *range = new QWidget(menu);
    auto *form = new QFormLayout(range);
    form->setContentsMargins(8, 4, 8, 4);
    m_autoRange = new QCheckBox(tr("Automatic range"), range);
    m_autoRange->setChecked(true);
    form->addRow(m_autoRange);
    m_vmin = new QDoubleSpinBox(range);
    m_vmax = new QDoubleSpinBox(range);
    for (QDoubleSpinBox *box : {m_vmin, m_vmax}) {
        box->setRange(-1e6, 1e6);
        box->setDecimals(2);
        box->setSingleStep(0.05);
        box->setEnabled(false);
    }
    form->addRow(tr("Light end:"), m_vmin);
    form->addRow(tr("Dark end:"), m_vmax);
    m_vmin->setToolTip(tr("Score at the light end of the color scale"));
    m_vmax->setToolTip(tr("Score at the dark end of the color scale"));
    m_vmax->setValue(1.0);
    addWidgetToMenu(menu, range);

    menu->addSeparator();
    m_maskDiagonal = menu->addAction(tr("Mask diagonal"));
    m_maskDiagonal->setCheckable(true);
    m_maskDiagonal->setToolTip(tr("Hide each phrase's score against itself"));
    addMenuButton(this, tr("Scale"), menu)->setToolTip(tr("Color range and diagonal mask"));

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

    auto *menu = new QMenu(this);
    m_dataActions = {
        menu->addAction(tr("Save as SVG…"), this, &HeatmapToolBar::chooseSvgFile),
        menu->addAction(tr("Save matrix as CSV…"), this, &HeatmapToolBar::chooseCsvFile),
        menu->addAction(tr("Copy matrix"), this, &HeatmapToolBar::copyMatrix),
    };
    menu->setToolTipsVisible(true);
    m_dataActions[0]->setToolTip(tr("Save the heatmap as an SVG drawing in the current order"));
    m_dataActions[1]->setToolTip(tr("Save the matrix with labels as CSV in the current order"));
    m_dataActions[2]->setToolTip(tr("Copy the matrix as tab-separated text for a spreadsheet"));
    addMenuButton(this, tr("Export"), menu)->setToolTip(tr("Save or copy the heatmap and its matrix"));
}

// Shows the value box of the chosen cut, enabled only for a clustered order.
void HeatmapToolBar::updateCutControls(bool clustered)
{
    m_cutMode->setEnabled(clustered);
    m_clusterAction->setVisible(m_cutMode->currentIndex() == CUT_BY_COUNT);
    m_thresholdAction->setVisible(m_cutMode->currentIndex() == CUT_BY_DISTANCE);
    m_clusters->setEnabled(clustered);
    m_threshold->setEnabled(clustered);
}

void HeatmapToolBar::applyOrder()
{
    const OrderChoice &choice = ORDER_CHOICES[std::max(0, m_order->currentIndex())];
    const bool clustered = choice.mode == math::OrderMode::Clustered;
    updateCutControls(clustered);

    const int cut = clustered ? m_cutMode->currentIndex() : NO_CUT;
    const double threshold = cut == CUT_BY_DISTANCE ? m_threshold->value() : 0.0;
    const int count = cut == CUT_BY_COUNT ? m_clusters->value() : 0;
    m_view->setOrder({choice.mode, 0, choice.linkage}, threshold, count);
}

void HeatmapToolBar::onOrderEdited()
{
    applyOrder();
    const OrderChoice &choice = ORDER_CHOICES[std::max(0, m_order->currentIndex())];
    if (choice.mode == math::OrderMode::Clustered)
        emit clusterLinkageEdited(choice.linkage);
}

void HeatmapToolBar::onCutEdited()
{
    applyOrder();
    switch (m_cutMode->currentIndex()) {
    case CUT_BY_COUNT:
        emit clusterCutEdited(std::nullopt, m_clusters->value());
        break;
    case CUT_BY_DISTANCE:
        emit clusterCutEdited(m_threshold->value(), 0);
        break;
    default:
        emit clusterCutEdited(std::nullopt, 0);
        break;
    }
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

    // NOTE: the distance box starts at 0.01, so a smaller distance from the
    // Clusters view cuts the bands at 0.01.
    const QSignalBlocker modeBlocker(m_cutMode);
    const QSignalBlocker countBlocker(m_clusters);
    const QSignalBlocker distanceBlocker(m_threshold);
    if (distance) {
        m_cutMode->setCurrentIndex(CUT_BY_DISTANCE);
        m_threshold->setValue(*distance);
    } else if (count > 0) {
        m_cutMode->setCurrentIndex(CUT_BY_COUNT);
        m_clusters->setValue(count);
    } else {
        m_cutMode->setCurrentIndex(NO_CUT);
    }
    applyOrder();
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
    const auto written = render::exportHeatmapSvg(m_view->imageExportData(), m_view->style(), path);
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
