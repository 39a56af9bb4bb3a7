#pragma once

#include "comparison.h"

namespace embedscope::ui::compare {

// Choices of the compare view that the window restores on the next start.
struct CompareOptions
{
    SharedOrder order = SharedOrder::ClusteredA;
    math::Normalisation normalisation = math::Normalisation::Rank;
    int neighbours = 10; // k of Jaccard@k
    // One color range over A's and B's scores, so that equal colors mean
    // equal scores. Off gives each run the range of its own scores.
    bool sharedRange = true;

    bool operator==(const CompareOptions &) const = default;
};

// Largest k that the view offers for Jaccard@k.
inline constexpr int MAX_NEIGHBOURS = 100;

} // namespace embedscope::ui::compare
