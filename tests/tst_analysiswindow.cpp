// The analysis views wired into the main window: outliers flagged on the
// heatmap's labels, one cluster cut shared with the heatmap's bands,
// expected labels from an imported CSV reaching the Classification view
// (checked against `embedscope analyze`), and the provider mismatch warning.
#include "analysis/analysispanel.h"
#include "analysis/analysistable.h"
#include "analysis/classificationview.h"
#include "analysis/clustersview.h"
#include "analysis/mapview.h"
#include "analysis/outliersview.h"
#include "documentcontroller.h"
#include "heatmapview.h"
#include "mainwindow.h"
#include "support/namedchild.h"
#include "providerpanel.h"

#include "math/outliers.h"
#include "render/dendrogrampainter.h"
#include "render/outliermarkers.h"
#include "workspace/workspace.h"

#include <cmath>

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolTip>

#include <memory>

using namespace embedscope;
using ui::MainWindow;
using ui::analysis::RAW_VALUE_ROLE;

static constexpr int TIMEOUT_MS = 60000;

// Six phrases of two kinds. "steel beam" is labelled fruit on purpose, so
// the expected accuracy is 5 of 6 when each phrase gets its kind's label.
static const char LABELLED_CSV[] = "text,label\n"
                                   "apple pie with cream,fruit\n"
                                   "apple tart,fruit\n"
                                   "a pie of apples,fruit\n"
                                   "steel girder bridge,metal\n"
                                   "a steel girder,metal\n"
                                   "steel beam,fruit\n";
static const char LABELS[] = "fruit: apple pie tart\nmetal: steel girder beam\n";

static double rawValue(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->data(RAW_VALUE_ROLE).toDouble() : qQNaN();
}

// The heatmap's clusters per input index, from the bands drawn per position.
static std::vector<int> bandsByPhrase(const ui::HeatmapView *view)
{
    const render::HeatmapData &data = view->data();
    std::vector<int> labels(data.clusterBands.size(), -1);
    for (size_t position = 0; position < data.clusterBands.size(); ++position)
        labels[size_t(data.order.permutation[position])] = data.clusterBands[position];
    return labels;
}

class TestAnalysisWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void outliersFlaggedOnHeatmap();
    void clusterCutSharedWithHeatmap();
    void clusteredOrderShowsBandsAtFirst();
    void labelledCsvMatchesCommandLine();
    void savedLabelsReachClassification();
    void providerMismatchWarns();
    void screenshots();

private:
    std::unique_ptr<MainWindow> openWindow();
    bool waitUntilIdle(const MainWindow &window);
    bool embedAndWait(MainWindow &window, int phraseCount);
    QString writeFile(const QString &name, const QByteArray &content);

    QTemporaryDir m_dir;
};

void TestAnalysisWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_analysiswindow"));
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_dir.isValid());
    qputenv("EMBEDSCOPE_AUTOSAVE_DIR", m_dir.filePath(QStringLiteral("autosave")).toLocal8Bit());
    qputenv("EMBEDSCOPE_RECOVERY", "discard");
}

// Every test starts as a first launch, which embeds the pangram list with
// the built-in provider.
void TestAnalysisWindow::init()
{
    QSettings().clear();
}

std::unique_ptr<MainWindow> TestAnalysisWindow::openWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->resize(1400, 900);
    window->show();
    window->documents()->setQuestionHandler([](const QString &, const QString &text, auto) {
        qWarning("unexpected question: %s", qPrintable(text));
        return QMessageBox::Cancel;
    });
    if (!QTest::qWaitForWindowExposed(window.get()))
        qWarning("window not exposed");
    if (!waitUntilIdle(*window))
        qWarning("the start-up embedding and analyses did not finish");
    return window;
}

bool TestAnalysisWindow::waitUntilIdle(const MainWindow &window)
{
    QTest::qWait(50);
    return QTest::qWaitFor(
        [&window] {
            return !window.workspace()->isBusy() && !window.workspace()->snapshot().isEmpty()
                   && !window.analysisPanel()->isBusy();
        },
        TIMEOUT_MS);
}

// Presses Ctrl+Return in the phrase editor, as a user embeds, and waits
// until phraseCount phrases are embedded and every analysis has finished.
bool TestAnalysisWindow::embedAndWait(MainWindow &window, int phraseCount)
{
    auto *editor = window.findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"));
    if (!editor)
        return false;
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    const bool embedded = QTest::qWaitFor(
        [&window, phraseCount] { return window.workspace()->snapshot().phrases.size() == phraseCount; }, TIMEOUT_MS);
    return embedded && waitUntilIdle(window);
}

QString TestAnalysisWindow::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
        return {};
    return path;
}

void TestAnalysisWindow::outliersFlaggedOnHeatmap()
{
    const auto window = openWindow();
    auto *heatmap = child<ui::HeatmapView>(window.get(), "heatmapView");
    ui::analysis::OutliersView *outliers = window->analysisPanel()->outliersView();
    auto *flagSpin = child<QSpinBox>(outliers, "outlierFlagCount");
    auto *neighbourSpin = child<QSpinBox>(outliers, "outlierNeighbourCount");
    auto *table = child<QTableWidget>(outliers, "outlierTable");
    QVERIFY(heatmap && flagSpin && neighbourSpin && table);

    // Automatic: the phrases more than two standard deviations above the
    // mean score, computed here from the core's scores.
    QCOMPARE(flagSpin->value(), flagSpin->minimum());
    const auto scores = math::scoreOutliers(window->workspace()->snapshot().matrix, neighbourSpin->value());
    QVERIFY(scores.has_value());
    double sum = 0.0;
    for (const math::OutlierScore &score : *scores)
        sum += score.score;
    const double mean = sum / double(scores->size());
    double squares = 0.0;
    for (const math::OutlierScore &score : *scores)
        squares += (score.score - mean) * (score.score - mean);
    const double cutoff = mean + 2.0 * std::sqrt(squares / double(scores->size()));
    QList<int> expectedAutomatic;
    for (const math::OutlierScore &score : *scores) {
        if (score.score > cutoff)
            expectedAutomatic.append(score.index);
    }
    qInfo("automatic flags: %lld of %lld phrases", qlonglong(expectedAutomatic.size()), qlonglong(scores->size()));
    QCOMPARE(outliers->flaggedPhrases(), expectedAutomatic);
    QCOMPARE(heatmap->outliers(), expectedAutomatic);

    // The top rows of the Outliers view are the flagged ones on the heatmap.
    flagSpin->setValue(3);
    QCOMPARE(outliers->flaggedPhrases().size(), flagSpin->value());
    QCOMPARE(heatmap->outliers(), outliers->flaggedPhrases());
    for (int row = 0; row < flagSpin->value(); ++row)
        QCOMPARE(heatmap->outliers().at(row), int(rawValue(table, row, 1)));

    flagSpin->setValue(2);
    QCOMPARE(heatmap->outliers().size(), 2);
    neighbourSpin->setValue(2);
    QVERIFY(waitUntilIdle(*window));
    const auto expected = math::scoreOutliers(window->workspace()->snapshot().matrix, 2);
    QVERIFY(expected.has_value());
    QCOMPARE(heatmap->outliers(), QList<int>({(*expected)[0].index, (*expected)[1].index}));

    // The marker is drawn beside the row and the column label of each
    // flagged phrase, and nowhere for the others.
    const QImage image = heatmap->viewport()->grab().toImage();
    for (int phrase : heatmap->outliers()) {
        for (bool rowLabel : {true, false}) {
            const QRectF marker = heatmap->outlierMarkerRect(phrase, rowLabel);
            QVERIFY(!marker.isNull());
            const QPoint centre = (marker.center() * image.devicePixelRatio()).toPoint();
            QCOMPARE(image.pixelColor(centre), render::outlierMarkerColor());
        }
    }
    const int unflagged = (*expected)[2].index;
    QVERIFY(heatmap->outlierMarkerRect(unflagged, true).isNull());

    // The label's tooltip names it an outlier.
    const QRectF marker = heatmap->outlierMarkerRect(heatmap->outliers().first(), true);
    const QPoint labelPoint(int(heatmap->heatmapLayout().rowLabels.right()) - 4, int(marker.center().y()));
    QHelpEvent help(QEvent::ToolTip, labelPoint, heatmap->viewport()->mapToGlobal(labelPoint));
    QApplication::sendEvent(heatmap->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(u"Outlier"_qs), qPrintable(QToolTip::text()));
    QToolTip::hideText();

    flagSpin->setValue(0);
    QVERIFY(heatmap->outliers().isEmpty());

    // Eleven spellings of one sentence and one unrelated line: the automatic
    // choice flags the unrelated line alone.
    QStringList phrases;
    for (int i = 0; i < 11; ++i)
        phrases.append(QStringLiteral("the cat sat on the mat number %1").arg(i));
    phrases.append(QStringLiteral("quarterly VAT return deadline"));
    auto *editor = child<QPlainTextEdit>(window.get(), "phraseEditor");
    editor->setPlainText(phrases.join(u'\n'));
    QVERIFY(embedAndWait(*window, 12));
    flagSpin->setValue(flagSpin->minimum());
    QCOMPARE(heatmap->outliers(), QList<int>({11}));
}

void TestAnalysisWindow::clusterCutSharedWithHeatmap()
{
    const auto window = openWindow();
    auto *heatmap = child<ui::HeatmapView>(window.get(), "heatmapView");
    auto *order = child<QComboBox>(window.get(), "orderCombo");
    auto *heatmapCount = child<QSpinBox>(window.get(), "clusterCount");
    ui::analysis::ClustersView *clusters = window->analysisPanel()->clustersView();
    auto *cutKind = child<QComboBox>(clusters, "cutCombo");
    auto *cutDistance = child<QDoubleSpinBox>(clusters, "cutDistance");
    auto *linkage = child<QComboBox>(clusters, "linkageCombo");
    auto *table = child<QTableWidget>(clusters, "clusterTable");
    QVERIFY(heatmap && order && heatmapCount && cutKind && cutDistance && linkage && table);

    // A count set on the heatmap reaches the Clusters view.
    order->setCurrentIndex(2); // clustered, average linkage
    child<QComboBox>(window.get(), "cutMode")->setCurrentIndex(1); // cut by count
    heatmapCount->setValue(3);
    QVERIFY(waitUntilIdle(*window));
    QCOMPARE(clusters->cut().kind, workspace::ClusterCut::Kind::Count);
    QCOMPARE(clusters->cut().value, 3.0);
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(bandsByPhrase(heatmap), clusters->labels());

    // Each cluster's swatch in the list has its band colour on the heatmap.
    const QImage image = heatmap->viewport()->grab().toImage();
    const render::HeatmapLayout &layout = heatmap->heatmapLayout();
    const std::vector<int> &bands = heatmap->data().clusterBands;
    for (int position = 0; position < int(bands.size()); ++position) {
        const QPointF band(layout.rowBands.center().x(), layout.cellRect(position, 0).center().y());
        QCOMPARE(image.pixelColor((band * image.devicePixelRatio()).toPoint()),
                 render::clusterBandColor(bands[size_t(position)]));
    }
    for (int row = 0; row < table->rowCount(); ++row) {
        const int label = int(rawValue(table, row, 0));
        const QImage swatch = table->item(row, 0)->icon().pixmap(14, 14).toImage();
        QCOMPARE(swatch.pixelColor(7, 7), render::clusterBandColor(label));
    }

    // A distance cut and a linkage set in the Clusters view reach the heatmap.
    cutKind->setCurrentIndex(0); // cut at distance
    cutDistance->setValue(0.6);
    linkage->setCurrentIndex(1); // complete
    QVERIFY(waitUntilIdle(*window));
    QCOMPARE(order->currentText(), order->itemText(3)); // clustered, complete linkage
    QCOMPARE(bandsByPhrase(heatmap), clusters->labels());
    QCOMPARE(child<QComboBox>(window.get(), "cutMode")->currentIndex(), 2); // cut by distance
    QCOMPARE(child<QDoubleSpinBox>(window.get(), "clusterThreshold")->value(), 0.6);

    // A distance set on the heatmap reaches the Clusters view.
    child<QDoubleSpinBox>(window.get(), "clusterThreshold")->setValue(0.4);
    QVERIFY(waitUntilIdle(*window));
    QCOMPARE(clusters->cut().kind, workspace::ClusterCut::Kind::Distance);
    QCOMPARE(clusters->cut().value, 0.4);
    QCOMPARE(bandsByPhrase(heatmap), clusters->labels());
}

// Choosing a clustered order in a fresh window shows cluster bands without
// any cut chosen first, because the heatmap starts with the Clusters view's
// cut. The user can still turn the bands off.
void TestAnalysisWindow::clusteredOrderShowsBandsAtFirst()
{
    const auto window = openWindow();
    auto *heatmap = child<ui::HeatmapView>(window.get(), "heatmapView");
    auto *order = child<QComboBox>(window.get(), "orderCombo");
    auto *cutMode = child<QComboBox>(window.get(), "cutMode");
    auto *threshold = child<QDoubleSpinBox>(window.get(), "clusterThreshold");
    ui::analysis::ClustersView *clusters = window->analysisPanel()->clustersView();
    QVERIFY(heatmap && order && cutMode && threshold);
    QCOMPARE(clusters->cut().kind, workspace::ClusterCut::Kind::Distance);

    order->setCurrentIndex(2); // clustered, average linkage
    QVERIFY(waitUntilIdle(*window));

    QCOMPARE(cutMode->currentIndex(), 2); // cut by distance
    QCOMPARE(threshold->value(), clusters->cut().value);
    const std::vector<int> bands = bandsByPhrase(heatmap);
    QCOMPARE(bands.size(), size_t(window->workspace()->snapshot().phrases.size()));
    QVERIFY(*std::max_element(bands.begin(), bands.end()) > 0); // more than one cluster
    QCOMPARE(bands, clusters->labels());
    const QString directory = qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_DIR");
    if (!directory.isEmpty()) {
        QDir().mkpath(directory);
        window->analysisPanel()->setCurrentWidget(window->analysisPanel()->mapView());
        QTest::qWait(200);
        QVERIFY(window->grab().save(directory + u"/window-default-cut.png"_qs));
    }

    cutMode->setCurrentIndex(0); // no cut
    QVERIFY(heatmap->data().clusterBands.empty());
}

void TestAnalysisWindow::labelledCsvMatchesCommandLine()
{
    const QString csv = writeFile(QStringLiteral("labelled.csv"), LABELLED_CSV);
    const QString labels = writeFile(QStringLiteral("labels.txt"), LABELS);
    const QString reportPath = m_dir.filePath(QStringLiteral("report.json"));
    QVERIFY(!csv.isEmpty() && !labels.isEmpty());

    // The window: import the CSV, embed, classify with the same labels.
    const auto window = openWindow();
    QVERIFY(window->documents()->importPhrasesFrom(csv));
    QVERIFY(embedAndWait(*window, 6));

    ui::analysis::ClassificationView *classification = window->analysisPanel()->classificationView();
    window->analysisPanel()->setCurrentWidget(classification);
    QCOMPARE(classification->expectedLabels(), QStringList({u"fruit"_qs, u"fruit"_qs, u"fruit"_qs, u"metal"_qs,
                                                            u"metal"_qs, u"fruit"_qs}));
    auto *labelsEditor = child<QPlainTextEdit>(classification, "labelsEditor");
    QCOMPARE(labelsEditor->toPlainText(), u"fruit\nmetal"_qs); // filled from the expected names
    labelsEditor->setPlainText(QString::fromUtf8(LABELS));
    QTest::mouseClick(child<QPushButton>(classification, "classifyButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(classification->evaluation().has_value(), TIMEOUT_MS);
    const math::ClassificationEvaluation &shown = *classification->evaluation();
    QCOMPARE(shown.evaluatedCount, 6);
    QCOMPARE(shown.correctCount, 5); // only the mislabelled "steel beam" is wrong
    QVERIFY(classification->warning().isEmpty());

    // The command line on the same file and labels.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("OPENROUTER_API_KEY"));
    environment.remove(QStringLiteral("OPENAI_API_KEY"));
    QProcess cli;
    cli.setProcessEnvironment(environment);
    cli.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    cli.start(QStringLiteral(EMBEDSCOPE_BINARY),
              {u"analyze"_qs, csv, u"--report"_qs, reportPath, u"--labels"_qs, labels});
    QVERIFY(cli.waitForFinished(TIMEOUT_MS));
    QCOMPARE(cli.exitCode(), 0);
    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    const QJsonObject report = QJsonDocument::fromJson(reportFile.readAll()).object();

    const QJsonObject evaluation = report[u"classification"_qs][u"evaluation"_qs].toObject();
    QCOMPARE(evaluation[u"accuracy"_qs].toDouble(), shown.accuracy);
    QCOMPARE(evaluation[u"correctCount"_qs].toInt(), shown.correctCount);
    QCOMPARE(evaluation[u"evaluatedCount"_qs].toInt(), shown.evaluatedCount);
    const QJsonArray confusion = evaluation[u"confusion"_qs].toArray();
    QCOMPARE(confusion.size(), 2);
    for (int expected = 0; expected < 2; ++expected) {
        for (int predicted = 0; predicted < 2; ++predicted)
            QCOMPARE(confusion.at(expected).toArray().at(predicted).toInt(),
                     shown.confusion[size_t(expected)][size_t(predicted)]);
    }

    auto *predictions = child<QTableWidget>(classification, "classificationTable");
    const QJsonArray reported = report[u"classification"_qs][u"predictions"_qs].toArray();
    QCOMPARE(predictions->rowCount(), reported.size());
    for (int row = 0; row < predictions->rowCount(); ++row) {
        QCOMPARE(int(rawValue(predictions, row, 1)), reported.at(row)[u"label"_qs].toInt());
        QCOMPARE(float(rawValue(predictions, row, 2)), float(reported.at(row)[u"score"_qs].toDouble()));
    }

    // Outlier scores agree too.
    auto *outliers = child<QTableWidget>(window->analysisPanel()->outliersView(), "outlierTable");
    const QJsonArray ranking = report[u"outliers"_qs][u"ranking"_qs].toArray();
    QCOMPARE(outliers->rowCount(), ranking.size());
    for (int row = 0; row < outliers->rowCount(); ++row) {
        QCOMPARE(int(rawValue(outliers, row, 1)), ranking.at(row)[u"index"_qs].toInt());
        QCOMPARE(rawValue(outliers, row, 2), ranking.at(row)[u"score"_qs].toDouble());
    }
}

// Labels stored in a workspace file come back with it, in the
// Classification view and in the score table's tooltips.
void TestAnalysisWindow::savedLabelsReachClassification()
{
    const QString csv = writeFile(QStringLiteral("saved.csv"), LABELLED_CSV);
    const QString saved = m_dir.filePath(QStringLiteral("labelled.embedscope"));
    {
        const auto window = openWindow();
        QVERIFY(window->documents()->importPhrasesFrom(csv));
        QVERIFY(embedAndWait(*window, 6));
        QVERIFY(window->documents()->saveTo(saved));
    }

    QSettings().clear();
    const auto window = openWindow();
    QVERIFY(window->documents()->openFile(saved));
    QTRY_COMPARE_WITH_TIMEOUT(window->workspace()->snapshot().phrases.size(), 6, TIMEOUT_MS);
    QVERIFY(waitUntilIdle(*window));
    const QStringList expected{u"fruit"_qs, u"fruit"_qs, u"fruit"_qs, u"metal"_qs, u"metal"_qs, u"fruit"_qs};
    QCOMPARE(window->analysisPanel()->classificationView()->expectedLabels(), expected);

    const QAbstractItemModel *scores = child<QTableView>(window.get(), "scoreTable")->model();
    QCOMPARE(scores->rowCount(), 6);
    for (int row = 0; row < scores->rowCount(); ++row) {
        const int phrase = scores->index(row, 0).data().toInt() - 1; // the # column counts from 1
        const QString tip = scores->index(row, 1).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"Label: "_qs + expected.at(phrase)), qPrintable(tip));
    }
}

void TestAnalysisWindow::providerMismatchWarns()
{
    const auto window = openWindow();
    ui::analysis::ClassificationView *classification = window->analysisPanel()->classificationView();
    QVERIFY(classification->warning().isEmpty());

    // Vectors imported from a file came from no provider of this window.
    const QString vectors = writeFile(QStringLiteral("vectors.jsonl"),
                                      "{\"text\": \"alpha\", \"embedding\": [1, 0, 0]}\n"
                                      "{\"text\": \"beta\", \"embedding\": [0, 1, 0]}\n"
                                      "{\"text\": \"gamma\", \"embedding\": [0, 0, 1]}\n");
    QVERIFY(window->documents()->importEmbeddingsFrom(vectors));
    QVERIFY(waitUntilIdle(*window));
    QCOMPARE(window->workspace()->snapshot().phrases.size(), 3);
    QVERIFY2(classification->warning().contains(u"vectors.jsonl"_qs), qPrintable(classification->warning()));
    QVERIFY(classification->warning().contains(u"Built-in"_qs));

    // Embedding again with the current provider clears it.
    auto *editor = child<QPlainTextEdit>(window.get(), "phraseEditor");
    editor->setFocus();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(window->workspace()->snapshot().source.startsWith(u"Built-in"_qs), TIMEOUT_MS);
    QTRY_VERIFY(classification->warning().isEmpty());

    // Provider settings changed since the last embedding.
    auto *providers = child<ui::ProviderPanel>(window.get(), "providerPanel");
    auto *kinds = providers->findChild<QComboBox *>();
    const int ollama = kinds->findData(int(embedding::ProviderKind::Ollama));
    QVERIFY(ollama >= 0);
    kinds->setCurrentIndex(ollama);
    emit kinds->activated(ollama);
    QVERIFY2(classification->warning().contains(u"Ollama"_qs), qPrintable(classification->warning()));
}

// Saves the window with flagged outliers, cluster bands and the
// classification of a labelled list when EMBEDSCOPE_SCREENSHOT_DIR is set,
// for a person to look at. Nothing is compared.
void TestAnalysisWindow::screenshots()
{
    const QString directory = qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set EMBEDSCOPE_SCREENSHOT_DIR to save screenshots of the window");
    QDir().mkpath(directory);

    const auto window = openWindow();
    ui::analysis::AnalysisPanel *panel = window->analysisPanel();
    child<QComboBox>(window.get(), "orderCombo")->setCurrentIndex(2);
    child<QComboBox>(window.get(), "cutMode")->setCurrentIndex(1);
    child<QSpinBox>(window.get(), "clusterCount")->setValue(3);
    QVERIFY(waitUntilIdle(*window));
    for (QWidget *view : {static_cast<QWidget *>(panel->outliersView()), static_cast<QWidget *>(panel->clustersView())}) {
        panel->setCurrentWidget(view);
        QTest::qWait(200);
        const QString name = view == panel->outliersView() ? u"outliers"_qs : u"clusters"_qs;
        QVERIFY(window->grab().save(directory + QStringLiteral("/window-%1.png").arg(name)));
    }

    const QString csv = writeFile(QStringLiteral("labelled.csv"), LABELLED_CSV);
    QVERIFY(window->documents()->importPhrasesFrom(csv));
    QVERIFY(embedAndWait(*window, 6));
    ui::analysis::ClassificationView *classification = panel->classificationView();
    panel->setCurrentWidget(classification);
    child<QPlainTextEdit>(classification, "labelsEditor")->setPlainText(QString::fromUtf8(LABELS));
    QTest::mouseClick(child<QPushButton>(classification, "classifyButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(classification->evaluation().has_value(), TIMEOUT_MS);
    QTest::qWait(200);
    QVERIFY(window->grab().save(directory + u"/window-classification.png"_qs));

    auto *kinds = child<ui::ProviderPanel>(window.get(), "providerPanel")->findChild<QComboBox *>();
    const int ollama = kinds->findData(int(embedding::ProviderKind::Ollama));
    kinds->setCurrentIndex(ollama);
    emit kinds->activated(ollama);
    QTest::qWait(200);
    QVERIFY(window->grab().save(directory + u"/window-classification-warning.png"_qs));

    // 1,000 phrases from a few templates, with the built-in provider again.
    kinds->setCurrentIndex(kinds->findData(int(embedding::ProviderKind::Builtin)));
    emit kinds->activated(kinds->currentIndex());
    QStringList phrases;
    const QStringList subjects{u"The cat"_qs, u"A small dog"_qs, u"The stock market"_qs, u"Heavy rain"_qs,
                               u"The new phone"_qs, u"A chef"_qs, u"The orchestra"_qs, u"A cyclist"_qs};
    const QStringList objects{u"the window"_qs, u"the river"_qs, u"the old bridge"_qs, u"a red car"_qs};
    for (int i = 0; i < 1000; ++i)
        phrases.append(QStringLiteral("%1 waits for %2 (%3)").arg(subjects.at(i % 8), objects.at((i / 8) % 4)).arg(i));
    child<QPlainTextEdit>(window.get(), "phraseEditor")->setPlainText(phrases.join(QLatin1Char('\n')));
    QVERIFY(embedAndWait(*window, 1000));
    panel->setCurrentWidget(panel->outliersView());
    QTest::qWait(500);
    QVERIFY(window->grab().save(directory + u"/window-1000-outliers.png"_qs));
}

QTEST_MAIN(TestAnalysisWindow)
#include "tst_analysiswindow.moc"
