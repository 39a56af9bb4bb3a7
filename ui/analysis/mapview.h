#pragma once

#include "math/projection.h"

#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

class BackgroundRunner;
class ScatterMap;

// A 2D map of the phrases by PCA or t-SNE, coloured by cluster. Hovering a
// point shows its phrase; clicking it makes that phrase the reference. The
// projection runs off the UI thread.
class MapView : public QWidget
{
    Q_OBJECT

public:
    enum class Method { Pca, Tsne };

    explicit MapView(workspace::Workspace *workspace, QWidget *parent = nullptr);

    bool isBusy() const;
    void setMethod(Method method);

    // Cluster label per phrase for the point colours; empty for one colour.
    void setClusterLabels(const std::vector<int> &labels);

    const std::optional<math::Projection> &projection() const { return m_projection; }
    ScatterMap *scatterMap() const { return m_scatter; }

private:
    void recompute();
    void showMap();

    workspace::Workspace *m_workspace = nullptr;
    QComboBox *m_methodCombo = nullptr;
    QLabel *m_noteLabel = nullptr;
    ScatterMap *m_scatter = nullptr;
    BackgroundRunner *m_runner = nullptr;
    std::optional<math::Projection> m_projection;
    std::vector<int> m_clusterLabels;
};

} // namespace embedscope::ui::analysis
