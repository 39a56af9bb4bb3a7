#include "analyzecommand.h"

#include "headlessembed.h"
#include "inputphrases.h"
#include "math/similaritymatrix.h"
#include "text/classlabels.h"
#include "workspace/analysisreport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace embedscope::app {

// Labels for classification, parsed as the Classification view parses them.
static Expected<text::ClassLabels> readLabels(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read labels file %1: %2").arg(path, file.errorString()));

    const text::ClassLabels labels = text::parseClassLabels(QString::fromUtf8(file.readAll()));
    if (labels.names.size() < 2)
        return fail(QStringLiteral("labels file %1 has %2 labels; give at least two, one per line")
                        .arg(path)
                        .arg(labels.names.size()));
    return labels;
}

// Expected label index of each phrase from an imported label column, or
// empty when the input has none. Labels not in the set count as unlabelled.
static std::vector<int> expectedLabels(const QStringList &phraseLabels, const QStringList &names)
{
    std::vector<int> expected;
    if (phraseLabels.isEmpty())
        return expected;
    for (const QString &label : phraseLabels)
        expected.push_back(int(names.indexOf(label.trimmed())));
    return expected;
}

// Warns about expected labels that name no label of the labels file,
// because their phrases drop out of the accuracy without another sign.
static void warnAboutUnknownLabels(const QStringList &phraseLabels, const QStringList &names, const QString &labelsPath)
{
    QStringList unknown;
    qsizetype labelled = 0;
    for (const QString &label : phraseLabels) {
        const QString trimmed = label.trimmed();
        if (trimmed.isEmpty())
            continue;
        ++labelled;
        if (!names.contains(trimmed) && !unknown.contains(trimmed))
            unknown.append(trimmed);
    }
    if (unknown.isEmpty())
        return;

    const QString shown = QStringList(unknown.mid(0, 5)).join(QStringLiteral("\", \""));
    printError(QStringLiteral("warning: expected labels such as \"%1\" are not in %2 (%3), so their phrases "
                              "count as unlabelled%4; use the same label names in both files")
                   .arg(shown, labelsPath, names.join(QStringLiteral(", ")),
                        unknown.size() >= labelled ? QStringLiteral(" and the accuracy is empty") : QString()));
}

// Repeats on standard error what a report section could not compute, such
// as near-duplicates without a threshold under a distance metric, so that a
// run which exits 0 does not hide it inside the JSON.
static void reportSectionErrors(const QJsonObject &report)
{
    for (auto section = report.begin(); section != report.end(); ++section) {
        const QString error = section.value().toObject().value(QStringLiteral("error")).toString();
        if (!error.isEmpty())
            printError(QStringLiteral("warning: %1: %2").arg(section.key(), error));
    }
}

static workspace::AnalysisOptions analysisOptions(const AnalyzeOptions &options)
{
    // The default cut is a distance of 1 - cosine. Under another metric the
    // scale depends on the model, so the clusters it gives are arbitrary.
    if (options.metric != math::Metric::Cosine && !options.clusterCount && !options.clusterDistance)
        printError(QStringLiteral("warning: the default cut of the clustering is meant for cosine; under %1, give "
                                  "--clusters N or --cut-distance D in its units")
                       .arg(math::metricName(options.metric)));

    workspace::AnalysisOptions analysis;
    analysis.neighbourCount = options.neighbours;
    analysis.outlierNeighbourCount = options.neighbours;
    analysis.nearDuplicateThreshold = options.nearDuplicateThreshold;
    analysis.linkage = options.linkage;
    if (options.clusterCount)
        analysis.clusterCut = {workspace::ClusterCut::Kind::Count, double(*options.clusterCount)};
    else if (options.clusterDistance)
        analysis.clusterCut = {workspace::ClusterCut::Kind::Distance, *options.clusterDistance};
    analysis.referenceIndex = options.reference;
    return analysis;
}

// Embeds the labels and query with the phrases' run, so they share a model.
static Expected<bool> addLabelsAndQuery(const AnalyzeOptions &options, const text::ImportedPhrases &imported,
                                        const workspace::RunSpec &run, workspace::AnalysisOptions &analysis)
{
    if (!options.labelsPath.isEmpty()) {
        const auto labels = readLabels(options.labelsPath);
        if (!labels)
            return fail(labels.error());
        const auto vectors = embedAndWait(labels->texts, run);
        if (!vectors)
            return fail(vectors.error());
        analysis.labelNames = labels->names;
        analysis.labelVectors = vectors->vectors;
        analysis.expectedLabels = expectedLabels(imported.labels, labels->names);
        warnAboutUnknownLabels(imported.labels, labels->names, options.labelsPath);
    }

    if (!options.query.trimmed().isEmpty()) {
        const auto vectors = embedAndWait({options.query.trimmed()}, run);
        if (!vectors)
            return fail(vectors.error());
        analysis.queryText = options.query.trimmed();
        const auto row = vectors->vectors.row(0);
        analysis.queryVector.assign(row.begin(), row.end());
    }
    return true;
}

int runAnalyze(const AnalyzeOptions &options)
{
    if (options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("embedscope.*.debug=true"));

    const auto imported = readInputPhrases(options.input, options.columns);
    if (!imported) {
        printError(imported.error());
        return EXIT_BAD_USAGE;
    }
    if (!options.labelsPath.isEmpty() && !QFileInfo(options.labelsPath).isFile()) {
        printError(QStringLiteral("labels file %1 was not found; check the path").arg(options.labelsPath));
        return EXIT_BAD_USAGE;
    }
    if (options.reference && *options.reference >= imported->phrases.size()) {
        printError(QStringLiteral("--reference %1 is past the last phrase; the input has %2 phrases")
                       .arg(*options.reference + 1)
                       .arg(imported->phrases.size()));
        return EXIT_BAD_USAGE;
    }

    workspace::RunSpec run;
    run.provider = options.provider;
    const auto embedded = embedAndWait(imported->phrases, run);
    if (!embedded) {
        printError(embedded.error());
        return EXIT_FAILURE_RUN;
    }

    workspace::Snapshot snapshot;
    snapshot.phrases = imported->phrases;
    snapshot.vectors = embedded->vectors;
    snapshot.source = embedded->source;
    snapshot.matrix = math::computeSimilarity(snapshot.vectors, options.metric);

    workspace::AnalysisOptions analysis = analysisOptions(options);
    const auto extras = addLabelsAndQuery(options, *imported, run, analysis);
    if (!extras) {
        printError(extras.error());
        return EXIT_FAILURE_RUN;
    }

    const auto report = workspace::buildAnalysisReport(snapshot, analysis);
    if (!report) {
        printError(QStringLiteral("the analysis was cancelled"));
        return EXIT_FAILURE_RUN;
    }
    reportSectionErrors(*report);
    const auto written = writeOutputFile(options.reportPath, QJsonDocument(*report).toJson(QJsonDocument::Indented));
    if (!written) {
        printError(written.error());
        return EXIT_FAILURE_RUN;
    }
    return EXIT_OK;
}

} // namespace embedscope::app
