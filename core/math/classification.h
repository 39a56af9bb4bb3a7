#pragma once

#include "similaritymatrix.h"

#include "common/expected.h"
#include "embedding/embeddingset.h"

#include <cmath>
#include <limits>
#include <vector>

namespace embedscope::math {

// The class label whose embedding is closest to a phrase's.
struct LabelPrediction
{
    int label = -1; // index into the label set, or -1 when every score is undefined
    float score = std::numeric_limits<float>::quiet_NaN();
    // How much closer the best label is than the runner-up, positive or 0
    // for every metric. NaN with fewer than two defined scores.
    float margin = std::numeric_limits<float>::quiet_NaN();
};

// Assigns each phrase the label whose embedding scores closest under metric
// (zero-shot classification by label embeddings). Ties go to the earlier
// label. Fails when the two sets' dimensions differ.
Expected<std::vector<LabelPrediction>> classifyPhrases(const embedding::EmbeddingSet &phrases,
                                                       const embedding::EmbeddingSet &labels, Metric metric);

struct ClassificationEvaluation
{
    int evaluatedCount = 0;    // phrases with a valid expected label
    int correctCount = 0;
    int unclassifiedCount = 0; // evaluated phrases with no prediction, counted as wrong
    double accuracy = std::numeric_limits<double>::quiet_NaN(); // NaN when nothing was evaluated
    // confusion[expected][predicted], labelCount x labelCount, without the
    // unclassified phrases.
    std::vector<std::vector<int>> confusion;
};

// Compares predictions with expected labels, one per phrase. An expected
// label outside [0, labelCount) marks an unlabelled phrase and is skipped.
ClassificationEvaluation evaluateClassification(const std::vector<LabelPrediction> &predictions,
                                                const std::vector<int> &expected, int labelCount);

} // namespace embedscope::math
