#include "comparecommand.h"

#include "headlessembed.h"
#include "inputphrases.h"
#include "render/heatmapexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cmath>

namespace embedscope::app {

namespace {

struct ComparedRun
{
    workspace::RunSpec spec;
    QString source;
    int dimensions = 0;
    math::SimilarityMatrix matrix;
};

QString normalisationName(math::Normalisation normalisation)
{
    switch (normalisation) {
    case math::Normalisation::None:
        return QStringLiteral("none");
    case math::Normalisation::Rank:
        return QStringLiteral("rank");
    case math::Normalisation::ZScore:
        return QStringLiteral("zscore");
    }
    return {};
}

// NaN has no JSON form, so undefined figures are written as null.
QJsonValue number(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QJsonObject runJson(const ComparedRun &run, math::Metric metric)
{
    return {
        {QStringLiteral("name"), run.spec.displayName()},
        {QStringLiteral("source"), run.source},
        {QStringLiteral("provider"), embedding::providerKindName(run.spec.provider.kind)},
        {QStringLiteral("baseUrl"), run.spec.provider.baseUrl},
        {QStringLiteral("model"), run.spec.provider.model},
        {QStringLiteral("dimensions"), run.dimensions},
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
        {QStringLiteral("k"), agreement.k},
        {QStringLiteral("phrases"), perPhrase},
        {QStringLiteral("largestRankDifferences"), pairs},
    };
}

Expected<bool> writeReport(const CompareOptions &options, const QStringList &phrases,
                           const QList<ComparedRun> &runs)
{
    QJsonArray runArray;
    for (const ComparedRun &run : runs)
        runArray.append(runJson(run, options.metric));

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

// A - B on a diverging map centred on 0; the title names both runs, the
// metric and the normalisation, so the image is self-explanatory in a report.
Expected<bool> writeDifference(const CompareOptions &options, const QStringList &phrases,
                               const QList<ComparedRun> &runs)
{
    const math::SimilarityMatrix difference =
        math::differenceMatrix(runs.at(0).matrix, runs.at(1).matrix, options.normalisation);

    const auto [low, high] = difference.finiteRange();
    const double extent = std::max({std::abs(double(low)), std::abs(double(high)), 1e-6});

    render::HeatmapStyle style;
    style.colormap = render::ColormapKind::RedBlue;
    style.vmin = -extent;
    style.vmax = extent;
    style.colorBarCaption = options.normalisation == math::Normalisation::None
                                ? QStringLiteral("Difference (A − B)")
                                : QStringLiteral("Normalised difference (A − B)");

    const QString title = QStringLiteral("%1 − %2 · %3, %4 normalisation")
                              .arg(runs.at(0).source, runs.at(1).source, math::metricTitle(options.metric),
                                   normalisationName(options.normalisation));
    return render::exportHeatmapPng({phrases, difference, title}, style, options.output, 2.0);
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

    QList<ComparedRun> runs;
    for (const workspace::RunSpec &spec : options.runs) {
        const auto embedded = embedAndWait(imported->phrases, spec);
        if (!embedded) {
            printError(QStringLiteral("run \"%1\": %2").arg(spec.displayName(), embedded.error()));
            return EXIT_FAILURE_RUN;
        }
        runs.append({spec, embedded->source, embedded->vectors.dimensions(),
                     math::computeSimilarity(embedded->vectors, options.metric)});
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
