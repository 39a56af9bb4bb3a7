#include "agreement.h"

#include "cancellation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace embedscope::math {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

// Sign that turns a score into "larger is closer", so distances and
// similarities rank the same way. An undefined score stays NaN.
double closeness(const SimilarityMatrix &matrix, float value)
{
    return higherIsCloser(matrix.metric()) ? double(value) : -double(value);
}

// Returns the positions where both a and b have a score. A zero vector has
// no cosine, so its pairs have no rank to compare and drop out of every
// figure.
std::vector<size_t> bothDefined(const std::vector<double> &a, const std::vector<double> &b)
{
    std::vector<size_t> positions;
    positions.reserve(a.size());
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (!std::isnan(a[i]) && !std::isnan(b[i]))
            positions.push_back(i);
    }
    return positions;
}

std::vector<double> pick(const std::vector<double> &values, const std::vector<size_t> &positions)
{
    std::vector<double> picked;
    picked.reserve(positions.size());
    for (size_t position : positions)
        picked.push_back(values[position]);
    return picked;
}

// Returns the ranks of the values at positions, each in its position. Every
// other position is NaN.
std::vector<double> ranksAt(const std::vector<double> &values, const std::vector<size_t> &positions)
{
    std::vector<double> ranks(values.size(), NaN);
    const std::vector<double> picked = averageRanks(pick(values, positions));
    for (size_t i = 0; i < positions.size(); ++i)
        ranks[positions[i]] = picked[i];
    return ranks;
}

// Returns the Spearman correlation over the positions where both have a score.
double definedSpearman(const std::vector<double> &a, const std::vector<double> &b)
{
    const std::vector<size_t> positions = bothDefined(a, b);
    return spearman(pick(a, positions), pick(b, positions));
}

double pearson(const std::vector<double> &a, const std::vector<double> &b)
{
    const size_t n = a.size();
    if (n < 2 || b.size() != n)
        return NaN;

    const double meanA = std::accumulate(a.begin(), a.end(), 0.0) / double(n);
    const double meanB = std::accumulate(b.begin(), b.end(), 0.0) / double(n);
    double covariance = 0.0;
    double varianceA = 0.0;
    double varianceB = 0.0;
    for (size_t i = 0; i < n; ++i) {
        const double da = a[i] - meanA;
        const double db = b[i] - meanB;
        covariance += da * db;
        varianceA += da * da;
        varianceB += db * db;
    }
    if (varianceA == 0.0 || varianceB == 0.0)
        return NaN;
    return std::clamp(covariance / std::sqrt(varianceA * varianceB), -1.0, 1.0);
}

std::vector<double> rowWithoutSelf(const SimilarityMatrix &matrix, int row)
{
    std::vector<double> values;
    values.reserve(size_t(std::max(matrix.size() - 1, 0)));
    for (int column = 0; column < matrix.size(); ++column) {
        if (column != row)
            values.push_back(closeness(matrix, matrix.at(row, column)));
    }
    return values;
}

double jaccard(std::vector<int> a, std::vector<int> b)
{
    if (a.empty() && b.empty())
        return 1.0;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    std::vector<int> common;
    std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
    const size_t unionSize = a.size() + b.size() - common.size();
    return double(common.size()) / double(unionSize);
}

std::vector<double> closenessPairs(const SimilarityMatrix &matrix)
{
    std::vector<double> values;
    values.reserve(size_t(matrix.size()) * size_t(std::max(matrix.size() - 1, 0)) / 2);
    for (int i = 0; i < matrix.size(); ++i) {
        for (int j = i + 1; j < matrix.size(); ++j)
            values.push_back(closeness(matrix, matrix.at(i, j)));
    }
    return values;
}

std::vector<PairDisagreement> largestDisagreements(const SimilarityMatrix &a, const SimilarityMatrix &b,
                                                   const std::vector<double> &ranksA,
                                                   const std::vector<double> &ranksB, int maxPairs)
{
    const int n = a.size();
    const double pairCount = double(bothDefined(ranksA, ranksB).size());
    std::vector<PairDisagreement> pairs;
    pairs.reserve(ranksA.size());
    size_t p = 0;
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j, ++p) {
            if (std::isnan(ranksA[p]) || std::isnan(ranksB[p]))
                continue;
            // averageRanks ranks ascending; rank 1 should be the closest pair.
            pairs.push_back({i, j, a.at(i, j), b.at(i, j), pairCount + 1.0 - ranksA[p], pairCount + 1.0 - ranksB[p]});
        }
    }

    std::stable_sort(pairs.begin(), pairs.end(), [](const PairDisagreement &x, const PairDisagreement &y) {
        return std::abs(x.rankA - x.rankB) > std::abs(y.rankA - y.rankB);
    });
    if (int(pairs.size()) > maxPairs)
        pairs.resize(size_t(std::max(maxPairs, 0)));
    return pairs;
}

// Returns values on the chosen scale, computed over the defined values
// only. An undefined value stays NaN.
std::vector<double> normalised(const std::vector<double> &values, Normalisation normalisation)
{
    if (normalisation == Normalisation::None || values.empty())
        return values;

    const std::vector<size_t> defined = bothDefined(values, values);
    if (normalisation == Normalisation::Rank) {
        std::vector<double> ranks = ranksAt(values, defined);
        const double top = double(defined.size());
        for (double &rank : ranks) {
            if (!std::isnan(rank))
                rank = top > 1.0 ? (rank - 1.0) / (top - 1.0) : 0.0;
        }
        return ranks;
    }

    const std::vector<double> picked = pick(values, defined);
    const double mean = std::accumulate(picked.begin(), picked.end(), 0.0) / double(std::max<size_t>(picked.size(), 1));
    double squares = 0.0;
    for (double value : picked)
        squares += (value - mean) * (value - mean);
    const double deviation = std::sqrt(squares / double(std::max<size_t>(picked.size(), 1)));
    std::vector<double> scores(values.size(), NaN);
    for (size_t position : defined)
        scores[position] = deviation > 0.0 ? (values[position] - mean) / deviation : 0.0;
    return scores;
}

} // namespace

std::vector<double> averageRanks(const std::vector<double> &values)
{
    std::vector<size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0);
    // NaN sorts last and each NaN gets its own rank, which keeps the order
    // strict and weak.
    std::stable_sort(order.begin(), order.end(), [&values](size_t x, size_t y) {
        if (std::isnan(values[x]))
            return false;
        return std::isnan(values[y]) || values[x] < values[y];
    });

    std::vector<double> ranks(values.size());
    size_t start = 0;
    while (start < order.size()) {
        size_t end = start + 1;
        while (end < order.size() && values[order[end]] == values[order[start]])
            ++end;
        const double average = (double(start + 1) + double(end)) / 2.0;
        for (size_t i = start; i < end; ++i)
            ranks[order[i]] = average;
        start = end;
    }
    return ranks;
}

double spearman(const std::vector<double> &a, const std::vector<double> &b)
{
    return pearson(averageRanks(a), averageRanks(b));
}

std::vector<double> upperTriangle(const SimilarityMatrix &matrix)
{
    const int n = matrix.size();
    std::vector<double> values;
    values.reserve(size_t(n) * size_t(std::max(n - 1, 0)) / 2);
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j)
            values.push_back(matrix.at(i, j));
    }
    return values;
}

std::vector<int> topNeighbours(const SimilarityMatrix &matrix, int row, int k)
{
    std::vector<int> others;
    for (int column = 0; column < matrix.size(); ++column) {
        if (column != row && matrix.isDefined(row, column))
            others.push_back(column);
    }
    const size_t count = std::min(others.size(), size_t(std::max(k, 0)));
    std::partial_sort(others.begin(), others.begin() + long(count), others.end(), [&](int x, int y) {
        const double cx = closeness(matrix, matrix.at(row, x));
        const double cy = closeness(matrix, matrix.at(row, y));
        return cx != cy ? cx > cy : x < y;
    });
    others.resize(count);
    return others;
}

Agreement compareRuns(const SimilarityMatrix &a, const SimilarityMatrix &b, int k, int maxPairs)
{
    return *compareRuns(a, b, k, maxPairs, nullptr);
}

std::optional<Agreement> compareRuns(const SimilarityMatrix &a, const SimilarityMatrix &b, int k, int maxPairs,
                                     const std::atomic_bool *cancel)
{
    if (isCancelled(cancel))
        return std::nullopt;

    Agreement agreement;
    const int n = a.size();
    if (n == 0 || b.size() != n)
        return agreement;
    agreement.k = std::clamp(k, 1, std::max(n - 1, 1));

    const std::vector<double> closenessA = closenessPairs(a);
    const std::vector<double> closenessB = closenessPairs(b);
    const std::vector<size_t> defined = bothDefined(closenessA, closenessB);
    agreement.undefinedPairCount = int(closenessA.size() - defined.size());
    const std::vector<double> ranksA = ranksAt(closenessA, defined);
    if (isCancelled(cancel))
        return std::nullopt;
    const std::vector<double> ranksB = ranksAt(closenessB, defined);
    agreement.pairSpearman = pearson(pick(ranksA, defined), pick(ranksB, defined));

    agreement.phrases.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        if (isCancelled(cancel))
            return std::nullopt;
        PhraseAgreement phrase;
        phrase.index = i;
        phrase.neighbourJaccard = jaccard(topNeighbours(a, i, agreement.k), topNeighbours(b, i, agreement.k));
        phrase.rankCorrelation = definedSpearman(rowWithoutSelf(a, i), rowWithoutSelf(b, i));
        agreement.phrases.push_back(phrase);
    }

    if (isCancelled(cancel))
        return std::nullopt;
    agreement.largestDisagreements = largestDisagreements(a, b, ranksA, ranksB, maxPairs);
    return agreement;
}

SimilarityMatrix differenceMatrix(const SimilarityMatrix &a, const SimilarityMatrix &b, Normalisation normalisation)
{
    const int n = a.size();
    SimilarityMatrix difference(n, a.metric());
    if (b.size() != n)
        return difference;

    // Both runs are scaled over the same pairs, those both score, so a zero
    // vector in one run does not shift the other's ranks or z-scores.
    std::vector<double> leftValues = upperTriangle(a);
    std::vector<double> rightValues = upperTriangle(b);
    for (size_t p = 0; p < leftValues.size(); ++p) {
        if (std::isnan(leftValues[p]) || std::isnan(rightValues[p]))
            leftValues[p] = rightValues[p] = NaN;
    }
    const std::vector<double> left = normalised(leftValues, normalisation);
    const std::vector<double> right = normalised(rightValues, normalisation);
    size_t p = 0;
    for (int i = 0; i < n; ++i) {
        for (int j = i + 1; j < n; ++j, ++p) {
            const float value = float(left[p] - right[p]);
            difference.set(i, j, value);
            difference.set(j, i, value);
        }
    }
    return difference;
}

QString normalisationName(Normalisation normalisation)
{
    switch (normalisation) {
    case Normalisation::None:
        return QStringLiteral("none");
    case Normalisation::Rank:
        return QStringLiteral("rank");
    case Normalisation::ZScore:
        return QStringLiteral("zscore");
    }
    return {};
}

std::optional<Normalisation> normalisationFromName(QStringView name)
{
    for (Normalisation normalisation : {Normalisation::None, Normalisation::Rank, Normalisation::ZScore}) {
        if (name == normalisationName(normalisation))
            return normalisation;
    }
    return std::nullopt;
}

} // namespace embedscope::math
