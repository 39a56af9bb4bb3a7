#include "rendercommand.h"

#include "headlessembed.h"
#include "inputphrases.h"

#include "render/heatmapexport.h"
#include "render/overviewdata.h"
#include "workspace/csvexport.h"
#include "workspace/snapshotwarnings.h"
#include "workspace/workspace.h"

#include <QLoggingCategory>

#include <algorithm>

namespace embedscope::app {

static render::HeatmapStyle styleFor(const RenderOptions &options)
{
    render::HeatmapStyle style;
    style.colormap = options.colormap;
    if (options.vmin)
        style.vmin = *options.vmin;
    if (options.vmax)
        style.vmax = *options.vmax;
    style.maxGridSide = options.maxSize;
    return style;
}

// Heatmap data in the order that --order requests. Clustering runs here, on the
// command line's only thread, because nothing else waits for it.
static render::HeatmapData orderedData(const RenderOptions &options, const workspace::Snapshot &snapshot)
{
    render::HeatmapData data;
    data.phrases = snapshot.phrases;
    data.matrix = snapshot.matrix;
    data.title = snapshot.source;

    const auto order = math::computeHeatmapOrder(snapshot.matrix, {options.order, options.reference});
    if (!order)
        return data;
    return render::orderHeatmap(data, *order);
}

// Builds the snapshot the window would show for these vectors: the full
// matrix up to the workspace's matrix limit, cosine block means above it.
// It runs on the command line's only thread, because nothing else waits.
static workspace::Snapshot snapshotOf(const QStringList &phrases, const EmbeddedRun &run, math::Metric metric)
{
    workspace::Snapshot snapshot;
    snapshot.phrases = phrases;
    snapshot.vectors = run.vectors;
    snapshot.source = run.source;

    const workspace::MatrixLimits limits;
    if (snapshot.vectors.rows() <= limits.maxMatrixPhrases) {
        snapshot.matrix = math::computeSimilarity(snapshot.vectors, metric);
        return snapshot;
    }
    const int blocks = std::clamp(limits.overviewBlocks, 1, std::max(1, snapshot.vectors.rows()));
    snapshot.overview = math::computeBlockOverview(snapshot.vectors, blocks);
    return snapshot;
}

static QStringList snapshotWarnings(const workspace::Snapshot &snapshot, math::Metric metric)
{
    if (snapshot.hasFullMatrix())
        return workspace::undefinedRowWarnings(snapshot);
    const QString overview = workspace::cosineOverviewWarning(snapshot, metric, workspace::MatrixLimits{});
    return overview.isEmpty() ? QStringList{} : QStringList{overview};
}

// A list above the workspace's matrix limit has only block means, which are
// drawn in input order. The matrix CSV would need the full matrix.
static Expected<bool> writeOutputs(const RenderOptions &options, const workspace::Snapshot &snapshot)
{
    if (!snapshot.hasFullMatrix() && !options.matrixPath.isEmpty()) {
        return fail(QStringLiteral("--matrix needs the full similarity matrix, which is not computed for %1 "
                                   "phrases; leave it out to get the image of the block means")
                        .arg(snapshot.phrases.size()));
    }
    if (!snapshot.hasFullMatrix() && options.order != math::OrderMode::Original)
        printError(QStringLiteral("warning: %1 phrases are drawn as block means in input order; --order is ignored")
                       .arg(snapshot.phrases.size()));

    const render::HeatmapData data = snapshot.hasFullMatrix()
        ? orderedData(options, snapshot)
        : render::blockOverviewData(
              math::computeBlockOverview(snapshot.vectors, render::EXPORT_OVERVIEW_BLOCKS),
              QStringLiteral("%1 · block means of %2 phrases").arg(snapshot.source).arg(snapshot.phrases.size()));
    const auto image = render::exportHeatmapImage(data, styleFor(options), options.output, options.scale);
    if (!image)
        return image;

    if (!options.matrixPath.isEmpty()) {
        const auto written = writeOutputFile(options.matrixPath, render::heatmapMatrixCsv(data));
        if (!written)
            return written;
    }
    if (!options.scoresPath.isEmpty()) {
        const auto written = writeOutputFile(options.scoresPath, workspace::scoresCsv(snapshot, options.reference));
        if (!written)
            return written;
    }
    return true;
}

int runRender(const RenderOptions &options)
{
    if (options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("embedscope.*.debug=true"));

    const auto imported = readInputPhrases(options.input, options.columns);
    if (!imported) {
        printError(imported.error());
        return EXIT_BAD_USAGE;
    }
    const QStringList &phrases = imported->phrases;
    if (options.reference >= phrases.size()) {
        printError(QStringLiteral("--reference %1 is past the last phrase; the input has %2 phrases")
                       .arg(options.reference + 1)
                       .arg(phrases.size()));
        return EXIT_BAD_USAGE;
    }

    workspace::RunSpec run;
    run.provider = options.provider;
    const auto embedded = embedAndWait(phrases, run);
    if (!embedded) {
        printError(embedded.error());
        return EXIT_FAILURE_RUN;
    }

    const workspace::Snapshot snapshot = snapshotOf(phrases, *embedded, options.metric);
    for (const QString &warning : snapshotWarnings(snapshot, options.metric))
        printError(QStringLiteral("warning: ") + warning);
    const auto written = writeOutputs(options, snapshot);
    if (!written) {
        printError(written.error());
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

} // namespace embedscope::app
