#pragma once

#include <QToolBar>

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

private:
    void addOrderControls();
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
