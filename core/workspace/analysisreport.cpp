#include "analysisreport.h"

#include "common/logging.h"
#include "math/classification.h"
#include "math/clustersummary.h"
#include "math/neighbours.h"
#include "math/outliers.h"
#include "math/search.h"

#include <QJsonArray>

#include <cmath>

namespace embedscope::workspace {

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr float DEFAULT_COSINE_DUPLICATE_THRESHOLD = 0.95f;

// JSON has no NaN, so undefined numbers become null.
QJsonValue number(double value)
{
    return std::isnan(value) ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QJsonArray integerArray(const std::vector<int> &values)
{
    QJsonArray array;
    for (int value : values)
        array.append(value);
    return array;
}

QJsonArray rankingArray(const std::vector<math::RankedScore> &ranking)
{
    QJsonArray array;
    for (const math::RankedScore &entry : ranking)
        array.append(QJsonObject{{u"index"_s, entry.index}, {u"score"_s, number(entry.score)}});
    return array;
}

QJsonObject neighboursSection(const math::SimilarityMatrix &matrix, int k)
{
    QJsonArray byPhrase;
    for (int i = 0; i < matrix.size(); ++i)
        byPhrase.append(rankingArray(math::nearestNeighbours(matrix, i, k)));
    return {{u"k"_s, k}, {u"byPhrase"_s, byPhrase}};
}

std::optional<QJsonObject> nearDuplicatesSection(const math::SimilarityMatrix &matrix, const AnalysisOptions &options,
                                                 const std::atomic_bool *cancel)
{
    std::optional<float> threshold = options.nearDuplicateThreshold;
    if (!threshold && matrix.metric() == math::Metric::Cosine)
        threshold = DEFAULT_COSINE_DUPLICATE_THRESHOLD;
    if (!threshold) {
        const QString message = u"no near-duplicate threshold given: set one in the units of the %1 metric, "
                                "whose scale depends on the model"_s.arg(math::metricName(matrix.metric()));
        return QJsonObject{{u"threshold"_s, QJsonValue::Null}, {u"error"_s, message}};
    }

    const auto found = math::findNearDuplicates(matrix, *threshold, options.maxNearDuplicatePairs, cancel);
    if (!found)
        return std::nullopt;

    QJsonArray pairs;
    for (const math::PhrasePair &pair : found->pairs)
        pairs.append(QJsonObject{{u"first"_s, pair.first}, {u"second"_s, pair.second}, {u"score"_s, number(pair.score)}});
    return QJsonObject{{u"threshold"_s, double(*threshold)},
                       {u"maxPairs"_s, options.maxNearDuplicatePairs},
                       {u"matchingPairCount"_s, double(found->matchingPairCount)},
                       {u"pairs"_s, pairs}};
}

QJsonObject clusterObject(const math::ClusterSummary &cluster)
{
    return {{u"label"_s, cluster.label},
            {u"size"_s, int(cluster.members.size())},
            {u"members"_s, integerArray(cluster.members)},
            {u"centralMember"_s, cluster.centralMember},
            {u"centralMeanScore"_s, number(cluster.centralMeanScore)},
            {u"meanInternalScore"_s, number(cluster.meanInternalScore)},
            {u"undefinedPairCount"_s, cluster.undefinedPairCount}};
}

std::optional<QJsonObject> clustersSection(const math::SimilarityMatrix &matrix, const AnalysisOptions &options,
                                           const std::atomic_bool *cancel)
{
    const auto dendrogram =
        math::clusterHierarchically(math::condensedDistances(matrix), matrix.size(), options.linkage, cancel);
    if (!dendrogram)
        return std::nullopt;

    const bool byDistance = options.clusterCut.kind == ClusterCut::Kind::Distance;
    const std::vector<int> labels = byDistance ? dendrogram->cutAtDistance(options.clusterCut.value)
                                               : dendrogram->cutIntoClusters(int(options.clusterCut.value));
    const auto summaries = math::summariseClusters(matrix, labels, cancel);
    if (!summaries)
        return std::nullopt;

    QJsonArray clusters;
    for (const math::ClusterSummary &cluster : *summaries)
        clusters.append(clusterObject(cluster));
    const QJsonObject cut = byDistance ? QJsonObject{{u"distance"_s, options.clusterCut.value}}
                                       : QJsonObject{{u"count"_s, int(options.clusterCut.value)}};
    return QJsonObject{{u"linkage"_s, math::linkageName(options.linkage)},
                       {u"cut"_s, cut},
                       {u"labels"_s, integerArray(labels)},
                       {u"clusters"_s, clusters}};
}

std::optional<QJsonObject> outliersSection(const math::SimilarityMatrix &matrix, int k, const std::atomic_bool *cancel)
{
    const auto scores = math::scoreOutliers(matrix, k, cancel);
    if (!scores)
        return std::nullopt;

    QJsonArray ranking;
    for (const math::OutlierScore &score : *scores) {
        ranking.append(QJsonObject{
            {u"index"_s, score.index}, {u"score"_s, number(score.score)}, {u"neighbourCount"_s, score.neighbourCount}});
    }
    return QJsonObject{{u"k"_s, k}, {u"ranking"_s, ranking}};
}

QJsonObject distributionObject(const math::Distribution &distribution)
{
    QJsonArray edges;
    for (double edge : distribution.binEdges)
        edges.append(edge);
    QJsonArray counts;
    for (qint64 count : distribution.binCounts)
        counts.append(count);

    return {{u"valueCount"_s, distribution.valueCount},
            {u"undefinedCount"_s, distribution.undefinedCount},
            {u"binEdges"_s, edges},
            {u"binCounts"_s, counts},
            {u"belowRangeCount"_s, distribution.belowRangeCount},
            {u"aboveRangeCount"_s, distribution.aboveRangeCount},
            {u"minimum"_s, number(distribution.minimum)},
            {u"maximum"_s, number(distribution.maximum)},
            {u"mean"_s, number(distribution.mean)},
            {u"median"_s, number(distribution.median)},
            {u"percentile5"_s, number(distribution.percentile5)},
            {u"percentile95"_s, number(distribution.percentile95)},
            {u"closeShare"_s, number(distribution.closeShare)}};
}

std::optional<QJsonObject> distributionSection(const math::SimilarityMatrix &matrix, const AnalysisOptions &options,
                                               const std::atomic_bool *cancel)
{
    const auto pairs = math::describePairs(matrix, options.distribution, cancel);
    if (!pairs)
        return std::nullopt;

    QJsonObject section{{u"closeThreshold"_s, number(options.distribution.closeThreshold)},
                        {u"pairs"_s, distributionObject(*pairs)}};
    if (!options.referenceIndex)
        return section;

    const int reference = *options.referenceIndex;
    if (reference < 0 || reference >= matrix.size()) {
        section.insert(u"reference"_s,
                       QJsonObject{{u"index"_s, reference},
                                   {u"error"_s, u"reference phrase %1 is out of range: use 0 to %2"_s.arg(reference).arg(
                                                    matrix.size() - 1)}});
        return section;
    }
    QJsonObject row = distributionObject(math::describeRow(matrix, reference, options.distribution));
    row.insert(u"index"_s, reference);
    section.insert(u"reference"_s, row);
    return section;
}

QJsonObject evaluationObject(const math::ClassificationEvaluation &evaluation)
{
    QJsonArray confusion;
    for (const std::vector<int> &row : evaluation.confusion)
        confusion.append(integerArray(row));
    return {{u"evaluatedCount"_s, evaluation.evaluatedCount},
            {u"correctCount"_s, evaluation.correctCount},
            {u"unclassifiedCount"_s, evaluation.unclassifiedCount},
            {u"accuracy"_s, number(evaluation.accuracy)},
            {u"confusionAxes"_s, u"rows: expected label, columns: predicted label, both in the order of labels"_s},
            {u"confusion"_s, confusion}};
}

QJsonObject classificationSection(const Snapshot &snapshot, const AnalysisOptions &options)
{
    QJsonObject section{{u"labels"_s, QJsonArray::fromStringList(options.labelNames)}};
    if (options.labelNames.size() != options.labelVectors.rows()) {
        section.insert(u"error"_s, u"%1 label names but %2 label vectors: give one vector per label"_s.arg(
                                       options.labelNames.size())
                                       .arg(options.labelVectors.rows()));
        return section;
    }
    const auto predictions = math::classifyPhrases(snapshot.vectors, options.labelVectors, snapshot.matrix.metric());
    if (!predictions) {
        section.insert(u"error"_s, predictions.error());
        return section;
    }

    // Each prediction carries its expected label, when there are any, so a
    // reader can spot the wrong ones without matching two arrays.
    const bool hasExpected = options.expectedLabels.size() == predictions->size();
    QJsonArray array;
    for (size_t i = 0; i < predictions->size(); ++i) {
        const math::LabelPrediction &prediction = (*predictions)[i];
        QJsonObject entry{{u"label"_s, prediction.label < 0 ? QJsonValue(QJsonValue::Null) : prediction.label},
                          {u"score"_s, number(prediction.score)},
                          {u"margin"_s, number(prediction.margin)}};
        if (hasExpected) {
            const int expected = options.expectedLabels[i];
            entry.insert(u"expected"_s, expected < 0 ? QJsonValue(QJsonValue::Null) : expected);
        }
        array.append(entry);
    }
    section.insert(u"predictions"_s, array);
    if (options.expectedLabels.empty())
        return section;

    if (options.expectedLabels.size() != predictions->size()) {
        section.insert(u"evaluation"_s, QJsonObject{{u"error"_s, u"%1 expected labels for %2 phrases: give one per "
                                                                  "phrase, -1 for unlabelled"_s.arg(
                                                                      options.expectedLabels.size())
                                                                      .arg(predictions->size())}});
        return section;
    }
    const auto evaluation =
        math::evaluateClassification(*predictions, options.expectedLabels, int(options.labelNames.size()));
    section.insert(u"evaluation"_s, evaluationObject(evaluation));
    return section;
}

QJsonObject searchSection(const Snapshot &snapshot, const AnalysisOptions &options)
{
    QJsonObject section{{u"query"_s, options.queryText}};
    const auto ranking = math::rankByQuery(options.queryVector, snapshot.vectors, snapshot.matrix.metric());
    if (!ranking)
        section.insert(u"error"_s, ranking.error());
    else
        section.insert(u"ranking"_s, rankingArray(*ranking));
    return section;
}

QJsonObject header(const Snapshot &snapshot)
{
    const math::Metric metric = snapshot.matrix.metric();
    return {{u"format"_s, u"embedscope-analysis"_s},
            {u"version"_s, 1},
            {u"source"_s, snapshot.source},
            {u"metric"_s, math::metricName(metric)},
            {u"higherIsCloser"_s, math::higherIsCloser(metric)},
            {u"phraseCount"_s, int(snapshot.phrases.size())},
            {u"phrases"_s, QJsonArray::fromStringList(snapshot.phrases)}};
}

} // namespace

std::optional<QJsonObject> buildAnalysisReport(const Snapshot &snapshot, const AnalysisOptions &options,
                                               const std::atomic_bool *cancel)
{
    const math::SimilarityMatrix &matrix = snapshot.matrix;
    QJsonObject report = header(snapshot);
    if (matrix.size() != snapshot.phrases.size() || snapshot.vectors.rows() != snapshot.phrases.size()) {
        qCWarning(lcWorkspace) << "analysis report:" << snapshot.phrases.size() << "phrases," << matrix.size()
                               << "matrix rows and" << snapshot.vectors.rows() << "vectors";
        report.insert(u"error"_s, u"the phrases, vectors and matrix differ in size: embed the phrases again"_s);
        return report;
    }

    report.insert(u"neighbours"_s, neighboursSection(matrix, options.neighbourCount));

    // Each long step returns nullopt once cancel is set.
    const auto nearDuplicates = nearDuplicatesSection(matrix, options, cancel);
    if (!nearDuplicates)
        return std::nullopt;
    report.insert(u"nearDuplicates"_s, *nearDuplicates);

    const auto clusters = clustersSection(matrix, options, cancel);
    if (!clusters)
        return std::nullopt;
    report.insert(u"clusters"_s, *clusters);

    const auto outliers = outliersSection(matrix, options.outlierNeighbourCount, cancel);
    if (!outliers)
        return std::nullopt;
    report.insert(u"outliers"_s, *outliers);

    const auto distribution = distributionSection(matrix, options, cancel);
    if (!distribution)
        return std::nullopt;
    report.insert(u"distribution"_s, *distribution);

    if (!options.labelNames.isEmpty() || !options.labelVectors.isEmpty())
        report.insert(u"classification"_s, classificationSection(snapshot, options));
    if (!options.queryVector.empty())
        report.insert(u"search"_s, searchSection(snapshot, options));

    qCDebug(lcWorkspace) << "analysis report for" << matrix.size() << "phrases";
    return report;
}

} // namespace embedscope::workspace
