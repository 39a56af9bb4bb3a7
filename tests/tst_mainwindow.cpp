#include "compare/compareview.h"
#include "heatmapview.h"
#include "analysis/analysispanel.h"
#include "mainwindow.h"
#include "support/namedchild.h"
#include "messagebar.h"
#include "providerpanel.h"
#include "scoretablemodel.h"

#include "workspace/workspace.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QScrollBar>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <memory>
#include <set>

using namespace embedscope;
using embedscope::ui::MainWindow;
using embedscope::ui::ScoreTableModel;

static const QSize WINDOW_SIZE(1400, 850);

static QString examplePhraseText()
{
    QFile file(QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll());
}

static QList<int> tablePositions(const QTableView *table)
{
    QList<int> positions;
    const QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row)
        positions.append(model->index(row, ScoreTableModel::PositionColumn).data().toInt());
    return positions;
}

static QList<double> tableScores(const QTableView *table)
{
    QList<double> scores;
    const QAbstractItemModel *model = table->model();
    for (int row = 0; row < model->rowCount(); ++row)
        scores.append(model->index(row, ScoreTableModel::ScoreColumn).data(ScoreTableModel::RawValueRole).toDouble());
    return scores;
}

// Picks a provider the way the user does, through the combo box.
static void chooseProvider(ui::ProviderPanel *panel, embedding::ProviderKind kind)
{
    auto *combo = panel->findChild<QComboBox *>();
    const int index = combo->findData(int(kind));
    combo->setCurrentIndex(index);
    emit combo->activated(index);
}

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void firstLaunchShowsExampleList();
    void embedRanksAgainstFirstPhrase();
    void referenceComboChangesRanking();
    void heatmapClickChangesReference();
    void heatmapRowLabelsUseSpareWidth();
    void heatmapToolBarFitsWindow();
    void heatmapCutByDistanceColorsBands();
    void euclideanRanksNearestFirst();
    void errorsShowInWindow_data();
    void errorsShowInWindow();
    void actionsFollowBusyState();
    void sessionSurvivesRestart();
    void screenshot();

private:
    std::unique_ptr<MainWindow> openWindow(bool resize = true);
    bool embedAndWait(MainWindow &window);
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QLocale::setDefault(QLocale::c());
}

// Every test starts as a first launch.
void TestMainWindow::init()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestMainWindow::openWindow(bool resize)
{
    auto window = std::make_unique<MainWindow>();
    if (resize)
        window->resize(WINDOW_SIZE);
    window->show();
    // Shortcuts such as Ctrl+Return reach only the active window.
    QApplication::setActiveWindow(window.get());
    if (!QTest::qWaitForWindowActive(window.get()))
        qWarning("window not active");
    return window;
}

// Presses Ctrl+Return in the editor, as the user does, and waits for the
// result or an error.
bool TestMainWindow::embedAndWait(MainWindow &window)
{
    // The Embed action is disabled from the start of a run until its result
    // or error has reached the window.
    auto *embedAction = child<QAction>(&window, "embedAction");
    const auto idle = [embedAction] { return embedAction->isEnabled(); };
    if (!QTest::qWaitFor(idle, 10000))
        return false;

    auto *editor = child<QPlainTextEdit>(&window, "phraseEditor");
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    return QTest::qWaitFor(idle, 10000);
}

void TestMainWindow::firstLaunchShowsExampleList()
{
    const auto window = openWindow();

    auto *editor = child<QPlainTextEdit>(window.get(), "phraseEditor");
    QCOMPARE(editor->toPlainText(), examplePhraseText());
    QCOMPARE(window->workspace()->providerSettings().kind, embedding::defaultProviderSettings().kind);

    // With the built-in provider the first result appears without a click.
    if (embedding::defaultProviderSettings().kind != embedding::ProviderKind::Builtin)
        QSKIP("an API key in the environment selects an HTTP provider, which does not embed on start");
    auto *table = child<QTableView>(window.get(), "scoreTable");
    QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 8, 10000);
    QVERIFY(child<ui::HeatmapView>(window.get(), "heatmapView")->hasData());
}

void TestMainWindow::embedRanksAgainstFirstPhrase()
{
    const auto window = openWindow();
    auto *editor = child<QPlainTextEdit>(window.get(), "phraseEditor");
    auto *table = child<QTableView>(window.get(), "scoreTable");
    editor->setPlainText(examplePhraseText());
    chooseProvider(child<ui::ProviderPanel>(window.get(), "providerPanel"), embedding::ProviderKind::Builtin);

    QVERIFY(embedAndWait(*window));

    QCOMPARE(table->model()->rowCount(), 8);
    QCOMPARE(window->workspace()->referenceIndex(), 0);
    QCOMPARE(tablePositions(table).first(), 1);
    QCOMPARE(table->model()->index(0, ScoreTableModel::PhraseColumn).data().toString(),
             QStringLiteral("The quick brown fox jumps over the lazy dog."));
    QCOMPARE(table->model()->headerData(ScoreTableModel::ScoreColumn, Qt::Horizontal).toString(),
             QStringLiteral("Cosine similarity"));

    const QList<double> scores = tableScores(table);
    QCOMPARE(scores.first(), 1.0);
    QVERIFY2(std::is_sorted(scores.crbegin(), scores.crend()), "scores are not in descending order");
    // The one-letter typo ranks above the unrelated Latin filler.
    QVERIFY(tablePositions(table).indexOf(2) < tablePositions(table).indexOf(8));
    QVERIFY(child<QAction>(window.get(), "exportAction")->isEnabled());
}

void TestMainWindow::referenceComboChangesRanking()
{
    const auto window = openWindow();
    auto *editor = child<QPlainTextEdit>(window.get(), "phraseEditor");
    editor->setPlainText(examplePhraseText());
    QVERIFY(embedAndWait(*window));

    auto *combo = child<QComboBox>(window.get(), "referenceCombo");
    auto *table = child<QTableView>(window.get(), "scoreTable");
    QCOMPARE(combo->count(), 8);

    combo->setCurrentIndex(6);
    emit combo->activated(6);

    QCOMPARE(window->workspace()->referenceIndex(), 6);
    QCOMPARE(tablePositions(table).first(), 7);
    QCOMPARE(table->model()->index(0, ScoreTableModel::PhraseColumn).data().toString(),
             QStringLiteral("The five boxing wizards jump quickly."));
    QCOMPARE(tableScores(table).first(), 1.0);
    QCOMPARE(child<ui::HeatmapView>(window.get(), "heatmapView")->referenceIndex(), 6);
}

void TestMainWindow::heatmapClickChangesReference()
{
    const auto window = openWindow();
    child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(examplePhraseText());
    QVERIFY(embedAndWait(*window));

    auto *heatmap = child<ui::HeatmapView>(window.get(), "heatmapView");
    auto *combo = child<QComboBox>(window.get(), "referenceCombo");
    const render::HeatmapLayout &layout = heatmap->heatmapLayout();
    QVERIFY(layout.cellSize > 0.0);

    // A cell makes its row's phrase the reference.
    QTest::mouseClick(heatmap->viewport(), Qt::LeftButton, {}, layout.cellRect(4, 1).center().toPoint());
    QCOMPARE(window->workspace()->referenceIndex(), 4);
    QCOMPARE(combo->currentIndex(), 4);
    QCOMPARE(heatmap->referenceIndex(), 4);

    // A column label makes its column's phrase the reference.
    const QPointF columnLabel(layout.cellRect(0, 2).center().x(), layout.columnLabels.top() + 4.0);
    QTest::mouseClick(heatmap->viewport(), Qt::LeftButton, {}, columnLabel.toPoint());
    QCOMPARE(window->workspace()->referenceIndex(), 2);
    QCOMPARE(tablePositions(child<QTableView>(window.get(), "scoreTable")).first(), 3);
}

// The map is limited by height, so the row labels can show more of each
// phrase than the column labels, which take height from the grid.
void TestMainWindow::heatmapRowLabelsUseSpareWidth()
{
    const auto window = openWindow();
    child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(examplePhraseText());
    QVERIFY(embedAndWait(*window));

    auto *heatmap = child<ui::HeatmapView>(window.get(), "heatmapView");
    const render::HeatmapLayout &layout = heatmap->heatmapLayout();
    QVERIFY(layout.cellSize > 0.0);
    QCOMPARE(layout.labelStep, 1);
    QCOMPARE(heatmap->horizontalScrollBar()->maximum(), 0);
    QCOMPARE(heatmap->verticalScrollBar()->maximum(), 0);
    QVERIFY(QRectF(heatmap->viewport()->rect()).contains(layout.rowLabels));
    QVERIFY(QRectF(heatmap->viewport()->rect()).contains(layout.grid));

    const QStringList phrases = heatmap->data().phrases;
    QCOMPARE(layout.rowLabelTexts.size(), phrases.size());
    QCOMPARE(layout.columnLabelTexts.size(), phrases.size());
    const QString firstRow = layout.rowLabelTexts.first();
    QVERIFY2(firstRow.size() >= 24 || firstRow == phrases.first(), qPrintable(firstRow));
    QVERIFY2(firstRow.size() > layout.columnLabelTexts.first().size(), qPrintable(firstRow));
    for (qsizetype i = 0; i < phrases.size(); ++i)
        QVERIFY2(layout.rowLabelTexts.at(i).size() >= layout.columnLabelTexts.at(i).size(),
                 qPrintable(layout.rowLabelTexts.at(i)));
}

void TestMainWindow::heatmapToolBarFitsWindow()
{
    const auto window = openWindow();
    auto *toolBar = child<QToolBar>(window.get(), "heatmapToolBar");

    // QToolBar shows its extension button only when its items overflow.
    auto *extension = toolBar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button"));
    QVERIFY(extension);
    QVERIFY(!extension->isVisible());
}

void TestMainWindow::heatmapCutByDistanceColorsBands()
{
    const auto window = openWindow();
    child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(examplePhraseText());
    QVERIFY(embedAndWait(*window));
    auto *heatmap = child<ui::HeatmapView>(window.get(), "heatmapView");

    child<QComboBox>(window.get(), "orderCombo")->setCurrentIndex(2); // clustered, average linkage
    child<QComboBox>(window.get(), "cutMode")->setCurrentIndex(2);    // by distance
    auto *threshold = child<QDoubleSpinBox>(window.get(), "clusterThreshold");
    threshold->setValue(0.5);
    QTRY_VERIFY(heatmap->data().order.dendrogram.has_value());

    const std::vector<int> &bands = heatmap->data().clusterBands;
    QCOMPARE(int(bands.size()), heatmap->data().matrix.size());
    QCOMPARE(bands, math::clusterBands(heatmap->data().order, 0.5, 0));
    QVERIFY(std::set<int>(bands.begin(), bands.end()).size() > 1);

    // A distance above every merge (1 - cosine is at most 2) leaves one cluster.
    threshold->setValue(2.0);
    const auto clusterCount = [heatmap] {
        const std::vector<int> &labels = heatmap->data().clusterBands;
        return std::set<int>(labels.begin(), labels.end()).size();
    };
    QTRY_COMPARE(clusterCount(), size_t(1));
}

void TestMainWindow::euclideanRanksNearestFirst()
{
    const auto window = openWindow();
    child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(examplePhraseText());
    QVERIFY(embedAndWait(*window));

    auto *metricCombo = child<ui::ProviderPanel>(window.get(), "providerPanel")->findChildren<QComboBox *>().last();
    metricCombo->setCurrentIndex(metricCombo->findData(int(math::Metric::Euclidean)));
    QTRY_COMPARE(window->workspace()->snapshot().matrix.metric(), math::Metric::Euclidean);

    auto *table = child<QTableView>(window.get(), "scoreTable");
    QTRY_COMPARE(table->model()->headerData(ScoreTableModel::ScoreColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Euclidean distance"));
    const QList<double> distances = tableScores(table);
    QCOMPARE(distances.first(), 0.0);
    QVERIFY2(std::is_sorted(distances.cbegin(), distances.cend()), "distances are not in ascending order");
    QCOMPARE(tablePositions(table).first(), 1);
}

void TestMainWindow::errorsShowInWindow_data()
{
    QTest::addColumn<QString>("editorText");
    QTest::addColumn<QString>("baseUrl");
    QTest::addColumn<QString>("expectedMessage");

    QTest::newRow("only blank lines in the editor")
        << QStringLiteral("\n   \n\n") << QString() << QStringLiteral("no phrases to embed");
    QTest::newRow("custom endpoint with a base URL that is not a URL")
        << QStringLiteral("apple\npear\n") << QStringLiteral("not a url") << QStringLiteral("invalid base URL");
}

void TestMainWindow::errorsShowInWindow()
{
    QFETCH(QString, editorText);
    QFETCH(QString, baseUrl);
    QFETCH(QString, expectedMessage);

    const auto window = openWindow();
    auto *editor = child<QPlainTextEdit>(window.get(), "phraseEditor");
    auto *panel = child<ui::ProviderPanel>(window.get(), "providerPanel");
    QTRY_VERIFY(child<QAction>(window.get(), "embedAction")->isEnabled());
    editor->setPlainText(editorText);
    if (!baseUrl.isEmpty()) {
        chooseProvider(panel, embedding::ProviderKind::Custom);
        auto *baseUrlEdit = panel->findChildren<QLineEdit *>().first();
        baseUrlEdit->selectAll();
        QTest::keyClicks(baseUrlEdit, baseUrl);
        QCOMPARE(panel->settings().baseUrl, baseUrl);
    }

    QVERIFY(embedAndWait(*window));

    auto *messageBar = child<ui::MessageBar>(window.get(), "messageBar");
    QVERIFY(messageBar->isVisible());
    QCOMPARE(messageBar->kind(), ui::MessageBar::Kind::Error);
    QVERIFY2(messageBar->text().contains(expectedMessage, Qt::CaseInsensitive), qPrintable(messageBar->text()));
    QVERIFY2(window->statusBar()->currentMessage().contains(expectedMessage, Qt::CaseInsensitive),
             qPrintable(window->statusBar()->currentMessage()));
    QCOMPARE(editor->toPlainText(), editorText);

    // Dismissing hides the message; the status bar keeps it.
    QTest::mouseClick(messageBar->findChild<QAbstractButton *>(), Qt::LeftButton);
    QVERIFY(!messageBar->isVisible());
}

void TestMainWindow::actionsFollowBusyState()
{
    QSettings().setValue(QStringLiteral("editor/text"), QString());
    const auto window = openWindow();
    auto *embedAction = child<QAction>(window.get(), "embedAction");
    auto *cancelAction = child<QAction>(window.get(), "cancelAction");
    auto *exportAction = child<QAction>(window.get(), "exportAction");

    // An emptied editor stays empty on the next start and nothing is embedded.
    QCOMPARE(child<QPlainTextEdit>(window.get(), "phraseEditor")->toPlainText(), QString());
    QVERIFY(embedAction->isEnabled());
    QVERIFY(!cancelAction->isEnabled());
    QVERIFY(!exportAction->isEnabled());
    QVERIFY(!child<ui::HeatmapView>(window.get(), "heatmapView")->hasData());

    child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(QStringLiteral("apple\npear\nplum"));
    embedAction->trigger();
    QVERIFY(!embedAction->isEnabled());
    QVERIFY(cancelAction->isEnabled());

    QTRY_VERIFY(embedAction->isEnabled());
    QVERIFY(!window->workspace()->isBusy());
    QVERIFY(!cancelAction->isEnabled());
    QVERIFY(exportAction->isEnabled());
}

void TestMainWindow::sessionSurvivesRestart()
{
    const QSize RESTORED_SIZE(1200, 760);
    const QString text = QStringLiteral("alpha\nbeta\n\ngamma");
    {
        const auto window = openWindow();
        auto *panel = child<ui::ProviderPanel>(window.get(), "providerPanel");
        child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(text);
        chooseProvider(panel, embedding::ProviderKind::Ollama);
        auto *metricCombo = panel->findChildren<QComboBox *>().last();
        metricCombo->setCurrentIndex(metricCombo->findData(int(math::Metric::Dot)));
        child<QSpinBox>(window->compareView(), "neighboursSpin")->setValue(7);
        child<QCheckBox>(window->compareView(), "sharedRangeCheck")->setChecked(false);
        window->resize(RESTORED_SIZE);
        QTRY_COMPARE(window->size(), RESTORED_SIZE);
        window->close();
    }

    const auto window = openWindow(false);
    auto *panel = child<ui::ProviderPanel>(window.get(), "providerPanel");
    QCOMPARE(child<QPlainTextEdit>(window.get(), "phraseEditor")->toPlainText(), text);
    QCOMPARE(panel->settings().kind, embedding::ProviderKind::Ollama);
    QCOMPARE(panel->settings().baseUrl, embedding::presetFor(embedding::ProviderKind::Ollama).baseUrl);
    QCOMPARE(panel->metric(), math::Metric::Dot);
    QCOMPARE(window->workspace()->metric(), math::Metric::Dot);
    QCOMPARE(window->compareView()->options().neighbours, 7);
    QVERIFY(!window->compareView()->options().sharedRange);
    QCOMPARE(window->size(), RESTORED_SIZE);
}

// Saves the window as users see it, for review; the file is not compared.
void TestMainWindow::screenshot()
{
    const auto window = openWindow();
    child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(examplePhraseText());
    QVERIFY(embedAndWait(*window));
    emit child<QComboBox>(window.get(), "referenceCombo")->activated(1);
    // The analyses run after each result; the picture shows them finished.
    QVERIFY(QTest::qWaitFor([&window] { return !window->analysisPanel()->isBusy(); }, 30000));

    const QString path = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("mainwindow.png"));
    QVERIFY(window->grab().save(path));
    qInfo("screenshot saved to %s", qPrintable(path));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
