#include "tsneperplexity.h"

#include <cmath>
#include <limits>

namespace embedscope::math {

namespace {

constexpr double PERPLEXITY_TOLERANCE = 1e-5;
constexpr int PERPLEXITY_STEPS = 100;

} // namespace

std::vector<double> calibratePerplexity(std::span<const double> distances, double perplexity)
{
    const double targetEntropy = std::log(perplexity);
    double beta = 1.0;
    double betaMin = -std::numeric_limits<double>::infinity();
    double betaMax = std::numeric_limits<double>::infinity();
    std::vector<double> p(distances.size());

    for (int step = 0; step < PERPLEXITY_STEPS; ++step) {
        double sum = 0.0;
        for (size_t k = 0; k < distances.size(); ++k) {
            p[k] = std::exp(-distances[k] * beta);
            sum += p[k];
        }
        if (sum == 0.0)
            sum = 1e-8;

        double weightedDistance = 0.0;
        for (size_t k = 0; k < distances.size(); ++k) {
            p[k] /= sum;
            weightedDistance += distances[k] * p[k];
        }

        // The entropy of p is log(sum) + beta * E[distance]; a high entropy
        // means the distribution is too flat, so the precision grows.
        const double difference = std::log(sum) + beta * weightedDistance - targetEntropy;
        if (std::abs(difference) <= PERPLEXITY_TOLERANCE)
            break;
        if (difference > 0.0) {
            betaMin = beta;
            beta = std::isinf(betaMax) ? beta * 2.0 : (beta + betaMax) / 2.0;
        } else {
            betaMax = beta;
            beta = std::isinf(betaMin) ? beta / 2.0 : (beta + betaMin) / 2.0;
        }
    }
    return p;
}

} // namespace embedscope::math
