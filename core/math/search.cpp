#include "search.h"

#include "crossscores.h"

#include <algorithm>

namespace embedscope::math {

Expected<std::vector<RankedScore>> rankByQuery(std::span<const float> query, const embedding::EmbeddingSet &phrases,
                                               Metric metric)
{
    embedding::EmbeddingSet queries(1, int(query.size()));
    std::copy(query.begin(), query.end(), queries.row(0).begin());
    const Expected<ScoreTable> scores = computeCrossScores(queries, phrases, metric);
    if (!scores)
        return fail(scores.error());

    std::vector<RankedScore> ranking;
    ranking.reserve(size_t(phrases.rows()));
    for (int i = 0; i < phrases.rows(); ++i)
        ranking.push_back({i, scores->at(0, i)});

    const bool descending = higherIsCloser(metric);
    std::stable_sort(ranking.begin(), ranking.end(), [descending](const RankedScore &a, const RankedScore &b) {
        const bool aDefined = !std::isnan(a.score);
        const bool bDefined = !std::isnan(b.score);
        if (aDefined != bDefined)
            return aDefined;
        return aDefined && (descending ? a.score > b.score : a.score < b.score);
    });
    return ranking;
}

} // namespace embedscope::math
