// Workspaces in the window: save and reopen offline, refusal of bad files,
// exports read back by the importers, the close prompt, recent files, and
// recovery of an autosave left by a killed process.
#include "documentcontroller.h"
#include "importdialog.h"
#include "mainwindow.h"
#include "messagebar.h"

#include "text/embeddingimport.h"
#include "text/phraselist.h"
#include "workspace/embeddingexport.h"
#include "workspace/workspace.h"

#include <QClipboard>
#include <QDir>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace embedscope;
using ui::DocumentController;
using ui::MainWindow;
using Format = DocumentController::ExportFormat;

static constexpr int PHRASE_COUNT = 1000;
static constexpr int DIMENSIONS = 384;

class TestDocuments : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void saveAndReopenIsExact();
    void damagedFileIsRejected_data();
    void damagedFileIsRejected();
    void exportsReadBack();
    void closeAsksAboutUnsavedChanges();
    void recentFilesDropMissing();
    void pasteTakesTextColumn();
    void droppedWorkspaceOpens();
    void cleanExitRemovesAutosave();
    void backgroundAutosaveKeepsLatestData();
    void discardWaitsForBackgroundAutosave();
    void killedProcessIsRecovered();
    void screenshotsWhenRequested();

private:
    std::unique_ptr<MainWindow> openWindow();
    QString writeVectors(int rows, int dimensions);
    QString writeFile(const QString &name, const QByteArray &content) const;

    QTemporaryDir m_dir;
};

void TestDocuments::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_documents"));
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_dir.isValid());
}

// Every test starts as a first launch with its own autosave directory.
void TestDocuments::init()
{
    QSettings().clear();
    const QString autosave = m_dir.filePath(QStringLiteral("autosave-%1").arg(QString::fromLatin1(QTest::currentTestFunction())));
    qputenv("EMBEDSCOPE_AUTOSAVE_DIR", autosave.toLocal8Bit());
    qputenv("EMBEDSCOPE_RECOVERY", "discard");
}

void TestDocuments::cleanup()
{
    qunsetenv("EMBEDSCOPE_AUTOSAVE_DIR");
    qunsetenv("EMBEDSCOPE_RECOVERY");
}

std::unique_ptr<MainWindow> TestDocuments::openWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->resize(1200, 760);
    window->show();
    // No test may block on a question; each one that expects it sets its own.
    window->documents()->setQuestionHandler([](const QString &, const QString &text, auto) {
        qWarning("unexpected question: %s", qPrintable(text));
        return QMessageBox::Cancel;
    });
    // Let the start-up embedding of the example list finish first.
    QTest::qWait(50);
    if (!QTest::qWaitFor([&] { return !window->workspace()->isBusy(); }, 10000))
        qWarning("the start-up embedding did not finish");
    return window;
}

// Writes rows x dimensions random float32 vectors as .npy with a phrase CSV
// beside it, as another tool would; returns the .npy path.
QString TestDocuments::writeFile(const QString &name, const QByteArray &content) const
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        qFatal("cannot write the test input %s", qPrintable(file.fileName()));
    return file.fileName();
}

QString TestDocuments::writeVectors(int rows, int dimensions)
{
    QStringList phrases;
    QStringList labels;
    embedding::EmbeddingSet vectors(rows, dimensions);
    QRandomGenerator random(42);
    for (int row = 0; row < rows; ++row) {
        phrases.append(QStringLiteral("phrase %1, \"quoted\" and ünïcode").arg(row));
        labels.append(QStringLiteral("group %1").arg(row % 7));
        for (int column = 0; column < dimensions; ++column)
            vectors.row(row)[column] = float(random.generateDouble() * 2.0 - 1.0);
    }

    const QString npy = m_dir.filePath(QStringLiteral("vectors-%1.npy").arg(rows));
    const QString csv = m_dir.filePath(QStringLiteral("vectors-%1.csv").arg(rows));
    if (!workspace::exportNpy(npy, vectors) || !workspace::exportPhraseCsv(csv, phrases, labels))
        return {};
    return npy;
}

void TestDocuments::saveAndReopenIsExact()
{
    const QString npy = writeVectors(PHRASE_COUNT, DIMENSIONS);
    QVERIFY(!npy.isEmpty());
    const QString phrases = QString(npy).replace(QStringLiteral(".npy"), QStringLiteral(".csv"));

    auto first = openWindow();
    QSignalSpy firstReady(first->workspace(), &workspace::Workspace::snapshotChanged);
    QVERIFY(first->documents()->importEmbeddingsFrom(npy, phrases));
    QVERIFY(firstReady.wait(10000));
    const workspace::Snapshot saved = first->workspace()->snapshot();
    QCOMPARE(saved.phrases.size(), PHRASE_COUNT);
    QCOMPARE(saved.vectors.dimensions(), DIMENSIONS);
    QVERIFY(first->isWindowModified());

    const QString path = m_dir.filePath(QStringLiteral("thousand"));
    QVERIFY(first->documents()->saveTo(path));
    QCOMPARE(first->documents()->filePath(), QFileInfo(path + QStringLiteral(".embedscope")).absoluteFilePath());
    QVERIFY(!first->isWindowModified());
    QVERIFY(first->windowTitle().startsWith(QStringLiteral("thousand.embedscope")));

    auto second = openWindow();
    QSignalSpy progress(second->workspace(), &workspace::Workspace::progressChanged);
    QSignalSpy secondReady(second->workspace(), &workspace::Workspace::snapshotChanged);
    QVERIFY(second->documents()->openFile(path + QStringLiteral(".embedscope")));
    QVERIFY(secondReady.wait(10000));

    const workspace::Snapshot &reopened = second->workspace()->snapshot();
    QCOMPARE(reopened.phrases, saved.phrases);
    QCOMPARE(reopened.vectors, saved.vectors);
    QCOMPARE(reopened.source, saved.source);
    QCOMPARE(reopened.matrix.size(), saved.matrix.size());
    QCOMPARE(reopened.matrix.metric(), saved.matrix.metric());
    QVERIFY(std::equal(saved.matrix.data(), saved.matrix.data() + PHRASE_COUNT * PHRASE_COUNT,
                       reopened.matrix.data(),
                       [](float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }));
    QCOMPARE(text::parsePhrases(second->findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"))->toPlainText()),
             saved.phrases);
    QVERIFY(progress.isEmpty()); // no provider was called
    QVERIFY(!second->isWindowModified());
}

void TestDocuments::damagedFileIsRejected_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");

    workspace::WorkspaceData data;
    data.phrases = {QStringLiteral("from the future")};
    QByteArray future = workspace::serializeWorkspace(data);
    const QByteArray current = "\"version\": " + QByteArray::number(workspace::WORKSPACE_FORMAT_VERSION);
    future.replace(current, "\"version\": 99");

    QTest::newRow("truncated JSON") << QByteArray("{\"format\": \"embedscope-workspace\", \"vers")
                                    << QStringLiteral("Could not open");
    QTest::newRow("binary garbage") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0", 11) << QStringLiteral("Could not open");
    QTest::newRow("newer version") << future << QStringLiteral("newer");
}

void TestDocuments::damagedFileIsRejected()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    // The newer-version row is only a real case if the version was rewritten.
    if (QByteArray(QTest::currentDataTag()) == "newer version")
        QVERIFY(content.contains("\"version\": 99"));

    const QString path = writeFile(QStringLiteral("bad.embedscope"), content);

    auto window = openWindow();
    auto *editor = window->findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"));
    const QString before = editor->toPlainText();
    const QString title = window->windowTitle();

    QVERIFY(!window->documents()->openFile(path));

    auto *messageBar = window->findChild<ui::MessageBar *>();
    QVERIFY(messageBar->isVisible());
    QCOMPARE(messageBar->kind(), ui::MessageBar::Kind::Error);
    QVERIFY2(messageBar->text().contains(expected), qPrintable(messageBar->text()));
    QVERIFY(messageBar->text().contains(QStringLiteral("bad.embedscope")));
    QCOMPARE(editor->toPlainText(), before);
    QCOMPARE(window->windowTitle(), title);
    QVERIFY(window->documents()->filePath().isEmpty());
}

void TestDocuments::exportsReadBack()
{
    const QString npy = writeVectors(12, 8);
    auto window = openWindow();
    QSignalSpy ready(window->workspace(), &workspace::Workspace::snapshotChanged);
    QVERIFY(window->documents()->importEmbeddingsFrom(npy, QString(npy).replace(QStringLiteral(".npy"),
                                                                                 QStringLiteral(".csv"))));
    QVERIFY(ready.wait(5000));
    const workspace::Snapshot &snapshot = window->workspace()->snapshot();
    DocumentController *documents = window->documents();

    const QString tsv = m_dir.filePath(QStringLiteral("vectors.tsv"));
    QVERIFY(documents->exportTo(Format::ProjectorTsv, tsv));
    QCOMPARE(DocumentController::companionPath(Format::ProjectorTsv, tsv), m_dir.filePath(QStringLiteral("metadata.tsv")));
    const auto projector = text::importProjectorTsv(tsv, DocumentController::companionPath(Format::ProjectorTsv, tsv));
    QVERIFY2(projector, qPrintable(projector ? QString() : projector.error()));
    QCOMPARE(projector->phrases, snapshot.phrases);
    QCOMPARE(projector->labels.size(), 12);
    QCOMPARE(projector->labels.first(), QStringLiteral("group 0"));
    QCOMPARE(projector->vectors, snapshot.vectors);

    const QString exportedNpy = m_dir.filePath(QStringLiteral("exported.npy"));
    QVERIFY(documents->exportTo(Format::Npy, exportedNpy));
    const auto numpy = text::importNpyEmbeddings(exportedNpy, DocumentController::companionPath(Format::Npy, exportedNpy));
    QVERIFY2(numpy, qPrintable(numpy ? QString() : numpy.error()));
    QCOMPARE(numpy->phrases, snapshot.phrases);
    QCOMPARE(numpy->vectors, snapshot.vectors);

    const QString jsonl = m_dir.filePath(QStringLiteral("exported.jsonl"));
    QVERIFY(documents->exportTo(Format::Jsonl, jsonl));
    const auto lines = text::importEmbeddingJsonl(jsonl);
    QVERIFY2(lines, qPrintable(lines ? QString() : lines.error()));
    QCOMPARE(lines->phrases, snapshot.phrases);
    QCOMPARE(lines->labels.last(), QStringLiteral("group 4"));
    QCOMPARE(lines->vectors, snapshot.vectors);

    // A matrix CSV is a text column and one numeric column per phrase, so
    // the embedding CSV importer reads its rows back as vectors.
    const QString matrix = m_dir.filePath(QStringLiteral("matrix.csv"));
    QVERIFY(documents->exportTo(Format::MatrixCsv, matrix));
    const auto rows = text::importEmbeddingCsv(matrix);
    QVERIFY2(rows, qPrintable(rows ? QString() : rows.error()));
    QCOMPARE(rows->phrases, snapshot.phrases);
    QCOMPARE(rows->vectors.dimensions(), 12);
    for (int row = 0; row < 12; ++row) {
        for (int column = 0; column < 12; ++column)
            QCOMPARE(rows->vectors.row(row)[column], snapshot.matrix.at(row, column));
    }

    const QString scores = m_dir.filePath(QStringLiteral("scores.csv"));
    QVERIFY(documents->exportTo(Format::ScoresCsv, scores));
    text::PhraseImportOptions byPhrase;
    byPhrase.textColumn = text::ColumnChoice::byName(QStringLiteral("phrase"));
    const auto ranked = text::importPhraseFile(scores, byPhrase);
    QVERIFY2(ranked, qPrintable(ranked ? QString() : ranked.error()));
    QCOMPARE(ranked->phrases.size(), 12);
    QCOMPARE(ranked->phrases.first(), snapshot.phrases.at(window->workspace()->referenceIndex()));
    QCOMPARE(QSet<QString>(ranked->phrases.cbegin(), ranked->phrases.cend()),
             QSet<QString>(snapshot.phrases.cbegin(), snapshot.phrases.cend()));
}

void TestDocuments::closeAsksAboutUnsavedChanges()
{
    const QString list = writeFile(QStringLiteral("close.txt"), "red\ngreen\nblue\n");

    auto window = openWindow();
    QVERIFY(window->documents()->importPhrasesFrom(list));
    QVERIFY(window->isWindowModified());

    QStringList questions;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    window->documents()->setQuestionHandler([&](const QString &, const QString &text, auto) {
        questions.append(text);
        return answer;
    });

    QVERIFY(!window->close());
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.first().contains(QStringLiteral("not saved")));
    QVERIFY(window->isVisible());

    answer = QMessageBox::Discard;
    QVERIFY(window->close());
    QCOMPARE(questions.size(), 2);
}

void TestDocuments::recentFilesDropMissing()
{
    auto window = openWindow();
    const QString kept = m_dir.filePath(QStringLiteral("kept.embedscope"));
    const QString gone = m_dir.filePath(QStringLiteral("gone.embedscope"));
    QVERIFY(window->documents()->saveTo(gone));
    QVERIFY(window->documents()->saveTo(kept));
    QVERIFY(QFile::remove(gone));

    auto *recent = window->findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(recent);
    emit recent->aboutToShow();

    QStringList names;
    for (QAction *action : recent->actions())
        names.append(action->text());
    QCOMPARE(names, QStringList{QStringLiteral("kept.embedscope")});
    QCOMPARE(QSettings().value(QStringLiteral("files/recent")).toStringList(), QStringList{kept});
    auto *messageBar = window->findChild<ui::MessageBar *>();
    QVERIFY2(messageBar->text().contains(QStringLiteral("gone.embedscope")), qPrintable(messageBar->text()));
}

void TestDocuments::pasteTakesTextColumn()
{
    auto window = openWindow();
    auto *editor = window->findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"));
    editor->clear();
    QGuiApplication::clipboard()->setText(QStringLiteral("text\tlabel\nred apple\tfruit\n\"blue\nsky\"\tnature\n"));

    editor->paste();

    QCOMPARE(editor->toPlainText(), QStringLiteral("red apple\nblue sky"));
}

void TestDocuments::droppedWorkspaceOpens()
{
    auto window = openWindow();
    const QString path = m_dir.filePath(QStringLiteral("dropped.embedscope"));
    workspace::WorkspaceData data;
    data.phrases = {QStringLiteral("dropped one"), QStringLiteral("dropped two")};
    QVERIFY(workspace::saveWorkspaceFile(path, data));

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window.get(), &drop);
    QVERIFY(drop.isAccepted());

    QTRY_COMPARE(window->documents()->filePath(), path);
    auto *editor = window->findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"));
    QCOMPARE(editor->toPlainText(), QStringLiteral("dropped one\ndropped two"));
}

void TestDocuments::cleanExitRemovesAutosave()
{
    const QString list = writeFile(QStringLiteral("autosave.txt"), "alpha\nbeta\n");

    auto window = openWindow();
    QVERIFY(window->documents()->importPhrasesFrom(list));
    QVERIFY(window->documents()->writeAutosave());
    const QString autosave = window->documents()->autosavePath();
    QVERIFY(QFileInfo::exists(autosave));
    const auto saved = workspace::loadWorkspaceFile(autosave);
    QVERIFY(saved);
    QCOMPARE(saved->phrases, (QStringList{QStringLiteral("alpha"), QStringLiteral("beta")}));

    window->documents()->setQuestionHandler([](auto, auto, auto) { return QMessageBox::Discard; });
    QVERIFY(window->close());
    QVERIFY(!QFileInfo::exists(autosave));
}

// A request made while a background autosave runs is written after it, so
// the file ends with the latest data.
void TestDocuments::backgroundAutosaveKeepsLatestData()
{
    const QString list = writeFile(QStringLiteral("background.txt"), "alpha\nbeta\n");

    auto window = openWindow();
    QVERIFY(window->documents()->importPhrasesFrom(list));
    window->documents()->startAutosave();
    auto *editor = window->findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"));
    editor->setPlainText(QStringLiteral("alpha\nbeta\ngamma"));
    window->documents()->startAutosave();

    const QString autosave = window->documents()->autosavePath();
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(autosave) && workspace::loadWorkspaceFile(autosave)
                                 && workspace::loadWorkspaceFile(autosave)->phrases.size() == 3,
                             10000);
    QCOMPARE(workspace::loadWorkspaceFile(autosave)->phrases.last(), QStringLiteral("gamma"));

    window->documents()->setQuestionHandler([](auto, auto, auto) { return QMessageBox::Discard; });
    QVERIFY(window->close());
}

// Discarding right after a background autosave started must not leave a
// file that the save writes afterwards, because the next start would offer
// it as a crash.
void TestDocuments::discardWaitsForBackgroundAutosave()
{
    const QString list = writeFile(QStringLiteral("discarded.txt"), "alpha\nbeta\n");

    auto window = openWindow();
    QVERIFY(window->documents()->importPhrasesFrom(list));
    window->documents()->startAutosave();
    window->documents()->discardAutosave();

    const QString autosave = window->documents()->autosavePath();
    QVERIFY(!QFileInfo::exists(autosave));
    QTest::qWait(200); // any late finished signal is delivered here
    QVERIFY(!QFileInfo::exists(autosave));

    window->documents()->setQuestionHandler([](auto, auto, auto) { return QMessageBox::Discard; });
    QVERIFY(window->close());
}

// A real embedscope process imports a list, autosaves it and is killed with
// SIGKILL; the next start finds the orphaned autosave and recovers it.
void TestDocuments::killedProcessIsRecovered()
{
    const QString home = m_dir.filePath(QStringLiteral("child-home"));
    const QString autosave = m_dir.filePath(QStringLiteral("child-autosave"));
    QVERIFY(QDir().mkpath(home));
    const QStringList edited{QStringLiteral("edited one"), QStringLiteral("edited two"),
                             QStringLiteral("edited three, with a comma")};
    const QString list = writeFile(QStringLiteral("edited.txt"), edited.join(QLatin1Char('\n')).toUtf8());

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
    environment.insert(QStringLiteral("EMBEDSCOPE_AUTOSAVE_DIR"), autosave);
    environment.insert(QStringLiteral("EMBEDSCOPE_AUTOSAVE_INTERVAL_MS"), QStringLiteral("200"));
    environment.remove(QStringLiteral("OPENROUTER_API_KEY"));
    environment.remove(QStringLiteral("OPENAI_API_KEY"));

    QProcess child;
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start(QStringLiteral(EMBEDSCOPE_BINARY), {list});
    QVERIFY(child.waitForStarted(10000));

    const QString childAutosave = QDir(autosave).filePath(QStringLiteral("%1-1.embedscope").arg(child.processId()));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(childAutosave), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(workspace::loadWorkspaceFile(childAutosave).has_value(), 5000);

    child.kill(); // SIGKILL: no clean-up code runs
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);
    QVERIFY(QFileInfo::exists(childAutosave));

    qputenv("EMBEDSCOPE_AUTOSAVE_DIR", autosave.toLocal8Bit());
    qputenv("EMBEDSCOPE_RECOVERY", "accept");
    auto window = openWindow();
    auto *editor = window->findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"));
    QTRY_COMPARE_WITH_TIMEOUT(text::parsePhrases(editor->toPlainText()), edited, 5000);
    QVERIFY(window->isWindowModified());
    QVERIFY(!QFileInfo::exists(childAutosave));
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(window->documents()->autosavePath()), 5000);

    window->documents()->setQuestionHandler([](auto, auto, auto) { return QMessageBox::Discard; });
    QVERIFY(window->close());
}

// Writes window.png and importdialog.png to $EMBEDSCOPE_SCREENSHOT_DIR, for
// looking at the layout by eye.
void TestDocuments::screenshotsWhenRequested()
{
    const QString directory = qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set EMBEDSCOPE_SCREENSHOT_DIR to write screenshots");

    const QString csv = writeFile(QStringLiteral("screenshot.csv"),
                                  "id,category,text\n1,fruit,apple pie\n2,fruit,\"pear, poached\"\n"
                                  "3,metal,steel girder\n4,metal,copper wire\n5,fruit,plum jam\n");

    auto window = openWindow();
    QSignalSpy ready(window->workspace(), &workspace::Workspace::snapshotChanged);
    QVERIFY(window->documents()->importPhrasesFrom(csv));
    window->findChild<QAction *>(QStringLiteral("embedAction"))->trigger();
    QVERIFY(ready.wait(5000));
    QVERIFY(window->documents()->saveTo(m_dir.filePath(QStringLiteral("screenshot.embedscope"))));
    QVERIFY(window->documents()->importPhrasesFrom(csv)); // shows the modified marker
    QVERIFY(window->grab().save(QDir(directory).filePath(QStringLiteral("window.png"))));

    ui::ImportDialog dialog(csv, window.get());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(QDir(directory).filePath(QStringLiteral("importdialog.png"))));
    qInfo("window title: %s", qPrintable(window->windowTitle()));
}

QTEST_MAIN(TestDocuments)
#include "tst_documents.moc"
