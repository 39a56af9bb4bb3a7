#include "rendercommand.h"

#include "render/heatmapexport.h"
#include "text/phraselist.h"
#include "text/textdecoding.h"
#include "workspace/csvexport.h"
#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QSaveFile>

#include <cstdio>
#include <optional>
#include <unistd.h>

namespace embedscope::app {

static void printError(const QString &message)
{
    std::fprintf(stderr, "embedscope: %s\n", qUtf8Printable(message));
}

static Expected<QStringList> readPhrases(const QString &input)
{
    QFile file;
    bool opened = false;
    if (input == u"-") {
        opened = file.open(stdin, QIODevice::ReadOnly);
    } else {
        file.setFileName(input);
        opened = file.open(QIODevice::ReadOnly);
    }
    if (!opened)
        return fail(QStringLiteral("cannot read %1: %2").arg(input, file.errorString()));

    const auto decoded = text::decodeText(file.readAll());
    if (!decoded)
        return fail(QStringLiteral("%1: %2").arg(input, decoded.error()));
    if (decoded->usedFallback)
        printError(QStringLiteral("warning: %1 is not valid UTF-8; read it as %2").arg(input, decoded->encoding));

    const QStringList phrases = text::parsePhrases(decoded->text);
    if (phrases.isEmpty())
        return fail(QStringLiteral("%1 contains no phrases; give one phrase per line").arg(input));
    return phrases;
}

static Expected<bool> writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

static Expected<bool> writeOutputs(const RenderOptions &options, const workspace::Snapshot &snapshot)
{
    render::HeatmapData data{snapshot.phrases, snapshot.matrix, snapshot.source};
    const auto image = render::exportHeatmapPng(data, render::HeatmapStyle{}, options.output, 2.0);
    if (!image)
        return image;

    if (!options.matrixPath.isEmpty()) {
        const auto written = writeFile(options.matrixPath, workspace::matrixCsv(snapshot));
        if (!written)
            return written;
    }
    if (!options.scoresPath.isEmpty()) {
        const auto written = writeFile(options.scoresPath, workspace::scoresCsv(snapshot, options.reference));
        if (!written)
            return written;
    }
    return true;
}

// A progress line that rewrites itself, shown only when a person is
// watching; logs and pipes get no carriage-return noise.
static void showProgress(int done, int total)
{
    if (!isatty(fileno(stderr)) || total <= 0)
        return;
    std::fprintf(stderr, "\rEmbedding %d of %d", done, total);
    if (done >= total)
        std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

int runRender(const RenderOptions &options)
{
    if (options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("embedscope.*.debug=true"));

    const auto phrases = readPhrases(options.input);
    if (!phrases) {
        printError(phrases.error());
        return EXIT_BAD_USAGE;
    }
    if (options.reference >= phrases->size()) {
        printError(QStringLiteral("--reference %1 is past the last phrase; the input has %2 phrases")
                       .arg(options.reference + 1)
                       .arg(phrases->size()));
        return EXIT_BAD_USAGE;
    }

    workspace::Workspace workspace;
    workspace.setPhrases(*phrases);
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
