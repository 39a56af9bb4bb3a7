// The Compare Models view end to end: runs fetched from two real HTTP
// servers on 127.0.0.1 that return different vectors, shown in linked
// heatmaps with agreement figures computed by core's functions.
#include "compare/addrundialog.h"
#include "compare/compareview.h"
#include "compare/pairdifferencemodel.h"
#include "compare/phraseagreementmodel.h"
#include "heatmapview.h"
#include "documentcontroller.h"
#include "mainwindow.h"
#include "render/comparisonexport.h"
#include "sessionsettings.h"

#include "fakeembeddingendpoint.h"
#include "testhttpserver.h"

#include "math/agreement.h"
#include "math/heatmaporder.h"
#include "text/phraselist.h"
#include "workspace/workspace.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QCheckBox>
#include <QComboBox>
#include <QSettings>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QRandomGenerator>
#include <QHelpEvent>
#include <QToolTip>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cmath>
#include <memory>
#include <numeric>

using namespace embedscope;
using ui::compare::CompareView;
using ui::compare::PhraseAgreementModel;

static const QSize VIEW_SIZE(1400, 850);
static constexpr int DIMENSIONS = 32;
// Generous bound for embedding 1,000 phrases and clustering them on a slow
// machine; the tests wait for signals and never assert on time.
static constexpr int WAIT_MS = 120000;

static QStringList pangrams()
{
    QFile file(QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return text::parsePhrases(QString::fromUtf8(file.readAll()));
}

// Phrases on ten topics, so that clustering has groups to find.
static QStringList manyPhrases(int count)
{
    static const QStringList topics{
        QStringLiteral("weather"), QStringLiteral("football"), QStringLiteral("cooking"), QStringLiteral("tax law"),
        QStringLiteral("astronomy"), QStringLiteral("gardening"), QStringLiteral("jazz"), QStringLiteral("sailing"),
        QStringLiteral("chess"), QStringLiteral("databases")};
    QStringList phrases;
    for (int i = 0; i < count; ++i)
        phrases.append(QStringLiteral("note %1 about %2").arg(i + 1).arg(topics.at(i % topics.size())));
    return phrases;
}

// Vectors for phrases: one centre per topic plus noise of the given size.
// Runs with different seeds and noise disagree on the details but share
// the topics, as two real models would.
static QJsonObject topicVectors(const QStringList &phrases, quint32 seed, double noise)
{
    QRandomGenerator random(seed);
    QList<QList<double>> centres;
    for (int topic = 0; topic < 10; ++topic) {
        QList<double> centre;
        for (int d = 0; d < DIMENSIONS; ++d)
            centre.append(random.generateDouble() * 2.0 - 1.0);
        centres.append(centre);
    }

    QJsonObject vectors;
    for (int i = 0; i < phrases.size(); ++i) {
        QJsonArray vector;
        for (int d = 0; d < DIMENSIONS; ++d)
            vector.append(centres.at(i % 10).at(d) + noise * (random.generateDouble() * 2.0 - 1.0));
        vectors.insert(phrases.at(i), vector);
    }
    return vectors;
}

// A real HTTP server with an OpenAI-compatible endpoint that returns the
// given vectors.
struct VectorServer
{
    TestHttpServer server;
    FakeEmbeddingEndpoint endpoint{DIMENSIONS};

    bool start(const QJsonObject &vectors, const QString &file)
    {
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly))
            return false;
        out.write(QJsonDocument(vectors).toJson(QJsonDocument::Compact));
        out.close();
        if (!endpoint.loadVectors(file).isEmpty())
            return false;
        server.setHandler([this](const TestHttpRequest &request) { return endpoint.handle(request); });
        return server.listen();
    }

    // A spec with a model name never used before, so the embedding cache
    // of an earlier test run cannot return vectors for this server.
    workspace::RunSpec spec(const QString &name) const
    {
        workspace::RunSpec spec;
        spec.name = name;
        spec.provider = embedding::presetFor(embedding::ProviderKind::Custom);
        spec.provider.baseUrl = server.url(QStringLiteral("/v1")).toString();
        spec.provider.model = QStringLiteral("%1-%2").arg(name, QUuid::createUuid().toString(QUuid::Id128));
        spec.provider.apiKeyVariable.clear();
        return spec;
    }
};

class TestCompareWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void pangramsMatchCoreAgreement();
    void thousandPhrasesMatchCoreAgreement();
    void linkedViewsFollowEachOther();
    void differentPhrasesRejected();
    void runEmbedsEditedPhrases();
    void truncationSendsNoRequests();
    void exportsNameBothRuns();
    void menuActionOpensCompareDock();
    void savedRunsReopenWithoutRequests();
    void optionsRecomputeFigures();
    void phraseTableSortsByFigures();
    void cancelStopsStalledRun();
    void cancelMidRunKeepsViewUsable();
    void addRunDialogBuildsSpec();
    void longDescriptionKeepsFigureWidth();
    void runsShareColorRangeByDefault();
    void ownRangePerRunOnRequest();
    void optionsSurviveSettingsRoundTrip();
    void invalidSettingsFallBack();
    void cancelledComparisonReturnsNothing();

private:
    bool startServers(const QStringList &phrases);
    bool addRun(workspace::Workspace &workspace, const workspace::RunSpec &spec);
    std::unique_ptr<CompareView> compareTwoRuns(workspace::Workspace &workspace, const QStringList &phrases);
    void verifyAgreement(const CompareView &view, const workspace::Workspace &workspace);
    void verifySharedOrder(const CompareView &view, const workspace::Workspace &workspace);
    void verifyDendrograms(const CompareView &view, const math::HeatmapOrder &order);
    void saveScreenshot(CompareView &view, const QString &name);

    QTemporaryDir m_dir;
    std::unique_ptr<VectorServer> m_serverA;
    std::unique_ptr<VectorServer> m_serverB;
};

void TestCompareWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("EmbedscopeTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_comparewindow"));
    QLocale::setDefault(QLocale::c());
    // A main window restores the last session's phrases and embeds them at
    // start with the built-in provider, which would replace the phrases
    // that a test sets. Test mode keeps these settings apart from a user's.
    QSettings().clear();
}

bool TestCompareWindow::startServers(const QStringList &phrases)
{
    m_serverA = std::make_unique<VectorServer>();
    m_serverB = std::make_unique<VectorServer>();
    return m_serverA->start(topicVectors(phrases, 1, 0.6), m_dir.filePath(QStringLiteral("a.json")))
           && m_serverB->start(topicVectors(phrases, 2, 1.2), m_dir.filePath(QStringLiteral("b.json")));
}

// Adds a run and waits until it is in the set or rejected.
bool TestCompareWindow::addRun(workspace::Workspace &workspace, const workspace::RunSpec &spec)
{
    QSignalSpy added(&workspace.runs(), &workspace::RunSet::runsChanged);
    QSignalSpy failed(&workspace.runs(), &workspace::RunSet::runFailed);
    workspace.addRun(spec);
    if (!QTest::qWaitFor([&] { return added.size() + failed.size() > 0; }, WAIT_MS)) {
        qWarning("run %s neither added nor rejected", qPrintable(spec.displayName()));
        return false;
    }
    if (!failed.isEmpty())
        qWarning("run rejected: %s", qPrintable(failed.first().first().toString()));
    return failed.isEmpty();
}

std::unique_ptr<CompareView> TestCompareWindow::compareTwoRuns(workspace::Workspace &workspace,
                                                               const QStringList &phrases)
{
    workspace.setPhrases(phrases);
    auto view = std::make_unique<CompareView>(&workspace);
    view->resize(VIEW_SIZE);
    view->show();

    QSignalSpy shown(view.get(), &CompareView::comparisonShown);
    if (!addRun(workspace, m_serverA->spec(QStringLiteral("alpha")))
        || !addRun(workspace, m_serverB->spec(QStringLiteral("beta"))))
        return {};
    if (!shown.wait(WAIT_MS) && shown.isEmpty())
        return {};

    // Captions change height with the runs' descriptions, so the heatmaps'
    // layouts settle only after the posted layout requests are handled.
    if (!QTest::qWaitForWindowExposed(view.get()))
        return {};
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    return view;
}

// The figures the view shows are core's figures for the runs' matrices.
void TestCompareWindow::verifyAgreement(const CompareView &view, const workspace::Workspace &workspace)
{
    const QList<workspace::EmbeddingRun> &runs = workspace.runs().runs();
    QCOMPARE(runs.size(), 2);
    QVERIFY(view.comparison().has_value());

    const math::Agreement expected = math::compareRuns(runs.at(0).matrix, runs.at(1).matrix, 10, 50);
    const math::Agreement &shown = view.comparison()->agreement;
    QCOMPARE(shown.pairSpearman, expected.pairSpearman);
    QVERIFY(std::isfinite(shown.pairSpearman));
    QVERIFY2(shown.pairSpearman < 0.999, "the two servers should disagree");
    QCOMPARE(shown.phrases.size(), expected.phrases.size());
    for (size_t i = 0; i < expected.phrases.size(); ++i) {
        QCOMPARE(shown.phrases[i].neighbourJaccard, expected.phrases[i].neighbourJaccard);
        QCOMPARE(shown.phrases[i].rankCorrelation, expected.phrases[i].rankCorrelation);
    }
    QCOMPARE(shown.largestDisagreements.size(), expected.largestDisagreements.size());
    QVERIFY(view.figuresText().contains(QLocale::c().toString(expected.pairSpearman, 'f', 3)));

    // The per-phrase table lists every phrase with core's figures.
    auto *table = view.findChild<QTableView *>(QStringLiteral("phraseAgreementTable"));
    QVERIFY(table);
    QCOMPARE(table->model()->rowCount(), int(expected.phrases.size()));
}

// All three heatmaps show run A's clustered order, and each cell is the
// run's score of the phrases drawn there.
void TestCompareWindow::verifySharedOrder(const CompareView &view, const workspace::Workspace &workspace)
{
    const QList<workspace::EmbeddingRun> &runs = workspace.runs().runs();
    math::OrderRequest request;
    request.mode = math::OrderMode::Clustered;
    const auto order = math::computeHeatmapOrder(runs.at(0).matrix, request);
    QVERIFY(order);
    const QStringList ordered = math::permuteLabels(workspace.runs().phrases(), order->permutation);

    QCOMPARE(view.heatmapA()->data().phrases, ordered);
    QCOMPARE(view.heatmapB()->data().phrases, ordered);
    QCOMPARE(view.differenceHeatmap()->data().phrases, ordered);

    const std::vector<int> &permutation = order->permutation;
    const int last = int(permutation.size()) - 1;
    for (const auto &[row, column] : {std::pair{0, 1}, std::pair{last, 0}, std::pair{last / 2, last}}) {
        QCOMPARE(view.heatmapA()->data().matrix.at(row, column),
                 runs.at(0).matrix.at(permutation[size_t(row)], permutation[size_t(column)]));
        QCOMPARE(view.heatmapB()->data().matrix.at(row, column),
                 runs.at(1).matrix.at(permutation[size_t(row)], permutation[size_t(column)]));
    }
    verifyDendrograms(view, *order);
}

// Each map draws the clustering's tree beside its rows and above its
// columns, with leaves numbered by drawn position, and A and B stay level.
void TestCompareWindow::verifyDendrograms(const CompareView &view, const math::HeatmapOrder &order)
{
    QVERIFY(order.dendrogram);
    const std::vector<int> &permutation = order.permutation;
    const std::vector<math::Merge> &expected = order.dendrogram->merges();
    const int count = int(permutation.size());
    for (const ui::HeatmapView *map : {view.heatmapA(), view.heatmapB(), view.differenceHeatmap()}) {
        const std::optional<math::Dendrogram> &tree = map->data().order.dendrogram;
        QVERIFY(tree);
        QCOMPARE(tree->leafCount(), count);
        std::vector<int> identity(static_cast<size_t>(count));
        std::iota(identity.begin(), identity.end(), 0);
        QCOMPARE(tree->leafOrder(), identity);

        // Merge k joins the same phrases as the clustering's merge k.
        QCOMPARE(tree->merges().size(), expected.size());
        const auto phraseOf = [&](int id) { return id < count ? permutation[size_t(id)] : id; };
        for (size_t k = 0; k < expected.size(); ++k) {
            QCOMPARE(phraseOf(tree->merges()[k].left), expected[k].left);
            QCOMPARE(phraseOf(tree->merges()[k].right), expected[k].right);
            QCOMPARE(tree->merges()[k].distance, expected[k].distance);
        }

        QVERIFY(!map->heatmapLayout().rowTree.isEmpty());
        QVERIFY(!map->heatmapLayout().columnTree.isEmpty());
    }

    // The panes split the width with rounding, so B can be one pixel
    // narrower than A, which makes its grid up to one pixel smaller.
    // NOTE: the difference map's wider color bar labels move its grid a few
    // pixels, so only A and B are checked for level rows.
    const QRectF gridA = view.heatmapA()->heatmapLayout().grid;
    const QRectF gridB = view.heatmapB()->heatmapLayout().grid;
    QVERIFY2(std::abs(gridB.top() - gridA.top()) <= 1.0, qPrintable(QString::number(gridB.top())));
    QVERIFY2(std::abs(gridB.height() - gridA.height()) <= 1.0, qPrintable(QString::number(gridB.height())));
}

void TestCompareWindow::saveScreenshot(CompareView &view, const QString &name)
{
    const QString path = QDir(QCoreApplication::applicationDirPath()).filePath(name);
    QVERIFY(view.grab().save(path));
    qInfo("screenshot saved to %s", qPrintable(path));
}

void TestCompareWindow::pangramsMatchCoreAgreement()
{
    const QStringList phrases = pangrams();
    QVERIFY(phrases.size() >= 5);
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);

    // Each run's vectors came from its own server.
    QVERIFY(m_serverA->endpoint.requestCount() > 0);
    QVERIFY(m_serverB->endpoint.requestCount() > 0);
    const QList<float> expected = m_serverB->endpoint.vectorFor(phrases.at(2));
    const auto row = workspace.runs().runs().at(1).vectors.row(2);
    QCOMPARE(QList<float>(row.begin(), row.end()), expected);

    verifyAgreement(*view, workspace);
    verifySharedOrder(*view, workspace);
    QVERIFY2(view->figuresText().contains(QStringLiteral("Jaccard@7 is 1 by definition")),
             qPrintable(view->figuresText()));
    saveScreenshot(*view, QStringLiteral("compare-pangrams.png"));
}

void TestCompareWindow::thousandPhrasesMatchCoreAgreement()
{
    const QStringList phrases = manyPhrases(1000);
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);

    verifyAgreement(*view, workspace);
    verifySharedOrder(*view, workspace);
    QVERIFY(!view->figuresText().contains(QStringLiteral("by definition")));
    saveScreenshot(*view, QStringLiteral("compare-1000.png"));
}

void TestCompareWindow::linkedViewsFollowEachOther()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);
    ui::HeatmapView *a = view->heatmapA();
    ui::HeatmapView *b = view->heatmapB();
    ui::HeatmapView *difference = view->differenceHeatmap();

    a->setZoom(3.0);
    QCOMPARE(b->zoom(), 3.0);
    QCOMPARE(difference->zoom(), 3.0);

    a->verticalScrollBar()->setValue(a->verticalScrollBar()->maximum() / 2);
    QVERIFY(a->verticalScrollBar()->value() > 0);
    QCOMPARE(b->verticalScrollBar()->value(), a->verticalScrollBar()->value());
    QCOMPARE(difference->verticalScrollBar()->value(), a->verticalScrollBar()->value());

    // Hovering a cell of A outlines the same cell in B. The layout is in
    // content coordinates, so the view is scrolled back to the origin.
    a->fitToWindow();
    QCoreApplication::processEvents();
    a->horizontalScrollBar()->setValue(0);
    a->verticalScrollBar()->setValue(0);
    QSignalSpy hoveredInB(b, &ui::HeatmapView::hoverChanged);
    const QPoint cell = a->heatmapLayout().cellRect(2, 4).center().toPoint();
    QTest::mouseMove(a->viewport(), cell);
    QTRY_VERIFY(!hoveredInB.isEmpty());
    QCOMPARE(hoveredInB.last().at(0).toInt(), 2);
    QCOMPARE(hoveredInB.last().at(1).toInt(), 4);

    // The tooltip numbers phrases by the list, not by the drawn order, and
    // gives the cell in A, in B and in the difference.
    const std::vector<int> &permutation = view->comparison()->permutation;
    const QString tip = view->toolTipAt(2, 4);
    QVERIFY2(tip.contains(QStringLiteral("Phrase %1:").arg(permutation[2] + 1)), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Phrase %1:").arg(permutation[4] + 1)), qPrintable(tip));
    const float scoreA = workspace.runs().runs().at(0).matrix.at(permutation[2], permutation[4]);
    const float scoreB = workspace.runs().runs().at(1).matrix.at(permutation[2], permutation[4]);
    QVERIFY2(tip.contains(QStringLiteral("A (alpha): <b>%1</b>").arg(QLocale::c().toString(double(scoreA), 'f', 3))),
             qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("B (beta): <b>%1</b>").arg(QLocale::c().toString(double(scoreB), 'f', 3))),
             qPrintable(tip));
    QHelpEvent help(QEvent::ToolTip, cell, b->viewport()->mapToGlobal(cell));
    QCoreApplication::sendEvent(b->viewport(), &help);
    QCOMPARE(QToolTip::text(), tip);

    // Clicking a cell makes its row the reference in all three maps.
    QTest::mouseClick(a->viewport(), Qt::LeftButton, {}, cell);
    QCOMPARE(a->referenceIndex(), 2);
    QCOMPARE(b->referenceIndex(), 2);
    QCOMPARE(difference->referenceIndex(), 2);

    // The per-phrase table selects the same phrase.
    auto *table = view->findChild<QTableView *>(QStringLiteral("phraseAgreementTable"));
    const int phrase = view->comparison()->permutation[2];
    QCOMPARE(table->currentIndex().data(PhraseAgreementModel::PhraseIndexRole).toInt(), phrase);

    // Hover the same cell again so the screenshot shows the linked outlines.
    QTest::mouseMove(a->viewport(), cell + QPoint(1, 1));
    saveScreenshot(*view, QStringLiteral("compare-linked.png"));
}

void TestCompareWindow::differentPhrasesRejected()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    workspace.setPhrases(phrases);
    CompareView view(&workspace);
    view.resize(VIEW_SIZE);
    view.show();
    QVERIFY(addRun(workspace, m_serverA->spec(QStringLiteral("alpha"))));

    workspace.setPhrases(QStringList(phrases) << QStringLiteral("an added phrase"));
    QSignalSpy failed(&workspace.runs(), &workspace::RunSet::runFailed);
    workspace.addRun(m_serverB->spec(QStringLiteral("beta")));
    QTRY_COMPARE(failed.size(), 1);

    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("beta")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("1 phrase added (first: \"an added phrase\")")), qPrintable(message));
    QCOMPARE(view.messageText(), message);
    QCOMPARE(workspace.runs().runs().size(), 1);
    QCOMPARE(m_serverB->endpoint.requestCount(), 0);
    saveScreenshot(view, QStringLiteral("compare-rejected.png"));
}

// The editor's list was edited after the last Embed: a new run embeds the
// list as the editor shows it, and a run that would mix lists is rejected
// with a message that names what to do.
void TestCompareWindow::runEmbedsEditedPhrases()
{
    const QStringList embedded = pangrams();
    const QStringList edited = QStringList(embedded) << QStringLiteral("an edited phrase");
    QVERIFY(startServers(edited));
    ui::MainWindow window;
    window.workspace()->setPhrases(embedded); // as the last Embed left them
    auto *editor = window.findChild<QPlainTextEdit *>(QStringLiteral("phraseEditor"));
    QVERIFY(editor);
    editor->setPlainText(edited.join(QLatin1Char('\n')));
    CompareView *view = window.compareView();

    QSignalSpy added(&window.workspace()->runs(), &workspace::RunSet::runsChanged);
    view->addRun(m_serverA->spec(QStringLiteral("alpha")));
    QVERIFY(added.wait(WAIT_MS));
    QCOMPARE(window.workspace()->runs().phrases(), edited);
    QCOMPARE(window.workspace()->runs().runs().at(0).vectors.rows(), int(edited.size()));

    // Removing a line after the run was added makes the lists differ.
    editor->setPlainText(embedded.join(QLatin1Char('\n')));
    QSignalSpy failed(&window.workspace()->runs(), &workspace::RunSet::runFailed);
    view->addRun(m_serverB->spec(QStringLiteral("beta")));
    QTRY_COMPARE(failed.size(), 1);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(QStringLiteral("1 phrase removed")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Remove the runs")), qPrintable(message));
    QCOMPARE(view->messageText(), message);
    QCOMPARE(window.workspace()->runs().runs().size(), 1);
    QCOMPARE(m_serverB->endpoint.requestCount(), 0);

    // An empty editor names what to do rather than embedding an old list.
    window.workspace()->runs().clear();
    editor->clear();
    view->addRun(m_serverB->spec(QStringLiteral("beta")));
    QTRY_COMPARE(failed.size(), 2);
    const QString empty = failed.last().first().toString();
    QVERIFY2(empty.contains(QStringLiteral("the phrase list is empty")), qPrintable(empty));
    QCOMPARE(m_serverB->endpoint.requestCount(), 0);
}

void TestCompareWindow::truncationSendsNoRequests()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    workspace.setPhrases(phrases);
    const workspace::RunSpec full = m_serverA->spec(QStringLiteral("alpha"));
    QVERIFY(addRun(workspace, full));
    const int requests = m_serverA->endpoint.requestCount();
    QVERIFY(requests > 0);

    workspace::RunSpec truncation = full;
    truncation.name = QStringLiteral("alpha 8");
    truncation.truncateTo = 8;
    QVERIFY(addRun(workspace, truncation));

    QCOMPARE(m_serverA->endpoint.requestCount(), requests);
    const workspace::EmbeddingRun &run = workspace.runs().runs().at(1);
    QCOMPARE(run.dimensions(), 8);
    QVERIFY2(run.description().contains(QStringLiteral("first 8 of 32 dims")), qPrintable(run.description()));
    QCOMPARE(run.vectors, embedding::truncated(workspace.runs().runs().at(0).vectors, 8));

    // A truncation longer than the vectors is rejected with the limit.
    truncation.truncateTo = 64;
    QVERIFY(!addRun(workspace, truncation));
    QCOMPARE(m_serverA->endpoint.requestCount(), requests);
}

void TestCompareWindow::exportsNameBothRuns()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);
    const QString descriptionA = workspace.runs().runs().at(0).description();
    const QString descriptionB = workspace.runs().runs().at(1).description();
    QVERIFY2(descriptionA.contains(m_serverA->server.url(QStringLiteral("/v1")).toString()), qPrintable(descriptionA));
    QVERIFY2(descriptionA.contains(QStringLiteral("32 dims")), qPrintable(descriptionA));
    QVERIFY2(descriptionA.contains(QStringLiteral("cosine")), qPrintable(descriptionA));

    const QString png = m_dir.filePath(QStringLiteral("difference.png"));
    QVERIFY(view->exportDifferencePng(png));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.text(QStringLiteral("Title")), QStringLiteral("alpha − beta"));
    QVERIFY(image.text(QStringLiteral("Description")).contains(descriptionA));
    QVERIFY(image.text(QStringLiteral("Description")).contains(descriptionB));
    QVERIFY2(image.text(QStringLiteral("Description")).contains(QStringLiteral("clustered by run A")),
             qPrintable(image.text(QStringLiteral("Description"))));

    const QString csv = m_dir.filePath(QStringLiteral("agreement.csv"));
    QVERIFY(view->exportAgreementCsv(csv));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.at(1).startsWith(QStringLiteral("# A: alpha (%1)").arg(descriptionA)), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(QStringLiteral("# B: beta (%1)").arg(descriptionB)), qPrintable(lines.at(2)));
    // k = 10 is clamped to the 7 other phrases of the 8 pangrams.
    QCOMPARE(lines.at(4), QStringLiteral("index,phrase,jaccard_at_7,rank_correlation"));
    QCOMPARE(lines.size(), 5 + phrases.size());
}

void TestCompareWindow::menuActionOpensCompareDock()
{
    ui::MainWindow window;
    auto *action = window.findChild<QAction *>(QStringLiteral("compareAction"));
    QVERIFY(action);
    QCOMPARE(action->text(), QStringLiteral("Compare &Models…"));
    QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));

    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("compareDock"));
    QVERIFY(dock);
    QVERIFY(!dock->isVisible());
    window.show();
    action->trigger();
    QVERIFY(dock->isVisible());
    QCOMPARE(dock->widget(), window.compareView());
}

// Runs are part of the document: a saved workspace reopens with both runs
// and their comparison, and no server is asked again.
void TestCompareWindow::savedRunsReopenWithoutRequests()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    const QString path = m_dir.filePath(QStringLiteral("runs.embedscope"));
    {
        ui::MainWindow window;
        window.workspace()->setPhrases(phrases);
        QVERIFY(addRun(*window.workspace(), m_serverA->spec(QStringLiteral("alpha"))));
        QVERIFY(addRun(*window.workspace(), m_serverB->spec(QStringLiteral("beta"))));
        QVERIFY(window.documents()->isModified());
        QVERIFY(window.documents()->saveTo(path));
    }
    const int requestsA = m_serverA->endpoint.requestCount();
    const int requestsB = m_serverB->endpoint.requestCount();

    ui::MainWindow reopened;
    QSignalSpy shown(reopened.compareView(), &CompareView::comparisonShown);
    QVERIFY(reopened.documents()->openFile(path));
    QVERIFY(shown.wait(WAIT_MS));

    const QList<workspace::EmbeddingRun> &runs = reopened.workspace()->runs().runs();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).spec.name, QStringLiteral("alpha"));
    QCOMPARE(runs.at(1).spec.name, QStringLiteral("beta"));
    QCOMPARE(reopened.workspace()->runs().phrases(), phrases);
    QCOMPARE(runs.at(0).matrix.size(), int(phrases.size()));
    QVERIFY(!reopened.documents()->isModified());
    QCOMPARE(m_serverA->endpoint.requestCount(), requestsA);
    QCOMPARE(m_serverB->endpoint.requestCount(), requestsB);
}

// k, the normalisation and the order each recompute what is shown.
void TestCompareWindow::optionsRecomputeFigures()
{
    const QStringList phrases = manyPhrases(60);
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);
    const workspace::EmbeddingRun &a = workspace.runs().runs().at(0);
    const workspace::EmbeddingRun &b = workspace.runs().runs().at(1);

    QSignalSpy shown(view.get(), &CompareView::comparisonShown);
    view->setNeighbours(3);
    QVERIFY(shown.wait(WAIT_MS));
    const math::Agreement expected = math::compareRuns(a.matrix, b.matrix, 3, 50);
    QCOMPARE(view->comparison()->agreement.k, 3);
    for (size_t i = 0; i < expected.phrases.size(); ++i)
        QCOMPARE(view->comparison()->agreement.phrases[i].neighbourJaccard, expected.phrases[i].neighbourJaccard);
    QVERIFY(view->figuresText().contains(QStringLiteral("Jaccard@3")));

    // The joint clustering draws its own tree in all three maps.
    view->setSharedOrder(ui::compare::SharedOrder::ClusteredBoth);
    QVERIFY(shown.wait(WAIT_MS));
    math::OrderRequest clustered;
    clustered.mode = math::OrderMode::Clustered;
    const auto joint = math::computeHeatmapOrder(ui::compare::meanMatrix(a.matrix, b.matrix), clustered);
    QVERIFY(joint);
    QCOMPARE(view->comparison()->permutation, joint->permutation);
    verifyDendrograms(*view, *joint);

    // The phrase list's order is no clustering, so no map draws a tree.
    view->setSharedOrder(ui::compare::SharedOrder::Input);
    QVERIFY(shown.wait(WAIT_MS));
    QCOMPARE(view->heatmapB()->data().phrases, phrases);
    for (const ui::HeatmapView *map : {view->heatmapA(), view->heatmapB(), view->differenceHeatmap()}) {
        QVERIFY(!map->data().order.dendrogram);
        QVERIFY(map->heatmapLayout().rowTree.isEmpty());
    }

    view->setNormalisation(math::Normalisation::ZScore);
    QVERIFY(shown.wait(WAIT_MS));
    const math::SimilarityMatrix difference = math::differenceMatrix(a.matrix, b.matrix, math::Normalisation::ZScore);
    const math::SimilarityMatrix &drawn = view->differenceHeatmap()->data().matrix;
    for (int row = 0; row < difference.size(); row += 7) {
        for (int column = 0; column < difference.size(); column += 5)
            QCOMPARE(drawn.at(row, column), difference.at(row, column));
    }
}

void TestCompareWindow::phraseTableSortsByFigures()
{
    const QStringList phrases = manyPhrases(60);
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);
    auto *table = view->findChild<QTableView *>(QStringLiteral("phraseAgreementTable"));
    QVERIFY(table);

    for (int column : {int(PhraseAgreementModel::JaccardColumn), int(PhraseAgreementModel::RankCorrelationColumn)}) {
        table->sortByColumn(column, Qt::AscendingOrder);
        const QAbstractItemModel *model = table->model();
        for (int row = 1; row < model->rowCount(); ++row) {
            const double previous = model->index(row - 1, column).data(PhraseAgreementModel::RawValueRole).toDouble();
            const double current = model->index(row, column).data(PhraseAgreementModel::RawValueRole).toDouble();
            QVERIFY2(previous <= current, qPrintable(QStringLiteral("column %1, row %2").arg(column).arg(row)));
        }
    }
}

// A server that never responds keeps the run busy with a visible progress
// bar until the user cancels; the set of runs is unchanged afterwards.
void TestCompareWindow::cancelStopsStalledRun()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    m_serverA->endpoint.setFault(FakeEmbeddingEndpoint::Fault::StallOnce);
    workspace::Workspace workspace;
    workspace.setPhrases(phrases);
    CompareView view(&workspace);
    view.show();

    QSignalSpy cancelled(&workspace.runs(), &workspace::RunSet::runCancelled);
    workspace.addRun(m_serverA->spec(QStringLiteral("alpha")));
    QVERIFY(workspace.runs().isBusy());
    QTRY_COMPARE(m_serverA->endpoint.requestCount(), 1);
    QVERIFY(view.findChild<QProgressBar *>(QStringLiteral("compareProgress"))->isVisible());
    auto *cancel = view.findChild<QPushButton *>(QStringLiteral("cancelCompareButton"));
    QVERIFY(cancel->isEnabled());

    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE(cancelled.size(), 1);
    QVERIFY(!workspace.runs().isBusy());
    QVERIFY(workspace.runs().runs().isEmpty());
    QVERIFY(!cancel->isEnabled());
}

// Cancel pressed while a slow server returns the batches of a run, and
// again while the comparison is computed: the view stays usable, no partial
// run is added, and the same run added afterwards completes.
void TestCompareWindow::cancelMidRunKeepsViewUsable()
{
    const QStringList phrases = manyPhrases(1000);
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);
    auto *cancel = view->findChild<QPushButton *>(QStringLiteral("cancelCompareButton"));
    auto *add = view->findChild<QPushButton *>(QStringLiteral("addRunButton"));
    auto *progress = view->findChild<QProgressBar *>(QStringLiteral("compareProgress"));
    const std::vector<int> shownPermutation = view->comparison()->permutation;

    // Each batch takes a while, so the run is cancelled between batches.
    m_serverB->endpoint.setLatencyMs(300);
    const workspace::RunSpec gamma = m_serverB->spec(QStringLiteral("gamma"));
    QSignalSpy progressed(&workspace.runs(), &workspace::RunSet::progressChanged);
    QSignalSpy cancelled(&workspace.runs(), &workspace::RunSet::runCancelled);
    QSignalSpy changed(&workspace.runs(), &workspace::RunSet::runsChanged);
    view->addRun(gamma);
    QVERIFY(QTest::qWaitFor(
        [&] { return !progressed.isEmpty() && progressed.last().at(0).toInt() > 0; }, WAIT_MS));
    const int doneBeforeCancel = progressed.last().at(0).toInt();
    QVERIFY2(doneBeforeCancel < int(phrases.size()), "every batch arrived before Cancel");
    QVERIFY(cancel->isEnabled());
    QVERIFY(!add->isEnabled());

    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE(cancelled.size(), 1);
    QVERIFY(!workspace.runs().isBusy());
    QCOMPARE(workspace.runs().runs().size(), 2);
    QVERIFY(changed.isEmpty());
    QVERIFY(add->isEnabled());
    QVERIFY(!cancel->isEnabled());
    QVERIFY(!progress->isVisible());
    QCOMPARE(view->comparison()->permutation, shownPermutation);

    // A new order starts a comparison, and Cancel drops it before its result
    // is shown. The comparison already shown stays, and the controls return
    // to the order it was drawn in, so captions and exports match the maps.
    auto *exportPng = view->findChild<QPushButton *>(QStringLiteral("exportDifferenceButton"));
    QVERIFY(exportPng->isEnabled());
    QSignalSpy shown(view.get(), &CompareView::comparisonShown);
    view->setSharedOrder(ui::compare::SharedOrder::ClusteredBoth);
    QVERIFY(view->isComputing());
    QVERIFY(!exportPng->isEnabled());
    QVERIFY(!view->exportDifferencePng(m_dir.filePath(QStringLiteral("while-computing.png"))));
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(!view->isComputing());
    QVERIFY(!cancel->isEnabled());
    QVERIFY(add->isEnabled());
    QVERIFY(exportPng->isEnabled());
    QCOMPARE(view->comparison()->permutation, shownPermutation);
    QCOMPARE(view->options().order, ui::compare::SharedOrder::ClusteredA);
    QCOMPARE(view->findChild<QComboBox *>(QStringLiteral("orderCombo"))->currentText(),
             QStringLiteral("Clustered by run A"));

    // The same run added again completes, with every phrase embedded.
    m_serverB->endpoint.setLatencyMs(0);
    view->addRun(gamma);
    QVERIFY(changed.wait(WAIT_MS));
    QCOMPARE(workspace.runs().runs().size(), 3);
    QCOMPARE(workspace.runs().runs().at(2).vectors.rows(), int(phrases.size()));
    const auto row = workspace.runs().runs().at(2).vectors.row(999);
    QCOMPARE(QList<float>(row.begin(), row.end()), m_serverB->endpoint.vectorFor(phrases.at(999)));
    QCOMPARE(view->runB(), 2);
    QVERIFY(QTest::qWaitFor([&] { return !shown.isEmpty(); }, WAIT_MS));
    QCOMPARE(shown.size(), 1);
    QVERIFY(!view->isComputing());
    const math::Agreement expected =
        math::compareRuns(workspace.runs().runs().at(0).matrix, workspace.runs().runs().at(2).matrix, 10, 50);
    QCOMPARE(view->comparison()->agreement.pairSpearman, expected.pairSpearman);

    // Choosing another run B and cancelling puts B back on the run shown.
    auto *runBCombo = view->findChild<QComboBox *>(QStringLiteral("runBCombo"));
    runBCombo->setCurrentIndex(1);
    emit runBCombo->activated(1);
    QVERIFY(view->isComputing());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(view->runB(), 2);
    QCOMPARE(runBCombo->currentText(), QStringLiteral("gamma"));
}

void TestCompareWindow::addRunDialogBuildsSpec()
{
    ui::compare::AddRunDialog dialog;
    workspace::RunSpec start;
    start.provider = embedding::presetFor(embedding::ProviderKind::Builtin);
    start.provider.timeoutSeconds = 17;
    dialog.setSpec(start);

    auto *provider = dialog.findChild<QComboBox *>(QStringLiteral("runProvider"));
    const int custom = provider->findData(int(embedding::ProviderKind::Custom));
    provider->setCurrentIndex(custom);
    emit provider->activated(custom);
    dialog.findChild<QLineEdit *>(QStringLiteral("runBaseUrl"))->setText(QStringLiteral("http://127.0.0.1:8080/v1"));
    dialog.findChild<QLineEdit *>(QStringLiteral("runModel"))->setText(QStringLiteral("e5-small"));
    dialog.findChild<QLineEdit *>(QStringLiteral("runPrefix"))->setText(QStringLiteral("query: "));
    dialog.findChild<QSpinBox *>(QStringLiteral("runTruncate"))->setValue(128);
    dialog.findChild<QLineEdit *>(QStringLiteral("runName"))->setText(QStringLiteral("  e5 short "));

    const workspace::RunSpec spec = dialog.spec();
    QCOMPARE(spec.provider.kind, embedding::ProviderKind::Custom);
    QCOMPARE(spec.provider.baseUrl, QStringLiteral("http://127.0.0.1:8080/v1"));
    QCOMPARE(spec.provider.model, QStringLiteral("e5-small"));
    QCOMPARE(spec.prefix, QStringLiteral("query: ")); // the trailing space matters to E5 models
    QCOMPARE(spec.truncateTo, 128);
    QCOMPARE(spec.name, QStringLiteral("e5 short"));
    QCOMPARE(spec.provider.timeoutSeconds, 17); // transfer settings come from the starting spec
}

// A description with a 400-character word, such as a long endpoint URL,
// wraps inside the word instead of widening the image.
void TestCompareWindow::longDescriptionKeepsFigureWidth()
{
    math::SimilarityMatrix difference(3, math::Metric::Cosine);
    for (int i = 0; i < 9; ++i)
        difference.data()[i] = float(i % 3) * 0.1f - 0.1f;
    render::DifferenceFigure figure;
    figure.data.phrases = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
    figure.data.matrix = difference;
    figure.style = render::differenceStyle(difference, true);
    figure.title = QStringLiteral("short − long");

    const QImage plain = render::renderDifferenceFigure(figure, 1.0);
    figure.subtitle = {QStringLiteral("A: http://127.0.0.1:8080/") + QString(400, u'x'),
                       QStringLiteral("B: builtin · 512 dims · cosine")};
    const QImage wrapped = render::renderDifferenceFigure(figure, 1.0);

    QVERIFY(!plain.isNull());
    QCOMPARE(wrapped.width(), plain.width());
    QVERIFY(wrapped.height() > plain.height());
}

// The shared range spans the off-diagonal scores of both runs, so it is the
// lower of the two lows and the higher of the two highs.
void TestCompareWindow::runsShareColorRangeByDefault()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);
    QVERIFY(view->findChild<QCheckBox *>(QStringLiteral("sharedRangeCheck"))->isChecked());

    const render::HeatmapStyle &styleA = view->heatmapA()->style();
    const render::HeatmapStyle &styleB = view->heatmapB()->style();
    QVERIFY(std::isfinite(styleA.vmin));
    QVERIFY(std::isfinite(styleA.vmax));
    QCOMPARE(styleB.vmin, styleA.vmin);
    QCOMPARE(styleB.vmax, styleA.vmax);
    QCOMPARE(styleB.colormap, styleA.colormap);

    const render::MatrixSummary a = render::summarizeMatrix(workspace.runs().runs().at(0).matrix);
    const render::MatrixSummary b = render::summarizeMatrix(workspace.runs().runs().at(1).matrix);
    QCOMPARE(styleA.vmin, std::min(a.offDiagonalLow, b.offDiagonalLow));
    QCOMPARE(styleA.vmax, std::max(a.offDiagonalHigh, b.offDiagonalHigh));
    // The two servers' scores differ, or the test would not tell shared
    // ranges from own ones.
    QVERIFY(a.offDiagonalLow != b.offDiagonalLow || a.offDiagonalHigh != b.offDiagonalHigh);
}

void TestCompareWindow::ownRangePerRunOnRequest()
{
    const QStringList phrases = pangrams();
    QVERIFY(startServers(phrases));
    workspace::Workspace workspace;
    const auto view = compareTwoRuns(workspace, phrases);
    QVERIFY(view);

    view->setSharedRange(false);

    const render::HeatmapStyle &styleA = view->heatmapA()->style();
    QVERIFY(std::isnan(styleA.vmin));
    QVERIFY(std::isnan(styleA.vmax));
    QVERIFY(styleA.fitToData);
    const render::ColorScale scaleA = render::resolveColorScale(view->heatmapA()->data().matrix, styleA);
    const render::ColorScale scaleB =
        render::resolveColorScale(view->heatmapB()->data().matrix, view->heatmapB()->style());
    const render::MatrixSummary a = render::summarizeMatrix(workspace.runs().runs().at(0).matrix);
    const render::MatrixSummary b = render::summarizeMatrix(workspace.runs().runs().at(1).matrix);
    QCOMPARE(scaleA.vmin, a.offDiagonalLow);
    QCOMPARE(scaleB.vmin, b.offDiagonalLow);
    QCOMPARE(scaleA.vmax, a.offDiagonalHigh);
    QCOMPARE(scaleB.vmax, b.offDiagonalHigh);
}

void TestCompareWindow::optionsSurviveSettingsRoundTrip()
{
    const QString path = m_dir.filePath(QStringLiteral("round-trip.ini"));
    ui::compare::CompareOptions options;
    options.order = ui::compare::SharedOrder::ClusteredBoth;
    options.normalisation = math::Normalisation::ZScore;
    options.neighbours = 17;
    options.sharedRange = false;
    QVERIFY(!(options == ui::compare::CompareOptions{}));
    {
        QSettings settings(path, QSettings::IniFormat);
        ui::writeCompareOptions(settings, options);
    }

    const QSettings settings(path, QSettings::IniFormat);
    const ui::compare::CompareOptions read = ui::readCompareOptions(settings, {});
    QCOMPARE(read.order, options.order);
    QCOMPARE(read.normalisation, options.normalisation);
    QCOMPARE(read.neighbours, options.neighbours);
    QCOMPARE(read.sharedRange, options.sharedRange);

    // The view shows what it was given and reports it back.
    workspace::Workspace workspace;
    CompareView view(&workspace);
    view.setOptions(read);
    QVERIFY(view.options() == options);
    QCOMPARE(view.findChild<QSpinBox *>(QStringLiteral("neighboursSpin"))->value(), 17);
    QVERIFY(!view.findChild<QCheckBox *>(QStringLiteral("sharedRangeCheck"))->isChecked());
}

void TestCompareWindow::invalidSettingsFallBack()
{
    const QString path = m_dir.filePath(QStringLiteral("invalid.ini"));
    {
        QSettings settings(path, QSettings::IniFormat);
        settings.setValue(QStringLiteral("compare/order"), QStringLiteral("sideways"));
        settings.setValue(QStringLiteral("compare/normalisation"), 2);
        settings.setValue(QStringLiteral("compare/neighbours"), 100000);
    }

    const QSettings settings(path, QSettings::IniFormat);
    const ui::compare::CompareOptions read = ui::readCompareOptions(settings, {});
    QVERIFY(read == ui::compare::CompareOptions{});
}

void TestCompareWindow::cancelledComparisonReturnsNothing()
{
    ui::compare::ComparisonRequest request;
    request.phrases = pangrams();
    request.a = math::SimilarityMatrix(int(request.phrases.size()), math::Metric::Cosine);
    request.b = request.a;
    request.order = ui::compare::SharedOrder::Input;
    const std::atomic_bool cancel = true;

    QVERIFY(!ui::compare::computeComparison(request, &cancel).has_value());
}

QTEST_MAIN(TestCompareWindow)
#include "tst_comparewindow.moc"
