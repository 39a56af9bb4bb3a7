#include "classification.h"

#include "common/logging.h"
#include "crossscores.h"

namespace embedscope::math {

// Best and runner-up among one phrase's defined label scores.
static LabelPrediction predictRow(const ScoreTable &scores, int row, bool descending)
{
    LabelPrediction prediction;
    float runnerUp = std::numeric_limits<float>::quiet_NaN();
    auto closer = [descending](float a, float b) { return descending ? a > b : a < b; };

    for (int label = 0; label < scores.columnCount; ++label) {
        const float score = scores.at(row, label);
        if (std::isnan(score))
            continue;
        if (prediction.label < 0 || closer(score, prediction.score)) {
            runnerUp = prediction.score;
            prediction.label = label;
            prediction.score = score;
        } else if (std::isnan(runnerUp) || closer(score, runnerUp)) {
            runnerUp = score;
        }
    }

    if (!std::isnan(runnerUp))
        prediction.margin = std::abs(prediction.score - runnerUp);
    return prediction;
}

Expected<std::vector<LabelPrediction>> classifyPhrases(const embedding::EmbeddingSet &phrases,
                                                       const embedding::EmbeddingSet &labels, Metric metric)
{
    const Expected<ScoreTable> scores = computeCrossScores(phrases, labels, metric);
    if (!scores)
        return fail(scores.error());

    std::vector<LabelPrediction> predictions;
    predictions.reserve(size_t(phrases.rows()));
    for (int i = 0; i < phrases.rows(); ++i)
        predictions.push_back(predictRow(*scores, i, higherIsCloser(metric)));

    qCDebug(lcMath) << "classified" << phrases.rows() << "phrases into" << labels.rows() << "labels";
    return predictions;
}

ClassificationEvaluation evaluateClassification(const std::vector<LabelPrediction> &predictions,
                                                const std::vector<int> &expected, int labelCount)
{
    ClassificationEvaluation evaluation;
    evaluation.confusion.assign(size_t(std::max(labelCount, 0)), std::vector<int>(size_t(std::max(labelCount, 0)), 0));

    if (predictions.size() != expected.size()) {
        qCWarning(lcMath) << "classification: got" << expected.size() << "expected labels for" << predictions.size()
                          << "predictions; comparing the first" << std::min(predictions.size(), expected.size());
    }
    const size_t count = std::min(predictions.size(), expected.size());
    for (size_t i = 0; i < count; ++i) {
        const int truth = expected[i];
        if (truth < 0 || truth >= labelCount)
            continue;
        ++evaluation.evaluatedCount;

        const int predicted = predictions[i].label;
        if (predicted < 0 || predicted >= labelCount) {
            ++evaluation.unclassifiedCount;
            continue;
        }
        ++evaluation.confusion[size_t(truth)][size_t(predicted)];
        if (predicted == truth)
            ++evaluation.correctCount;
    }

    if (evaluation.evaluatedCount > 0)
        evaluation.accuracy = double(evaluation.correctCount) / evaluation.evaluatedCount;
    return evaluation;
}

} // namespace embedscope::math
