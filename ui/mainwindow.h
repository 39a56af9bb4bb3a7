#pragma once

#include "math/similaritymatrix.h"

#include <QElapsedTimer>
#include <QMainWindow>
#include <QTimer>

#include <optional>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QSplitter;
class QTableView;

namespace embedscope::workspace {
class Workspace;
struct Snapshot;
}

namespace embedscope::ui {

namespace analysis {
class AnalysisPanel;
}

namespace compare {
class CompareView;
}

class DocumentController;
class HeatmapToolBar;
class HeatmapView;
class MessageBar;
class ProviderPanel;
class ScoreSortModel;
class ScoreTableModel;

// The application window: the phrase editor and provider settings on the
// left, the heatmap in the centre, and the scores against one reference
// phrase on the right. It owns the Workspace and restores the last session
// (editor text, provider, metric, layout) from QSettings.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    workspace::Workspace *workspace() const { return m_workspace; }
    DocumentController *documents() const { return m_documents; }
    compare::CompareView *compareView() const;
    analysis::AnalysisPanel *analysisPanel() const { return m_analysisPanel; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    QWidget *createEditorPane();
    QWidget *createHeatmapPane();
    QWidget *createScorePane();
    void createCompareDock();
    void showCompareDock();
    void connectWorkspace();
    void connectAnalysis();

    void embed();
    void embedOnStartup();
    void exportHeatmap();
    void showAbout();

    void onBusyChanged(bool busy);
    void onProgressChanged(int done, int total);
    void onOverviewProgressChanged(int done, int total);
    void onSnapshotChanged();
    void onReferenceIndexChanged(int index);
    void onEmbeddingFailed(const QString &message);
    void onEmbeddingCancelled();
    void onWarningRaised(const QString &message);

    void updatePhraseCount();
    void updateReferenceCombo();
    void updateScores();
    void showHeatmap(const workspace::Snapshot &snapshot);
    void updateExpectedLabels();
    void requestReference(int index);

    void loadSession();
    void saveSession();
    QString examplePhrases() const;

    workspace::Workspace *m_workspace = nullptr;
    DocumentController *m_documents = nullptr;
    QMenu *m_fileMenu = nullptr;

    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_phraseCountLabel = nullptr;
    ProviderPanel *m_providerPanel = nullptr;
    MessageBar *m_messageBar = nullptr;
    HeatmapView *m_heatmapView = nullptr;
    HeatmapToolBar *m_heatmapToolBar = nullptr;
    analysis::AnalysisPanel *m_analysisPanel = nullptr;
    QComboBox *m_referenceCombo = nullptr;
    QTableView *m_scoreTable = nullptr;
    ScoreTableModel *m_scoreModel = nullptr;
    ScoreSortModel *m_scoreSortModel = nullptr;
    QSplitter *m_splitter = nullptr;
    QProgressBar *m_progressBar = nullptr;

    QAction *m_embedAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_undoAction = nullptr;
    QAction *m_redoAction = nullptr;
    QAction *m_compareAction = nullptr;
    QDockWidget *m_compareDock = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;

    // Saves the session shortly after the last edit, so a crash loses at most
    // a second of typing.
    QTimer m_saveTimer;
    QElapsedTimer m_runTimer;
    bool m_embedRunning = false;
    // Metric of the table's last default sort; a new metric sorts again.
    std::optional<math::Metric> m_sortedMetric;
};

} // namespace embedscope::ui
