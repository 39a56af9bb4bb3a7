#pragma once

#include "similaritymatrix.h"

#include <QString>

#include <atomic>
#include <optional>
#include <vector>

namespace embedscope::math {

// Ranks with ties given their average rank (1-based), as
// scipy.stats.rankdata(method="average").
std::vector<double> averageRanks(const std::vector<double> &values);

// Spearman's rank correlation: the Pearson correlation of average ranks, as
// scipy.stats.spearmanr. NaN when either side is constant or shorter than 2.
double spearman(const std::vector<double> &a, const std::vector<double> &b);

// Off-diagonal pairs (i < j) of a matrix, row by row, as doubles.
std::vector<double> upperTriangle(const SimilarityMatrix &matrix);

// How two runs of the same phrases relate them, phrase by phrase.
struct PhraseAgreement
{
    int index = 0;
    double neighbourJaccard = 0.0; // |top-k(A) ∩ top-k(B)| / |top-k(A) ∪ top-k(B)|
    double rankCorrelation = 0.0;  // Spearman of the phrase's row in A and B, self left out
};

// A pair whose rank among all pairs differs most between the runs.
struct PairDisagreement
{
    int first = 0;
    int second = 0;
    float scoreA = 0.0f;
    float scoreB = 0.0f;
    double rankA = 0.0; // 1 = the closest pair in run A
    double rankB = 0.0;
};

struct Agreement
{
    double pairSpearman = 0.0; // over the off-diagonal pairs both runs score
    // Pairs left out because a run has no score for them (a zero vector).
    int undefinedPairCount = 0;
    int k = 0;
    std::vector<PhraseAgreement> phrases;
    std::vector<PairDisagreement> largestDisagreements; // largest rank difference first
};

// Compares two matrices of the same phrases (same size, same order). k is
// clamped to N - 1; at most maxPairs disagreements are listed. Distances are
// ranked closest-first like similarities, so mixed metrics compare sensibly.
Agreement compareRuns(const SimilarityMatrix &a, const SimilarityMatrix &b, int k, int maxPairs = 20);

// The same figures, computed until cancel becomes true, which is checked
// before each pass over all pairs and between phrases. Returns nullopt when
// cancelled, also when cancel is already true on entry.
std::optional<Agreement> compareRuns(const SimilarityMatrix &a, const SimilarityMatrix &b, int k, int maxPairs,
                                     const std::atomic_bool *cancel);

// Top k other phrases for a row, closest first, ties by index.
std::vector<int> topNeighbours(const SimilarityMatrix &matrix, int row, int k);

enum class Normalisation { None, Rank, ZScore };

// Stable name of a normalisation, used on the command line, in reports and
// in settings files: "none", "rank" or "zscore".
QString normalisationName(Normalisation normalisation);
// The normalisation of that name; empty for any other text.
std::optional<Normalisation> normalisationFromName(QStringView name);

// A - B after normalising each run's off-diagonal values, because raw
// cosine levels differ between models and a raw difference mostly shows that
// offset. Rank maps each pair to its rank scaled to [0, 1] (1 = closest);
// z-score subtracts the mean and divides by the standard deviation. The
// diagonal is 0. The result's metric is that of a.
SimilarityMatrix differenceMatrix(const SimilarityMatrix &a, const SimilarityMatrix &b, Normalisation normalisation);

} // namespace embedscope::math
