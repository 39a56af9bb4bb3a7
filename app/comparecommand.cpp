#include "comparecommand.h"

#include "headlessembed.h"
#include "inputphrases.h"
#include "render/comparisonexport.h"
#include "workspace/embeddingrun.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

namespace embedscope::app {

namespace {

using workspace::EmbeddingRun;

// NaN has no JSON form, so undefined figures are written as null.
QJsonValue number(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QJsonObject runJson(const EmbeddingRun &run, math::Metric metric)
{
    return {
        {QStringLiteral("name"), run.spec.displayName()},
        {QStringLiteral("source"), run.source},
        {QStringLiteral("provider"), embedding::providerKindName(run.spec.provider.kind)},
        {QStringLiteral("baseUrl"), run.spec.provider.baseUrl},
        {QStringLiteral("model"), run.spec.provider.model},
        {QStringLiteral("dimensions"), run.dimensions()},
        {QStringLiteral("truncatedTo"), run.spec.truncateTo > 0 ? QJsonValue(run.spec.truncateTo) : QJsonValue()},
        {QStringLiteral("prefix"), run.spec.prefix},
        {QStringLiteral("metric"), math::metricName(metric)},
    };
}

QJsonObject comparisonJson(const math::Agreement &agreement, const QStringList &phrases, int a, int b)
{
    QJsonArray perPhrase;
    for (const math::PhraseAgreement &phrase : agreement.phrases) {
        perPhrase.append(QJsonObject{
            {QStringLiteral("index"), phrase.index},
            {QStringLiteral("phrase"), phrases.value(phrase.index)},
            {QStringLiteral("neighbourJaccard"), number(phrase.neighbourJaccard)},
            {QStringLiteral("rankCorrelation"), number(phrase.rankCorrelation)},
        });
    }

    QJsonArray pairs;
    for (const math::PairDisagreement &pair : agreement.largestDisagreements) {
        pairs.append(QJsonObject{
            {QStringLiteral("first"), pair.first},
            {QStringLiteral("second"), pair.second},
            {QStringLiteral("firstPhrase"), phrases.value(pair.first)},
            {QStringLiteral("secondPhrase"), phrases.value(pair.second)},
            {QStringLiteral("scoreA"), number(pair.scoreA)},
            {QStringLiteral("scoreB"), number(pair.scoreB)},
            {QStringLiteral("rankA"), pair.rankA},
            {QStringLiteral("rankB"), pair.rankB},
        });
    }

    return {
        {QStringLiteral("runA"), a},
        {QStringLiteral("runB"), b},
        {QStringLiteral("pairSpearman"), number(agreement.pairSpearman)},
        {QStringLiteral("undefinedPairCount"), agreement.undefinedPairCount},
        {QStringLiteral("k"), agreement.k},
        {QStringLiteral("phrases"), perPhrase},
        {QStringLiteral("largestRankDifferences"), pairs},
    };
}

Expected<bool> writeReport(const CompareOptions &options, const QStringList &phrases,
                           const QList<EmbeddingRun> &runs)
{
    QJsonArray runArray;
    for (const EmbeddingRun &run : runs)
        runArray.append(runJson(run, options.metric));

    // k of n - 1 or more takes every other phrase as a neighbour in both
    // runs, so the overlap is 1 whatever the models.
    if (options.neighbours + 1 >= phrases.size())
        printError(QStringLiteral("warning: --neighbours %1 covers every other phrase of the %2, so each Jaccard@k "
                                  "is 1 by definition; give --neighbours %3 or less")
                       .arg(options.neighbours)
                       .arg(phrases.size())
                       .arg(std::max<qsizetype>(1, phrases.size() / 2)));

    QJsonArray comparisons;
    for (int b = 1; b < runs.size(); ++b) {
        const math::Agreement agreement = math::compareRuns(runs.first().matrix, runs.at(b).matrix, options.neighbours);
        comparisons.append(comparisonJson(agreement, phrases, 0, b));
    }

    const QJsonObject report{
        {QStringLiteral("format"), QStringLiteral("embedscope-comparison")},
        {QStringLiteral("version"), 1},
        {QStringLiteral("phrases"), QJsonArray::fromStringList(phrases)},
        {QStringLiteral("runs"), runArray},
        {QStringLiteral("comparisons"), comparisons},
    };
    return writeOutputFile(options.reportPath, QJsonDocument(report).toJson(QJsonDocument::Indented));
}

// A - B on a diverging map centred on 0, in the order of --order. The title
// names the runs. The subtitle gives each run's description, the
// normalisation and a clustered order, wrapped so that long endpoints do not
// widen the image.
Expected<bool> writeDifference(const CompareOptions &options, const QStringList &phrases,
                               const QList<EmbeddingRun> &runs)
{
    const EmbeddingRun &a = runs.at(0);
    const EmbeddingRun &b = runs.at(1);
    const math::SimilarityMatrix difference = math::differenceMatrix(a.matrix, b.matrix, options.normalisation);
    // Without a cancel flag the order is always computed.
    const math::HeatmapOrder order = *ui::compare::computeSharedOrder(a.matrix, b.matrix, options.order);

    render::DifferenceFigure figure;
    figure.data = render::orderHeatmap({phrases, difference, {}, {}, {}}, order);
    figure.style = render::differenceStyle(difference, options.normalisation != math::Normalisation::None);
    figure.style.maxGridSide = options.maxSize;
    figure.title = QStringLiteral("%1 − %2").arg(a.spec.displayName(), b.spec.displayName());
    figure.subtitle = {QStringLiteral("A: %1").arg(a.description()), QStringLiteral("B: %1").arg(b.description()),
                       (options.normalisation == math::Normalisation::None
                            ? QStringLiteral("raw scores, no normalisation")
                            : QStringLiteral("%1 normalisation").arg(math::normalisationName(options.normalisation)))
                           + QStringLiteral(" · red: closer in A, blue: closer in B")};
    if (options.order == ui::compare::SharedOrder::ClusteredA)
        figure.subtitle.last() += QStringLiteral(" · clustered by run A");
    else if (options.order == ui::compare::SharedOrder::ClusteredBoth)
        figure.subtitle.last() += QStringLiteral(" · clustered by both runs");
    return render::exportDifferencePng(figure, options.output, 2.0);
}

// Full vectors for spec: those of an earlier run of the same embedding when
// there is one, so that truncations of one model send a single set of
// requests, otherwise fetched (or read from the cache) now.
Expected<EmbeddingRun> fullRun(const QStringList &phrases, const workspace::RunSpec &spec,
                               QList<EmbeddingRun> &fetched)
{
    for (const EmbeddingRun &run : std::as_const(fetched)) {
        if (workspace::sameEmbedding(run.spec, spec))
            return run;
    }

    workspace::RunSpec full = spec;
    full.truncateTo = 0;
    const auto embedded = embedAndWait(phrases, full);
    if (!embedded)
        return fail(embedded.error());
    EmbeddingRun run;
    run.spec = full;
    run.source = embedded->source;
    run.vectors = embedded->vectors;
    fetched.append(run);
    return run;
}

// Warns once per phrase whose vector is all zeros. Its pairs have no cosine
// and drop out of the agreement figures, which the report alone shows only
// as undefinedPairCount.
void warnUndefinedRows(const EmbeddingRun &run, const QStringList &phrases)
{
    for (int row : run.matrix.undefinedRows()) {
        printError(QStringLiteral("warning: run \"%1\": the vector of \"%2\" is all zeros, so its pairs have no "
                                  "score; they are left out of the figures and shown as n/a in the difference map. "
                                  "Try another metric or model.")
                       .arg(run.spec.displayName(), phrases.value(row)));
    }
}

} // namespace

int runCompare(const CompareOptions &options)
{
    if (options.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("embedscope.*.debug=true"));

    const auto imported = readInputPhrases(options.input, options.columns);
    if (!imported) {
        printError(imported.error());
        return EXIT_BAD_USAGE;
    }

    QList<EmbeddingRun> runs;
    QList<EmbeddingRun> fetched;
    for (const workspace::RunSpec &spec : options.runs) {
        const auto full = fullRun(imported->phrases, spec, fetched);
        if (!full) {
            printError(QStringLiteral("run \"%1\": %2").arg(spec.displayName(), full.error()));
            return EXIT_FAILURE_RUN;
        }

        // Too large a dims= is a mistake in the command, not a failed run.
        auto run = spec.truncateTo > 0 ? workspace::truncateRun(*full, spec) : Expected<EmbeddingRun>(*full);
        if (!run) {
            printError(QStringLiteral("run \"%1\": %2").arg(spec.displayName(), run.error()));
            return EXIT_BAD_USAGE;
        }
        run->spec = spec;
        run->matrix = math::computeSimilarity(run->vectors, options.metric);
        warnUndefinedRows(*run, imported->phrases);
        runs.append(std::move(*run));
    }

    if (!options.reportPath.isEmpty()) {
        const auto written = writeReport(options, imported->phrases, runs);
        if (!written) {
            printError(written.error());
            return EXIT_FAILURE_RUN;
        }
    }
    if (!options.output.isEmpty()) {
        const auto written = writeDifference(options, imported->phrases, runs);
        if (!written) {
            printError(written.error());
            return EXIT_FAILURE_RUN;
        }
    }
    return EXIT_OK;
}

} // namespace embedscope::app
