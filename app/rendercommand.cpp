#include "rendercommand.h"

#include "headlessembed.h"
#include "inputphrases.h"

#include "render/heatmapexport.h"
#include "render/overviewdata.h"
#include "workspace/csvexport.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <optional>

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

    workspace::Workspace workspace;
    workspace.setPhrases(phrases);
    workspace.setProviderSettings(options.provider);
    workspace.setMetric(options.metric);

    // Failures can arrive before the event loop runs (an invalid base URL),
    // so the result is kept here as well as passed to exit().
    std::optional<int> result;
    auto finish = [&result](int code) {
        result = code;
        QCoreApplication::exit(code);
    };

    QObject::connect(&workspace, &workspace::Workspace::progressChanged, &showProgress);
    QObject::connect(&workspace, &workspace::Workspace::warningRaised,
                     [](const QString &message) { printError(QStringLiteral("warning: ") + message); });
    QObject::connect(&workspace, &workspace::Workspace::embeddingFailed, [&](const QString &message) {
        printError(message);
        finish(EXIT_FAILURE_RUN);
    });
    QObject::connect(&workspace, &workspace::Workspace::snapshotChanged, [&]() {
        const auto written = writeOutputs(options, workspace.snapshot());
        if (!written)
            printError(written.error());
        finish(written ? EXIT_OK : EXIT_FAILURE_RUN);
    });

    workspace.embed();
    if (result)
        return *result;
    return QCoreApplication::exec();
}

} // namespace embedscope::app
