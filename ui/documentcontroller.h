#pragma once

#include "text/phraseimport.h"
#include "workspace/workspacefile.h"

#include <QFutureWatcher>
#include <QLockFile>
#include <QMessageBox>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

class QAction;
class QMainWindow;
class QMenu;
class QPlainTextEdit;

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui {

class MessageBar;
class ProviderPanel;

// The window's file actions: new, open, save, recent files, imports,
// exports, drag and drop, the modified marker, autosave and crash recovery.
// The Workspace stays the document's owner; this class reads it to save and
// fills it, the editor and the provider panel to open.
class DocumentController : public QObject
{
    Q_OBJECT

public:
    // Asks the user a question and returns the chosen button; tests replace it.
    using QuestionHandler = std::function<QMessageBox::StandardButton(
        const QString &title, const QString &text, QMessageBox::StandardButtons buttons)>;

    DocumentController(QMainWindow *window, workspace::Workspace *workspace, QPlainTextEdit *editor,
                       ProviderPanel *providerPanel, MessageBar *messageBar);
    ~DocumentController() override;

    void addFileActions(QMenu *fileMenu, QAction *before);

    QString filePath() const { return m_filePath; }
    bool isModified() const { return m_modified; }
    void setQuestionHandler(QuestionHandler handler) { m_ask = std::move(handler); }

    // Directory of the autosave files: $EMBEDSCOPE_AUTOSAVE_DIR when set,
    // else AppDataLocation/autosave. $EMBEDSCOPE_AUTOSAVE_INTERVAL_MS
    // replaces the 60 s interval.
    static QString autosaveDirectory();
    QString autosavePath() const;

    void newDocument();
    bool openFile(const QString &path);
    bool saveTo(const QString &path);
    // Writes the autosave now, after any background autosave in flight;
    // false when there is nothing unsaved or writing fails.
    bool writeAutosave();
    // Starts writing the autosave on the thread pool, because encoding a
    // large workspace takes seconds. A request made while one is in flight
    // runs after it with the data current then.
    void startAutosave();
    bool importPhrasesFrom(const QString &path, const text::PhraseImportOptions &options = {});
    // companionPath is the phrase file of an .npy or the metadata of a
    // Projector vectors TSV; empty for formats that hold the text.
    bool importEmbeddingsFrom(const QString &path, const QString &companionPath = {});

    // Opens a workspace or imports any other file, asking for what it
    // needs (CSV columns, the phrases of an .npy); used for drops too.
    void openAnyFile(const QString &path);

    enum class ExportFormat { ProjectorTsv, Npy, Jsonl, MatrixCsv, ScoresCsv };
    bool exportTo(ExportFormat format, const QString &path);
    // The second file an export writes next to path: the Projector metadata
    // TSV, or the phrase CSV of an .npy. Empty for the other formats.
    static QString companionPath(ExportFormat format, const QString &path);

    // Offers each autosave left by a session that did not exit cleanly.
    // $EMBEDSCOPE_RECOVERY=accept or discard skips the question.
    void recoverAutosaves();

    // Asks Save / Discard / Cancel when there are unsaved changes; false
    // means the window must stay open.
    bool maybeClose();

    // Removes this session's autosave; called on a clean exit.
    void discardAutosave();

    // Expected labels of the snapshot's phrases, one per phrase, from an
    // imported label column or a workspace file; empty when the shown
    // phrases have none or were edited since.
    QStringList labelsForSnapshot() const;

signals:
    void documentChanged();
    // The imported or opened labels changed; see labelsForSnapshot().
    void labelsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void open();
    bool save();
    bool saveAs();
    void importPhrases();
    void importEmbeddings();
    void exportAs(ExportFormat format);
    void onSnapshotChanged();
    void onRunsChanged();
    void onUserEdit();
    void updateRecentMenu();
    void addRecentFile(const QString &path);

    workspace::WorkspaceData currentData() const;
    void applyData(const workspace::WorkspaceData &data);
    void setPhrases(const QStringList &phrases, const QStringList &labels);
    void setFilePath(const QString &path);
    void setModified(bool modified);
    void updateTitle();
    void showError(const QString &message);
    bool hasUnsavedDocument() const;
    void onAutosaveFinished();
    void reportAutosaveFailure(const QString &error);
    QString askSavePath(const QString &title, const QString &filter, const QString &suffix);
    QString askOpenPath(const QString &title, const QString &filter);
    QMessageBox::StandardButton ask(const QString &title, const QString &text,
                                    QMessageBox::StandardButtons buttons);

    QMainWindow *m_window;
    workspace::Workspace *m_workspace;
    QPlainTextEdit *m_editor;
    ProviderPanel *m_providerPanel;
    MessageBar *m_messageBar;

    QString m_filePath;
    bool m_modified = false;
    // True while the document is being filled from a file, so those edits
    // do not count as the user's.
    bool m_applying = false;
    // Imported or opened content that the session settings do not keep, so
    // closing asks before it is lost.
    bool m_hasContent = false;
    // Labels of the phrases they were imported with; they apply only while
    // the list is unchanged.
    QStringList m_labels;
    QStringList m_labelPhrases;
    int m_pendingReference = -1;
    // Set while a restored snapshot's matrix is computed, so its arrival is
    // not counted as a new result.
    bool m_restoreInFlight = false;
    // Set while the comparison runs of an opened file compute their
    // matrices, so that finishing them does not mark the document modified.
    bool m_runRestoreInFlight = false;

    // "<process id>-<window number>": the base name of this window's
    // autosave and of the lock that marks it as alive.
    QString m_autosaveName;
    QTimer m_autosaveTimer;
    std::unique_ptr<QLockFile> m_autosaveLock;
    // Background autosave: its error message, empty on success. The flags
    // are kept here because the watcher stops "running" before its
    // finished signal arrives.
    QFutureWatcher<QString> m_autosaveWatcher;
    bool m_autosaveRunning = false;
    bool m_autosaveAgain = false;

    QAction *m_newAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_saveAsAction = nullptr;
    QAction *m_importPhrasesAction = nullptr;
    QAction *m_importEmbeddingsAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_exportMenu = nullptr;
    QuestionHandler m_ask;
};

} // namespace embedscope::ui
