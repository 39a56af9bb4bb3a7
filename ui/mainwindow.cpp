#include "mainwindow.h"

#include "analysis/analysispanel.h"
#include "analysis/classificationview.h"
#include "analysis/clustersview.h"
#include "analysis/outliersview.h"
#include "compare/compareview.h"
#include "heatmaptoolbar.h"
#include "documentcontroller.h"
#include "heatmapview.h"
#include "messagebar.h"
#include "phraseeditor.h"
#include "providerpanel.h"
#include "scoresortmodel.h"
#include "scoretablemodel.h"
#include "sessionsettings.h"
#include "uilogging.h"

#include "embedding/embeddingcache.h"
#include "render/heatmapexport.h"
#include "render/overviewdata.h"
#include "text/labels.h"
#include "text/phraselist.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSettings>
#include <QStandardItemModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace embedscope::ui {

static const QString EDITOR_TEXT_KEY = QStringLiteral("editor/text");
static const QString GEOMETRY_KEY = QStringLiteral("window/geometry");
static const QString STATE_KEY = QStringLiteral("window/state");
static const QString SPLITTER_KEY = QStringLiteral("window/splitter");
static const QString EXPORT_DIRECTORY_KEY = QStringLiteral("export/directory");

// Exported PNGs are drawn at twice the logical size, sharp on high-density
// screens and in slides.
static constexpr double EXPORT_SCALE = 2.0;

// Entries of the reference combo are cut at this many characters. The full
// text is in each entry's tooltip and in the table.
static constexpr int REFERENCE_LABEL_CHARS = 40;

static QIcon themeIcon(const QString &name, QStyle::StandardPixmap fallback, const QStyle *style)
{
    return QIcon::fromTheme(name, style->standardIcon(fallback));
}

// Core messages start in lower case so they can follow a prefix; the
// message bar shows them as sentences.
static QString asSentence(QString message)
{
    if (!message.isEmpty())
        message[0] = message[0].toUpper();
    return message;
}

static QString formatDuration(qint64 milliseconds)
{
    if (milliseconds < 1000)
        return MainWindow::tr("%1 ms").arg(milliseconds);
    return MainWindow::tr("%1 s").arg(QLocale().toString(double(milliseconds) / 1000.0, 'f', 1));
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_workspace(new workspace::Workspace(this))
{
    setWindowTitle(tr("Embedscope"));
    createActions();
    createMenus();
    createToolBar();
    createStatusBar();

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(createEditorPane());
    m_splitter->addWidget(createHeatmapPane());
    m_splitter->addWidget(createScorePane());
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 0);
    m_splitter->setSizes({320, 720, 380});
    setCentralWidget(m_splitter);

    m_documents = new DocumentController(this, m_workspace, m_editor, m_providerPanel, m_messageBar);
    m_documents->addFileActions(m_fileMenu, m_exportAction);

    // The analyses of the same snapshot, docked below so the heatmap keeps
    // the centre; the user can move or float the dock.
    auto *analysisDock = new QDockWidget(tr("Analysis"), this);
    analysisDock->setObjectName(QStringLiteral("analysisDock"));
    m_analysisPanel = new analysis::AnalysisPanel(m_workspace, analysisDock);
    analysisDock->setWidget(m_analysisPanel);
    addDockWidget(Qt::BottomDockWidgetArea, analysisDock);
    resizeDocks({analysisDock}, {280}, Qt::Vertical); // a saved layout overrides this
    createCompareDock();

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(1000);
    connect(&m_saveTimer, &QTimer::timeout, this, &MainWindow::saveSession);
    connect(compareView(), &compare::CompareView::optionsChanged, &m_saveTimer, qOverload<>(&QTimer::start));

    connectWorkspace();
    connectAnalysis();
    loadSession();
    onBusyChanged(false);
    QTimer::singleShot(0, this, &MainWindow::embedOnStartup);
}

MainWindow::~MainWindow() = default;

// Three heatmaps and two tables need more room than the bottom dock area
// offers, so the comparison starts as a floating window the user can dock.
void MainWindow::createCompareDock()
{
    m_compareDock = new QDockWidget(tr("Compare Models"), this);
    m_compareDock->setObjectName(QStringLiteral("compareDock"));
    auto *view = new compare::CompareView(m_workspace, m_compareDock);
    // A run embeds the list in the editor now, even when it was edited after
    // the last Embed, so a new run never silently uses an older list.
    view->setInputSource([this] {
        return compare::CompareView::CurrentInput{text::parsePhrases(m_editor->toPlainText()),
                                                  m_providerPanel->settings()};
    });
    m_compareDock->setWidget(view);
    addDockWidget(Qt::BottomDockWidgetArea, m_compareDock);
    m_compareDock->setFloating(true);
    m_compareDock->resize(1280, 800);
    m_compareDock->hide();
}

void MainWindow::showCompareDock()
{
    m_compareDock->show();
    m_compareDock->raise();
    m_compareDock->activateWindow();
}

compare::CompareView *MainWindow::compareView() const
{
    return static_cast<compare::CompareView *>(m_compareDock->widget());
}

void MainWindow::createActions()
{
    m_embedAction = new QAction(themeIcon(QStringLiteral("media-playback-start"), QStyle::SP_MediaPlay, style()),
                                tr("&Embed"), this);
    m_embedAction->setObjectName(QStringLiteral("embedAction"));
    m_embedAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    m_embedAction->setToolTip(tr("Embed the phrases and compare them (Ctrl+Return)"));
    connect(m_embedAction, &QAction::triggered, this, &MainWindow::embed);

    m_cancelAction = new QAction(themeIcon(QStringLiteral("process-stop"), QStyle::SP_BrowserStop, style()),
                                 tr("&Cancel"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setToolTip(tr("Stop embedding and keep the previous result (Esc)"));
    connect(m_cancelAction, &QAction::triggered, m_workspace, &workspace::Workspace::cancel);

    m_exportAction = new QAction(themeIcon(QStringLiteral("document-save-as"), QStyle::SP_DialogSaveButton, style()),
                                 tr("E&xport Heatmap as PNG…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportAction"));
    m_exportAction->setIconText(tr("Export PNG"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportAction->setEnabled(false);
    m_exportAction->setToolTip(tr("Save the heatmap as a PNG image (Ctrl+E)"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportHeatmap);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_undoAction = new QAction(tr("&Undo"), this);
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_redoAction = new QAction(tr("&Redo"), this);
    m_redoAction->setShortcut(QKeySequence::Redo);

    m_compareAction = new QAction(tr("Compare &Models…"), this);
    m_compareAction->setObjectName(QStringLiteral("compareAction"));
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    m_compareAction->setToolTip(tr("Embed the phrases with two or more models and compare the results "
                                   "(Ctrl+Shift+M)"));
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::showCompareDock);

    m_aboutAction = new QAction(tr("&About Embedscope"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(tr("&File"));
    m_fileMenu->addAction(m_exportAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quitAction);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->addAction(m_undoAction);
    editMenu->addAction(m_redoAction);

    QMenu *embeddingMenu = menuBar()->addMenu(tr("E&mbedding"));
    embeddingMenu->addAction(m_embedAction);
    embeddingMenu->addAction(m_cancelAction);
    embeddingMenu->addSeparator();
    QAction *clearCacheAction = embeddingMenu->addAction(tr("Clear Embedding &Cache"));
    clearCacheAction->setObjectName(QStringLiteral("clearCacheAction"));
    clearCacheAction->setToolTip(tr("Delete every stored vector, so that the next run asks the provider again"));
    connect(clearCacheAction, &QAction::triggered, this, [this] {
        embedding::EmbeddingCache cache;
        const qint64 removed = cache.clear();
        if (removed < 0)
            statusBar()->showMessage(tr("Could not clear the embedding cache at %1")
                                         .arg(QDir::toNativeSeparators(cache.path())));
        else
            statusBar()->showMessage(removed == 1 ? tr("Cleared 1 cached vector")
                                                  : tr("Cleared %1 cached vectors").arg(removed),
                                     8000);
    });

    embeddingMenu->addSeparator();
    embeddingMenu->addAction(m_compareAction);

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(m_aboutAction);
    helpMenu->addAction(m_aboutQtAction);
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(m_embedAction);
    toolBar->addAction(m_cancelAction);
    toolBar->addSeparator();
    toolBar->addAction(m_exportAction);
}

void MainWindow::createStatusBar()
{
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("embedProgress"));
    m_progressBar->setMaximumWidth(180);
    m_progressBar->setTextVisible(false);
    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->showMessage(tr("Ready"));
}

QWidget *MainWindow::createEditorPane()
{
    auto *pane = new QWidget(this);

    auto *title = new QLabel(tr("&Phrases, one per line"), pane);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_editor = new PhraseEditor(pane);
    m_editor->setObjectName(QStringLiteral("phraseEditor"));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setPlaceholderText(tr("Type or paste phrases here, one per line."));
    m_editor->setTabChangesFocus(true);
    title->setBuddy(m_editor);

    // Undo and redo act on the editor's own history; nothing else is undoable.
    connect(m_undoAction, &QAction::triggered, m_editor, &QPlainTextEdit::undo);
    connect(m_redoAction, &QAction::triggered, m_editor, &QPlainTextEdit::redo);
    connect(m_editor, &QPlainTextEdit::undoAvailable, m_undoAction, &QAction::setEnabled);
    connect(m_editor, &QPlainTextEdit::redoAvailable, m_redoAction, &QAction::setEnabled);
    m_undoAction->setEnabled(false);
    m_redoAction->setEnabled(false);

    m_phraseCountLabel = new QLabel(pane);
    m_phraseCountLabel->setForegroundRole(QPalette::PlaceholderText);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &MainWindow::updatePhraseCount);
    connect(m_editor, &QPlainTextEdit::textChanged, &m_saveTimer, qOverload<>(&QTimer::start));

    m_providerPanel = new ProviderPanel(pane);
    m_providerPanel->setObjectName(QStringLiteral("providerPanel"));
    connect(m_providerPanel, &ProviderPanel::settingsChanged, this, [this](const embedding::ProviderSettings &settings) {
        m_workspace->setProviderSettings(settings);
        m_saveTimer.start();
    });
    connect(m_providerPanel, &ProviderPanel::metricChanged, this, [this](math::Metric metric) {
        m_workspace->setMetric(metric);
        m_saveTimer.start();
    });

    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(8, 8, 4, 8);
    layout->addWidget(title);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_phraseCountLabel);
    layout->addSpacing(6);
    layout->addWidget(m_providerPanel);
    return pane;
}

QWidget *MainWindow::createHeatmapPane()
{
    auto *pane = new QWidget(this);

    m_messageBar = new MessageBar(pane);
    m_heatmapView = new HeatmapView(pane);
    m_heatmapView->setObjectName(QStringLiteral("heatmapView"));
    connect(m_heatmapView, &HeatmapView::referenceRequested, this, &MainWindow::requestReference);

    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(4, 8, 4, 8);
    layout->addWidget(m_messageBar);
    m_heatmapToolBar = new HeatmapToolBar(m_heatmapView, pane);
    layout->addWidget(m_heatmapToolBar);
    layout->addWidget(m_heatmapView, 1);
    return pane;
}

QWidget *MainWindow::createScorePane()
{
    auto *pane = new QWidget(this);

    auto *referenceLabel = new QLabel(tr("&Scores against:"), pane);
    QFont labelFont = referenceLabel->font();
    labelFont.setBold(true);
    referenceLabel->setFont(labelFont);

    m_referenceCombo = new QComboBox(pane);
    m_referenceCombo->setObjectName(QStringLiteral("referenceCombo"));
    m_referenceCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_referenceCombo->setMinimumContentsLength(16);
    m_referenceCombo->setToolTip(tr("The phrase every other phrase is scored against"));
    m_referenceCombo->setEnabled(false);
    referenceLabel->setBuddy(m_referenceCombo);
    connect(m_referenceCombo, &QComboBox::activated, this, &MainWindow::requestReference);

    m_scoreModel = new ScoreTableModel(this);
    m_scoreSortModel = new ScoreSortModel(this);
    m_scoreSortModel->setSourceModel(m_scoreModel);

    m_scoreTable = new QTableView(pane);
    m_scoreTable->setObjectName(QStringLiteral("scoreTable"));
    m_scoreTable->setModel(m_scoreSortModel);
    m_scoreTable->setSortingEnabled(true);
    m_scoreTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_scoreTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_scoreTable->setAlternatingRowColors(true);
    m_scoreTable->setShowGrid(false);
    m_scoreTable->setWordWrap(false);
    m_scoreTable->setTextElideMode(Qt::ElideRight);
    m_scoreTable->verticalHeader()->hide();
    m_scoreTable->verticalHeader()->setDefaultSectionSize(m_scoreTable->fontMetrics().height() + 10);
    QHeaderView *header = m_scoreTable->horizontalHeader();
    header->setSectionResizeMode(ScoreTableModel::PositionColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ScoreTableModel::PhraseColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(ScoreTableModel::ScoreColumn, QHeaderView::ResizeToContents);
    header->setHighlightSections(false);
    m_scoreTable->setToolTip(tr("Double-click a row to score against that phrase."));
    connect(m_scoreTable, &QTableView::activated, this, [this](const QModelIndex &index) {
        requestReference(m_scoreSortModel->mapToSource(index).row());
    });

    auto *referenceRow = new QHBoxLayout;
    referenceRow->addWidget(referenceLabel);
    referenceRow->addWidget(m_referenceCombo, 1);

    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(4, 8, 8, 8);
    layout->addLayout(referenceRow);
    layout->addWidget(m_scoreTable, 1);
    return pane;
}

void MainWindow::connectWorkspace()
{
    using workspace::Workspace;
    connect(m_workspace, &Workspace::busyChanged, this, &MainWindow::onBusyChanged);
    connect(m_workspace, &Workspace::progressChanged, this, &MainWindow::onProgressChanged);
    connect(m_workspace, &Workspace::overviewProgressChanged, this, &MainWindow::onOverviewProgressChanged);
    // Retry countdowns; the next progress update replaces them.
    connect(m_workspace, &Workspace::statusChanged, this, [this](const QString &message) {
        if (!message.isEmpty())
            statusBar()->showMessage(message);
    });
    connect(m_workspace, &Workspace::snapshotChanged, this, &MainWindow::onSnapshotChanged);
    connect(m_workspace, &Workspace::referenceIndexChanged, this, &MainWindow::onReferenceIndexChanged);
    connect(m_workspace, &Workspace::embeddingFailed, this, &MainWindow::onEmbeddingFailed);
    connect(m_workspace, &Workspace::embeddingCancelled, this, &MainWindow::onEmbeddingCancelled);
    connect(m_workspace, &Workspace::warningRaised, this, &MainWindow::onWarningRaised);
}

// The analysis views and the heatmap share what the user sets in either:
// flagged outliers show on the heatmap's labels, one cluster cut drives the
// Clusters view and the heatmap's bands, and imported labels reach the
// Classification view.
void MainWindow::connectAnalysis()
{
    connect(m_analysisPanel->outliersView(), &analysis::OutliersView::flaggedPhrasesChanged, m_heatmapView,
            &HeatmapView::setOutliers);

    analysis::ClustersView *clusters = m_analysisPanel->clustersView();
    const auto followClusters = [this](math::Linkage linkage, const workspace::ClusterCut &cut) {
        if (cut.kind == workspace::ClusterCut::Kind::Distance)
            m_heatmapToolBar->setClusterCut(linkage, cut.value, 0);
        else
            m_heatmapToolBar->setClusterCut(linkage, std::nullopt, int(cut.value));
    };
    connect(clusters, &analysis::ClustersView::cutEdited, this, followClusters);
    // The heatmap starts with the Clusters view's default cut, at distance
    // 0.5 as in the analysis report, so a clustered order shows label bands
    // at once, coloured like the cluster list and the map.
    followClusters(clusters->linkage(), clusters->cut());
    connect(m_heatmapToolBar, &HeatmapToolBar::clusterLinkageEdited, clusters,
            [clusters](math::Linkage linkage) { clusters->setCut(linkage, clusters->cut()); });
    connect(m_heatmapToolBar, &HeatmapToolBar::clusterCutEdited, clusters,
            [clusters](std::optional<double> distance, int count) {
                // No cut hides the bands but leaves the Clusters view as it is.
                if (distance)
                    clusters->setCut(clusters->linkage(), {workspace::ClusterCut::Kind::Distance, *distance});
                else if (count > 0)
                    clusters->setCut(clusters->linkage(), {workspace::ClusterCut::Kind::Count, double(count)});
            });

    connect(m_documents, &DocumentController::labelsChanged, this, &MainWindow::updateExpectedLabels);
}

void MainWindow::updateExpectedLabels()
{
    const QStringList labels = m_documents->labelsForSnapshot();
    m_analysisPanel->classificationView()->setExpectedLabels(labels);
    m_scoreModel->setLabels(labels);
}

void MainWindow::embed()
{
    if (m_workspace->isBusy())
        return;

    m_messageBar->dismiss();
    m_workspace->setPhrases(text::parsePhrases(m_editor->toPlainText()));
    m_workspace->setProviderSettings(m_providerPanel->settings());
    m_workspace->setMetric(m_providerPanel->metric());

    m_embedRunning = true;
    m_runTimer.start();
    qCDebug(lcUi) << "embed requested for" << m_workspace->phrases().size() << "phrases";
    m_workspace->embed();
}

// The built-in provider is offline and instant, so the window shows a result
// at once. An HTTP provider waits for the user, because each run may cost money.
void MainWindow::embedOnStartup()
{
    if (m_providerPanel->settings().kind != embedding::ProviderKind::Builtin)
        return;
    if (text::parsePhrases(m_editor->toPlainText()).isEmpty())
        return;
    embed();
}

void MainWindow::exportHeatmap()
{
    if (!m_heatmapView->hasData())
        return;

    QSettings settings;
    const QString directory = settings.value(EXPORT_DIRECTORY_KEY,
                                             QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
                                  .toString();
    QString path = QFileDialog::getSaveFileName(this, tr("Export Heatmap as PNG"),
                                                QDir(directory).filePath(QStringLiteral("heatmap.png")),
                                                tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive))
        path += QStringLiteral(".png");
    settings.setValue(EXPORT_DIRECTORY_KEY, QFileInfo(path).absolutePath());

    render::HeatmapStyle style = m_heatmapView->style();
    style.background = Qt::white;
    const render::HeatmapData data = m_heatmapView->imageExportData();
    const auto exported = render::exportHeatmapPng(data, style, path, EXPORT_SCALE);
    if (!exported) {
        qCWarning(lcUi) << "heatmap export to" << path << "failed:" << exported.error();
        m_messageBar->showError(asSentence(exported.error()));
        statusBar()->showMessage(tr("Export failed: %1").arg(exported.error()));
        return;
    }
    statusBar()->showMessage(tr("Heatmap saved to %1").arg(QDir::toNativeSeparators(path)), 8000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Embedscope"),
                       tr("<h3>Embedscope %1</h3>"
                          "<p>See how an embedding model relates a set of texts: one embedding per "
                          "phrase, every pair compared, shown as a heatmap and a ranked table.</p>"
                          "<p>Built with Qt %2.</p>")
                           .arg(QStringLiteral(EMBEDSCOPE_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::onBusyChanged(bool busy)
{
    m_embedAction->setEnabled(!busy);
    m_cancelAction->setEnabled(busy);
    m_progressBar->setVisible(busy);
    if (!busy)
        return;

    m_progressBar->setRange(0, 0);
    // Warnings belong to the result being replaced, such as zero vectors
    // that are undefined only under cosine. Errors stay until dismissed.
    if (m_messageBar->kind() == MessageBar::Kind::Warning)
        m_messageBar->dismiss();
}

void MainWindow::onProgressChanged(int done, int total)
{
    m_progressBar->setRange(0, qMax(total, 1));
    m_progressBar->setValue(done);
    if (done == 0)
        statusBar()->showMessage(total == 1 ? tr("Embedding 1 phrase…") : tr("Embedding %1 phrases…").arg(total));
    else if (done < total)
        statusBar()->showMessage(tr("Embedding %1 of %2").arg(done).arg(total));
    else
        statusBar()->showMessage(tr("Computing similarities…"));
}

void MainWindow::onOverviewProgressChanged(int done, int total)
{
    m_progressBar->setRange(0, qMax(total, 1));
    m_progressBar->setValue(done);
    statusBar()->showMessage(tr("Computing the block overview of a list too large for the full matrix: "
                                "%1 of %2 blocks (Esc cancels)")
                                 .arg(done)
                                 .arg(total));
}

void MainWindow::onSnapshotChanged()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const math::Metric metric = snapshot.metric();

    showHeatmap(snapshot);
    m_heatmapView->setReferenceIndex(m_workspace->referenceIndex());

    updateReferenceCombo();
    updateExpectedLabels();

    // Closest first whenever the meaning of the numbers changes; otherwise
    // the user's chosen sort column stays. The order is set before the new
    // scores arrive, so 100,000 rows are sorted once, by setScores().
    if (m_sortedMetric != metric) {
        const Qt::SortOrder closestFirst = math::higherIsCloser(metric) ? Qt::DescendingOrder : Qt::AscendingOrder;
        m_scoreTable->sortByColumn(ScoreTableModel::ScoreColumn, closestFirst);
        m_sortedMetric = metric;
    }
    updateScores();
    updatePhraseCount();
    m_exportAction->setEnabled(!snapshot.isEmpty());

    if (m_embedRunning) {
        m_embedRunning = false;
        statusBar()->showMessage(tr("Embedded %1 with %2 in %3")
                                     .arg(snapshot.phrases.size() == 1 ? tr("1 phrase")
                                                                       : tr("%1 phrases").arg(snapshot.phrases.size()),
                                          snapshot.source, formatDuration(m_runTimer.elapsed())));
    } else {
        statusBar()->showMessage(tr("Showing %1").arg(math::metricTitle(metric).toLower()), 5000);
    }
}

// A list above the matrix limit is shown as its block overview, labelled
// with the phrase range of each block.
void MainWindow::showHeatmap(const workspace::Snapshot &snapshot)
{
    render::HeatmapData data;
    data.title = snapshot.source; // the color bar already names the metric
    if (snapshot.hasFullMatrix() || snapshot.isEmpty()) {
        data.phrases = snapshot.phrases;
        data.matrix = snapshot.matrix;
        m_heatmapView->setData(data);
        return;
    }

    data = render::blockOverviewData(
        snapshot.overview,
        tr("%1 · block means of %2 phrases").arg(snapshot.source, QLocale().toString(snapshot.phrases.size())));

    BlockSource source;
    source.phrases = snapshot.phrases;
    source.vectors = std::make_shared<const embedding::EmbeddingSet>(snapshot.vectors);
    source.boundaries = snapshot.overview.boundaries;
    source.metric = snapshot.metric();
    m_heatmapView->setOverview(data, std::move(source));
}

// The workspace emits this after every new snapshot too, when
// onSnapshotChanged() has already ranked against index.
void MainWindow::onReferenceIndexChanged(int index)
{
    m_heatmapView->setReferenceIndex(index);
    m_referenceCombo->setCurrentIndex(index);
    if (m_scoreModel->referenceIndex() != index)
        updateScores();
}

void MainWindow::onEmbeddingFailed(const QString &message)
{
    m_embedRunning = false;
    m_messageBar->showError(asSentence(message));
    statusBar()->showMessage(tr("Embedding failed: %1").arg(message));
}

void MainWindow::onEmbeddingCancelled()
{
    m_embedRunning = false;
    statusBar()->showMessage(tr("Embedding cancelled. The previous result is still shown."), 8000);
}

void MainWindow::onWarningRaised(const QString &message)
{
    m_messageBar->addWarning(message);
}

// Counts phrases as the next Embed will see them, and notes when the heatmap
// shows an older list.
void MainWindow::updatePhraseCount()
{
    const QString text = m_editor->toPlainText();
    const QStringList phrases = text::parsePhrases(text);

    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast(); // a final newline is not an empty line
    const int emptyLines = int(std::count_if(lines.cbegin(), lines.cend(),
                                             [](const QString &line) { return line.trimmed().isEmpty(); }));

    QStringList parts{phrases.size() == 1 ? tr("1 phrase") : tr("%1 phrases").arg(phrases.size())};
    if (emptyLines > 0)
        parts.append(emptyLines == 1 ? tr("1 empty line ignored") : tr("%1 empty lines ignored").arg(emptyLines));
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    if (!snapshot.isEmpty() && phrases != snapshot.phrases)
        parts.append(tr("changed since the last run"));
    m_phraseCountLabel->setText(parts.join(QStringLiteral(" · ")));
}

void MainWindow::updateReferenceCombo()
{
    const QStringList &phrases = m_workspace->snapshot().phrases;
    const QStringList labels = text::distinctLabels(phrases, REFERENCE_LABEL_CHARS);

    // The items go into the combo box's model in one insertion, because one
    // addItem() per phrase costs a signal each, 100,000 of them for a large
    // list.
    QList<QStandardItem *> items;
    items.reserve(labels.size());
    for (int i = 0; i < labels.size(); ++i) {
        auto *item = new QStandardItem(QStringLiteral("%1. %2").arg(i + 1).arg(labels.at(i)));
        item->setToolTip(phrases.at(i));
        items.append(item);
    }
    m_referenceCombo->clear();
    auto *model = qobject_cast<QStandardItemModel *>(m_referenceCombo->model());
    Q_ASSERT(model); // the combo box's own model
    model->invisibleRootItem()->appendRows(items);
    m_referenceCombo->setCurrentIndex(m_workspace->referenceIndex());
    m_referenceCombo->setEnabled(!phrases.isEmpty());
}

void MainWindow::updateScores()
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const int reference = m_workspace->referenceIndex();
    if (snapshot.isEmpty() || reference < 0 || reference >= snapshot.phrases.size()) {
        m_scoreModel->clear();
        return;
    }
    if (snapshot.hasFullMatrix()) {
        m_scoreModel->setScores(snapshot.phrases, snapshot.matrix, reference);
        return;
    }
    const math::Metric metric = snapshot.metric();
    m_scoreModel->setScores(snapshot.phrases, math::computeSimilarityRow(snapshot.vectors, metric, reference), metric,
                            reference);
}

void MainWindow::requestReference(int index)
{
    m_workspace->setReferenceIndex(index);
}

void MainWindow::loadSession()
{
    QSettings settings;
    restoreGeometry(settings.value(GEOMETRY_KEY).toByteArray());
    restoreState(settings.value(STATE_KEY).toByteArray());
    m_splitter->restoreState(settings.value(SPLITTER_KEY).toByteArray());

    m_providerPanel->setSettings(readProviderSettings(settings, embedding::defaultProviderSettings()));
    m_providerPanel->setMetric(readMetric(settings, math::Metric::Cosine));
    m_workspace->setMetric(m_providerPanel->metric());
    compareView()->setOptions(readCompareOptions(settings, compare::CompareOptions{}));

    // A first launch has no saved text; an emptied editor stays empty.
    const QVariant savedText = settings.value(EDITOR_TEXT_KEY);
    m_editor->setPlainText(savedText.isValid() ? savedText.toString() : examplePhrases());
    m_saveTimer.stop();
}

void MainWindow::saveSession()
{
    m_saveTimer.stop();
    QSettings settings;
    settings.setValue(EDITOR_TEXT_KEY, m_editor->toPlainText());
    settings.setValue(GEOMETRY_KEY, saveGeometry());
    settings.setValue(STATE_KEY, saveState());
    settings.setValue(SPLITTER_KEY, m_splitter->saveState());
    writeProviderSettings(settings, m_providerPanel->settings());
    writeMetric(settings, m_providerPanel->metric());
    writeCompareOptions(settings, compareView()->options());
}

QString MainWindow::examplePhrases() const
{
    QFile file(QStringLiteral(":/examples/pangrams.txt"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        qCWarning(lcUi) << "bundled example list missing:" << file.errorString();
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_documents->maybeClose()) {
        event->ignore();
        return;
    }
    m_documents->discardAutosave();
    saveSession();
    m_workspace->cancel();
    QMainWindow::closeEvent(event);
}

} // namespace embedscope::ui
