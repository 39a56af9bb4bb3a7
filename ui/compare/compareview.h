#pragma once

#include "compareoptions.h"
#include "comparison.h"

#include "workspace/runspec.h"

#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;

namespace embedscope::workspace {
class Workspace;
struct EmbeddingRun;
} // namespace embedscope::workspace

namespace embedscope::ui {
class HeatmapView;
class MessageBar;
class ScoreSortModel;
namespace analysis {
class BackgroundRunner;
}
} // namespace embedscope::ui

namespace embedscope::ui::compare {

class CompareToolTips;
class ElidedLabel;
class HeatmapLink;
class PairDifferenceModel;
class PhraseAgreementModel;

// Compares two embedding runs of the workspace's phrases: runs A and B side
// by side in one order, their difference A - B, the agreement figures, a
// per-phrase table and the pairs whose ranks differ most. The heatmaps zoom,
// scroll, hover and select the reference together. Runs live in the
// workspace; this view adds them and observes the result.
class CompareView : public QWidget
{
    Q_OBJECT

public:
    // The main window's phrase list and provider settings as they are now.
    // The workspace takes them over only at the next Embed.
    struct CurrentInput
    {
        QStringList phrases;
        embedding::ProviderSettings provider;
    };

    explicit CompareView(workspace::Workspace *workspace, QWidget *parent = nullptr);
    ~CompareView() override;

    // Runs chosen as A and B, as indices into the workspace's runs; -1 when
    // there are fewer than two runs.
    int runA() const;
    int runB() const;
    void setRuns(int a, int b);

    void setSharedOrder(SharedOrder order);
    void setNormalisation(math::Normalisation normalisation);
    void setNeighbours(int k);
    // One color range for both run heatmaps, or each run's own.
    void setSharedRange(bool shared);

    CompareOptions options() const;
    void setOptions(const CompareOptions &options);

    // The comparison shown, empty while it is computed or with fewer than
    // two runs.
    const std::optional<Comparison> &comparison() const { return m_comparison; }
    bool isComputing() const;

    HeatmapView *heatmapA() const { return m_heatmapA; }
    HeatmapView *heatmapB() const { return m_heatmapB; }
    HeatmapView *differenceHeatmap() const { return m_difference; }
    QString figuresText() const;
    // Tooltip of the cell at row and column of the shared order.
    QString toolTipAt(int row, int column) const;
    QString messageText() const;

    // Write the difference heatmap (PNG) or the per-phrase figures (CSV),
    // naming both runs; return false and show the error when writing fails.
    // Both return false without writing while a comparison is computed.
    bool exportDifferencePng(const QString &path);
    bool exportAgreementCsv(const QString &path);

    // Sets where new runs read their phrases and the dialog its provider
    // settings, such as the phrase editor and the provider panel. Without a
    // source, runs use the workspace's, which are those of the last Embed.
    void setInputSource(std::function<CurrentInput()> source);

    // Opens the dialog that adds a run, prefilled with the current provider
    // settings.
    void addRun();
    // Adds a run of spec for the current phrases, as the dialog does.
    void addRun(const workspace::RunSpec &spec);

signals:
    // Emitted each time a comparison is shown, for tests and screenshots.
    void comparisonShown();
    // Emitted when the user changes an option that the session keeps.
    void optionsChanged();

private:
    QWidget *createRunBar();
    QWidget *createOptionBar();
    QWidget *createHeatmaps();
    QWidget *createTables();
    QWidget *heatmapPane(HeatmapView *view, ElidedLabel *title, ElidedLabel *detail);

    void onRunsChanged();
    void onBusyChanged(bool busy);
    void recompute();
    void showComparison(Comparison comparison);
    // Gives A and B one color range or each its own, following the
    // shared-range option.
    void applyRunStyles();
    void restoreShownChoices();
    void clearComparison();
    void updateCaptions();
    void updateFigures();
    void updateActions();
    void selectReference(int index);
    void chooseDifferenceFile();
    void chooseCsvFile();
    const workspace::EmbeddingRun *run(int index) const;
    CurrentInput currentInput() const;

    workspace::Workspace *m_workspace = nullptr;
    std::function<CurrentInput()> m_inputSource;
    analysis::BackgroundRunner *m_runner = nullptr;
    MessageBar *m_messageBar = nullptr;

    QComboBox *m_runACombo = nullptr;
    QComboBox *m_runBCombo = nullptr;
    QPushButton *m_addButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QLabel *m_statusLabel = nullptr;
    QComboBox *m_orderCombo = nullptr;
    QComboBox *m_normalisationCombo = nullptr;
    QSpinBox *m_neighboursSpin = nullptr;
    QCheckBox *m_sharedRangeCheck = nullptr;
    QPushButton *m_exportPngButton = nullptr;
    QPushButton *m_exportCsvButton = nullptr;

    QStackedWidget *m_stack = nullptr;
    QLabel *m_hint = nullptr;
    // Per map: a bold title and a line of detail, both elided so the three
    // maps keep the same height and their rows stay level.
    ElidedLabel *m_titleA = nullptr;
    ElidedLabel *m_titleB = nullptr;
    ElidedLabel *m_titleDifference = nullptr;
    ElidedLabel *m_detailA = nullptr;
    ElidedLabel *m_detailB = nullptr;
    ElidedLabel *m_detailDifference = nullptr;
    HeatmapView *m_heatmapA = nullptr;
    HeatmapView *m_heatmapB = nullptr;
    HeatmapView *m_difference = nullptr;
    HeatmapLink *m_link = nullptr;
    // Style of the run heatmaps before the range option is applied.
    render::HeatmapStyle m_runStyle;
    CompareToolTips *m_toolTips = nullptr;

    QLabel *m_figures = nullptr;
    PhraseAgreementModel *m_phraseModel = nullptr;
    ScoreSortModel *m_phraseSort = nullptr;
    QTableView *m_phraseTable = nullptr;
    PairDifferenceModel *m_pairModel = nullptr;
    ScoreSortModel *m_pairSort = nullptr;
    QTableView *m_pairTable = nullptr;

    std::optional<Comparison> m_comparison;
    // Runs and options that m_comparison was computed for.
    struct Choices
    {
        int runA = -1;
        int runB = -1;
        CompareOptions options;
    };
    Choices m_shownChoices;
    int m_reference = -1; // phrase-list index of the reference, -1 for none
};

} // namespace embedscope::ui::compare
