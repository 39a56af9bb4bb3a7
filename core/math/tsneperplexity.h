#pragma once

#include <span>
#include <vector>

namespace embedscope::math {

// Conditional probabilities p(j | i) of one point over its candidates j,
// given their input distances, such that the distribution's entropy
// matches log(perplexity). The precision is found by bisection as in
// scikit-learn's _binary_search_perplexity, within a tolerance of 1e-5 or
// 100 steps. Shared by the exact and the Barnes-Hut t-SNE, which differ
// only in the candidates (all other points, or the nearest ones).
std::vector<double> calibratePerplexity(std::span<const double> distances, double perplexity);

} // namespace embedscope::math
