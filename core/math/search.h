#pragma once

#include "similaritymatrix.h"

#include "common/expected.h"
#include "embedding/embeddingset.h"

#include <span>
#include <vector>

namespace embedscope::math {

// Ranks every phrase against a query vector that need not be in the list:
// closest first (descending for similarities, ascending for Euclidean),
// undefined scores last, ties in list order. Fails when the query's
// dimension differs from the phrases'.
Expected<std::vector<RankedScore>> rankByQuery(std::span<const float> query, const embedding::EmbeddingSet &phrases,
                                               Metric metric);

} // namespace embedscope::math
