#include "analysis/analysispanel.h"
#include "analysis/analysistable.h"
#include "analysis/backgroundrunner.h"
#include "analysis/classificationview.h"
#include "analysis/clustersview.h"
#include "analysis/diversityview.h"
#include "analysis/mapview.h"
#include "analysis/neighboursview.h"
#include "analysis/outliersview.h"
#include "analysis/scattermap.h"
#include "analysis/searchview.h"

#include "math/classification.h"
#include "math/neighbours.h"
#include "math/projection.h"
#include "math/search.h"
#include "text/phraselist.h"
#include "workspace/analysisreport.h"
#include "workspace/runembedder.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QFile>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <memory>
#include <optional>

using namespace embedscope;
using namespace embedscope::ui::analysis;

static const QSize PANEL_SIZE(1100, 560);
// Generous, because t-SNE and clustering of 1,000 phrases share two cores
// with other builds.
static constexpr int COMPUTE_TIMEOUT_MS = 120000;

static QStringList pangramPhrases()
{
    QFile file(QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return text::parsePhrases(QString::fromUtf8(file.readAll()));
}

// 1,000 different phrases from a few templates, so clusters exist.
static QStringList generatedPhrases(int count)
{
    static const QStringList subjects{u"The cat"_qs, u"A small dog"_qs, u"The stock market"_qs, u"Heavy rain"_qs,
                                      u"The new phone"_qs, u"A chef"_qs, u"The orchestra"_qs, u"A cyclist"_qs};
    static const QStringList verbs{u"sleeps near"_qs, u"rises above"_qs, u"falls onto"_qs, u"plays beside"_qs,
                                   u"waits for"_qs};
    static const QStringList objects{u"the window"_qs, u"the river"_qs, u"the old bridge"_qs, u"a red car"_qs,
                                     u"the evening news"_qs};
    QStringList phrases;
    for (int i = 0; i < count; ++i) {
        phrases.append(QStringLiteral("%1 %2 %3 (%4)")
                           .arg(subjects.at(i % subjects.size()), verbs.at((i / 8) % verbs.size()),
                                objects.at((i / 40) % objects.size()))
                           .arg(i));
    }
    return phrases;
}

// limits, when given, replace the workspace's full-matrix limits.
static std::unique_ptr<workspace::Workspace> embeddedWorkspace(const QStringList &phrases,
                                                               std::optional<workspace::MatrixLimits> limits = {})
{
    auto workspace = std::make_unique<workspace::Workspace>();
    if (limits)
        workspace->setMatrixLimits(*limits);
    workspace->setPhrases(phrases);
    QSignalSpy ready(workspace.get(), &workspace::Workspace::snapshotChanged);
    workspace->embed();
    if (!ready.wait(COMPUTE_TIMEOUT_MS))
        qWarning("embedding %lld phrases timed out", qlonglong(phrases.size()));
    return workspace;
}

static std::vector<float> embedText(const QString &text)
{
    workspace::RunEmbedder embedder;
    QSignalSpy finished(&embedder, &workspace::RunEmbedder::finished);
    embedder.start({text}, workspace::RunSpec{});
    if (!finished.wait(COMPUTE_TIMEOUT_MS))
        return {};
    const auto outcome = finished.first().first().value<embedding::EmbeddingOutcome>();
    const auto row = outcome.vectors.row(0);
    return {row.begin(), row.end()};
}

static double rawValue(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->data(RAW_VALUE_ROLE).toDouble() : qQNaN();
}

static QJsonObject defaultReport(const workspace::Snapshot &snapshot)
{
    return workspace::buildAnalysisReport(snapshot, workspace::AnalysisOptions{}).value_or(QJsonObject{});
}

class TestAnalysisViews : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void neighboursMatchReport_data();
    void neighboursMatchReport();
    void clustersMatchReport_data();
    void clustersMatchReport();
    void outliersMatchReport_data();
    void outliersMatchReport();
    void diversityMatchesReport_data();
    void diversityMatchesReport();
    void mapMatchesPca_data();
    void mapMatchesPca();
    void searchRanksLikeCore();
    void classificationMatchesCore();
    void neighbourRowSetsReference();
    void mapClickSetsReference();
    void mapDrawnAboveMatrixLimit();
    void largeListKeepsWindowResponsive();
    void cancelReplacesBusyText();
    void screenshots_data();
    void screenshots();

private:
    void addListRows();
    AnalysisPanel *panelFor(const QStringList &phrases);
    bool waitUntilIdle(const AnalysisPanel *panel);

    std::unique_ptr<workspace::Workspace> m_workspace;
    std::unique_ptr<AnalysisPanel> m_panel;
};

void TestAnalysisViews::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    QStandardPaths::setTestModeEnabled(true);
}

void TestAnalysisViews::addListRows()
{
    QTest::addColumn<int>("phraseCount");
    QTest::newRow("pangram list") << 0;
    QTest::newRow("1000 generated phrases") << 1000;
}

// Embeds phrases with the built-in provider and shows a panel on them.
AnalysisPanel *TestAnalysisViews::panelFor(const QStringList &phrases)
{
    m_panel.reset();
    m_workspace = embeddedWorkspace(phrases);
    m_panel = std::make_unique<AnalysisPanel>(m_workspace.get());
    m_panel->resize(PANEL_SIZE);
    m_panel->show();
    return m_panel.get();
}

bool TestAnalysisViews::waitUntilIdle(const AnalysisPanel *panel)
{
    return QTest::qWaitFor([panel]() { return !panel->isBusy(); }, COMPUTE_TIMEOUT_MS);
}

// A phraseCount of 0 means the pangram list.
static QStringList listFor(int phraseCount)
{
    return phraseCount == 0 ? pangramPhrases() : generatedPhrases(phraseCount);
}

void TestAnalysisViews::neighboursMatchReport_data()
{
    addListRows();
}

void TestAnalysisViews::neighboursMatchReport()
{
    QFETCH(int, phraseCount);
    AnalysisPanel *panel = panelFor(listFor(phraseCount));
    QVERIFY(waitUntilIdle(panel));
    m_workspace->setReferenceIndex(2);

    const QJsonObject report = defaultReport(m_workspace->snapshot());
    const QJsonArray expected = report[u"neighbours"_qs][u"byPhrase"_qs].toArray().at(2).toArray();
    auto *table = panel->findChild<QTableWidget *>(u"neighbourTable"_qs);
    QVERIFY(table);
    QCOMPARE(table->rowCount(), expected.size());
    for (int row = 0; row < table->rowCount(); ++row) {
        QCOMPARE(int(rawValue(table, row, 1)), expected.at(row)[u"index"_qs].toInt());
        QCOMPARE(float(rawValue(table, row, 2)), float(expected.at(row)[u"score"_qs].toDouble()));
    }

    const QJsonObject duplicates = report[u"nearDuplicates"_qs].toObject();
    auto *pairTable = panel->findChild<QTableWidget *>(u"duplicateTable"_qs);
    QVERIFY(pairTable);
    const QJsonArray pairs = duplicates[u"pairs"_qs].toArray();
    QCOMPARE(pairTable->rowCount(), pairs.size());
    for (int row = 0; row < pairTable->rowCount(); ++row) {
        QCOMPARE(int(rawValue(pairTable, row, 0)), pairs.at(row)[u"first"_qs].toInt());
        QCOMPARE(int(rawValue(pairTable, row, 1)), pairs.at(row)[u"second"_qs].toInt());
    }
}

void TestAnalysisViews::clustersMatchReport_data()
{
    addListRows();
}

void TestAnalysisViews::clustersMatchReport()
{
    QFETCH(int, phraseCount);
    AnalysisPanel *panel = panelFor(listFor(phraseCount));
    QVERIFY(waitUntilIdle(panel));

    const QJsonArray clusters = defaultReport(m_workspace->snapshot())[u"clusters"_qs][u"clusters"_qs].toArray();
    auto *table = panel->findChild<QTableWidget *>(u"clusterTable"_qs);
    QVERIFY(table);
    QCOMPARE(table->rowCount(), clusters.size());
    for (int row = 0; row < table->rowCount(); ++row) {
        const QJsonObject cluster = clusters.at(row).toObject();
        QCOMPARE(int(rawValue(table, row, 1)), cluster[u"size"_qs].toInt());
        QCOMPARE(int(rawValue(table, row, 2)), cluster[u"centralMember"_qs].toInt());
        const double mean = rawValue(table, row, 3);
        if (cluster[u"meanInternalScore"_qs].isNull())
            QVERIFY(qIsNaN(mean));
        else
            QCOMPARE(mean, cluster[u"meanInternalScore"_qs].toDouble());
    }
    QCOMPARE(panel->clustersView()->labels().size(), size_t(m_workspace->snapshot().phrases.size()));
}

void TestAnalysisViews::outliersMatchReport_data()
{
    addListRows();
}

void TestAnalysisViews::outliersMatchReport()
{
    QFETCH(int, phraseCount);
    AnalysisPanel *panel = panelFor(listFor(phraseCount));
    QVERIFY(waitUntilIdle(panel));

    const QJsonArray ranking = defaultReport(m_workspace->snapshot())[u"outliers"_qs][u"ranking"_qs].toArray();
    auto *table = panel->findChild<QTableWidget *>(u"outlierTable"_qs);
    QVERIFY(table);
    QCOMPARE(table->rowCount(), ranking.size());
    for (int row = 0; row < table->rowCount(); ++row) {
        QCOMPARE(int(rawValue(table, row, 1)), ranking.at(row)[u"index"_qs].toInt());
        QCOMPARE(rawValue(table, row, 2), ranking.at(row)[u"score"_qs].toDouble());
    }
}

void TestAnalysisViews::diversityMatchesReport_data()
{
    addListRows();
}

void TestAnalysisViews::diversityMatchesReport()
{
    QFETCH(int, phraseCount);
    AnalysisPanel *panel = panelFor(listFor(phraseCount));
    QVERIFY(waitUntilIdle(panel));

    const QJsonObject pairs = defaultReport(m_workspace->snapshot())[u"distribution"_qs][u"pairs"_qs].toObject();
    const auto &shown = panel->diversityView()->pairDistribution();
    QVERIFY(shown.has_value());
    QCOMPARE(double(shown->valueCount), pairs[u"valueCount"_qs].toDouble());
    QCOMPARE(shown->mean, pairs[u"mean"_qs].toDouble());
    QCOMPARE(shown->median, pairs[u"median"_qs].toDouble());
    QCOMPARE(shown->percentile5, pairs[u"percentile5"_qs].toDouble());
    QCOMPARE(shown->percentile95, pairs[u"percentile95"_qs].toDouble());
    const QJsonArray counts = pairs[u"binCounts"_qs].toArray();
    QCOMPARE(shown->binCounts.size(), size_t(counts.size()));
    for (int bin = 0; bin < counts.size(); ++bin)
        QCOMPARE(double(shown->binCounts[size_t(bin)]), counts.at(bin).toDouble());

    // The share above the threshold is the view's own option, so check it
    // against the core call with the same options.
    const auto expected = math::describePairs(m_workspace->snapshot().matrix, panel->diversityView()->options());
    QVERIFY(expected.has_value());
    QCOMPARE(shown->closeShare, expected->closeShare);
    auto *label = panel->findChild<QLabel *>(u"diversityStatistics"_qs);
    QVERIFY(label->text().contains(QLocale().toString(shown->mean, 'f', 3)));
}

void TestAnalysisViews::mapMatchesPca_data()
{
    addListRows();
}

void TestAnalysisViews::mapMatchesPca()
{
    QFETCH(int, phraseCount);
    AnalysisPanel *panel = panelFor(listFor(phraseCount));
    QVERIFY(waitUntilIdle(panel));

    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const auto expected = math::projectPca(snapshot.vectors, snapshot.matrix.metric());
    const auto &shown = panel->mapView()->projection();
    QVERIFY(expected.has_value());
    QVERIFY(shown.has_value());
    QCOMPARE(shown->points.size(), expected->points.size());
    for (size_t i = 0; i < expected->points.size(); ++i)
        QCOMPARE(shown->points[i], expected->points[i]);
}

void TestAnalysisViews::searchRanksLikeCore()
{
    AnalysisPanel *panel = panelFor(pangramPhrases());
    QVERIFY(waitUntilIdle(panel));
    const QString query = u"a quick animal jumps"_qs;

    auto *queryEdit = panel->findChild<QLineEdit *>(u"searchQuery"_qs);
    auto *table = panel->findChild<QTableWidget *>(u"searchTable"_qs);
    QVERIFY(queryEdit && table);
    queryEdit->setText(query);
    QTest::keyClick(queryEdit, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), int(m_workspace->snapshot().phrases.size()), COMPUTE_TIMEOUT_MS);

    workspace::AnalysisOptions options;
    options.queryText = query;
    options.queryVector = embedText(query);
    QVERIFY(!options.queryVector.empty());
    const QJsonArray ranking =
        workspace::buildAnalysisReport(m_workspace->snapshot(), options)->value(u"search"_qs)[u"ranking"_qs].toArray();
    QCOMPARE(table->rowCount(), ranking.size());
    for (int row = 0; row < table->rowCount(); ++row) {
        QCOMPARE(int(rawValue(table, row, 1)), ranking.at(row)[u"index"_qs].toInt());
        QCOMPARE(float(rawValue(table, row, 2)), float(ranking.at(row)[u"score"_qs].toDouble()));
    }
}

void TestAnalysisViews::classificationMatchesCore()
{
    AnalysisPanel *panel = panelFor(pangramPhrases());
    QVERIFY(waitUntilIdle(panel));

    auto *editor = panel->findChild<QPlainTextEdit *>(u"labelsEditor"_qs);
    auto *button = panel->findChild<QPushButton *>(u"classifyButton"_qs);
    auto *table = panel->findChild<QTableWidget *>(u"classificationTable"_qs);
    QVERIFY(editor && button && table);
    editor->setPlainText(u"animals: a fox, a dog or another animal\nletters: the alphabet and its letters\n\n"
                         u"boxing: wizards and boxers fighting\n"_qs);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), int(m_workspace->snapshot().phrases.size()), COMPUTE_TIMEOUT_MS);

    const ClassificationView *view = panel->classificationView();
    QCOMPARE(view->labelNames(), QStringList({u"animals"_qs, u"letters"_qs, u"boxing"_qs}));
    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const auto expected = math::classifyPhrases(snapshot.vectors, view->labelVectors(), snapshot.matrix.metric());
    QVERIFY(expected.has_value());
    for (int row = 0; row < table->rowCount(); ++row) {
        QCOMPARE(int(rawValue(table, row, 1)), (*expected)[size_t(row)].label);
        QCOMPARE(float(rawValue(table, row, 2)), (*expected)[size_t(row)].score);
    }
    auto *accuracy = panel->findChild<QLabel *>(u"accuracyLabel"_qs);
    QVERIFY(accuracy->text().contains(u"has none"_qs));
}

void TestAnalysisViews::neighbourRowSetsReference()
{
    AnalysisPanel *panel = panelFor(pangramPhrases());
    QVERIFY(waitUntilIdle(panel));
    auto *table = panel->findChild<QTableWidget *>(u"neighbourTable"_qs);
    QVERIFY(table->rowCount() > 0);
    const int target = int(rawValue(table, 0, 1));
    QVERIFY(target != m_workspace->referenceIndex());

    // Return on the current row activates it, as a double-click does.
    table->setFocus();
    table->setCurrentCell(0, 1);
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(m_workspace->referenceIndex(), target);
}

void TestAnalysisViews::mapClickSetsReference()
{
    AnalysisPanel *panel = panelFor(pangramPhrases());
    panel->setCurrentWidget(panel->mapView());
    QVERIFY(waitUntilIdle(panel));
    QVERIFY(QTest::qWaitForWindowExposed(panel));
    const int target = 3;
    QVERIFY(target != m_workspace->referenceIndex());

    ScatterMap *scatter = panel->mapView()->scatterMap();
    const QPoint position = scatter->pointPosition(target);
    QVERIFY(!position.isNull());
    QCOMPARE(scatter->pointAt(position), target);
    QTest::mouseClick(scatter, Qt::LeftButton, {}, position);
    QTRY_COMPARE(m_workspace->referenceIndex(), target);
}

// A list above the full-matrix limit still gets its PCA map, every point
// drawn, with one colour because there are no clusters.
void TestAnalysisViews::mapDrawnAboveMatrixLimit()
{
    m_panel.reset();
    m_workspace = embeddedWorkspace(generatedPhrases(300), workspace::MatrixLimits{100, 30});
    QVERIFY(!m_workspace->snapshot().hasFullMatrix());
    m_panel = std::make_unique<AnalysisPanel>(m_workspace.get());
    m_panel->resize(PANEL_SIZE);
    m_panel->setCurrentWidget(m_panel->mapView());
    m_panel->show();
    QVERIFY(waitUntilIdle(m_panel.get()));

    const workspace::Snapshot &snapshot = m_workspace->snapshot();
    const auto expected = math::projectPca(snapshot.vectors, snapshot.metric());
    const auto &shown = m_panel->mapView()->projection();
    QVERIFY(shown.has_value());
    QCOMPARE(shown->points.size(), size_t(300));
    for (size_t i = 0; i < expected->points.size(); ++i)
        QCOMPARE(shown->points[i], expected->points[i]);
    QCOMPARE(m_panel->mapView()->scatterMap()->pointCount(), 300);
    auto *note = m_panel->findChild<QLabel *>(u"mapNote"_qs);
    QVERIFY(note->text().contains(u"Click a point"_qs));
    QVERIFY(!note->text().contains(u"Colours are clusters"_qs));
}

// The analyses of 1,000 phrases must run off the UI thread: right after
// the snapshot arrives the panel is busy, and events are still processed.
void TestAnalysisViews::largeListKeepsWindowResponsive()
{
    m_panel.reset();
    m_workspace = embeddedWorkspace(generatedPhrases(1000));
    m_panel = std::make_unique<AnalysisPanel>(m_workspace.get());
    m_panel->mapView()->setMethod(MapView::Method::Tsne);
    QVERIFY(m_panel->isBusy());

    QElapsedTimer timer;
    timer.start();
    int ticks = 0;
    QTimer ticker;
    connect(&ticker, &QTimer::timeout, this, [&ticks]() { ++ticks; });
    ticker.start(20);
    QVERIFY(waitUntilIdle(m_panel.get()));
    qInfo("analyses of 1000 phrases took %lld ms, %d timer ticks", qlonglong(timer.elapsed()), ticks);
    QVERIFY(ticks > 0);
    QCOMPARE(m_panel->mapView()->projection()->points.size(), size_t(1000));
}

// The panel's Cancel button stops the running analyses, and their views
// show a cancelled note instead of keeping a busy text such as
// "Running t-SNE…".
void TestAnalysisViews::cancelReplacesBusyText()
{
    AnalysisPanel *panel = panelFor(generatedPhrases(1000));
    QVERIFY(waitUntilIdle(panel));
    auto *note = panel->findChild<QLabel *>(u"mapNote"_qs);
    auto *cancel = panel->findChild<QToolButton *>(u"analysisCancel"_qs);
    QVERIFY(note && cancel);

    panel->mapView()->setMethod(MapView::Method::Tsne);
    QVERIFY(panel->mapView()->isBusy());
    QVERIFY(note->text().startsWith(u"Running t-SNE"_qs));
    cancel->click();
    QVERIFY(!panel->isBusy());
    QCOMPARE(note->text(), BackgroundRunner::cancelledMessage());
}

// Saves each view as a PNG when EMBEDSCOPE_SCREENSHOT_DIR is set, for a
// person to look at. Nothing is compared.
void TestAnalysisViews::screenshots_data()
{
    addListRows();
}

void TestAnalysisViews::screenshots()
{
    QFETCH(int, phraseCount);
    const QString directory = qEnvironmentVariable("EMBEDSCOPE_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set EMBEDSCOPE_SCREENSHOT_DIR to save screenshots of each view");
    QDir().mkpath(directory);
    const QString list = phraseCount == 0 ? u"pangrams"_qs : QString::number(phraseCount);

    AnalysisPanel *panel = panelFor(listFor(phraseCount));
    QVERIFY(waitUntilIdle(panel));
    panel->findChild<QLineEdit *>(u"searchQuery"_qs)->setText(u"a quick animal jumps"_qs);
    QTest::keyClick(panel->findChild<QLineEdit *>(u"searchQuery"_qs), Qt::Key_Return);
    panel->findChild<QPlainTextEdit *>(u"labelsEditor"_qs)
        ->setPlainText(u"animals: a fox, a dog or another animal\nletters: the alphabet and its letters\n"
                       u"boxing: wizards and boxers fighting\n"_qs);
    QTest::mouseClick(panel->findChild<QPushButton *>(u"classifyButton"_qs), Qt::LeftButton);
    QVERIFY(waitUntilIdle(panel));
    QTest::qWait(500);

    for (int tab = 0; tab < panel->count(); ++tab) {
        panel->setCurrentIndex(tab);
        QTest::qWait(200);
        const QString name = panel->tabText(tab).remove(QLatin1Char('&')).toLower();
        QVERIFY(panel->grab().save(directory + QStringLiteral("/%1-%2-%3.png").arg(list).arg(tab).arg(name)));
    }
    panel->mapView()->setMethod(MapView::Method::Tsne);
    QVERIFY(waitUntilIdle(panel));
    panel->setCurrentWidget(panel->mapView());
    QTest::qWait(200); // lets the chart lay out its axes once visible
    QVERIFY(panel->grab().save(directory + QStringLiteral("/%1-7-map-tsne.png").arg(list)));
}

QTEST_MAIN(TestAnalysisViews)
#include "tst_analysisviews.moc"
