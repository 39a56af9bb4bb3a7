#pragma once

#include "workspace.h"

#include "math/clustering.h"
#include "math/distribution.h"

#include <QJsonObject>
#include <QStringList>

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::workspace {

// Dendrogram cut: at a distance in condensedDistances' units (1 - cosine
// under cosine and dot, the distance itself under Euclidean), or into at
// most a number of clusters.
struct ClusterCut
{
    enum class Kind { Distance, Count };
    Kind kind = Kind::Distance;
    double value = 0.5;
};

// Analysis settings. Sections whose input is missing (no labels, no query,
// no reference) are left out of the report.
struct AnalysisOptions
{
    int neighbourCount = 5;
    // Near-duplicate threshold in the metric's units. Unset means 0.95
    // under cosine. Dot products and distances have no model-independent
    // scale, so without a threshold their section holds only an error.
    std::optional<float> nearDuplicateThreshold;
    int maxNearDuplicatePairs = 1000; // 0 or less keeps every pair

    math::Linkage linkage = math::Linkage::Average;
    ClusterCut clusterCut;

    int outlierNeighbourCount = 5;

    math::DistributionOptions distribution;
    std::optional<int> referenceIndex; // adds that phrase's row distribution

    // Class labels: one name and one embedding (from the same model as the
    // phrases) per label, and optionally the expected label index of each
    // phrase (-1 for unlabelled) to score the predictions.
    QStringList labelNames;
    embedding::EmbeddingSet labelVectors;
    std::vector<int> expectedLabels;

    // Search: a query text and its embedding.
    QString queryText;
    std::vector<float> queryVector;
};

// Builds a JSON report of every analysis on one snapshot: nearest
// neighbours of each phrase, near-duplicate pairs, clusters, outlier
// scores, score distributions and, when given, classification and search.
// Phrase indices are 0-based positions in "phrases", and undefined (NaN)
// numbers are written as null. A section whose input is invalid, such as
// label vectors of another dimension, carries an "error" string and the
// other sections are still filled. Returns nullopt when cancel becomes true.
std::optional<QJsonObject> buildAnalysisReport(const Snapshot &snapshot, const AnalysisOptions &options,
                                               const std::atomic_bool *cancel = nullptr);

} // namespace embedscope::workspace
