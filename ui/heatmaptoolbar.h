#pragma once

#include "math/clustering.h"

#include <QToolBar>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace embedscope::ui {

class HeatmapView;

// Controls for one HeatmapView: order and clustering with a cut by count or
// distance, colormap, and menus for the color range, the diagonal mask and
// the SVG, CSV and clipboard exports. Every change goes straight to the view.
class HeatmapToolBar : public QToolBar
{
    Q_OBJECT

public:
    explicit HeatmapToolBar(HeatmapView *view, QWidget *parent = nullptr);

    // Writes the heatmap as SVG, or the matrix as CSV, both in the current
    // order. Returns false and warns the user when writing fails.
    bool exportSvg(const QString &path);
    bool exportCsv(const QString &path);
    // Puts the matrix on the clipboard as tab-separated text with labels.
    void copyMatrix();

    // Follows a cluster cut chosen elsewhere (the Clusters view): a
    // clustered order switches to linkage, and the bands are cut at
    // distance when it is set, else into count clusters. Emits nothing.
    void setClusterCut(math::Linkage linkage, std::optional<double> distance, int count);

signals:
    // The user chose a clustered order with this linkage.
    void clusterLinkageEdited(math::Linkage linkage);
    // The user changed the cut: a distance when set, else a count; a count
    // of 0 means no cut and no bands.
    void clusterCutEdited(std::optional<double> distance, int count);

private:
    void onOrderEdited();
    void onCutEdited();
    void addOrderControls();
    QString orderToolTip() const;
    void addColorControls();
    void addViewActions();
    void updateCutControls(bool clustered);
    void applyOrder();
    void applyStyle();
    void chooseSvgFile();
    void chooseCsvFile();

    HeatmapView *m_view = nullptr;
    QComboBox *m_order = nullptr;
    QComboBox *m_cutMode = nullptr;
    QSpinBox *m_clusters = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QAction *m_clusterAction = nullptr;
    QAction *m_thresholdAction = nullptr;
    QComboBox *m_colormap = nullptr;
    QCheckBox *m_autoRange = nullptr;
    QDoubleSpinBox *m_vmin = nullptr;
    QDoubleSpinBox *m_vmax = nullptr;
    QAction *m_maskDiagonal = nullptr;
    QList<QAction *> m_dataActions;
};

} // namespace embedscope::ui
