#include "compareview.h"

#include "addrundialog.h"
#include "comparetooltips.h"
#include "elidedlabel.h"
#include "heatmaplink.h"
#include "pairdifferencemodel.h"
#include "phraseagreementmodel.h"
#include "runrange.h"

#include "analysis/backgroundrunner.h"
#include "heatmapview.h"
#include "messagebar.h"
#include "render/comparisonexport.h"
#include "scoresortmodel.h"
#include "uilogging.h"

#include "workspace/agreementcsv.h"
#include "workspace/savefile.h"
#include "workspace/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace embedscope::ui::compare {

using workspace::EmbeddingRun;

// Exported difference maps are drawn at twice the logical size, like the
// main heatmap's PNG export.
static constexpr double EXPORT_SCALE = 2.0;
// Label length in the three side-by-side maps; longer labels would leave
// each grid only a third of what the labels take.
static constexpr int COMPARE_LABEL_CHARS = 18;

static QString formatFigure(double value)
{
    return std::isnan(value) ? CompareView::tr("n/a") : QLocale().toString(value, 'f', 3);
}

// Mean of the defined values; NaN when none is.
static double definedMean(const std::vector<double> &values)
{
    double sum = 0.0;
    int count = 0;
    for (double value : values) {
        if (!std::isnan(value)) {
            sum += value;
            ++count;
        }
    }
    return count > 0 ? sum / count : std::nan("");
}

// An option's title as it reads inside a sentence: "Clustered by run A"
// becomes "clustered by run A", keeping the run's letter upper case.
static QString lowerFirst(QString text)
{
    if (!text.isEmpty())
        text[0] = text.at(0).toLower();
    return text;
}

CompareView::CompareView(workspace::Workspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_runner(new analysis::BackgroundRunner(this))
    , m_link(new HeatmapLink(this))
    , m_toolTips(new CompareToolTips([this] { return m_comparison ? &*m_comparison : nullptr; }, this))
{
    m_messageBar = new MessageBar(this);
    m_messageBar->hide();

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(createHeatmaps());
    splitter->addWidget(createTables());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({480, 320}); // the same 3 : 2, before the splitter is first shown

    // Until two runs exist, a hint replaces the empty maps and tables.
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("compareHint"));
    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("compareStack"));
    m_stack->addWidget(m_hint);
    m_stack->addWidget(splitter);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createRunBar());
    layout->addWidget(createOptionBar());
    layout->addWidget(m_messageBar);
    layout->addWidget(m_stack, 1);

    workspace::RunSet *runs = &m_workspace->runs();
    connect(runs, &workspace::RunSet::runsChanged, this, &CompareView::onRunsChanged);
    connect(runs, &workspace::RunSet::busyChanged, this, &CompareView::onBusyChanged);
    connect(runs, &workspace::RunSet::progressChanged, this, [this](int done, int total) {
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(done);
    });
    connect(runs, &workspace::RunSet::statusChanged, m_statusLabel, &QLabel::setText);
    connect(runs, &workspace::RunSet::runFailed, m_messageBar, &MessageBar::showError);
    connect(runs, &workspace::RunSet::runCancelled, this, [this] { m_statusLabel->setText(tr("Run cancelled")); });
    connect(m_runner, &analysis::BackgroundRunner::runningChanged, this, &CompareView::updateActions);
    connect(m_link, &HeatmapLink::referenceRequested, this, [this](int position) {
        if (m_comparison && position >= 0 && size_t(position) < m_comparison->permutation.size())
            selectReference(m_comparison->permutation[size_t(position)]);
    });

    onRunsChanged();
}

CompareView::~CompareView() = default;

QWidget *CompareView::createRunBar()
{
    auto *bar = new QWidget(this);
    m_addButton = new QPushButton(tr("&Add Run…"), bar);
    m_addButton->setObjectName(QStringLiteral("addRunButton"));
    m_addButton->setToolTip(tr("Embed the workspace's phrases with another provider, model, prefix or "
                               "number of dimensions"));
    connect(m_addButton, &QPushButton::clicked, this, qOverload<>(&CompareView::addRun));

    m_removeButton = new QPushButton(tr("&Remove Run"), bar);
    m_removeButton->setMenu(new QMenu(m_removeButton));

    m_runACombo = new QComboBox(bar);
    m_runACombo->setObjectName(QStringLiteral("runACombo"));
    m_runBCombo = new QComboBox(bar);
    m_runBCombo->setObjectName(QStringLiteral("runBCombo"));
    for (QComboBox *combo : {m_runACombo, m_runBCombo}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        combo->setMinimumContentsLength(16);
        connect(combo, &QComboBox::activated, this, [this] {
            updateCaptions();
            recompute();
        });
    }

    m_progress = new QProgressBar(bar);
    m_progress->setObjectName(QStringLiteral("compareProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_statusLabel = new QLabel(bar);
    m_statusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_cancelButton = new QPushButton(tr("Cancel"), bar);
    m_cancelButton->setObjectName(QStringLiteral("cancelCompareButton"));
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        m_workspace->runs().cancel();
        if (m_runner->isRunning()) {
            m_runner->cancel();
            restoreShownChoices();
            m_statusLabel->setText(tr("Comparison cancelled"));
        }
    });

    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_addButton);
    layout->addWidget(m_removeButton);
    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("Run A:"), bar));
    layout->addWidget(m_runACombo);
    layout->addWidget(new QLabel(tr("Run B:"), bar));
    layout->addWidget(m_runBCombo);
    layout->addStretch(1);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancelButton);
    return bar;
}

QWidget *CompareView::createOptionBar()
{
    auto *bar = new QWidget(this);
    m_orderCombo = new QComboBox(bar);
    m_orderCombo->setObjectName(QStringLiteral("orderCombo"));
    m_orderCombo->addItem(tr("Clustered by run A"), int(SharedOrder::ClusteredA));
    m_orderCombo->addItem(tr("Clustered by both runs"), int(SharedOrder::ClusteredBoth));
    m_orderCombo->addItem(tr("Phrase list"), int(SharedOrder::Input));

    m_normalisationCombo = new QComboBox(bar);
    m_normalisationCombo->setObjectName(QStringLiteral("normalisationCombo"));
    m_normalisationCombo->addItem(tr("Rank"), int(math::Normalisation::Rank));
    m_normalisationCombo->addItem(tr("z-score"), int(math::Normalisation::ZScore));
    m_normalisationCombo->addItem(tr("None"), int(math::Normalisation::None));
    m_normalisationCombo->setToolTip(tr("Raw score levels differ between models (one model's 0.8 is another's "
                                        "0.4), so each run's scores are normalised before subtracting"));

    m_neighboursSpin = new QSpinBox(bar);
    m_neighboursSpin->setObjectName(QStringLiteral("neighboursSpin"));
    m_neighboursSpin->setRange(1, MAX_NEIGHBOURS);
    m_neighboursSpin->setValue(CompareOptions{}.neighbours);
    m_neighboursSpin->setToolTip(tr("Number of nearest neighbours compared per phrase (k of Jaccard@k)"));

    m_sharedRangeCheck = new QCheckBox(tr("Same color range for A and B"), bar);
    m_sharedRangeCheck->setObjectName(QStringLiteral("sharedRangeCheck"));
    m_sharedRangeCheck->setChecked(CompareOptions{}.sharedRange);
    m_sharedRangeCheck->setToolTip(
        tr("On: both run heatmaps use one color range over the scores of A and B, so the same color means the "
           "same score. Off: each run uses the range of its own scores. Models differ in their score levels (one "
           "model's 0.8 can be another's 0.4), so their own ranges show each model's structure, but colors then "
           "cannot be compared between the two maps."));

    for (QComboBox *combo : {m_orderCombo, m_normalisationCombo}) {
        connect(combo, &QComboBox::activated, this, &CompareView::recompute);
        connect(combo, &QComboBox::activated, this, &CompareView::optionsChanged);
    }
    connect(m_neighboursSpin, &QSpinBox::valueChanged, this, &CompareView::recompute);
    connect(m_neighboursSpin, &QSpinBox::valueChanged, this, &CompareView::optionsChanged);
    connect(m_sharedRangeCheck, &QCheckBox::toggled, this, [this] {
        applyRunStyles();
        emit optionsChanged();
    });

    m_exportPngButton = new QPushButton(tr("Export &Difference PNG…"), bar);
    m_exportPngButton->setObjectName(QStringLiteral("exportDifferenceButton"));
    connect(m_exportPngButton, &QPushButton::clicked, this, &CompareView::chooseDifferenceFile);
    m_exportCsvButton = new QPushButton(tr("Export Agreement &CSV…"), bar);
    connect(m_exportCsvButton, &QPushButton::clicked, this, &CompareView::chooseCsvFile);

    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Order:"), bar));
    layout->addWidget(m_orderCombo);
    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("Difference normalisation:"), bar));
    layout->addWidget(m_normalisationCombo);
    layout->addSpacing(12);
    layout->addWidget(new QLabel(tr("Neighbours (k):"), bar));
    layout->addWidget(m_neighboursSpin);
    layout->addSpacing(12);
    layout->addWidget(m_sharedRangeCheck);
    layout->addStretch(1);
    layout->addWidget(m_exportPngButton);
    layout->addWidget(m_exportCsvButton);
    return bar;
}

QWidget *CompareView::heatmapPane(HeatmapView *view, ElidedLabel *title, ElidedLabel *detail)
{
    auto *pane = new QWidget(this);
    QFont titleFont = title->font();
    titleFont.setBold(true);
    title->setFont(titleFont);
    QFont detailFont = detail->font();
    detailFont.setPointSizeF(detailFont.pointSizeF() * 0.9);
    detail->setFont(detailFont);
    detail->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(title);
    layout->addWidget(detail);
    layout->addWidget(view, 1);
    return pane;
}

QWidget *CompareView::createHeatmaps()
{
    m_heatmapA = new HeatmapView(this);
    m_heatmapA->setObjectName(QStringLiteral("heatmapA"));
    m_heatmapB = new HeatmapView(this);
    m_heatmapB->setObjectName(QStringLiteral("heatmapB"));
    m_difference = new HeatmapView(this);
    m_difference->setObjectName(QStringLiteral("differenceHeatmap"));

    // The range is fitted to the scores, because a fixed 0..1 scale would
    // show a model whose scores sit in a narrow band as one shade; whether A
    // and B share it is an option (applyRunStyles). Three maps share the
    // width, so cells carry no numbers and labels are short; tooltips give
    // the scores and full phrases.
    m_runStyle.fitToData = true;
    m_runStyle.maskDiagonal = true;
    m_runStyle.annotate = false;
    m_runStyle.maxLabelChars = COMPARE_LABEL_CHARS;
    m_heatmapA->setStyle(m_runStyle);
    m_heatmapB->setStyle(m_runStyle);
    for (HeatmapView *view : {m_heatmapA, m_heatmapB, m_difference}) {
        m_link->addView(view);
        m_toolTips->addView(view);
    }

    m_titleA = new ElidedLabel(this);
    m_titleB = new ElidedLabel(this);
    m_titleDifference = new ElidedLabel(this);
    m_detailA = new ElidedLabel(this);
    m_detailB = new ElidedLabel(this);
    m_detailDifference = new ElidedLabel(this);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(heatmapPane(m_heatmapA, m_titleA, m_detailA));
    splitter->addWidget(heatmapPane(m_heatmapB, m_titleB, m_detailB));
    splitter->addWidget(heatmapPane(m_difference, m_titleDifference, m_detailDifference));
    return splitter;
}

static QTableView *createTableView(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    table->setSortingEnabled(true);
    return table;
}

QWidget *CompareView::createTables()
{
    auto *pane = new QWidget(this);
    m_figures = new QLabel(pane);
    m_figures->setObjectName(QStringLiteral("agreementFigures"));
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setWordWrap(true);

    m_phraseModel = new PhraseAgreementModel(this);
    m_phraseSort = new ScoreSortModel(this);
    m_phraseSort->setSourceModel(m_phraseModel);
    m_phraseTable = createTableView(m_phraseSort, pane);
    m_phraseTable->setObjectName(QStringLiteral("phraseAgreementTable"));
    m_phraseTable->horizontalHeader()->setSectionResizeMode(PhraseAgreementModel::PhraseColumn,
                                                           QHeaderView::Stretch);
    connect(m_phraseTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    selectReference(current.data(PhraseAgreementModel::PhraseIndexRole).toInt());
            });

    m_pairModel = new PairDifferenceModel(this);
    m_pairSort = new ScoreSortModel(this);
    m_pairSort->setSourceModel(m_pairModel);
    m_pairTable = createTableView(m_pairSort, pane);
    m_pairTable->setObjectName(QStringLiteral("pairDifferenceTable"));
    m_pairTable->horizontalHeader()->setSectionResizeMode(PairDifferenceModel::FirstColumn, QHeaderView::Stretch);
    m_pairTable->horizontalHeader()->setSectionResizeMode(PairDifferenceModel::SecondColumn, QHeaderView::Stretch);

    auto *phraseTitle = new QLabel(tr("<b>Agreement per phrase</b> (click a column to sort)"), pane);
    auto *pairTitle = new QLabel(tr("<b>Pairs whose ranks differ most</b>"), pane);

    auto *phraseColumn = new QVBoxLayout;
    phraseColumn->addWidget(phraseTitle);
    phraseColumn->addWidget(m_phraseTable, 1);
    auto *pairColumn = new QVBoxLayout;
    pairColumn->addWidget(pairTitle);
    pairColumn->addWidget(m_pairTable, 1);
    auto *tables = new QHBoxLayout;
    tables->addLayout(phraseColumn, 1);
    tables->addLayout(pairColumn, 1);

    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_figures);
    layout->addLayout(tables, 1);
    return pane;
}

const EmbeddingRun *CompareView::run(int index) const
{
    const QList<EmbeddingRun> &runs = m_workspace->runs().runs();
    return index >= 0 && index < runs.size() ? &runs.at(index) : nullptr;
}

int CompareView::runA() const
{
    return m_workspace->runs().runs().size() >= 2 ? m_runACombo->currentIndex() : -1;
}

int CompareView::runB() const
{
    return m_workspace->runs().runs().size() >= 2 ? m_runBCombo->currentIndex() : -1;
}

void CompareView::setRuns(int a, int b)
{
    m_runACombo->setCurrentIndex(a);
    m_runBCombo->setCurrentIndex(b);
    updateCaptions();
    recompute();
}

void CompareView::setSharedOrder(SharedOrder order)
{
    m_orderCombo->setCurrentIndex(m_orderCombo->findData(int(order)));
    recompute();
}

void CompareView::setNormalisation(math::Normalisation normalisation)
{
    m_normalisationCombo->setCurrentIndex(m_normalisationCombo->findData(int(normalisation)));
    recompute();
}

void CompareView::setNeighbours(int k)
{
    m_neighboursSpin->setValue(k); // recomputes through valueChanged
}

void CompareView::setSharedRange(bool shared)
{
    m_sharedRangeCheck->setChecked(shared); // restyles through toggled
}

CompareOptions CompareView::options() const
{
    CompareOptions options;
    options.order = SharedOrder(m_orderCombo->currentData().toInt());
    options.normalisation = math::Normalisation(m_normalisationCombo->currentData().toInt());
    options.neighbours = m_neighboursSpin->value();
    options.sharedRange = m_sharedRangeCheck->isChecked();
    return options;
}

// Sets every control first and computes once, so a restored session starts
// one comparison rather than one per option.
void CompareView::setOptions(const CompareOptions &options)
{
    const QSignalBlocker blockSpin(m_neighboursSpin);
    const QSignalBlocker blockCheck(m_sharedRangeCheck);
    m_orderCombo->setCurrentIndex(m_orderCombo->findData(int(options.order)));
    m_normalisationCombo->setCurrentIndex(m_normalisationCombo->findData(int(options.normalisation)));
    m_neighboursSpin->setValue(options.neighbours);
    m_sharedRangeCheck->setChecked(options.sharedRange);
    updateCaptions();
    recompute();
}

bool CompareView::isComputing() const
{
    return m_runner->isRunning();
}

void CompareView::setInputSource(std::function<CurrentInput()> source)
{
    m_inputSource = std::move(source);
}

CompareView::CurrentInput CompareView::currentInput() const
{
    if (m_inputSource)
        return m_inputSource();
    return {m_workspace->phrases(), m_workspace->providerSettings()};
}

void CompareView::addRun()
{
    AddRunDialog dialog(this);
    workspace::RunSpec spec;
    spec.provider = currentInput().provider;
    dialog.setSpec(spec);
    if (dialog.exec() != QDialog::Accepted)
        return;
    addRun(dialog.spec());
}

// The phrases are read when the run starts, so a list edited since the last
// Embed is embedded as the user sees it rather than as it was.
void CompareView::addRun(const workspace::RunSpec &spec)
{
    m_messageBar->dismiss();
    m_workspace->runs().addRun(currentInput().phrases, spec);
}

// Keeps the chosen runs where they still exist; a run just added becomes B,
// so adding a run shows it against A at once.
void CompareView::onRunsChanged()
{
    const QList<EmbeddingRun> &runs = m_workspace->runs().runs();
    const int previousCount = m_runACombo->count();
    const int previousA = m_runACombo->currentIndex();
    const int previousB = m_runBCombo->currentIndex();

    QMenu *removeMenu = m_removeButton->menu();
    removeMenu->clear();
    for (QComboBox *combo : {m_runACombo, m_runBCombo})
        combo->clear();
    for (int i = 0; i < runs.size(); ++i) {
        const QString name = runs.at(i).spec.displayName();
        for (QComboBox *combo : {m_runACombo, m_runBCombo}) {
            combo->addItem(name);
            combo->setItemData(i, runs.at(i).description(), Qt::ToolTipRole);
        }
        removeMenu->addAction(name, this, [this, i] { m_workspace->runs().removeRun(i); });
    }
    if (runs.size() > 1) {
        removeMenu->addSeparator();
        removeMenu->addAction(tr("Remove All Runs"), this, [this] { m_workspace->runs().clear(); });
    }

    const int count = int(runs.size());
    const bool grew = count > previousCount;
    m_runACombo->setCurrentIndex(previousA >= 0 && previousA < count ? previousA : 0);
    m_runBCombo->setCurrentIndex(grew || previousB < 0 || previousB >= count ? count - 1 : previousB);

    m_stack->setCurrentIndex(count >= 2 ? 1 : 0);
    if (count == 1) {
        m_hint->setText(tr("Run \"%1\" is ready. Press Add Run… again and choose another provider, model, prefix "
                           "or number of dimensions to compare it with.")
                            .arg(runs.first().spec.displayName()));
    } else {
        m_hint->setText(tr("Compare models on these phrases: press Add Run…, choose a provider, model, prefix or "
                           "number of dimensions, and repeat with another."));
    }
    updateCaptions();
    updateActions();
    recompute();
}

void CompareView::onBusyChanged(bool busy)
{
    if (busy) {
        m_progress->setRange(0, 0);
        m_statusLabel->setText(tr("Adding run…"));
    } else if (!m_runner->isRunning()) {
        m_statusLabel->clear();
    }
    updateActions();
}

void CompareView::updateActions()
{
    const bool adding = m_workspace->runs().isBusy();
    const bool computing = m_runner->isRunning();
    const bool shown = m_comparison.has_value();
    m_addButton->setEnabled(!adding);
    m_removeButton->setEnabled(!adding && !m_workspace->runs().runs().isEmpty());
    m_cancelButton->setEnabled(adding || computing);
    m_progress->setVisible(adding || computing);
    // While a new comparison is computed, the controls already name its runs
    // and options but the maps still show the previous one.
    m_exportPngButton->setEnabled(shown && !computing);
    m_exportCsvButton->setEnabled(shown && !computing);
}

void CompareView::recompute()
{
    const EmbeddingRun *a = run(runA());
    const EmbeddingRun *b = run(runB());
    if (!a || !b) {
        m_runner->cancel();
        clearComparison();
        return;
    }

    ComparisonRequest request;
    request.phrases = m_workspace->runs().phrases();
    request.a = a->matrix;
    request.b = b->matrix;
    request.order = SharedOrder(m_orderCombo->currentData().toInt());
    request.normalisation = math::Normalisation(m_normalisationCombo->currentData().toInt());
    request.k = m_neighboursSpin->value();

    qCDebug(lcUi) << "comparing" << request.phrases.size() << "phrases of runs" << runA() << runB();
    m_statusLabel->setText(tr("Comparing…"));
    m_progress->setRange(0, 0);
    m_runner->start<Comparison>(
        [request](const std::atomic_bool *cancel) { return computeComparison(request, cancel); },
        [this](Comparison comparison) { showComparison(std::move(comparison)); });
    updateActions();
}

void CompareView::showComparison(Comparison comparison)
{
    m_comparison = std::move(comparison);
    m_shownChoices = {runA(), runB(), options()};
    const Comparison &shown = *m_comparison;
    const bool normalised = m_normalisationCombo->currentData().toInt() != int(math::Normalisation::None);

    applyRunStyles();
    m_heatmapA->setOrderedData(shown.a);
    m_heatmapB->setOrderedData(shown.b);
    render::HeatmapStyle differenceStyle = render::differenceStyle(shown.difference.matrix, normalised);
    differenceStyle.annotate = false;
    differenceStyle.maxLabelChars = COMPARE_LABEL_CHARS;
    differenceStyle.colorBarCaption = tr("A − B");
    m_difference->setStyle(differenceStyle);
    m_difference->setOrderedData(shown.difference);

    const QStringList &phrases = m_workspace->runs().phrases();
    m_toolTips->setPhrases(phrases);
    const EmbeddingRun *a = run(runA());
    const EmbeddingRun *b = run(runB());
    m_toolTips->setLabels(tr("A (%1)").arg(a ? a->spec.displayName() : QString()),
                          tr("B (%1)").arg(b ? b->spec.displayName() : QString()),
                          tr("A − B, %1 normalisation").arg(m_normalisationCombo->currentText().toLower()));
    m_phraseModel->setAgreement(phrases, shown.agreement);
    m_pairModel->setPairs(phrases, shown.agreement.largestDisagreements);

    // The reference keeps its phrase across a new order.
    m_link->setReferenceIndex(-1);
    if (m_reference >= 0)
        selectReference(m_reference);
    m_statusLabel->clear();
    updateCaptions();
    updateFigures();
    updateActions();
    emit comparisonShown();
}

// A cancelled comparison leaves the previous one on screen, so the run and
// option controls return to the choices it was computed for. Otherwise the
// captions and exports would name runs and options that the maps do not show.
void CompareView::restoreShownChoices()
{
    const int count = int(m_workspace->runs().runs().size());
    if (!m_comparison || m_shownChoices.runA >= count || m_shownChoices.runB >= count) {
        clearComparison();
        return;
    }
    const QSignalBlocker blockSpin(m_neighboursSpin);
    m_runACombo->setCurrentIndex(m_shownChoices.runA);
    m_runBCombo->setCurrentIndex(m_shownChoices.runB);
    m_orderCombo->setCurrentIndex(m_orderCombo->findData(int(m_shownChoices.options.order)));
    m_normalisationCombo->setCurrentIndex(
        m_normalisationCombo->findData(int(m_shownChoices.options.normalisation)));
    m_neighboursSpin->setValue(m_shownChoices.options.neighbours);
    updateCaptions();
    updateActions();
    emit optionsChanged();
}

void CompareView::applyRunStyles()
{
    if (!m_comparison || !m_sharedRangeCheck->isChecked()) {
        m_heatmapA->setStyle(m_runStyle);
        m_heatmapB->setStyle(m_runStyle);
        return;
    }
    const render::HeatmapStyle shared = sharedRunStyle(m_runStyle, m_comparison->summaryA, m_comparison->summaryB);
    m_heatmapA->setStyle(shared);
    m_heatmapB->setStyle(shared);
}

void CompareView::clearComparison()
{
    m_comparison.reset();
    for (HeatmapView *view : {m_heatmapA, m_heatmapB, m_difference})
        view->clear();
    m_phraseModel->clear();
    m_pairModel->setPairs({}, {});
    m_figures->clear();
    updateActions();
}

void CompareView::updateCaptions()
{
    const auto caption = [](ElidedLabel *title, ElidedLabel *detail, const QString &letter, const EmbeddingRun *run) {
        title->setFullText(run ? QStringLiteral("%1: %2").arg(letter, run->spec.displayName()) : QString());
        detail->setFullText(run ? run->description() : QString());
    };
    const EmbeddingRun *a = run(runA());
    const EmbeddingRun *b = run(runB());
    caption(m_titleA, m_detailA, QStringLiteral("A"), a);
    caption(m_titleB, m_detailB, QStringLiteral("B"), b);
    m_titleDifference->setFullText(a && b ? tr("Difference A − B") : QString());
    m_detailDifference->setFullText(a && b ? tr("%1 normalisation · red: closer in A, blue: closer in B")
                                                 .arg(m_normalisationCombo->currentText())
                                           : QString());
}

QString CompareView::figuresText() const
{
    return m_figures->text();
}

QString CompareView::toolTipAt(int row, int column) const
{
    return m_toolTips->textAt(row, column);
}

QString CompareView::messageText() const
{
    return m_messageBar->isVisibleTo(this) ? m_messageBar->text() : QString();
}

void CompareView::updateFigures()
{
    if (!m_comparison) {
        m_figures->clear();
        return;
    }
    const math::Agreement &agreement = m_comparison->agreement;
    std::vector<double> jaccard;
    std::vector<double> rankCorrelation;
    for (const math::PhraseAgreement &phrase : agreement.phrases) {
        jaccard.push_back(phrase.neighbourJaccard);
        rankCorrelation.push_back(phrase.rankCorrelation);
    }
    m_figures->setText(tr("Spearman correlation of all pairs: %1 · mean Jaccard@%2: %3 · mean rank correlation "
                          "per phrase: %4 · %5 phrases")
                           .arg(formatFigure(agreement.pairSpearman))
                           .arg(agreement.k)
                           .arg(formatFigure(definedMean(jaccard)), formatFigure(definedMean(rankCorrelation)))
                           .arg(agreement.phrases.size()));

    if (agreement.undefinedPairCount > 0) {
        m_figures->setText(m_figures->text()
                           + (agreement.undefinedPairCount == 1
                                  ? tr(" · 1 pair left out: a run has no score for it (a zero vector)")
                                  : tr(" · %1 pairs left out: a run has no score for them (a zero vector)")
                                        .arg(agreement.undefinedPairCount)));
    }

    // k is clamped to N - 1, where every phrase's neighbours are all other
    // phrases in both runs.
    if (agreement.k > 0 && size_t(agreement.k) + 1 >= agreement.phrases.size()) {
        m_figures->setText(m_figures->text()
                           + tr(" (k covers every other phrase, so Jaccard@%1 is 1 by definition; choose a smaller "
                                "k)")
                                 .arg(agreement.k));
    }
}

void CompareView::selectReference(int index)
{
    if (!m_comparison)
        return;
    const std::vector<int> &permutation = m_comparison->permutation;
    const auto found = std::find(permutation.begin(), permutation.end(), index);
    if (found == permutation.end())
        return;
    m_reference = index;
    m_link->setReferenceIndex(int(found - permutation.begin()));

    // Select the phrase's row unless it is already current.
    const QModelIndex current = m_phraseTable->currentIndex();
    if (current.isValid() && current.data(PhraseAgreementModel::PhraseIndexRole).toInt() == index)
        return;
    const QModelIndexList rows = m_phraseSort->match(m_phraseSort->index(0, 0), PhraseAgreementModel::PhraseIndexRole,
                                                     index, 1, Qt::MatchExactly);
    if (!rows.isEmpty()) {
        m_phraseTable->setCurrentIndex(rows.first());
        m_phraseTable->scrollTo(rows.first());
    }
}

bool CompareView::exportDifferencePng(const QString &path)
{
    const EmbeddingRun *a = run(runA());
    const EmbeddingRun *b = run(runB());
    if (!m_comparison || isComputing() || !a || !b)
        return false;

    const bool normalised = m_normalisationCombo->currentData().toInt() != int(math::Normalisation::None);
    render::DifferenceFigure figure;
    figure.data = m_comparison->difference;
    figure.style = render::differenceStyle(figure.data.matrix, normalised);
    figure.title = tr("%1 − %2").arg(a->spec.displayName(), b->spec.displayName());
    figure.subtitle = {tr("A: %1").arg(a->description()), tr("B: %1").arg(b->description()),
                       tr("%1 normalisation · %2").arg(m_normalisationCombo->currentText(),
                                                       lowerFirst(m_orderCombo->currentText()))};
    const auto written = render::exportDifferencePng(figure, path, EXPORT_SCALE);
    if (!written) {
        m_messageBar->showError(written.error());
        return false;
    }
    return true;
}

bool CompareView::exportAgreementCsv(const QString &path)
{
    const EmbeddingRun *a = run(runA());
    const EmbeddingRun *b = run(runB());
    if (!m_comparison || isComputing() || !a || !b)
        return false;

    const QByteArray csv =
        workspace::phraseAgreementCsv(m_workspace->runs().phrases(), m_comparison->agreement, *a, *b);
    const auto written = workspace::writeFileAtomically(path, csv);
    if (!written) {
        m_messageBar->showError(written.error());
        return false;
    }
    return true;
}

void CompareView::chooseDifferenceFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Difference Heatmap"),
                                                      QDir::home().filePath(QStringLiteral("difference.png")),
                                                      tr("PNG images (*.png)"));
    if (!path.isEmpty())
        exportDifferencePng(path);
}

void CompareView::chooseCsvFile()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Agreement per Phrase"),
                                                      QDir::home().filePath(QStringLiteral("agreement.csv")),
                                                      tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportAgreementCsv(path);
}

} // namespace embedscope::ui::compare
