#include "documentcontroller.h"

#include "importdialog.h"
#include "messagebar.h"
#include "providerpanel.h"
#include "uilogging.h"

#include "text/embeddingimport.h"
#include "text/phraselist.h"
#include "workspace/csvexport.h"
#include "workspace/embeddingexport.h"
#include "workspace/savefile.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace embedscope::ui {

using workspace::WorkspaceData;

static const QString RECENT_FILES_KEY = QStringLiteral("files/recent");
static const QString OPEN_DIRECTORY_KEY = QStringLiteral("files/directory");
static const QString REFERENCE_KEY = QStringLiteral("referenceIndex");
static const QString DOCUMENT_PATH_KEY = QStringLiteral("documentPath");
static constexpr int MAX_RECENT_FILES = 10;
static constexpr int AUTOSAVE_INTERVAL_MS = 60 * 1000;

static QString workspaceSuffix()
{
    return QString::fromUtf16(workspace::WORKSPACE_SUFFIX);
}

// Tests and scripted runs shorten the interval; users get one minute.
static int autosaveInterval()
{
    bool ok = false;
    const int interval = qEnvironmentVariableIntValue("EMBEDSCOPE_AUTOSAVE_INTERVAL_MS", &ok);
    return ok && interval > 0 ? interval : AUTOSAVE_INTERVAL_MS;
}

static QString phraseCount(qsizetype count)
{
    return count == 1 ? DocumentController::tr("1 phrase") : DocumentController::tr("%1 phrases").arg(count);
}

static QString withSuffix(QString path, const QString &suffix)
{
    if (!path.endsWith(QLatin1Char('.') + suffix, Qt::CaseInsensitive))
        path += QLatin1Char('.') + suffix;
    return path;
}

DocumentController::DocumentController(QMainWindow *window, workspace::Workspace *workspace,
                                       QPlainTextEdit *editor, ProviderPanel *providerPanel,
                                       MessageBar *messageBar)
    : QObject(window)
    , m_window(window)
    , m_workspace(workspace)
    , m_editor(editor)
    , m_providerPanel(providerPanel)
    , m_messageBar(messageBar)
{
    createActions();

    connect(m_editor, &QPlainTextEdit::textChanged, this, &DocumentController::onUserEdit);
    connect(m_providerPanel, &ProviderPanel::settingsChanged, this, &DocumentController::onUserEdit);
    connect(m_providerPanel, &ProviderPanel::metricChanged, this, &DocumentController::onUserEdit);
    connect(m_workspace, &workspace::Workspace::snapshotChanged, this, &DocumentController::onSnapshotChanged);
    connect(&m_workspace->runs(), &workspace::RunSet::runsChanged, this, &DocumentController::onRunsChanged);

    // The lock shows a later start that this session is alive; a lock whose
    // process is gone marks its autosave as left by a crash.
    QDir().mkpath(autosaveDirectory());
    static int windowCount = 0;
    m_autosaveName = QStringLiteral("%1-%2").arg(QCoreApplication::applicationPid()).arg(++windowCount);
    m_autosaveLock = std::make_unique<QLockFile>(
        QDir(autosaveDirectory()).filePath(m_autosaveName + QStringLiteral(".lock")));
    if (!m_autosaveLock->tryLock(0))
        qCWarning(lcUi) << "cannot lock the autosave of this session in" << autosaveDirectory();

    m_autosaveTimer.setInterval(autosaveInterval());
    connect(&m_autosaveTimer, &QTimer::timeout, this, &DocumentController::startAutosave);
    connect(&m_autosaveWatcher, &QFutureWatcher<QString>::finished, this, &DocumentController::onAutosaveFinished);
    m_autosaveTimer.start();

    m_window->setAcceptDrops(true);
    m_window->installEventFilter(this);
    m_editor->viewport()->installEventFilter(this);
    updateTitle();
    QTimer::singleShot(0, this, &DocumentController::recoverAutosaves);
}

DocumentController::~DocumentController()
{
    discardAutosave();
}

void DocumentController::createActions()
{
    m_newAction = new QAction(tr("&New"), this);
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &DocumentController::newDocument);

    m_openAction = new QAction(tr("&Open…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &DocumentController::open);

    m_saveAction = new QAction(tr("&Save"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &DocumentController::save);

    m_saveAsAction = new QAction(tr("Save &As…"), this);
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAsAction, &QAction::triggered, this, &DocumentController::saveAs);

    m_importPhrasesAction = new QAction(tr("Import &Phrases…"), this);
    m_importPhrasesAction->setToolTip(tr("Read phrases from a text, CSV, TSV or JSON Lines file"));
    connect(m_importPhrasesAction, &QAction::triggered, this, &DocumentController::importPhrases);

    m_importEmbeddingsAction = new QAction(tr("Import &Embeddings…"), this);
    m_importEmbeddingsAction->setToolTip(tr("Read precomputed vectors and show them without calling a provider"));
    connect(m_importEmbeddingsAction, &QAction::triggered, this, &DocumentController::importEmbeddings);

    m_recentMenu = new QMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &DocumentController::updateRecentMenu);

    m_exportMenu = new QMenu(tr("E&xport"));
    const auto addExport = [this](const QString &text, ExportFormat format) {
        connect(m_exportMenu->addAction(text), &QAction::triggered, this, [this, format] { exportAs(format); });
    };
    addExport(tr("Embeddings as Projector &TSV…"), ExportFormat::ProjectorTsv);
    addExport(tr("Embeddings as &NumPy .npy…"), ExportFormat::Npy);
    addExport(tr("Embeddings as &JSON Lines…"), ExportFormat::Jsonl);
    m_exportMenu->addSeparator();
    addExport(tr("Similarity &Matrix as CSV…"), ExportFormat::MatrixCsv);
    addExport(tr("&Score Table as CSV…"), ExportFormat::ScoresCsv);
}

void DocumentController::addFileActions(QMenu *fileMenu, QAction *before)
{
    fileMenu->insertActions(before, {m_newAction, m_openAction});
    fileMenu->insertMenu(before, m_recentMenu);
    fileMenu->insertSeparator(before);
    fileMenu->insertActions(before, {m_saveAction, m_saveAsAction});
    fileMenu->insertSeparator(before);
    fileMenu->insertActions(before, {m_importPhrasesAction, m_importEmbeddingsAction});
    fileMenu->insertMenu(before, m_exportMenu);
    m_recentMenu->setParent(fileMenu, m_recentMenu->windowFlags());
    m_exportMenu->setParent(fileMenu, m_exportMenu->windowFlags());
}

QString DocumentController::autosaveDirectory()
{
    const QString overridden = qEnvironmentVariable("EMBEDSCOPE_AUTOSAVE_DIR");
    if (!overridden.isEmpty())
        return overridden;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("autosave"));
}

QString DocumentController::autosavePath() const
{
    return QDir(autosaveDirectory()).filePath(m_autosaveName + QLatin1Char('.') + workspaceSuffix());
}

void DocumentController::newDocument()
{
    if (!maybeClose())
        return;

    WorkspaceData empty;
    empty.provider = m_providerPanel->settings();
    empty.metric = m_providerPanel->metric();
    applyData(empty);
    m_hasContent = false;
    setFilePath({});
    setModified(false);
    discardAutosave();
}

void DocumentController::open()
{
    if (!maybeClose())
        return;
    const QString path = askOpenPath(tr("Open Workspace"), tr("Embedscope workspaces (*.%1)").arg(workspaceSuffix()));
    if (!path.isEmpty())
        openFile(path);
}

bool DocumentController::openFile(const QString &path)
{
    // Loading checks the whole file first, so a rejected file changes nothing.
    const auto loaded = workspace::loadWorkspaceFile(path);
    if (!loaded) {
        qCWarning(lcUi) << "opening" << path << "failed:" << loaded.error();
        showError(tr("Could not open %1: %2").arg(QDir::toNativeSeparators(path), loaded.error()));
        return false;
    }

    applyData(*loaded);
    m_hasContent = true;
    setFilePath(QFileInfo(path).absoluteFilePath());
    setModified(false);
    addRecentFile(m_filePath);
    discardAutosave();
    m_messageBar->dismiss();
    m_window->statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 8000);
    return true;
}

bool DocumentController::save()
{
    if (m_filePath.isEmpty())
        return saveAs();
    return saveTo(m_filePath);
}

bool DocumentController::saveAs()
{
    const QString path = askSavePath(tr("Save Workspace"),
                                     tr("Embedscope workspaces (*.%1)").arg(workspaceSuffix()), workspaceSuffix());
    return !path.isEmpty() && saveTo(path);
}

bool DocumentController::saveTo(const QString &path)
{
    const QString target = withSuffix(path, workspaceSuffix());
    const auto saved = workspace::saveWorkspaceFile(target, currentData());
    if (!saved) {
        qCWarning(lcUi) << "saving" << target << "failed:" << saved.error();
        showError(tr("Could not save the workspace: %1").arg(saved.error()));
        return false;
    }

    setFilePath(QFileInfo(target).absoluteFilePath());
    setModified(false);
    addRecentFile(m_filePath);
    discardAutosave();
    m_window->statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(target)), 8000);
    return true;
}

bool DocumentController::maybeClose()
{
    if (!hasUnsavedDocument())
        return true;

    const QString name = m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
    const auto answer = ask(tr("Unsaved Changes"),
                            tr("The workspace \"%1\" has changes that are not saved. Save them before closing?")
                                .arg(name),
                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool DocumentController::writeAutosave()
{
    m_autosaveWatcher.waitForFinished();
    if (!hasUnsavedDocument())
        return false;

    WorkspaceData data = currentData();
    data.viewSettings.insert(DOCUMENT_PATH_KEY, m_filePath);
    const auto saved = workspace::saveWorkspaceFile(autosavePath(), data);
    if (!saved) {
        reportAutosaveFailure(saved.error());
        return false;
    }
    qCDebug(lcUi) << "autosaved" << data.phrases.size() << "phrases to" << autosavePath();
    return true;
}

// Copies the data here and encodes it on the thread pool, because encoding
// 100,000 x 384 vectors as base64 JSON takes seconds. The copy shares the
// snapshot's vectors instead of duplicating them.
void DocumentController::startAutosave()
{
    if (!hasUnsavedDocument())
        return;
    if (m_autosaveRunning) {
        m_autosaveAgain = true;
        return;
    }

    WorkspaceData data = currentData();
    data.viewSettings.insert(DOCUMENT_PATH_KEY, m_filePath);
    const QString path = autosavePath();
    m_autosaveRunning = true;
    m_autosaveWatcher.setFuture(QtConcurrent::run([path, data = std::move(data)] {
        const auto saved = workspace::saveWorkspaceFile(path, data);
        return saved ? QString() : saved.error();
    }));
}

void DocumentController::onAutosaveFinished()
{
    if (!m_autosaveRunning)
        return; // already collected by discardAutosave()
    m_autosaveRunning = false;

    const QString error = m_autosaveWatcher.future().result();
    if (!error.isEmpty())
        reportAutosaveFailure(error);
    else
        qCDebug(lcUi) << "autosaved to" << autosavePath() << "in the background";
    if (std::exchange(m_autosaveAgain, false))
        startAutosave();
}

void DocumentController::reportAutosaveFailure(const QString &error)
{
    qCWarning(lcUi) << "autosave to" << autosavePath() << "failed:" << error;
    m_window->statusBar()->showMessage(tr("Autosave failed: %1").arg(error));
}

// Waits for a background autosave first, so that it cannot write the file
// again after it was removed.
void DocumentController::discardAutosave()
{
    m_autosaveWatcher.waitForFinished();
    m_autosaveRunning = false;
    m_autosaveAgain = false;
    QFile::remove(autosavePath());
}

void DocumentController::recoverAutosaves()
{
    QDir directory(autosaveDirectory());
    const QFileInfoList files = directory.entryInfoList({QStringLiteral("*.") + workspaceSuffix()}, QDir::Files,
                                                        QDir::Time);
    for (const QFileInfo &file : files) {
        if (file.absoluteFilePath() == QFileInfo(autosavePath()).absoluteFilePath())
            continue;

        // A lock held by a live process belongs to another open window.
        QLockFile lock(directory.filePath(file.completeBaseName() + QStringLiteral(".lock")));
        if (!lock.tryLock(0))
            continue;

        const auto loaded = workspace::loadWorkspaceFile(file.absoluteFilePath());
        if (!loaded) {
            qCWarning(lcUi) << "autosave" << file.absoluteFilePath() << "is unreadable:" << loaded.error();
            QFile::remove(file.absoluteFilePath());
            continue;
        }

        const QString mode = qEnvironmentVariable("EMBEDSCOPE_RECOVERY");
        QMessageBox::StandardButton answer = QMessageBox::No;
        if (mode == u"accept")
            answer = QMessageBox::Yes;
        else if (mode != u"discard")
            answer = ask(tr("Recover Unsaved Work"),
                         tr("Embedscope did not exit cleanly. A workspace of %1 autosaved at %2 "
                            "was not saved. Recover it?")
                             .arg(phraseCount(loaded->phrases.size()),
                                  QLocale().toString(file.lastModified(), QLocale::ShortFormat)),
                         QMessageBox::Yes | QMessageBox::No);
        QFile::remove(file.absoluteFilePath());
        if (answer != QMessageBox::Yes)
            continue;

        applyData(*loaded);
        m_hasContent = true;
        setFilePath(loaded->viewSettings.value(DOCUMENT_PATH_KEY).toString());
        setModified(true);
        writeAutosave();
        m_window->statusBar()->showMessage(tr("Recovered the unsaved workspace"), 8000);
        return; // any older autosaves stay for the next start
    }
}

void DocumentController::importPhrases()
{
    const QString path = askOpenPath(tr("Import Phrases"),
                                     tr("Phrase files (*.txt *.csv *.tsv *.tab *.jsonl *.ndjson);;All files (*)"));
    if (!path.isEmpty())
        openAnyFile(path);
}

bool DocumentController::importPhrasesFrom(const QString &path, const text::PhraseImportOptions &options)
{
    const auto imported = text::importPhraseFile(path, options);
    if (!imported) {
        showError(tr("Could not import phrases: %1").arg(imported.error()));
        return false;
    }

    m_messageBar->dismiss();
    setPhrases(imported->phrases, imported->labels);
    for (const QString &warning : imported->warnings)
        m_messageBar->addWarning(warning);
    m_window->statusBar()->showMessage(tr("Imported %1 from %2")
                                           .arg(phraseCount(imported->phrases.size()), QFileInfo(path).fileName()),
                                       8000);
    return true;
}

void DocumentController::importEmbeddings()
{
    const QString path = askOpenPath(
        tr("Import Embeddings"),
        tr("Embedding files (*.tsv *.csv *.jsonl *.ndjson *.npy);;All files (*)"));
    if (path.isEmpty())
        return;

    QString companion;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"npy") {
        companion = askOpenPath(tr("Choose the Phrases of the .npy Rows"),
                                tr("Phrase files (*.txt *.csv *.tsv *.jsonl);;All files (*)"));
        if (companion.isEmpty())
            return;
    } else if (suffix == u"tsv" && text::isProjectorVectorsFile(path)) {
        // Projector vectors have no text: their phrases are in the metadata
        // file, usually beside them under a matching name.
        companion = text::findProjectorMetadata(path);
        if (companion.isEmpty()) {
            companion = askOpenPath(tr("Choose the Projector Metadata for %1").arg(QFileInfo(path).fileName()),
                                    tr("TSV files (*.tsv);;All files (*)"));
            if (companion.isEmpty())
                return;
        }
    }
    importEmbeddingsFrom(path, companion);
}

bool DocumentController::importEmbeddingsFrom(const QString &path, const QString &companionPath)
{
    const auto imported = text::importEmbeddingFile(path, companionPath);
    if (!imported) {
        showError(tr("Could not import embeddings: %1").arg(imported.error()));
        return false;
    }

    m_messageBar->dismiss();
    setPhrases(imported->phrases, imported->labels);
    for (const QString &warning : imported->warnings)
        m_messageBar->addWarning(warning);

    m_pendingReference = 0;
    m_restoreInFlight = true;
    m_workspace->restore(imported->phrases, m_providerPanel->settings(), m_providerPanel->metric(),
                         imported->phrases, imported->vectors,
                         tr("Imported from %1").arg(QFileInfo(path).fileName()));
    m_window->statusBar()->showMessage(tr("Imported %1 vectors of %2 dimensions from %3")
                                           .arg(imported->vectors.rows())
                                           .arg(imported->vectors.dimensions())
                                           .arg(QFileInfo(path).fileName()),
                                       8000);
    return true;
}

// Workspaces open; CSV and TSV ask for their columns; .npy needs its phrases.
void DocumentController::openAnyFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == workspaceSuffix()) {
        if (maybeClose())
            openFile(path);
        return;
    }
    if (suffix == u"npy") {
        const QString phrases = askOpenPath(tr("Choose the Phrases of the .npy Rows"),
                                            tr("Phrase files (*.txt *.csv *.tsv *.jsonl);;All files (*)"));
        if (!phrases.isEmpty())
            importEmbeddingsFrom(path, phrases);
        return;
    }
    if (text::phraseFormatForPath(path) != text::PhraseFormat::Delimited) {
        importPhrasesFrom(path);
        return;
    }

    ImportDialog dialog(path, m_window);
    if (dialog.exec() == QDialog::Accepted)
        importPhrasesFrom(path, dialog.options());
}

bool DocumentController::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::DragEnter && event->type() != QEvent::Drop)
        return QObject::eventFilter(watched, event);

    auto *drop = static_cast<QDropEvent *>(event);
    const QList<QUrl> urls = drop->mimeData()->urls();
    if (urls.size() != 1 || !urls.first().isLocalFile())
        return QObject::eventFilter(watched, event);

    drop->acceptProposedAction();
    if (event->type() == QEvent::Drop) {
        // Dialogs must not open inside the drag's own event handling.
        const QString path = urls.first().toLocalFile();
        QTimer::singleShot(0, this, [this, path] { openAnyFile(path); });
    }
    return true;
}

void DocumentController::exportAs(ExportFormat format)
{
    struct Choice
    {
        QString title;
        QString filter;
        QString suffix;
    };
    Choice choice;
    switch (format) {
    case ExportFormat::ProjectorTsv:
        choice = {tr("Export Embeddings for the Projector"), tr("TSV files (*.tsv)"), QStringLiteral("tsv")};
        break;
    case ExportFormat::Npy:
        choice = {tr("Export Embeddings as NumPy"), tr("NumPy arrays (*.npy)"), QStringLiteral("npy")};
        break;
    case ExportFormat::Jsonl:
        choice = {tr("Export Embeddings as JSON Lines"), tr("JSON Lines (*.jsonl)"), QStringLiteral("jsonl")};
        break;
    case ExportFormat::MatrixCsv:
        choice = {tr("Export Similarity Matrix"), tr("CSV files (*.csv)"), QStringLiteral("csv")};
        break;
    case ExportFormat::ScoresCsv:
        choice = {tr("Export Score Table"), tr("CSV files (*.csv)"), QStringLiteral("csv")};
        break;
    }

    if (m_workspace->snapshot().isEmpty()) {
        showError(tr("There is nothing to export yet. Embed the phrases or import embeddings first."));
        return;
    }
    const QString path = askSavePath(choice.title, choice.filter, choice.suffix);
    if (!path.isEmpty())
        exportTo(format, withSuffix(path, choice.suffix));
}

QString DocumentController::companionPath(ExportFormat format, const QString &path)
{
    const QFileInfo info(path);
    QString stem = info.completeBaseName();
    switch (format) {
    case ExportFormat::ProjectorTsv:
        // "vectors.tsv" gets "metadata.tsv", as the Projector's own files are named.
        if (stem.endsWith(QStringLiteral("vectors")))
            stem.chop(int(qstrlen("vectors")));
        else
            stem += QLatin1Char('-');
        return info.dir().filePath(stem + QStringLiteral("metadata.tsv"));
    case ExportFormat::Npy:
        return info.dir().filePath(stem + QStringLiteral("-phrases.csv"));
    default:
        return {};
    }
}

bool DocumentController::exportTo(ExportFormat format, const QString &path)
{
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const workspace::EmbeddingTable table{snapshot.phrases, labelsForSnapshot(), snapshot.vectors};

    Expected<bool> written = true;
    switch (format) {
    case ExportFormat::ProjectorTsv:
        written = workspace::exportProjectorTsv(path, companionPath(format, path), table);
        break;
    case ExportFormat::Npy:
        written = workspace::exportNpy(path, snapshot.vectors);
        if (written)
            written = workspace::exportPhraseCsv(companionPath(format, path), table.phrases, table.labels);
        break;
    case ExportFormat::Jsonl:
        written = workspace::exportEmbeddingJsonl(path, table);
        break;
    case ExportFormat::MatrixCsv:
        if (!snapshot.hasFullMatrix()) {
            written = fail(
                tr("the similarity matrix of %1 phrases is not computed, because lists of more than %2 phrases "
                   "are shown as block means. Export the scores against the reference or the vectors instead.")
                    .arg(snapshot.phrases.size())
                    .arg(m_workspace->matrixLimits().maxMatrixPhrases));
            break;
        }
        written = workspace::writeFileAtomically(path, workspace::matrixCsv(snapshot));
        break;
    case ExportFormat::ScoresCsv:
        written = workspace::writeFileAtomically(path,
                                                 workspace::scoresCsv(snapshot, m_workspace->referenceIndex()));
        break;
    }

    if (!written) {
        qCWarning(lcUi) << "export to" << path << "failed:" << written.error();
        showError(tr("Export failed: %1").arg(written.error()));
        return false;
    }
    const QString companion = companionPath(format, path);
    m_window->statusBar()->showMessage(
        companion.isEmpty() ? tr("Exported %1").arg(QDir::toNativeSeparators(path))
                            : tr("Exported %1 and %2").arg(QDir::toNativeSeparators(path),
                                                           QDir::toNativeSeparators(companion)),
        8000);
    return true;
}

void DocumentController::updateRecentMenu()
{
    QSettings settings;
    const QStringList recent = settings.value(RECENT_FILES_KEY).toStringList();
    QStringList existing;
    QStringList missing;
    for (const QString &path : recent)
        (QFileInfo::exists(path) ? existing : missing).append(path);
    settings.setValue(RECENT_FILES_KEY, existing);

    m_recentMenu->clear();
    for (const QString &path : existing) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] {
            if (maybeClose())
                openFile(path);
        });
    }
    if (existing.isEmpty())
        m_recentMenu->addAction(tr("No recent workspaces"))->setEnabled(false);

    if (!missing.isEmpty()) {
        QStringList names;
        for (const QString &path : missing)
            names.append(QDir::toNativeSeparators(path));
        m_messageBar->addWarning(tr("Removed from the recent files because they no longer exist: %1")
                                     .arg(names.join(QStringLiteral(", "))));
    }
}

void DocumentController::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(RECENT_FILES_KEY).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MAX_RECENT_FILES)
        recent.removeLast();
    settings.setValue(RECENT_FILES_KEY, recent);
}

WorkspaceData DocumentController::currentData() const
{
    WorkspaceData data;
    data.phrases = text::parsePhrases(m_editor->toPlainText());
    if (data.phrases == m_labelPhrases)
        data.labels = m_labels;
    data.provider = m_providerPanel->settings();
    data.metric = m_providerPanel->metric();
    data.viewSettings.insert(REFERENCE_KEY, m_workspace->referenceIndex());

    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    data.embeddedPhrases = snapshot.phrases;
    data.vectors = snapshot.vectors;
    data.embeddingSource = snapshot.source;

    data.runPhrases = m_workspace->runs().phrases();
    data.runs = m_workspace->runs().runs();
    return data;
}

void DocumentController::applyData(const WorkspaceData &data)
{
    m_applying = true;
    setPhrases(data.phrases, data.labels);
    m_providerPanel->setSettings(data.provider);
    m_providerPanel->setMetric(data.metric);
    m_pendingReference = data.viewSettings.value(REFERENCE_KEY).toInt(0);
    m_restoreInFlight = !data.vectors.isEmpty();
    m_workspace->restore(data.phrases, data.provider, data.metric, data.embeddedPhrases, data.vectors,
                         data.embeddingSource);
    m_runRestoreInFlight = !data.runs.isEmpty();
    m_workspace->runs().restore(data.runPhrases, data.runs);
    m_applying = false;
    emit documentChanged();
}

// NOTE: the editor contains one phrase per line, so a line break inside an
// imported phrase becomes a space there; the snapshot keeps the original.
void DocumentController::setPhrases(const QStringList &phrases, const QStringList &labels)
{
    QStringList lines = phrases;
    for (QString &line : lines)
        line.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));

    m_editor->setPlainText(lines.join(QLatin1Char('\n')));
    m_labelPhrases = text::parsePhrases(m_editor->toPlainText());
    m_labels = labels.size() == m_labelPhrases.size() ? labels : QStringList{};
    emit labelsChanged();
    if (!m_applying) {
        m_hasContent = true;
        setModified(true);
    }
}

QStringList DocumentController::labelsForSnapshot() const
{
    const QStringList &phrases = m_workspace->snapshot().phrases;
    return phrases == m_labelPhrases ? m_labels : QStringList{};
}

void DocumentController::onUserEdit()
{
    if (!m_applying)
        setModified(true);
}

// A finished embedding is new content, autosaved at once because it may
// have cost time and money; a restored snapshot only completes the opening.
void DocumentController::onSnapshotChanged()
{
    if (m_applying)
        return;
    if (m_restoreInFlight) {
        m_restoreInFlight = false;
        m_workspace->setReferenceIndex(m_pendingReference);
        startAutosave(); // only an import leaves the document modified here
        return;
    }
    setModified(true);
    startAutosave();
}

// A run may have cost time and money like an embedding, so it is autosaved.
void DocumentController::onRunsChanged()
{
    if (m_applying)
        return;
    if (m_runRestoreInFlight) {
        m_runRestoreInFlight = false;
        return;
    }
    m_hasContent = true;
    setModified(true);
    startAutosave();
}

void DocumentController::setFilePath(const QString &path)
{
    m_filePath = path;
    updateTitle();
}

void DocumentController::setModified(bool modified)
{
    m_modified = modified;
    m_window->setWindowModified(modified);
}

void DocumentController::updateTitle()
{
    const QString name = m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
    m_window->setWindowTitle(tr("%1[*] — Embedscope").arg(name));
    m_window->setWindowModified(m_modified);
}

void DocumentController::showError(const QString &message)
{
    m_messageBar->showError(message);
    m_window->statusBar()->showMessage(message);
}

// NOTE: a list typed into an untitled window is kept by the session settings
// as before, so only opened, imported or saved documents ask and autosave.
bool DocumentController::hasUnsavedDocument() const
{
    return m_modified && (m_hasContent || !m_filePath.isEmpty());
}

QString DocumentController::askOpenPath(const QString &title, const QString &filter)
{
    QSettings settings;
    const QString directory = settings.value(OPEN_DIRECTORY_KEY, QDir::homePath()).toString();
    const QString path = QFileDialog::getOpenFileName(m_window, title, directory, filter);
    if (!path.isEmpty())
        settings.setValue(OPEN_DIRECTORY_KEY, QFileInfo(path).absolutePath());
    return path;
}

QString DocumentController::askSavePath(const QString &title, const QString &filter, const QString &suffix)
{
    QSettings settings;
    const QString directory = settings.value(OPEN_DIRECTORY_KEY, QDir::homePath()).toString();
    const QString name = m_filePath.isEmpty() ? tr("untitled") : QFileInfo(m_filePath).completeBaseName();
    const QString path = QFileDialog::getSaveFileName(m_window, title,
                                                      QDir(directory).filePath(name + QLatin1Char('.') + suffix),
                                                      filter);
    if (!path.isEmpty())
        settings.setValue(OPEN_DIRECTORY_KEY, QFileInfo(path).absolutePath());
    return path;
}

QMessageBox::StandardButton DocumentController::ask(const QString &title, const QString &text,
                                                    QMessageBox::StandardButtons buttons)
{
    if (m_ask)
        return m_ask(title, text, buttons);
    return QMessageBox::question(m_window, title, text, buttons);
}

} // namespace embedscope::ui
