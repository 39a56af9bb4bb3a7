#pragma once

#include "common/expected.h"
#include "inputphrases.h"
#include "embedding/providersettings.h"
#include "math/agreement.h"
#include "math/clustering.h"
#include "math/heatmaporder.h"
#include "math/similaritymatrix.h"
#include "render/colormap.h"
#include "render/heatmaprenderer.h"
#include "workspace/runspec.h"

#include "compare/comparison.h"

#include <QStringList>

#include <optional>

namespace embedscope::app {

// Exit codes shared by every subcommand.
enum ExitCode { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_BAD_USAGE = 2 };

struct RenderOptions
{
    QString input;       // path, or "-" for standard input
    InputColumns columns;
    QString output;      // heatmap image path
    QString matrixPath;  // optional CSV of the matrix
    QString scoresPath;  // optional CSV of scores against reference
    int reference = 0;   // 0-based here; the command line takes 1-based
    embedding::ProviderSettings provider;
    math::Metric metric = math::Metric::Cosine;
    math::OrderMode order = math::OrderMode::Original; // of the image and the --matrix CSV
    render::ColormapKind colormap = render::ColormapKind::Automatic;
    std::optional<double> vmin; // fixed color range ends, automatic when unset
    std::optional<double> vmax;
    double scale = 2.0; // PNG pixels per logical pixel
    double maxSize = render::DEFAULT_MAX_GRID_SIDE; // largest grid side, logical pixels
    bool verbose = false;
};

struct AnalyzeOptions
{
    QString input;
    InputColumns columns;
    QString reportPath;
    QString labelsPath; // one label per line, optionally "name: description"
    QString query;
    embedding::ProviderSettings provider;
    math::Metric metric = math::Metric::Cosine;
    int neighbours = 5;
    std::optional<float> nearDuplicateThreshold;
    std::optional<int> clusterCount;
    std::optional<double> clusterDistance;
    math::Linkage linkage = math::Linkage::Average;
    std::optional<int> reference;
    bool verbose = false;
};

struct CompareOptions
{
    QString input;
    InputColumns columns;
    QList<workspace::RunSpec> runs;
    QString reportPath;
    QString output; // difference heatmap of the first two runs
    ui::compare::SharedOrder order = ui::compare::SharedOrder::Input; // of the difference heatmap
    math::Metric metric = math::Metric::Cosine;
    math::Normalisation normalisation = math::Normalisation::Rank;
    int neighbours = 10;
    double maxSize = render::DEFAULT_MAX_GRID_SIDE; // largest grid side of the difference map, logical pixels
    bool verbose = false;
};

struct Command
{
    enum class Kind { Window, Render, Analyze, Compare, Help, Version };

    Kind kind = Kind::Window;
    RenderOptions render;
    AnalyzeOptions analyze;
    CompareOptions compare;
    QString text; // help or version text to print
    QString openPath; // a file given to the window: a workspace opens, other files are imported
};

// Parses arguments (including the program name). No arguments, or only Qt's
// own options, start the window.
Expected<Command> parseCommandLine(const QStringList &arguments);

} // namespace embedscope::app
